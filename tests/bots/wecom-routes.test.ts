/**
 * The WeCom callback (src/bots/wecom/routes.ts) with the real handlers of src/bots/handlers.ts, as
 * src/app.ts mounts it: WeCom userids linked to an office's members, commands and presses running
 * against real D1. What a case checks is what a person or the office can see: the encrypted passive
 * reply decrypted, the draft's status, the audit chain, the delivery keys in D1, and the calls WeCom's
 * API got. Only WeCom is faked (tests/bots/wecom-stand-ins.ts speaks its JSON).
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { Hono } from 'hono'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { shortNumber } from '../../src/bots/commands'
import { BUTTON_RETURN_NOTE, botHandlers } from '../../src/bots/handlers'
import { clearTokenCache } from '../../src/bots/wecom/api'
import { decodeButtonKey, encodeButtonKey, fitChars } from '../../src/bots/wecom/render'
import { WECOM_MOUNT, wecomRoutes } from '../../src/bots/wecom/routes'
import { keptLogLines } from '../../src/core/log'
import type { Env } from '../../src/env'
import { call, expectJson, unique } from '../fixtures'
import { act, getDraft, makeDraft } from '../lifecycle/helpers'
import { delivering, fullOffice } from './slack-stand-in'
import { cardEvent, installFakeWecomApi, linkWecom, nowSeconds, openReply, secretsOf, signedGet, signedPost, textMessage, type FakeWecomApi } from './wecom-stand-ins'

const ENV = env as unknown as Env
const S = secretsOf(ENV)

interface Fetcher {
  fetch(req: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response>
}
/** The product's app, as deployed. */
const app = createApp()
/** The routes with the real handlers, as app.ts mounts them, as another isolate has them: with their
 * own memory of the deliveries seen. */
const isolate = (): Fetcher => new Hono<{ Bindings: Env }>().route(WECOM_MOUNT, wecomRoutes(botHandlers))

/** Runs one request with an execution context, and waits for its background work. */
async function send(req: Request, o: { env?: Env; via?: Fetcher } = {}): Promise<Response> {
  const ctx = createExecutionContext()
  const res = await (o.via ?? app).fetch(req, o.env ?? ENV, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; requestId: string; details?: any } }).error

type Office = Awaited<ReturnType<typeof fullOffice>>
let office: Office
let reviewer: { userId: string; memberId: string }
let reader: { userId: string; memberId: string }
let api: FakeWecomApi

beforeAll(async () => {
  office = await fullOffice()
  reviewer = await linkWecom(office, 'reviewer', S.corpId)
  reader = await linkWecom(office, 'reader', S.corpId)
})
beforeEach(() => {
  clearTokenCache()
  api = installFakeWecomApi()
})
afterEach(() => api.restore())

interface InReview {
  id: string
  title: string
  hash: string
  /** The card the reviewer got on submission: its task id and button keys by label. */
  card: { taskId: string; keys: Record<string, string> }
}

/** A draft submitted for review; the linked reviewer got its card through message/send (then forgotten). */
async function inReview(): Promise<InReview> {
  const d = await makeDraft(office)
  const t = await delivering(async () => expectJson<{ contentHash: string }>(await act(office, d.id, 'submit', 'drafter'), 200))
  const card = api.of('/cgi-bin/message/send').find((c) => c.body.touser === reviewer.userId)?.body.template_card
  expect(card, 'the reviewer got the submission card').toBeTruthy()
  api.calls.splice(0)
  const view = (await getDraft(office, d.id)) as unknown as { title: string }
  return {
    id: d.id,
    title: view.title,
    hash: t.contentHash,
    card: { taskId: card.task_id, keys: Object.fromEntries((card.button_list as { text: string; key: string }[]).map((b) => [b.text, b.key])) },
  }
}

/** `inReview` for a describe's beforeAll, which runs before the fake WeCom of each test is installed. */
async function inReviewForAll(): Promise<InReview> {
  api = installFakeWecomApi()
  try {
    return await inReview()
  } finally {
    api.restore()
  }
}

const statusOf = async (id: string) => (await getDraft(office, id)).status
const audited = async (action: string, id: string) =>
  (await expectJson<{ items: { memberId: string; role: string; hashBefore: string | null; detail: Record<string, unknown> | null }[] }>(
    await call('GET', `/api/v1/audit?action=${action}&targetId=${id}`, { token: office.tokens.admin }),
    200,
  )).items
