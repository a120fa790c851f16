/**
 * Slack's two webhooks, mounted at /bots/slack without the API's bearer auth: the request signature
 * is the auth (./verify.ts). Both acknowledge within Slack's 3 s: a command's answer is returned
 * inline when it is ready within ACK_MS, otherwise "正在处理" is returned and the answer goes to the
 * response_url when it is; a button's decision replaces the message it was pressed on (or, when
 * refused, is shown to the presser only). A retried delivery (X-Slack-Retry-Num) carries the same
 * trigger id and is acknowledged without running again (the handlers' dedupe).
 */
import { Hono, type Context } from 'hono'
import { AppError } from '../../core/errors'
import { logLine } from '../../core/log'
import type { Env } from '../../env'
import type { BotHandlers, BotMessage, IncomingAction } from '../types'
import { parseButtonValue, renderBlocks } from './blocks'
import { isSlackResponseUrl, respond } from './sender'
import { MAX_AGE_SECONDS, verifySlackRequest } from './verify'

type SlackEnv = { Bindings: Env; Variables: { requestId: string } }

/** How long a request waits for its answer before acknowledging without it (Slack allows 3 s). */
export const ACK_MS = 2000
/** Slack's payloads are small forms; anything larger is not Slack. */
export const MAX_BODY_BYTES = 64 * 1024

const ACTIONS = new Set<IncomingAction['action']>(['approve', 'return', 'open'])

async function verifiedForm(c: Context<SlackEnv>): Promise<URLSearchParams> {
  const secret = c.env.SLACK_SIGNING_SECRET
  if (!secret) throw new AppError('PRECONDITION_FAILED', 'Slack 接入尚未配置（缺少 SLACK_SIGNING_SECRET），请管理员按 README“接入 Slack”设置')
  const length = Number(c.req.header('content-length') ?? 0)
  if (length > MAX_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', '请求内容过大')
  // Decoded by hand: Request.text() on a form body makes workerd warn on the console.
  const raw = new TextDecoder().decode(await c.req.arrayBuffer())
  if (raw.length > MAX_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', '请求内容过大')
  const verdict = await verifySlackRequest(secret, c.req.raw.headers, raw)
  switch (verdict) {
    case 'ok':
      return new URLSearchParams(raw)
    case 'missing':
      throw new AppError('UNAUTHORIZED', '缺少 Slack 请求签名或时间戳')
    case 'expired':
      throw new AppError('UNAUTHORIZED', `Slack 请求时间戳与当前时间相差超过 ${MAX_AGE_SECONDS / 60} 分钟，已拒绝`)
    case 'mismatch':
      throw new AppError('UNAUTHORIZED', 'Slack 请求签名无效')
    default: {
      const unreachable: never = verdict
      return unreachable
    }
  }
}

const settle = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))])

/** A command's answer as the body of the slash command's response. */
const commandAnswer = (msg: BotMessage) => ({ response_type: msg.private === false ? 'in_channel' : 'ephemeral', ...renderBlocks(msg) })

export function slackRoutes(handlers: BotHandlers) {
  const app = new Hono<SlackEnv>()

  app.post('/commands', async (c) => {
    const form = await verifiedForm(c)
    const tenant = form.get('team_id')
    const userId = form.get('user_id')
    const triggerId = form.get('trigger_id')
    if (!tenant || !userId || !triggerId) throw new AppError('VALIDATION', 'Slack 命令缺少 team_id、user_id 或 trigger_id')
    const replyUrl = form.get('response_url') ?? undefined
    const waitUntil = (p: Promise<unknown>) => c.executionCtx.waitUntil(p)
    const work = handlers.command(c.env, { user: { platform: 'slack', tenant, userId }, text: form.get('text') ?? '', dedupeKey: `cmd:${triggerId}`, replyUrl }, waitUntil)
    const ready = await settle(work, ACK_MS)
    if (ready) return ready.duplicate ? c.body(null, 200) : c.json(commandAnswer(ready))
    // Still running: acknowledge now, answer through the response_url when done.
    waitUntil(
      work
        .then((msg) => (!msg.duplicate && replyUrl && isSlackResponseUrl(replyUrl, c.env) ? respond(replyUrl, msg) : undefined))
        .catch((e: unknown) => logLine(c.env, 'error', `[${c.get('requestId')}] slack late answer failed`, e)),
    )
    return c.json({ response_type: 'ephemeral', text: '正在处理，请稍候……' })
  })

  app.post('/interactions', async (c) => {
    const form = await verifiedForm(c)
    let payload: any
    try {
      payload = JSON.parse(form.get('payload') ?? '')
    } catch {
      throw new AppError('VALIDATION', 'Slack 交互请求缺少有效的 payload')
    }
    // Only button presses on our messages are handled; anything else is acknowledged and ignored.
    const action = payload?.type === 'block_actions' ? payload.actions?.[0] : null
    if (!action || !ACTIONS.has(action.action_id) || action.action_id === 'open') return c.body(null, 200)
    const value = parseButtonValue(action.value)
    const tenant = payload.team?.id ?? payload.user?.team_id
    const userId = payload.user?.id
    if (!value || typeof tenant !== 'string' || typeof userId !== 'string') throw new AppError('VALIDATION', 'Slack 交互请求的内容不完整')
    const responseUrl: string | undefined = typeof payload.response_url === 'string' && isSlackResponseUrl(payload.response_url, c.env) ? payload.response_url : undefined
    const waitUntil = (p: Promise<unknown>) => c.executionCtx.waitUntil(p)
    const act: IncomingAction = {
      user: { platform: 'slack', tenant, userId },
      action: action.action_id,
      draftId: value.draftId,
      contentHash: value.contentHash,
      dedupeKey: `act:${payload.trigger_id ?? `${payload.container?.message_ts}:${action.action_ts}`}`,
      ...(responseUrl ? { messageRef: responseUrl } : {}),
    }
    const work = handlers
      .action(c.env, act, waitUntil)
      .then(async (msg) => {
        if (msg.duplicate || !responseUrl) return
        // Decided: the message with the buttons becomes the record of the decision. Refused: only the presser is told.
        await respond(responseUrl, msg, { replace: !msg.private })
      })
      .catch((e: unknown) => logLine(c.env, 'error', `[${c.get('requestId')}] slack action answer failed`, e))
    if (!(await settle(work.then(() => true), ACK_MS))) waitUntil(work)
    return c.body(null, 200)
  })

  return app
}
