/**
 * WeCom's server API, reached at WECOM_API_BASE: WeCom takes calls to gettoken and message/send only
 * from the app's 企业可信IP, and Workers have no fixed egress IP, so deployments point the base at a
 * fixed-IP egress proxy that forwards to https://qyapi.weixin.qq.com.
 *
 * - The access_token is cached per isolate until shortly before `expires_in` runs out; concurrent
 *   callers share one gettoken. A call the token is rejected on (40014 invalid, 42001 expired) fetches
 *   a new token and is tried once more.
 * - Failures become `BotDeliveryError` with a Chinese message naming the cause, `retryable` for what
 *   may pass by itself (timeouts, 5xx, -1 busy, rate limits, a token still rejected after refresh) and
 *   not for configuration (60020 untrusted IP, wrong secret, CorpID or AgentId, unknown member).
 */
import { AppError } from '../../core/errors'
import { logLine } from '../../core/log'
import type { Env } from '../../env'
import { BotDeliveryError, type BotMessage, type ChatUser, type PlatformSender } from '../types'
import { apiConfig, apiConfigured, type ApiConfig } from './config'
import { newTaskId, renderMarkdown, renderText, templateCard } from './render'

/** A failed WeCom call, with WeCom's errcode when it gave one. */
export class WecomApiError extends BotDeliveryError {
  constructor(
    message: string,
    retryable: boolean,
    readonly errcode?: number,
  ) {
    super(message, retryable)
    this.name = 'WecomApiError'
  }
}

interface WecomReply {
  errcode?: number
  errmsg?: string
  [k: string]: unknown
}

const TOKEN_REJECTED = new Set([40014, 42001])
// Refresh this long before WeCom's own expiry, so a token is never used in its last minutes.
const EXPIRY_MARGIN_S = 300

interface CachedToken {
  token: string
  expiresAt: number
}
const tokens = new Map<string, CachedToken>()
const pending = new Map<string, Promise<CachedToken>>()

/** Forgets cached tokens (tests; and after the secret is rotated in a long-lived isolate). */
export function clearTokenCache(): void {
  tokens.clear()
  pending.clear()
}

const cacheKey = (cfg: ApiConfig) => `${cfg.apiBase}|${cfg.corpId}|${cfg.agentId}`

/** What an errcode means for the person who has to fix it, and whether trying again may help. */
function explain(errcode: number, errmsg: string, cfg: ApiConfig): { message: string; retryable: boolean } {
  switch (errcode) {
    case -1:
      return { message: '企业微信系统繁忙（错误码 -1），稍后自动重试', retryable: true }
    case 40001:
      return { message: '企业微信拒绝了应用的 Secret（错误码 40001）：请核对 WECOM_SECRET 是否为该自建应用的 Secret', retryable: false }
    case 40013:
      return { message: '企业微信 CorpID 不正确（错误码 40013）：请核对 WECOM_CORP_ID', retryable: false }
    case 40014:
    case 42001:
      return { message: `企业微信的 access_token ${errcode === 42001 ? '已过期' : '无效'}，重新获取后仍被拒绝（错误码 ${errcode}），稍后自动重试`, retryable: true }
    case 40056:
    case 301002:
      return { message: `企业微信 AgentId 不正确（错误码 ${errcode}）：请核对 WECOM_AGENT_ID 是否为该自建应用的 AgentId`, retryable: false }
    case 60020: {
      const ip = /from ip:\s*([0-9a-fA-F.:]+)/.exec(errmsg)?.[1]
      return {
        message:
          `企业微信拒绝了来自${ip ? ` IP ${ip} ` : '当前出口 IP '}的调用（错误码 60020）：自建应用只接受“企业可信IP”发来的接口调用。` +
          `Workers 没有固定的出口 IP，请把 WECOM_API_BASE（现为 ${cfg.apiBase}）指向一台固定 IP 的出口代理，并在企业微信管理后台“应用管理 → 本应用 → 企业可信IP”中登记该代理的 IP`,
        retryable: false,
      }
    }
    case 45009:
      return { message: '企业微信接口调用频率超过限制（错误码 45009），稍后自动重试', retryable: true }
    case 45033:
      return { message: '企业微信接口并发调用超过限制（错误码 45033），稍后自动重试', retryable: true }
    case 48002:
      return { message: '该自建应用没有调用此接口的权限（错误码 48002）：请在企业微信管理后台检查应用的权限与可见范围', retryable: false }
    case 40003:
    case 81013:
      return { message: `收件成员不存在或不在应用的可见范围内（错误码 ${errcode}）：请核对成员的企业微信账号和应用的可见范围`, retryable: false }
    default:
      return { message: `企业微信接口返回错误码 ${errcode}，请按错误码查阅企业微信开发文档（全局错误码）`, retryable: false }
  }
}