/** Whether the handlers claimed this delivery key (`wecom:<CorpID>:<dedupeKey>`) in D1. */
const claimed = async (dedupeKey: string) =>
  (await ENV.DB.prepare('SELECT key FROM bot_dedupe WHERE key = ?1').bind(`wecom:${S.corpId}:${dedupeKey}`.slice(0, 200)).first()) !== null
const msgId = () => String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, '0')

describe('GET /bots/wecom/callback: URL verification', () => {
  it('answers the decrypted echostr as plain text', async () => {
    const { WecomCrypto } = await import('../../src/bots/wecom/crypto')
    const wc = await WecomCrypto.create({ token: S.token, encodingAesKey: S.encodingAesKey, receiveId: S.corpId })
    const res = await send(await signedGet(S, await wc.encrypt('8675309123456789012')))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('8675309123456789012')
  })

  it('answers the echostr of WeCom’s published Go sample when the app has the sample’s settings', async () => {
    // sbzhu/weworkapi_golang sample.go (1799804): the echostr decrypts under the sample's key and CorpID.
    const sample = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wx5823bf96d3bd56c7' }
    const e = { ...ENV, WECOM_TOKEN: sample.token, WECOM_ENCODING_AES_KEY: sample.encodingAesKey, WECOM_CORP_ID: sample.corpId }
    const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=='
    // Signed now: the sample's own timestamp (2014) is long expired.
    const res = await send(await signedGet(sample, echostr), { env: e })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('1616140317555161061')
    // The sample request exactly as published is a replay from 2014: refused.
    const old = new Request(`https://wenfu.test/bots/wecom/callback?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=${encodeURIComponent(echostr)}`)
    const refused = await send(old, { env: e })
    expect(refused.status).toBe(401)
    expect((await errorOf(refused)).message).toContain('时间戳')
  })

  it('accepts an echostr whose "+" arrived unencoded (form decoding made it a space)', async () => {
    const { WecomCrypto } = await import('../../src/bots/wecom/crypto')
    const wc = await WecomCrypto.create({ token: S.token, encodingAesKey: S.encodingAesKey, receiveId: S.corpId })
    let echostr = ''
    for (let i = 0; !echostr.includes('+'); i++) echostr = await wc.encrypt(`echo${i}`)
    const signed = await signedGet(S, echostr)
    const raw = new Request(signed.url.replace(encodeURIComponent(echostr), echostr.replace(/\//g, '%2F').replace(/=/g, '%3D')))
    const res = await send(raw)
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/^echo\d+$/)
  })

  it('refuses a tampered signature, a missing parameter, and an echostr for another CorpID', async () => {
    const { WecomCrypto } = await import('../../src/bots/wecom/crypto')
    const wc = await WecomCrypto.create({ token: S.token, encodingAesKey: S.encodingAesKey, receiveId: S.corpId })
    const good = await signedGet(S, await wc.encrypt('123'))
    const tampered = new Request(good.url.replace(/msg_signature=([0-9a-f])/, (_, d) => `msg_signature=${d === '0' ? '1' : '0'}`))
    const r1 = await send(tampered)
    expect(r1.status).toBe(401)
    expect((await errorOf(r1)).message).toContain('签名')
    const r2 = await send(new Request(good.url.replace(/&echostr=[^&]*/, '')))
    expect(r2.status).toBe(400)
    expect((await errorOf(r2)).message).toContain('echostr')
    const other = await WecomCrypto.create({ token: S.token, encodingAesKey: S.encodingAesKey, receiveId: 'ww99other9corp' })
    const r3 = await send(await signedGet(S, await other.encrypt('123')))
    expect(r3.status).toBe(401)
    expect((await errorOf(r3)).message).toContain('CorpID')
  })
})

describe('POST /bots/wecom/callback: a text command', () => {
  let d: InReview
  beforeAll(async () => void (d = await inReviewForAll()))

  it('runs the command as the sender and answers an encrypted passive reply that decrypts correctly', async () => {
    const id = msgId()
    const res = await send(await signedPost(S, textMessage({ corpId: S.corpId, from: reader.userId, content: `状态　${d.id}`, msgId: id })))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('xml')
    const reply = await openReply(S, res)
    expect(reply).toMatchObject({ ToUserName: reader.userId, FromUserName: S.corpId, MsgType: 'text' })
    expect(Math.abs(Number(reply.CreateTime) - nowSeconds())).toBeLessThan(5)
    const lines = reply.Content!.split('\n')
    expect(lines[0]).toBe(`${shortNumber(d.id)} 《${d.title}》`)
    expect(lines.at(-1)).toBe(`打开文稿：http://wenfu.test/drafts/${d.id}`)
    // The reader may not review: no buttons, so no hint to approve by typing.
    expect(reply.Content).not.toContain('可直接回复')
    // The MsgId is the delivery's key in D1.
    expect(await claimed(id)).toBe(true)
    // As the sender: the reader's own 待办, not the reviewer's.
    const todo = await openReply(S, await send(await signedPost(S, textMessage({ corpId: S.corpId, from: reader.userId, content: '待办' }))))
    expect(todo.Content).toBe('待办\n只读成员没有待办事项。')
  })

  it('a reply with approval buttons says how to approve or return by typing', async () => {
    const reply = await openReply(S, await send(await signedPost(S, textMessage({ corpId: S.corpId, from: reviewer.userId, content: `状态 ${d.id}` }))))
    expect(reply.Content).toContain(`《${d.title}》`)
    expect(reply.Content).toContain(`可直接回复“通过 ${d.id}”或“退回 ${d.id} 意见”`)
  })

  it('a message delivered twice (same MsgId, signed anew as WeCom retries) runs once and gets the same answer', async () => {
    const mine = await inReview()
    const msg = textMessage({ corpId: S.corpId, from: reviewer.userId, content: `通过 ${mine.id}`, msgId: msgId() })
    const first = await openReply(S, await send(await signedPost(S, msg, { nonce: '111' })))
    expect(first.Content).toMatch(/审核通过。现状态：/)
    const again = await send(await signedPost(S, msg, { nonce: '222' }))
    expect(again.status).toBe(200)
    expect((await openReply(S, again)).Content).toBe(first.Content)
    // The identical request replayed within the window: still once.
    const replay = await signedPost(S, msg, { nonce: '333', timestamp: String(nowSeconds()) })
    await send(replay.clone())
    await send(replay)
    expect(await statusOf(mine.id)).toBe('approved')
    expect(await audited('draft.approve', mine.id)).toHaveLength(1)
  })

  it('in another isolate the same MsgId is a duplicate the handlers know from D1, answered "success"', async () => {
    const mine = await inReview()
    const id = msgId()
    const msg = textMessage({ corpId: S.corpId, from: reviewer.userId, content: `退回 ${mine.id} 请补充近三年的事故数据`, msgId: id })
    expect((await openReply(S, await send(await signedPost(S, msg)))).Content).toContain('退回修改')
    const res = await send(await signedPost(S, msg), { via: isolate() })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('success')
    expect(await claimed(id)).toBe(true)
    const returns = await audited('draft.return', mine.id)
    expect(returns).toHaveLength(1)
    expect(returns[0]!.detail?.note).toBe('请补充近三年的事故数据')
  })

  it('a command slower than the reply budget answers "success"; its answer follows through message/send, or is logged when that is unconfigured', async () => {
    // The checker Worker hangs (CHECKER_BROKEN answers "hang" after 30 s, vitest.config.ts): 校对 waits out
    // its 15 s timeout and answers without the model, long after the 3.5 s WeCom's 5 s leave the handlers.
    const hanging = { ...ENV, CHECKER: env.CHECKER_BROKEN }
    const unsent = { ...hanging, WECOM_SECRET: undefined, WECOM_API_BASE: undefined }
    const cmd = () => textMessage({ corpId: S.corpId, from: reader.userId, content: '校对 hang' })
    const [a, b] = [createExecutionContext(), createExecutionContext()]
    const [sent, logged] = await Promise.all([app.fetch(await signedPost(S, cmd()), hanging, a), app.fetch(await signedPost(S, cmd()), unsent, b)])
    expect(await sent.text()).toBe('success')
    expect(await logged.text()).toBe('success')
    expect(api.of('/cgi-bin/message/send')).toHaveLength(0)
    await Promise.all([waitOnExecutionContext(a), waitOnExecutionContext(b)])
    const late = api.of('/cgi-bin/message/send')
    expect(late).toHaveLength(1)
    expect(late[0]!.body).toMatchObject({ touser: reader.userId, agentid: 1000002, msgtype: 'text' })
    expect(late[0]!.body.text.content).toMatch(/^校对结果\n/)
    expect(keptLogLines().some((l) => l.level === 'warn' && l.message.includes('message/send is not configured'))).toBe(true)
  })

  it('a refusal is the passive reply, in the handlers’ own Chinese words, and changes nothing', async () => {
    const refused = await openReply(S, await send(await signedPost(S, textMessage({ corpId: S.corpId, from: reader.userId, content: `通过 ${d.id}` }))))
    expect(refused.Content).toBe('无法执行\n“审核通过”须由审核人操作')
    expect(await statusOf(d.id)).toBe('in_review')
    expect(await audited('draft.approve', d.id)).toHaveLength(0)
    const stranger = await openReply(S, await send(await signedPost(S, textMessage({ corpId: S.corpId, from: 'nobodyLinked01', content: '待办' }))))
    expect(stranger.Content).toContain('账号尚未绑定')
    expect(stranger.Content).toContain(`企业 ID ${S.corpId}，用户 ID nobodyLinked01`)
  })

  it('a crash (here: no D1 binding) is logged and answered with a short message and the request id, no internals', async () => {
    const broken = { ...ENV, DB: undefined } as unknown as Env
    const res = await send(await signedPost(S, textMessage({ corpId: S.corpId, from: reviewer.userId, content: '待办' })), { env: broken })
    expect(res.status).toBe(200)
    const reply = await openReply(S, res)
    const m = /^无法执行\n系统暂时无法处理，请稍后再试（请求号 (req_\w+)）$/.exec(reply.Content!)
    expect(m, reply.Content).not.toBeNull()
    expect(reply.Content).not.toMatch(/TypeError|undefined|prepare/)
    expect(keptLogLines().some((l) => l.level === 'error' && l.message === `[${m![1]}] bot command failed` && !!l.error)).toBe(true)
  })

  it('a message that is not text gets a hint; an event such as entering the app gets "success"; neither runs anything', async () => {
    const id = msgId()
    const image = `<xml><ToUserName><![CDATA[${S.corpId}]]></ToUserName><FromUserName><![CDATA[${reviewer.userId}]]></FromUserName><CreateTime>${nowSeconds()}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://p]]></PicUrl><MsgId>${id}</MsgId><AgentID>1000002</AgentID></xml>`
    expect((await openReply(S, await send(await signedPost(S, image)))).Content).toBe('目前只能处理文字命令\n发送“帮助”查看可用的命令。')
    const enter = `<xml><ToUserName><![CDATA[${S.corpId}]]></ToUserName><FromUserName><![CDATA[${reviewer.userId}]]></FromUserName><CreateTime>${nowSeconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>1000002</AgentID></xml>`
    expect(await (await send(await signedPost(S, enter))).text()).toBe('success')
    expect(await claimed(id)).toBe(false)
    expect(api.calls).toHaveLength(0)
  })
})

describe('POST /bots/wecom/callback: a press on a 按钮交互型 card', () => {
  const press = (d: InReview, label: '通过' | '退回', o: { from?: string; responseCode?: string; createTime?: number } = {}) =>
    cardEvent({ corpId: S.corpId, from: o.from ?? reviewer.userId, eventKey: d.card.keys[label]!, taskId: d.card.taskId, responseCode: o.responseCode ?? unique('rc-'), createTime: o.createTime ?? nowSeconds() })

  it('通过 approves the draft with the content hash shown, as the presser, and updates the card with the response code', async () => {
    const d = await inReview()
    const at = nowSeconds()
    const res = await send(await signedPost(S, press(d, '通过', { responseCode: 'rc-777', createTime: at })))
    expect(await statusOf(d.id)).toBe('approved')
    const approvals = await audited('draft.approve', d.id)
    expect(approvals).toHaveLength(1)
    expect(approvals[0]).toMatchObject({ memberId: reviewer.memberId, role: 'reviewer', hashBefore: d.hash })
    expect(await claimed(`${reviewer.userId}:${at}:${d.card.taskId}:${d.card.keys['通过']}`)).toBe(true)
    const reply = (await openReply(S, res)).Content!.split('\n')
    expect(reply[0]).toBe(`${shortNumber(d.id)} 《${d.title}》`)
    expect(reply[1]).toMatch(/^.+于 \d{4}-\d\d-\d\d \d\d:\d\d 审核通过。现状态：/)
    const updates = api.of('/cgi-bin/message/update_template_card')
    expect(updates).toHaveLength(1)
    const u = updates[0]!.body
    expect(u).toMatchObject({ atall: 1, agentid: 1000002, response_code: 'rc-777' })
    expect(u.template_card).toMatchObject({ card_type: 'button_interaction', task_id: d.card.taskId, replace_text: '已通过', button_list: [] })
    expect(u.template_card.main_title.title).toBe(fitChars(reply[0]!, 36))
    expect(u.template_card.horizontal_content_list).toEqual([
      { type: 3, keyname: '处理人', value: reviewer.userId, userid: reviewer.userId },
      { keyname: '处理时间', value: new Date((at + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ') },
    ])
  })

  it('退回 carries no note, so the handlers record their default one, and the card says 已退回', async () => {
    const d = await inReview()
    await send(await signedPost(S, press(d, '退回')))
    expect(await statusOf(d.id)).toBe('returned')
    const returns = await audited('draft.return', d.id)
    expect(returns).toHaveLength(1)
    expect(returns[0]!.detail?.note).toBe(BUTTON_RETURN_NOTE)
    expect(api.of('/cgi-bin/message/update_template_card')[0]!.body.template_card.replace_text).toBe('已退回')
  })

  it('a refused press (the content changed since the card) is told to the presser only and leaves the card and the draft as they are', async () => {
    const d = await inReview()
    const stale = encodeButtonKey({ action: 'approve', draftId: d.id, contentHash: 'a3f1c9e2b7d4'.padEnd(64, '0') })
    const res = await send(await signedPost(S, cardEvent({ corpId: S.corpId, from: reviewer.userId, eventKey: stale, taskId: d.card.taskId })))
    expect((await openReply(S, res)).Content).toBe('无法执行\n文稿在消息发出后已被修改，请打开文稿查看最新内容后再操作')
    expect(api.of('/cgi-bin/message/update_template_card')).toHaveLength(0)
    expect(await statusOf(d.id)).toBe('in_review')
    // A reader's press on the real card is refused the same way.
    expect((await openReply(S, await send(await signedPost(S, press(d, '通过', { from: reader.userId })))))).toMatchObject({ Content: expect.stringContaining('须由审核人操作') })
    expect(api.of('/cgi-bin/message/update_template_card')).toHaveLength(0)
    expect(await audited('draft.approve', d.id)).toHaveLength(0)
  })

  it('the same press delivered twice runs once, in this isolate and in another', async () => {
    const d = await inReview()
    const ev = press(d, '通过')
    const first = await openReply(S, await send(await signedPost(S, ev, { nonce: '1' })))
    expect((await openReply(S, await send(await signedPost(S, ev, { nonce: '2' })))).Content).toBe(first.Content)
    expect(await (await send(await signedPost(S, ev, { nonce: '3' }), { via: isolate() })).text()).toBe('success')
    expect(await audited('draft.approve', d.id)).toHaveLength(1)
    expect(api.of('/cgi-bin/message/update_template_card')).toHaveLength(1)
  })

  it('a key the adapter did not make is answered clearly and runs nothing', async () => {
    const d = await inReview()
    for (const eventKey of ['key111', `wf@delete@${d.id}@${d.hash}`, `wf@approve@${d.id}`, `wf@approve@${d.id} x@${d.hash}`]) {
      const reply = await openReply(S, await send(await signedPost(S, cardEvent({ corpId: S.corpId, from: reviewer.userId, eventKey, taskId: d.card.taskId }))))
      expect(reply.Content).toBe('无法识别这个按钮（可能来自旧版本的消息），请在文辅编辑器中操作')
    }
    expect(await statusOf(d.id)).toBe('in_review')
    expect(await audited('draft.approve', d.id)).toHaveLength(0)
    expect(api.calls).toHaveLength(0)
  })

  it('button keys round-trip and keep to WeCom’s characters', () => {
    const hash = 'a3f1c9e2b7d4'.padEnd(64, '0')
    const key = encodeButtonKey({ action: 'open', draftId: 'drf_0a9z', contentHash: hash })
    expect(key).toMatch(/^[A-Za-z0-9_@-]+$/)
    expect(decodeButtonKey(key)).toEqual({ action: 'open', draftId: 'drf_0a9z', contentHash: hash })
  })
})

describe('POST /bots/wecom/callback: refused, with nothing run', () => {
  // Each refused callback carries the reviewer's 通过 of a draft in review: run, it would approve it.
  let d: InReview
  beforeAll(async () => void (d = await inReviewForAll()))
  const msg = () => textMessage({ corpId: S.corpId, from: reviewer.userId, content: `通过 ${d.id}` })
  const refusedWith = async (req: Request, status: number, words: string, e: Env = ENV) => {
    const res = await send(req, { env: e })
    expect(res.status).toBe(status)
    const err = await errorOf(res)
    expect(err.message).toContain(words)
    expect(err.requestId).toMatch(/^req_/)
    expect(await statusOf(d.id)).toBe('in_review')
    expect(await audited('draft.approve', d.id)).toHaveLength(0)
    expect(api.calls).toHaveLength(0)
    return err
  }

  it('a tampered signature or ciphertext', async () => {
    await refusedWith(await signedPost(S, msg(), { tamper: 'signature' }), 401, '签名')
    await refusedWith(await signedPost(S, msg(), { tamper: 'encrypt' }), 401, '签名')
  })

  it('an expired timestamp, a future one, and one that is not a number', async () => {
    await refusedWith(await signedPost(S, msg(), { timestamp: String(nowSeconds() - 301) }), 401, '时间戳')
    await refusedWith(await signedPost(S, msg(), { timestamp: String(nowSeconds() + 400) }), 401, '时间戳')
    await refusedWith(await signedPost(S, msg(), { timestamp: 'now' }), 401, '时间戳')
  })

  it('the published Python sample callback replayed as captured (2016)', async () => {
    const e = { ...ENV, WECOM_TOKEN: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo', WECOM_ENCODING_AES_KEY: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt', WECOM_CORP_ID: 'ww1436e0e65a779aee' }
    const body =
      '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>'
    const req = new Request('https://wenfu.test/bots/wecom/callback?msg_signature=0c3914025cb4b4d68103f6bfc8db550f79dcf48e&timestamp=1476422779&nonce=1597212914', { method: 'POST', body })
    await refusedWith(req, 401, '时间戳', e)
  })

  it('a message encrypted for another CorpID, or addressed to another corp inside', async () => {
    await refusedWith(await signedPost({ ...S, corpId: 'ww99other9corp' }, msg()), 401, 'CorpID')
    await refusedWith(await signedPost(S, textMessage({ corpId: 'ww99other9corp', from: reviewer.userId, content: `通过 ${d.id}` })), 401, 'CorpID')
  })

  it('a message from another app of the corp (AgentID)', async () => {
    await refusedWith(await signedPost(S, textMessage({ corpId: S.corpId, from: reviewer.userId, content: `通过 ${d.id}`, agentId: '1000099' })), 401, 'AgentID')
  })

  it('a body over the limit, malformed XML, a hostile DOCTYPE, a missing parameter', async () => {
    const big = await signedPost(S, msg())
    const huge = new Request(big.url, { method: 'POST', body: `<xml><Encrypt>${'A'.repeat(70 * 1024)}</Encrypt></xml>` })
    await refusedWith(huge, 413, '过大')
    const broken = new Request(big.url, { method: 'POST', body: '<xml><Encrypt>abc</xml>' })
    await refusedWith(broken, 400, 'XML')
    const doctype = new Request(big.url, { method: 'POST', body: '<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>' })
    await refusedWith(doctype, 400, 'DOCTYPE')
    const noNonce = new Request(big.url.replace(/&nonce=\d+/, ''), { method: 'POST', body: await big.clone().text() })
    await refusedWith(noNonce, 400, 'nonce')
  })

  it('missing secrets: each callback is answered with a Chinese error naming what is missing', async () => {
    const e = { ...ENV, WECOM_TOKEN: undefined, WECOM_ENCODING_AES_KEY: '' }
    const err = await refusedWith(await signedPost(S, msg()), 412, '企业微信', e)
    expect(err.code).toBe('PRECONDITION_FAILED')
    expect(err.message).toContain('WECOM_TOKEN、WECOM_ENCODING_AES_KEY')
    expect(err.details).toEqual({ missing: ['WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] })
    await refusedWith(new Request('https://wenfu.test/bots/wecom/callback?msg_signature=a&timestamp=1&nonce=1&echostr=x'), 412, 'WECOM_TOKEN', e)
  })

  it('says when the EncodingAESKey is not the 43 characters WeCom gives', async () => {
    await refusedWith(await signedPost(S, msg()), 412, '43 位', { ...ENV, WECOM_ENCODING_AES_KEY: 'too-short' })
  })
})

describe('message/send unconfigured', () => {
  it('a command is still answered passively', async () => {
    const e = { ...ENV, WECOM_SECRET: undefined, WECOM_API_BASE: undefined }
    const reply = await openReply(S, await send(await signedPost(S, textMessage({ corpId: S.corpId, from: reader.userId, content: '帮助' })), { env: e }))
    expect(reply.Content).toContain('检索')
    expect(reply.Content).toContain('校对')
    expect(api.calls).toHaveLength(0)
  })
})
