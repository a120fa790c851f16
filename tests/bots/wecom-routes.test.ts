import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearTokenCache } from '../../src/bots/wecom/api'
import { decodeButtonKey, encodeButtonKey } from '../../src/bots/wecom/render'
import { Hono } from 'hono'
import { WECOM_MOUNT, wecomRoutes as routesAlone, type WecomRouteOptions } from '../../src/bots/wecom/routes'
import { keptLogLines } from '../../src/core/log'
import type { Env } from '../../src/env'
import { AppError } from '../../src/core/errors'
import {
  cardEvent,
  installFakeWecomApi,
  nowSeconds,
  openReply,
  secretsOf,
  signedGet,
  signedPost,
  sleep,
  StandInHandlers,
  textMessage,
  type FakeWecomApi,
} from './wecom-stand-ins'

const ENV = env as unknown as Env

/** The routes mounted as src/app.ts mounts them, at /bots/wecom. */
const wecomRoutes = (h: StandInHandlers, o?: WecomRouteOptions) => new Hono<{ Bindings: Env }>().route(WECOM_MOUNT, routesAlone(h, o))
const S = secretsOf(ENV)

/** Runs one request through the routes with an execution context, and waits for its background work. */
async function send(app: ReturnType<typeof wecomRoutes>, req: Request, e: Env = ENV): Promise<Response> {
  const ctx = createExecutionContext()
  const res = await app.request(req, undefined, e, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; requestId: string; details?: any } }).error

let api: FakeWecomApi
let handlers: StandInHandlers
let app: ReturnType<typeof wecomRoutes>
beforeEach(() => {
  clearTokenCache()
  api = installFakeWecomApi()
  handlers = new StandInHandlers()
  app = wecomRoutes(handlers)
})
afterEach(() => api.restore())

describe('GET /bots/wecom/callback: URL verification', () => {
  it('answers the decrypted echostr as plain text', async () => {
    const { WecomCrypto } = await import('../../src/bots/wecom/crypto')
    const wc = await WecomCrypto.create({ token: S.token, encodingAesKey: S.encodingAesKey, receiveId: S.corpId })
    const res = await send(app, await signedGet(S, await wc.encrypt('8675309123456789012')))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('8675309123456789012')
  })

  it('answers the echostr of WeCom’s published Go sample when the app has the sample’s settings', async () => {
    // sbzhu/weworkapi_golang sample.go (1799804): the echostr decrypts under the sample's key and CorpID.
    const sample = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wx5823bf96d3bd56c7' }
    const e = { ...ENV, WECOM_TOKEN: sample.token, WECOM_ENCODING_AES_KEY: sample.encodingAesKey, WECOM_CORP_ID: sample.corpId }
    const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=='
    // Signed now: the sample's own timestamp (2014) is long expired.
    const res = await send(app, await signedGet(sample, echostr), e)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('1616140317555161061')
    // The sample request exactly as published is a replay from 2014: refused.
    const old = new Request(`https://wenfu.test/bots/wecom/callback?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=${encodeURIComponent(echostr)}`)
    const refused = await send(app, old, e)
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
    const res = await send(app, raw)
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/^echo\d+$/)
  })

  it('refuses a tampered signature, a missing parameter, and an echostr for another CorpID', async () => {
    const { WecomCrypto } = await import('../../src/bots/wecom/crypto')
    const wc = await WecomCrypto.create({ token: S.token, encodingAesKey: S.encodingAesKey, receiveId: S.corpId })
    const good = await signedGet(S, await wc.encrypt('123'))
    const tampered = new Request(good.url.replace(/msg_signature=([0-9a-f])/, (_, d) => `msg_signature=${d === '0' ? '1' : '0'}`))
    const r1 = await send(app, tampered)
    expect(r1.status).toBe(401)
    expect((await errorOf(r1)).message).toContain('签名')
    const r2 = await send(app, new Request(good.url.replace(/&echostr=[^&]*/, '')))
    expect(r2.status).toBe(400)
    expect((await errorOf(r2)).message).toContain('echostr')
    const other = await WecomCrypto.create({ token: S.token, encodingAesKey: S.encodingAesKey, receiveId: 'ww99other9corp' })
    const r3 = await send(app, await signedGet(S, await other.encrypt('123')))
    expect(r3.status).toBe(401)
    expect((await errorOf(r3)).message).toContain('CorpID')
  })
})

