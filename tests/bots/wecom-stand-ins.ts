/**
 * Stand-ins for the WeCom adapter's unit tests (tests/bots/wecom-*.test.ts):
 * - `linkWecom`: a WeCom userid linked to an office's member, as an admin links one (the tests run the
 *   real handlers of src/bots/handlers.ts; only WeCom itself is faked).
 * - `installFakeWecomApi`: WeCom's server API at http://wecom.test (the WECOM_API_BASE of
 *   .dev.vars.test) as a spy on fetch. It speaks WeCom's JSON: gettoken with expires_in, tokens it
 *   can expire (42001), message/send with msgid / response_code / invaliduser, update_template_card,
 *   and errcodes as WeCom returns them (HTTP 200), plus a proxy's 5xx, a hang and a non-JSON answer.
 * - `signedPost` / `signedGet`: callbacks as WeCom sends them, signed and encrypted.
 */
import { vi } from 'vitest'
import { WecomCrypto } from '../../src/bots/wecom/crypto'
import { parseXml } from '../../src/bots/wecom/xml'
import type { Env } from '../../src/env'
import { call, expectJson, makeOffice, unique } from '../fixtures'

export const API = 'http://wecom.test'

// ------------------------------------------------------------------ linked members

type Office = Awaited<ReturnType<typeof makeOffice>>

/** Links a new WeCom userid (of the test corp) to the office's member with `role`, as an admin does. */
export async function linkWecom(office: Office, role: keyof Office['tokens'], corpId: string) {
  const userId = unique('wx').replace(/[^A-Za-z0-9]/g, '')
  const members = await expectJson<{ items: { memberId: string; role: string }[] }>(await call('GET', '/api/v1/admin/tokens', { token: office.tokens.admin }), 200)
  const memberId = members.items.find((m) => m.role === role)!.memberId
  await expectJson(await call('POST', '/api/v1/admin/bot-links', { token: office.tokens.admin, body: { memberId, platform: 'wecom', tenant: corpId, userId } }), 201)
  return { userId, memberId }
}

// ------------------------------------------------------------------ WeCom's API

export type Fault =
  | { errcode: number; errmsg?: string }
  | { status: 500 | 502 | 503 | 403 }
  | 'hang'
  | 'not-json'
  | 'expire-token'

export interface ApiCall {
  path: string
  query: URLSearchParams
  body: any
}

const ERRMSG: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential, access_token is invalid or not latest',
  40014: 'invalid access_token',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  60020: 'not allow to access from your ip',
  81013: 'user & party & tag all invalid',
}
const wecomError = (errcode: number, errmsg = ERRMSG[errcode] ?? 'error') => ({
  errcode,
  errmsg: `${errmsg}, hint: [1767225600_${errcode}_0123456789abcdef], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`,
})

export interface FakeWecomApi {
  calls: ApiCall[]
  /** Calls of one endpoint, e.g. '/cgi-bin/message/send'. */
  of(path: string): ApiCall[]
  /** Faults to answer the next calls of an endpoint with, in order; then it answers normally. */
  fail(path: string, ...faults: Fault[]): void
  /** Makes every token issued so far expired on the server side (WeCom answers 42001). */
  expireTokens(): void
  corpId: string
  secret: string
  expiresIn: number
  restore(): void
}

export function installFakeWecomApi(opts: { corpId?: string; secret?: string; expiresIn?: number } = {}): FakeWecomApi {
  const calls: ApiCall[] = []
  const faults = new Map<string, Fault[]>()
  const live = new Set<string>()
  let issued = 0
  const api: FakeWecomApi = {
    calls,
    of: (path) => calls.filter((c) => c.path === path),
    fail: (path, ...f) => faults.set(path, [...(faults.get(path) ?? []), ...f]),
    expireTokens: () => live.clear(),
    corpId: opts.corpId ?? 'ww00test0corp0id1',
    secret: opts.secret ?? 'test-wecom-secret-not-real',
    expiresIn: opts.expiresIn ?? 7200,
    restore: () => spy.mockRestore(),
  }
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=UTF-8' } })

  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(String(input), init)
    const url = new URL(req.url)
    if (url.origin !== API) throw new Error(`unexpected fetch to ${url.href}`)
    const text = req.method === 'POST' ? await req.text() : ''
    calls.push({ path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : undefined })
    const fault = faults.get(url.pathname)?.shift()
    if (fault === 'hang') {
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal ?? req.signal
        signal?.addEventListener('abort', () => reject(signal.reason))
      })
    }
    if (fault === 'not-json') return new Response('<html>502 Bad Gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } })
    if (fault === 'expire-token') live.clear()
    else if (fault && 'status' in fault) return new Response('upstream error', { status: fault.status })
    else if (fault && 'errcode' in fault) return json(wecomError(fault.errcode, fault.errmsg))

    if (url.pathname === '/cgi-bin/gettoken') {
      if (url.searchParams.get('corpid') !== api.corpId) return json(wecomError(40013, 'invalid corpid'))
      if (url.searchParams.get('corpsecret') !== api.secret) return json(wecomError(40001))
      const token = `tok-${++issued}-${'x'.repeat(20)}`
      live.add(token)
      return json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: api.expiresIn })
    }
    const token = url.searchParams.get('access_token') ?? ''
    if (!token.startsWith('tok-')) return json(wecomError(40014))
    if (!live.has(token)) return json(wecomError(42001))
    if (url.pathname === '/cgi-bin/message/send') {
      const body = JSON.parse(text)
      const invalid = String(body.touser).split('|').filter((u) => u.startsWith('gone-'))
      return json({
        errcode: 0,
        errmsg: 'ok',
        invaliduser: invalid.join('|'),
        invalidparty: '',
        invalidtag: '',
        unlicenseduser: '',
        msgid: `msg-${calls.length}`,
        ...(body.msgtype === 'template_card' ? { response_code: `rc-send-${calls.length}` } : {}),
      })
    }
    if (url.pathname === '/cgi-bin/message/update_template_card') return json({ errcode: 0, errmsg: 'ok', invaliduser: [] })
    return json({ errcode: 404, errmsg: 'no such api' }, 404)
  })
  return api
}