/** One HTTP call through the proxy; a WeCom reply with errcode 0, or a `WecomApiError`. */
async function request(env: Env, cfg: ApiConfig, path: string, init: RequestInit, what: string): Promise<WecomReply> {
  let res: Response
  try {
    res = await fetch(`${cfg.apiBase}${path}`, { ...init, signal: AbortSignal.timeout(cfg.timeoutMs) })
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
    throw new WecomApiError(
      timedOut ? `企业微信接口（${what}）在 ${cfg.timeoutMs / 1000} 秒内没有响应，稍后自动重试` : `无法连接企业微信接口（${what}）：请检查 WECOM_API_BASE（${cfg.apiBase}）指向的出口代理是否在运行`,
      true,
    )
  }
  if (res.status >= 500) throw new WecomApiError(`企业微信接口或出口代理暂时不可用（${what}：HTTP ${res.status}），稍后自动重试`, true)
  let body: WecomReply
  try {
    body = (await res.json()) as WecomReply
  } catch {
    throw new WecomApiError(`企业微信接口（${what}）返回的不是 JSON（HTTP ${res.status}）：请检查 WECOM_API_BASE 是否指向转发到企业微信的出口代理`, false)
  }
  if (!res.ok && body.errcode === undefined) throw new WecomApiError(`企业微信接口或出口代理拒绝了请求（${what}：HTTP ${res.status}）`, false)
  const errcode = Number(body.errcode ?? 0)
  if (errcode !== 0) {
    const { message, retryable } = explain(errcode, String(body.errmsg ?? ''), cfg)
    logLine(env, 'warn', `wecom ${what}: errcode ${errcode} ${String(body.errmsg ?? '').slice(0, 300)}`)
    throw new WecomApiError(message, retryable, errcode)
  }
  return body
}

async function fetchToken(env: Env, cfg: ApiConfig): Promise<CachedToken> {
  const query = new URLSearchParams({ corpid: cfg.corpId, corpsecret: cfg.secret })
  const body = await request(env, cfg, `/cgi-bin/gettoken?${query}`, { method: 'GET' }, '获取 access_token')
  const token = typeof body.access_token === 'string' ? body.access_token : ''
  const expiresIn = Number(body.expires_in)
  if (!token || !Number.isFinite(expiresIn)) throw new WecomApiError('企业微信 gettoken 的返回缺少 access_token', true)
  return { token, expiresAt: Date.now() + Math.max(60, expiresIn - EXPIRY_MARGIN_S) * 1000 }
}

/** The cached access_token, or a new one (one gettoken for all concurrent callers). */
async function accessToken(env: Env, cfg: ApiConfig, fresh = false): Promise<string> {
  const key = cacheKey(cfg)
  const cached = tokens.get(key)
  if (!fresh && cached && cached.expiresAt > Date.now()) return cached.token
  if (fresh) tokens.delete(key)
  let inflight = pending.get(key)
  if (!inflight) {
    inflight = fetchToken(env, cfg).finally(() => pending.delete(key))
    pending.set(key, inflight)
  }
  const got = await inflight
  tokens.set(key, got)
  return got.token
}

