/**
 * The WeCom self-built app's callback, GET and POST /bots/wecom/callback:
 * - GET: URL verification. msg_signature is checked over echostr, echostr decrypted (CorpID checked)
 *   and its plaintext answered.
 * - POST: a signed, encrypted XML callback. A text message runs as a command, a template_card_event
 *   (a press on a 按钮交互型 card) as an action; the answer goes back as an encrypted passive reply
 *   within WeCom's 5 s. When the handler takes longer than the reply budget, WeCom gets "success" at
 *   once and the answer follows through message/send.
 * Every refusal (signature, timestamp outside ±5 min, CorpID, undecryptable, malformed XML, body too
 * large, secrets missing) is the one error envelope, and nothing is dispatched.
 * A delivery seen again (WeCom retries when it hears nothing within 5 s; a replay) runs once per
 * isolate: it waits for the first run's answer. Across isolates the handlers dedupe on `dedupeKey`.
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError, httpStatus } from '../../core/errors'
import { newId } from '../../core/ids'
import { logLine } from '../../core/log'
import type { Env } from '../../env'
import type { BotHandlers, BotMessage, ChatUser, IncomingAction, IncomingCommand } from '../types'
import { updateTemplateCard, wecomSender } from './api'
import { apiConfigured, callbackConfig, type CallbackConfig } from './config'
import { cryptoRefusal, WecomCrypto } from './crypto'
import { decidedCard, decodeButtonKey, renderText } from './render'
import { MAX_XML_CHARS, parseEnvelope, parseMessage, passiveReplyXml, textReplyXml, type InboundMessage } from './xml'

/** Where the app mounts these routes: `app.route(WECOM_MOUNT, wecomRoutes(botHandlers))`, as for Slack. */
export const WECOM_MOUNT = '/bots/wecom'
/** The callback URL to give WeCom is `${WENFU_PUBLIC_URL}/bots/wecom/callback`. */
export const WECOM_CALLBACK_PATH = '/callback'
/** WeCom waits 5 s for a reply; what the handler gets of it, leaving room for crypto and the network. */
export const REPLY_BUDGET_MS = 3500
/** A callback whose timestamp is further than this from now is refused as expired (or replayed). */
export const MAX_SKEW_SECONDS = 300
/** WeCom's callbacks are a few KB: 64 KB of body, which is also at most the XML reader's 64 K characters. */
export const MAX_BODY_BYTES = MAX_XML_CHARS

export interface WecomRouteOptions {
  replyBudgetMs?: number
}

type WecomEnv = { Bindings: Env; Variables: { requestId: string } }
type C = Context<WecomEnv>
/** The handlers mark a delivery they handled before (bots NOTES: `BotMessage.duplicate`): WeCom then hears
 * "success" and the member sees nothing twice. For an action, `private` means the press was refused. */
type Answer = BotMessage & { duplicate?: boolean }

interface Run {
  at: number
  answer: Promise<Answer>
  /** The answer goes out later through message/send; a repeat gets "success". */
  deferred: boolean
}
const RUNS_KEPT = 500
const RUN_TTL_MS = 10 * 60_000

const cryptos = new Map<string, Promise<WecomCrypto>>()
function cryptoFor(cfg: CallbackConfig): Promise<WecomCrypto> {
  const key = `${cfg.token}|${cfg.encodingAesKey}|${cfg.corpId}`
  let c = cryptos.get(key)
  if (!c) {
    c = WecomCrypto.create({ token: cfg.token, encodingAesKey: cfg.encodingAesKey, receiveId: cfg.corpId })
    cryptos.set(key, c)
  }
  return c
}

/** Query parameters of a callback; form decoding turned a raw "+" of base64 into a space. */
function signedQuery(c: C, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  const missing: string[] = []
  for (const name of names) {
    const value = c.req.query(name)?.replace(/ /g, '+')
    if (!value) missing.push(name)
    else out[name] = value
  }
  if (missing.length) throw new AppError('VALIDATION', `企业微信回调缺少参数 ${missing.join('、')}`)
  return out
}

function checkTimestamp(timestamp: string): void {
  const ts = Number(timestamp)
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - ts) > MAX_SKEW_SECONDS) {
    throw new AppError('UNAUTHORIZED', `企业微信回调的时间戳与当前时间相差超过 ${MAX_SKEW_SECONDS / 60} 分钟（过期或重放的请求），已拒绝`)
  }
}