describe('POST /bots/wecom/callback: a text command', () => {
  it('runs the command as the sender and answers an encrypted passive reply that decrypts correctly', async () => {
    const res = await send(app, await signedPost(S, textMessage({ corpId: S.corpId, from: 'WangWen', content: '检索　安全生产', msgId: '7001' })))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('xml')
    expect(handlers.commands).toHaveLength(1)
    expect(handlers.commands[0]).toMatchObject({ user: { platform: 'wecom', tenant: S.corpId, userId: 'WangWen' }, text: '检索　安全生产', dedupeKey: '7001' })
    const reply = await openReply(S, res)
    expect(reply).toMatchObject({ ToUserName: 'WangWen', FromUserName: S.corpId, MsgType: 'text' })
    expect(Math.abs(Number(reply.CreateTime) - nowSeconds())).toBeLessThan(5)
    expect(reply.Content).toBe('收到：检索　安全生产\n第一行\n第二行\n打开文稿：https://wenfu.example.gov.cn/drafts/drf_demo')
  })

  it('a reply with approval buttons says how to approve or return by typing', async () => {
    handlers.onCommand = () => ({
      title: '待办 1 件',
      lines: ['《关于安全生产的通知》待审核'],
      buttons: [
        { action: 'approve', label: '通过', draftId: 'drf_a1', contentHash: 'h1' },
        { action: 'return', label: '退回', draftId: 'drf_a1', contentHash: 'h1' },
      ],
    })
    const reply = await openReply(S, await send(app, await signedPost(S, textMessage({ corpId: S.corpId, content: '待办' }))))
    expect(reply.Content).toContain('可直接回复“通过 drf_a1”或“退回 drf_a1 意见”')
  })

  it('a message delivered twice (same MsgId, signed anew as WeCom retries) runs once and gets the same answer', async () => {
    const msg = textMessage({ corpId: S.corpId, content: '状态 drf_x', msgId: '7002' })
    const first = await openReply(S, await send(app, await signedPost(S, msg, { nonce: '111' })))
    const again = await send(app, await signedPost(S, msg, { nonce: '222' }))
    expect(again.status).toBe(200)
    expect((await openReply(S, again)).Content).toBe(first.Content)
    // The identical request replayed within the window: still once.
    const replay = await signedPost(S, msg, { nonce: '333', timestamp: String(nowSeconds()) })
    await send(app, replay.clone())
    await send(app, replay)
    expect(handlers.commands).toHaveLength(1)
  })

  it('another isolate passes the same MsgId as dedupeKey, and a duplicate the handlers report is answered "success"', async () => {
    const msg = textMessage({ corpId: S.corpId, content: '待办', msgId: '7003' })
    await send(app, await signedPost(S, msg))
    const other = new StandInHandlers()
    other.onCommand = () => ({ title: '', lines: [], duplicate: true }) as never
    const res = await send(wecomRoutes(other), await signedPost(S, msg))
    expect(other.commands.map((c) => c.dedupeKey)).toEqual([handlers.commands[0]!.dedupeKey])
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('success')
  })

  it('a slow command answers "success" at once and its answer follows through message/send', async () => {
    const slow = wecomRoutes(handlers, { replyBudgetMs: 30 })
    handlers.onCommand = async () => (await sleep(150), { title: '起草完成', lines: ['已写 5 节，【待补】 2 处'] })
    const t0 = Date.now()
    const ctx = createExecutionContext()
    const res = await slow.request(await signedPost(S, textMessage({ corpId: S.corpId, from: 'WangWen', content: '起草 通知 安全生产' })), undefined, ENV, ctx)
    expect(Date.now() - t0).toBeLessThan(140)
    expect(await res.text()).toBe('success')
    expect(api.of('/cgi-bin/message/send')).toHaveLength(0)
    await waitOnExecutionContext(ctx)
    const sent = api.of('/cgi-bin/message/send')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.body).toMatchObject({ touser: 'WangWen', agentid: 1000002, msgtype: 'text', text: { content: '起草完成\n已写 5 节，【待补】 2 处' } })
  })

  it('a refusal of the handlers is the passive reply, in its own Chinese words', async () => {
    handlers.onCommand = () => {
      throw new AppError('FORBIDDEN', '你的企业微信账号尚未关联文辅成员，请联系管理员')
    }
    const reply = await openReply(S, await send(app, await signedPost(S, textMessage({ corpId: S.corpId, content: '待办' }))))
    expect(reply.Content).toBe('你的企业微信账号尚未关联文辅成员，请联系管理员')
  })

  it('a crash in the handlers is logged and answered with a short message and the request id, no internals', async () => {
    handlers.onCommand = () => {
      throw new TypeError('cannot read properties of undefined (secret internals)')
    }
    const res = await send(app, await signedPost(S, textMessage({ corpId: S.corpId, content: '待办' })))
    const reply = await openReply(S, res)
    expect(reply.Content).toMatch(/^处理失败，请稍后重试\n请求号：req_\w+$/)
    expect(reply.Content).not.toContain('secret')
    expect(keptLogLines().some((l) => l.level === 'error' && l.error?.includes('secret internals'))).toBe(true)
  })

  it('a message that is not text gets a hint; an event such as entering the app gets "success"', async () => {
    const image = `<xml><ToUserName><![CDATA[${S.corpId}]]></ToUserName><FromUserName><![CDATA[WangWen]]></FromUserName><CreateTime>${nowSeconds()}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://p]]></PicUrl><MsgId>8001</MsgId><AgentID>1000002</AgentID></xml>`
    expect((await openReply(S, await send(app, await signedPost(S, image)))).Content).toContain('帮助')
    const enter = `<xml><ToUserName><![CDATA[${S.corpId}]]></ToUserName><FromUserName><![CDATA[WangWen]]></FromUserName><CreateTime>${nowSeconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>1000002</AgentID></xml>`
    expect(await (await send(app, await signedPost(S, enter))).text()).toBe('success')
    expect(handlers.commands).toHaveLength(0)
  })
})