/** POST with the access_token; a rejected token is refreshed and the call tried once more. */
async function post(env: Env, cfg: ApiConfig, path: string, payload: unknown, what: string): Promise<WecomReply> {
  const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }
  const call = async (token: string) => request(env, cfg, `${path}?access_token=${encodeURIComponent(token)}`, init, what)
  try {
    return await call(await accessToken(env, cfg))
  } catch (err) {
    if (!(err instanceof WecomApiError) || !TOKEN_REJECTED.has(err.errcode ?? 0)) throw err
    return call(await accessToken(env, cfg, true))
  }
}

/** Settings for an outbound call; an unconfigured app is a delivery that cannot succeed. */
function configFor(env: Env): ApiConfig {
  try {
    return apiConfig(env)
  } catch (err) {
    if (err instanceof AppError) throw new WecomApiError(err.message, false)
    throw err
  }
}

/** message/send as a text, markdown or 按钮交互型 card; returns WeCom's msgid and, for a card, response_code. */
export async function sendToMember(env: Env, userId: string, msg: BotMessage): Promise<{ msgid?: string; responseCode?: string; taskId?: string }> {
  const cfg = configFor(env)
  const base = { touser: userId, agentid: cfg.agentId }
  let payload: Record<string, unknown>
  let taskId: string | undefined
  if (msg.buttons?.length) {
    taskId = newTaskId(msg.buttons[0]!.draftId)
    payload = { ...base, msgtype: 'template_card', template_card: templateCard(msg, taskId) }
  } else if (msg.links?.length) {
    payload = { ...base, msgtype: 'markdown', markdown: { content: renderMarkdown(msg) } }
  } else {
    payload = { ...base, msgtype: 'text', text: { content: renderText(msg) } }
  }
  const reply = await post(env, cfg, '/cgi-bin/message/send', payload, '发送消息')
  // errcode 0 with the member listed as invalid: nothing was delivered to them.
  const invalid = String(reply.invaliduser ?? '')
  if (invalid.split('|').includes(userId)) throw new WecomApiError(`企业微信成员 ${userId} 不存在或不在应用的可见范围内，消息未送达：请核对成员的企业微信账号和应用的可见范围`, false)
  return {
    ...(typeof reply.msgid === 'string' ? { msgid: reply.msgid } : {}),
    ...(typeof reply.response_code === 'string' ? { responseCode: reply.response_code } : {}),
    ...(taskId ? { taskId } : {}),
  }
}

/**
 * update_template_card with a card's response_code (each code works once, for 72 hours): replaces the
 * card for everyone who received it, e.g. with `decidedCard` after a press.
 */
export async function updateTemplateCard(env: Env, responseCode: string, card: Record<string, unknown>): Promise<void> {
  const cfg = configFor(env)
  await post(env, cfg, '/cgi-bin/message/update_template_card', { atall: 1, agentid: cfg.agentId, response_code: responseCode, template_card: card }, '更新模板卡片')
}

/** WeCom's outbound side for notifications and late answers. `ref` is the card's response_code
 * (what updates it later) or the message's msgid. */
export const wecomSender: PlatformSender = {
  platform: 'wecom',
  configured: apiConfigured,
  async send(env: Env, to: ChatUser, msg: BotMessage) {
    if (to.platform !== 'wecom') throw new WecomApiError('收件人不是企业微信用户', false)
    const cfg = configFor(env)
    if (to.tenant !== cfg.corpId) throw new WecomApiError(`收件人属于另一个企业微信（CorpID ${to.tenant}），本应用只能发给 ${cfg.corpId} 的成员`, false)
    const sent = await sendToMember(env, to.userId, msg)
    const ref = sent.responseCode ?? sent.msgid
    return ref ? { ref } : {}
  },
}