const randomNonce = () => String(crypto.getRandomValues(new Uint32Array(1))[0]! % 9_000_000_000 + 1_000_000_000)

function waitUntilOf(c: C): (p: Promise<unknown>) => void {
  return (p) => {
    const guarded = p.catch((err) => logLine(c.env, 'error', `[${c.get('requestId')}] wecom background work failed`, err))
    try {
      c.executionCtx.waitUntil(guarded)
    } catch {
      // No execution context (a bare app.request): the promise still runs, unwatched.
    }
  }
}

/** What a person reads when their command failed: our Chinese message, never internals. */
function failureMessage(c: C, err: unknown): BotMessage {
  if (err instanceof AppError) return { title: err.message, lines: [] }
  logLine(c.env, 'error', `[${c.get('requestId')}] wecom handler failed`, err)
  return { title: '处理失败，请稍后重试', lines: [`请求号：${c.get('requestId')}`] }
}

export function wecomRoutes(handlers: BotHandlers, options: WecomRouteOptions = {}) {
  const budget = options.replyBudgetMs ?? REPLY_BUDGET_MS
  const runs = new Map<string, Run>()
  const app = new Hono<WecomEnv>()

  app.use(WECOM_CALLBACK_PATH, async (c, next) => {
    // Mounted in the product's app, its requestId middleware ran already.
    if (!c.get('requestId')) c.set('requestId', newId('req'))
    await next()
  })
  app.use(
    WECOM_CALLBACK_PATH,
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', `企业微信回调内容过大（超过 ${MAX_BODY_BYTES / 1024} KB），已拒绝`)
      },
    }),
  )

  app.get(WECOM_CALLBACK_PATH, async (c) => {
    const cfg = callbackConfig(c.env)
    const q = signedQuery(c, ['msg_signature', 'timestamp', 'nonce', 'echostr'])
    checkTimestamp(q.timestamp!)
    const wc = await cryptoFor(cfg)
    if (!(await wc.verify(q.msg_signature!, q.timestamp!, q.nonce!, q.echostr!))) throw cryptoRefusal.signature()
    return c.text(await wc.decrypt(q.echostr!))
  })

  app.post(WECOM_CALLBACK_PATH, async (c) => {
    const cfg = callbackConfig(c.env)
    const q = signedQuery(c, ['msg_signature', 'timestamp', 'nonce'])
    checkTimestamp(q.timestamp!)
    const envelope = parseEnvelope(await c.req.text())
    const wc = await cryptoFor(cfg)
    if (!(await wc.verify(q.msg_signature!, q.timestamp!, q.nonce!, envelope.encrypt))) throw cryptoRefusal.signature()
    const msg = parseMessage(await wc.decrypt(envelope.encrypt))
    if (msg.toUserName !== cfg.corpId) throw cryptoRefusal.receiver()
    if (cfg.agentId && msg.agentId && msg.agentId !== cfg.agentId) {
      throw new AppError('UNAUTHORIZED', `消息来自另一个企业微信应用（AgentID ${msg.agentId}），与 WECOM_AGENT_ID 不符，已拒绝`)
    }
    const answer = await dispatch(c, msg)
    if (!answer) return c.text('success')
    return passiveReply(c, wc, cfg, msg.fromUserName, answer)
  })

  app.onError((err, c) => {
    const appError =
      err instanceof AppError ? err : new AppError('INTERNAL', '企业微信回调处理失败，请稍后重试或联系管理员')
    const requestId = c.get('requestId') ?? 'unknown'
    if (appError.code === 'INTERNAL') logLine(c.env, 'error', `[${requestId}] wecom callback`, err)
    const error: { code: string; message: string; requestId: string; details?: unknown } = { code: appError.code, message: appError.message, requestId }
    if (appError.details !== undefined) error.details = appError.details
    return c.json({ error }, httpStatus(appError.code), { 'X-Request-Id': requestId })
  })

  /** The message to answer with now, or null when WeCom should just hear "success". */
  async function dispatch(c: C, msg: InboundMessage): Promise<BotMessage | null> {
    const user: ChatUser = { platform: 'wecom', tenant: msg.toUserName, userId: msg.fromUserName }
    const waitUntil = waitUntilOf(c)
    switch (msg.kind) {
      case 'text': {
        const cmd: IncomingCommand = { user, text: msg.content, dedupeKey: msg.msgId }
        return answerWithin(c, user, cmd.dedupeKey, () => handlers.command(c.env, cmd, waitUntil))
      }
      case 'template_card_event': {
        const pressed = decodeButtonKey(msg.eventKey)
        if (!pressed) return { title: '无法识别这个按钮（可能来自旧版本的消息），请在文辅编辑器中操作', lines: [] }
        // 退回 from a card cannot ask for a note: the handler uses its default.
        const act: IncomingAction = {
          user,
          ...pressed,
          dedupeKey: `${msg.fromUserName}:${msg.createTime}:${msg.taskId}:${msg.eventKey}`,
          ...(msg.responseCode ? { messageRef: msg.responseCode } : {}),
        }
        return answerWithin(c, user, act.dedupeKey, async () => {
          const answer: Answer = await handlers.action(c.env, act, waitUntil)
          // A decision (not a refusal, which is private to the presser) shows on the card for everyone who got it.
          const decided = act.action !== 'open' && !answer.private && !answer.duplicate
          if (decided && msg.responseCode && apiConfigured(c.env)) {
            const card = decidedCard(answer, { taskId: msg.taskId, action: act.action, userId: msg.fromUserName, at: new Date(msg.createTime * 1000) })
            waitUntil(updateTemplateCard(c.env, msg.responseCode, card))
          }
          return answer
        })
      }
      case 'other':
        // Events such as entering the app need no answer; other message kinds get a hint.
        if (msg.msgType === 'event') return null
        return { title: '目前只能处理文字命令', lines: ['发送“帮助”查看可用的命令。'] }
      default: {
        const unreachable: never = msg
        return unreachable
      }
    }
  }

  /**
   * Runs a delivery once per isolate and answers within the budget: the handler's message, its
   * failure, or null when it is still working (its answer then goes out through message/send).
   */
  async function answerWithin(c: C, user: ChatUser, key: string, run: () => Promise<Answer>): Promise<BotMessage | null> {
    const now = Date.now()
    let entry = runs.get(key)
    if (entry && now - entry.at > RUN_TTL_MS) entry = undefined
    if (!entry) {
      for (const [k, r] of runs) if (runs.size >= RUNS_KEPT || now - r.at > RUN_TTL_MS) runs.delete(k)
      entry = { at: now, answer: run(), deferred: false }
      // A rejection is answered below; this keeps an unawaited one from being reported as unhandled.
      entry.answer.catch(() => undefined)
      runs.set(key, entry)
    } else if (entry.deferred) {
      return null
    }
    const current = entry
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), budget)))
    try {
      const first = await Promise.race([current.answer, late])
      if (first !== 'late') return first.duplicate ? null : first
    } catch (err) {
      return failureMessage(c, err)
    } finally {
      clearTimeout(timer)
    }
    current.deferred = true
    waitUntilOf(c)(
      current.answer.then(
        (answer) => sendLate(c, user, answer),
        (err) => sendLate(c, user, failureMessage(c, err)),
      ),
    )
    return null
  }

  return app
}

async function sendLate(c: C, user: ChatUser, answer: Answer): Promise<void> {
  if (answer.duplicate) return
  if (!wecomSender.configured(c.env)) {
    logLine(c.env, 'warn', `[${c.get('requestId')}] wecom answer could not be sent later: message/send is not configured (WECOM_AGENT_ID, WECOM_SECRET, WECOM_API_BASE)`)
    return
  }
  await wecomSender.send(c.env, user, answer)
}

async function passiveReply(c: C, wc: WecomCrypto, cfg: CallbackConfig, toUser: string, answer: BotMessage): Promise<Response> {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = randomNonce()
  const content = renderText(answer, { replyHints: true })
  const encrypt = await wc.encrypt(textReplyXml({ toUser, corpId: cfg.corpId, createTime: Number(timestamp), content }))
  const signature = await wc.signature(timestamp, nonce, encrypt)
  return c.body(passiveReplyXml({ encrypt, signature, timestamp, nonce }), 200, { 'content-type': 'application/xml; charset=utf-8' })
}