describe('POST /bots/wecom/callback: a press on a 按钮交互型 card', () => {
  const HASH = 'a3f1c9e2b7d4'.padEnd(64, '0')

  it('dispatches approve with the draft, the content hash shown and the response code, and updates the card', async () => {
    const key = encodeButtonKey({ action: 'approve', draftId: 'drf_k7x2', contentHash: HASH })
    const at = nowSeconds()
    const res = await send(app, await signedPost(S, cardEvent({ corpId: S.corpId, from: 'LiShen', eventKey: key, taskId: 'wf@drf_k7x2@t1', responseCode: 'rc-777', createTime: at })))
    expect(handlers.actions).toHaveLength(1)
    expect(handlers.actions[0]).toEqual({
      user: { platform: 'wecom', tenant: S.corpId, userId: 'LiShen' },
      action: 'approve',
      draftId: 'drf_k7x2',
      contentHash: HASH,
      dedupeKey: `LiShen:${at}:wf@drf_k7x2@t1:${key}`,
      messageRef: 'rc-777',
    })
    expect((await openReply(S, res)).Content).toBe('李审 已审核通过《关于安全生产的通知》\n2026年12月2日 17:05')
    const updates = api.of('/cgi-bin/message/update_template_card')
    expect(updates).toHaveLength(1)
    const u = updates[0]!.body
    expect(u).toMatchObject({ atall: 1, agentid: 1000002, response_code: 'rc-777' })
    expect(u.template_card).toMatchObject({ card_type: 'button_interaction', task_id: 'wf@drf_k7x2@t1', replace_text: '已通过', button_list: [] })
    expect(u.template_card.main_title.title).toBe('李审 已审核通过《关于安全生产的通知》')
    expect(u.template_card.horizontal_content_list).toEqual([
      { type: 3, keyname: '处理人', value: 'LiShen', userid: 'LiShen' },
      { keyname: '处理时间', value: new Date((at + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ') },
    ])
  })

  it('退回 passes no note (the handlers use their default) and the card says 已退回', async () => {
    await send(app, await signedPost(S, cardEvent({ corpId: S.corpId, eventKey: encodeButtonKey({ action: 'return', draftId: 'drf_r1', contentHash: HASH }) })))
    expect(handlers.actions[0]).toMatchObject({ action: 'return', draftId: 'drf_r1' })
    expect(handlers.actions[0]!.note).toBeUndefined()
    expect(api.of('/cgi-bin/message/update_template_card')[0]!.body.template_card.replace_text).toBe('已退回')
  })

  it('a refused press (stale content) is told to the presser only and leaves the card as it is', async () => {
    handlers.onAction = () => ({ title: '文稿在通知发出后已修改，本次操作未执行', lines: ['请打开文稿查看最新内容后再审核'], private: true })
    const res = await send(app, await signedPost(S, cardEvent({ corpId: S.corpId, eventKey: encodeButtonKey({ action: 'approve', draftId: 'drf_s1', contentHash: HASH }) })))
    expect((await openReply(S, res)).Content).toContain('已修改')
    expect(api.of('/cgi-bin/message/update_template_card')).toHaveLength(0)
  })

  it('the same press delivered twice runs once', async () => {
    const ev = cardEvent({ corpId: S.corpId, eventKey: encodeButtonKey({ action: 'approve', draftId: 'drf_d1', contentHash: HASH }), createTime: nowSeconds() })
    await send(app, await signedPost(S, ev, { nonce: '1' }))
    await send(app, await signedPost(S, ev, { nonce: '2' }))
    expect(handlers.actions).toHaveLength(1)
    expect(api.of('/cgi-bin/message/update_template_card')).toHaveLength(1)
  })

  it('a key the adapter did not make is answered clearly and dispatches nothing', async () => {
    for (const eventKey of ['key111', 'wf@delete@drf_x@h', 'wf@approve@drf_x', 'wf@approve@drf x@h']) {
      const reply = await openReply(S, await send(app, await signedPost(S, cardEvent({ corpId: S.corpId, eventKey }))))
      expect(reply.Content).toContain('无法识别这个按钮')
    }
    expect(handlers.actions).toHaveLength(0)
  })

  it('button keys round-trip and keep to WeCom’s characters', () => {
    const key = encodeButtonKey({ action: 'open', draftId: 'drf_0a9z', contentHash: HASH })
    expect(key).toMatch(/^[A-Za-z0-9_@-]+$/)
    expect(decodeButtonKey(key)).toEqual({ action: 'open', draftId: 'drf_0a9z', contentHash: HASH })
  })
})

describe('POST /bots/wecom/callback: refused, with nothing dispatched', () => {
  const msg = () => textMessage({ corpId: S.corpId, content: '待办' })
  const refusedWith = async (req: Request, status: number, words: string, e: Env = ENV) => {
    const res = await send(app, req, e)
    expect(res.status).toBe(status)
    const err = await errorOf(res)
    expect(err.message).toContain(words)
    expect(err.requestId).toMatch(/^req_/)
    expect(handlers.commands).toHaveLength(0)
    expect(handlers.actions).toHaveLength(0)
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
    await refusedWith(await signedPost({ ...S, corpId: 'ww99other9corp' }, textMessage({ corpId: S.corpId, content: '待办' })), 401, 'CorpID')
    await refusedWith(await signedPost(S, textMessage({ corpId: 'ww99other9corp', content: '待办' })), 401, 'CorpID')
  })

  it('a message from another app of the corp (AgentID)', async () => {
    await refusedWith(await signedPost(S, textMessage({ corpId: S.corpId, content: '待办', agentId: '1000099' })), 401, 'AgentID')
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
})

describe('missing or broken secrets', () => {
  it('answers each callback with a Chinese error naming what is missing, and dispatches nothing', async () => {
    const e = { ...ENV, WECOM_TOKEN: undefined, WECOM_ENCODING_AES_KEY: '' }
    const post = await send(app, await signedPost(S, textMessage({ corpId: S.corpId, content: '待办' })), e)
    expect(post.status).toBe(412)
    const err = await errorOf(post)
    expect(err.code).toBe('PRECONDITION_FAILED')
    expect(err.message).toContain('WECOM_TOKEN、WECOM_ENCODING_AES_KEY')
    expect(err.message).toContain('企业微信')
    expect(err.details).toEqual({ missing: ['WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] })
    const get = await send(app, new Request('https://wenfu.test/bots/wecom/callback?msg_signature=a&timestamp=1&nonce=1&echostr=x'), e)
    expect(get.status).toBe(412)
    expect(handlers.commands).toHaveLength(0)
  })

  it('says when the EncodingAESKey is not the 43 characters WeCom gives', async () => {
    const res = await send(app, await signedPost(S, textMessage({ corpId: S.corpId, content: '待办' })), { ...ENV, WECOM_ENCODING_AES_KEY: 'too-short' })
    expect(res.status).toBe(412)
    expect((await errorOf(res)).message).toContain('43 位')
  })

  it('still answers passively when only message/send is unconfigured; a late answer is then logged, not sent', async () => {
    const e = { ...ENV, WECOM_SECRET: undefined, WECOM_API_BASE: undefined }
    const reply = await openReply(S, await send(app, await signedPost(S, textMessage({ corpId: S.corpId, content: '帮助' })), e))
    expect(reply.Content).toContain('收到：帮助')
    const slow = wecomRoutes(handlers, { replyBudgetMs: 10 })
    handlers.onCommand = async () => (await sleep(50), { title: '完成', lines: [] })
    expect(await (await send(slow, await signedPost(S, textMessage({ corpId: S.corpId, content: '起草 通知 x' })), e)).text()).toBe('success')
    expect(api.calls).toHaveLength(0)
    expect(keptLogLines().some((l) => l.message.includes('message/send is not configured'))).toBe(true)
  })
})
