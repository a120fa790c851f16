/**
 * Slack's outbound side: chat.postMessage (Web API, bot token) for notifications, a command's
 * response_url for its late answer and for updating the message a button was pressed on. Failures
 * are sorted as Slack documents them: HTTP 429 and `ratelimited`, 5xx, timeouts and Slack's own
 * `internal_error`/`fatal_error`/`service_unavailable` are retried; anything else (invalid_auth,
 * channel_not_found, an expired response_url…) is final.
 */
import type { Env } from '../../env'
import { BotDeliveryError, type BotMessage, type ChatUser, type PlatformSender, type SendVia } from '../types'
import { renderBlocks } from './blocks'

export const slackApiBase = (env: Env) => (env.SLACK_API_BASE || 'https://slack.com/api').replace(/\/+$/, '')
const TIMEOUT_MS = 10_000
const RETRYABLE_ERRORS = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'])

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (e) {
    throw new BotDeliveryError(`Slack 无法连接：${(e as Error).message.slice(0, 100)}`, true)
  }
}

function httpFailure(res: Response, what: string): BotDeliveryError {
  return new BotDeliveryError(`${what} HTTP ${res.status}`, res.status === 429 || res.status >= 500)
}

/** chat.postMessage to the user (channel = user id opens the app's direct message). */
export async function postMessage(env: Env, to: ChatUser, msg: BotMessage): Promise<{ ref: string }> {
  const res = await post(`${slackApiBase(env)}/chat.postMessage`, { channel: to.userId, ...renderBlocks(msg), unfurl_links: false }, env.SLACK_BOT_TOKEN)
  if (!res.ok) {
    await res.body?.cancel()
    throw httpFailure(res, 'chat.postMessage')
  }
  const body = (await res.json().catch(() => ({}))) as { ok?: boolean; error?: string; ts?: string; channel?: string }
  if (!body.ok) throw new BotDeliveryError(`chat.postMessage: ${body.error ?? '未知错误'}`, RETRYABLE_ERRORS.has(body.error ?? ''))
  return { ref: `${body.channel ?? to.userId}:${body.ts ?? ''}` }
}

/**
 * Posts to a response_url: a late answer to a command (only its asker sees a private one), or,
 * with `replace`, the new version of the message a button was pressed on.
 */
export async function respond(url: string, msg: BotMessage, opts: { replace?: boolean } = {}): Promise<void> {
  const body = opts.replace
    ? { replace_original: true, ...renderBlocks(msg) }
    : { response_type: msg.private === false ? 'in_channel' : 'ephemeral', replace_original: false, ...renderBlocks(msg) }
  const res = await post(url, body)
  const text = await res.text().catch(() => '')
  if (!res.ok) throw httpFailure(res, 'response_url')
  // Slack answers "ok", or JSON {ok:false,error} (e.g. expired_url, used_url) with 200 or 404.
  if (text.startsWith('{')) {
    const j = JSON.parse(text) as { ok?: boolean; error?: string }
    if (j.ok === false) throw new BotDeliveryError(`response_url: ${j.error ?? '未知错误'}`, RETRYABLE_ERRORS.has(j.error ?? ''))
  }
}

/** Slack's response_url hosts: an answer goes only there, never to an address a request names. */
export const isSlackResponseUrl = (url: string, env: Env) => {
  try {
    const u = new URL(url)
    if (u.protocol === 'https:' && u.hostname === 'hooks.slack.com') return true
    // Tests and self-hosted stand-ins: the configured Web API's host.
    return env.SLACK_API_BASE ? u.host === new URL(slackApiBase(env)).host : false
  } catch {
    return false
  }
}

export const slackSender: PlatformSender = {
  platform: 'slack',
  configured: (env) => Boolean(env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN),
  async send(env, to, msg, via?: SendVia) {
    if (via?.replyUrl && isSlackResponseUrl(via.replyUrl, env)) {
      try {
        await respond(via.replyUrl, msg)
        return {}
      } catch (e) {
        // A response_url lives 30 minutes: a long job's answer goes by direct message instead.
        if (e instanceof BotDeliveryError && e.retryable) throw e
      }
    }
    return postMessage(env, to, msg)
  },
}