// ------------------------------------------------------------------ callbacks as WeCom sends them

export interface AppSecrets {
  token: string
  encodingAesKey: string
  corpId: string
}

export const secretsOf = (env: Env): AppSecrets => ({ token: env.WECOM_TOKEN!, encodingAesKey: env.WECOM_ENCODING_AES_KEY!, corpId: env.WECOM_CORP_ID! })

const cryptoOf = (s: AppSecrets) => WecomCrypto.create({ token: s.token, encodingAesKey: s.encodingAesKey, receiveId: s.corpId })

export const nowSeconds = () => Math.floor(Date.now() / 1000)

export function textMessage(o: { corpId: string; from?: string; content: string; msgId?: string; agentId?: string; createTime?: number }) {
  return `<xml><ToUserName><![CDATA[${o.corpId}]]></ToUserName><FromUserName><![CDATA[${o.from ?? 'WangWen'}]]></FromUserName><CreateTime>${o.createTime ?? nowSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${o.content}]]></Content><MsgId>${o.msgId ?? String(Date.now()) + String(Math.random()).slice(2, 8)}</MsgId><AgentID>${o.agentId ?? '1000002'}</AgentID></xml>`
}

export function cardEvent(o: { corpId: string; from?: string; eventKey: string; taskId?: string; responseCode?: string; createTime?: number }) {
  return `<xml><ToUserName><![CDATA[${o.corpId}]]></ToUserName><FromUserName><![CDATA[${o.from ?? 'LiShen'}]]></FromUserName><CreateTime>${o.createTime ?? nowSeconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${o.eventKey}]]></EventKey><TaskId><![CDATA[${o.taskId ?? 'wf@drf_demo@task1'}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${o.responseCode ?? 'rc-press-1'}]]></ResponseCode><AgentID>1000002</AgentID></xml>`
}

/** POST /bots/wecom/callback as WeCom sends it: the message encrypted, the envelope signed. */
export async function signedPost(s: AppSecrets, plaintext: string, o: { timestamp?: string; nonce?: string; tamper?: 'signature' | 'encrypt' } = {}): Promise<Request> {
  const wc = await cryptoOf(s)
  const timestamp = o.timestamp ?? String(nowSeconds())
  const nonce = o.nonce ?? String(Math.floor(Math.random() * 1e9))
  let encrypt = await wc.encrypt(plaintext)
  let sig = await wc.signature(timestamp, nonce, encrypt)
  if (o.tamper === 'signature') sig = (sig[0] === '0' ? '1' : '0') + sig.slice(1)
  if (o.tamper === 'encrypt') encrypt = (encrypt[0] === 'A' ? 'B' : 'A') + encrypt.slice(1)
  const body = `<xml><ToUserName><![CDATA[${s.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`
  const q = new URLSearchParams({ msg_signature: sig, timestamp, nonce })
  return new Request(`https://wenfu.test/bots/wecom/callback?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body })
}

/** GET /bots/wecom/callback: URL verification of an (encrypted) echostr. */
export async function signedGet(s: AppSecrets, echostr: string, o: { timestamp?: string; nonce?: string } = {}): Promise<Request> {
  const wc = await cryptoOf(s)
  const timestamp = o.timestamp ?? String(nowSeconds())
  const nonce = o.nonce ?? '263014780'
  const q = new URLSearchParams({ msg_signature: await wc.signature(timestamp, nonce, echostr), timestamp, nonce, echostr })
  return new Request(`https://wenfu.test/bots/wecom/callback?${q}`)
}

/** Reads an encrypted passive reply: checks its signature and returns the decrypted reply's fields. */
export async function openReply(s: AppSecrets, res: Response): Promise<Record<string, string>> {
  const xml = await res.text()
  const get = (doc: string, name: string) => new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:]]>)?</${name}>`).exec(doc)?.[1] ?? ''
  const wc = await cryptoOf(s)
  const [encrypt, signature, timestamp, nonce] = ['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce'].map((n) => get(xml, n)) as [string, string, string, string]
  if (!(await wc.verify(signature, timestamp, nonce, encrypt))) throw new Error(`passive reply signature does not verify: ${xml.slice(0, 200)}`)
  const root = parseXml(await wc.decrypt(encrypt))
  return Object.fromEntries(root.children.map((c) => [c.name, c.text]))
}
