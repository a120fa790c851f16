/**
 * A stand-in for Slack at http://slack.test (SLACK_API_BASE in .dev.vars.test), installed as a spy on
 * globalThis.fetch — which also sees fetches made inside Workflow steps. It speaks Slack's formats:
 * chat.postMessage answers {ok:true, channel, ts} or {ok:false, error} (with 200, as Slack does), or
 * HTTP 429 with Retry-After, or a 5xx; a response_url (http://slack.test/commands/…) answers "ok" or
 * 404 {ok:false,error:"expired_url"}. With `llm`, the fake model of tests/helpers/fake-llm.ts answers
 * http://llm.test in the same spy. Also: requests signed as Slack signs them.
 */
import { introspectWorkflow } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { vi } from 'vitest'
import { signSlackRequest } from '../../src/bots/slack/verify'
import { fakeLlm } from '../helpers/fake-llm'
import { call, expectJson, makeOffice, unique, type Office } from '../fixtures'

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5'
export const BOT_TOKEN = 'xoxb-test-0000-wenfu'
export const TEAM = 'T0WENFU01'

export type PostBehaviour = 'ok' | { error: string } | { status: 429 | 500 | 502 | 503 }

export interface Posted {
  channel: string
  text: string
  blocks: any[]
  authorized: boolean
}
export interface Responded {
  url: string
  body: any
}

export function slackStandIn(opts: { postMessage?: (n: number) => PostBehaviour; responseUrl?: (n: number) => 'ok' | 'expired'; llm?: boolean } = {}) {
  const posted: Posted[] = []
  const responded: Responded[] = []
  const attempts = { postMessage: 0, responseUrl: 0 }
  const llm = opts.llm ? fakeLlm() : null
  const passOn = llm?.spy.getMockImplementation() ?? globalThis.fetch.bind(globalThis)
  const handler = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init)
    const url = new URL(req.url)
    if (url.host !== 'slack.test') return passOn(input as RequestInfo, init)
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } })
    if (url.pathname === '/api/chat.postMessage') {
      const n = attempts.postMessage++
      const b = opts.postMessage?.(n) ?? 'ok'
      if (typeof b === 'object' && 'status' in b) {
        return b.status === 429 ? json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' }) : new Response('<html>upstream error</html>', { status: b.status })
      }
      const body = (await req.json()) as { channel: string; text: string; blocks: any[] }
      const authorized = req.headers.get('authorization') === `Bearer ${BOT_TOKEN}`
      if (!authorized) return json(200, { ok: false, error: 'not_authed' })
      if (typeof b === 'object') return json(200, { ok: false, error: b.error })
      posted.push({ channel: body.channel, text: body.text, blocks: body.blocks, authorized })
      return json(200, { ok: true, channel: `D${body.channel.slice(1)}`, ts: `1767225600.${String(posted.length).padStart(6, '0')}`, message: { text: body.text } })
    }
    if (url.pathname.startsWith('/commands/')) {
      const n = attempts.responseUrl++
      if ((opts.responseUrl?.(n) ?? 'ok') === 'expired') return json(404, { ok: false, error: 'expired_url' })
      responded.push({ url: req.url, body: await req.json() })
      return new Response('ok', { status: 200, headers: { 'content-type': 'text/plain' } })
    }
    return json(404, { ok: false, error: 'unknown_method' })
  }
  const spy = llm ? llm.spy.mockImplementation(handler) : vi.spyOn(globalThis, 'fetch').mockImplementation(handler)
  return { posted, responded, attempts, spy, llm }
}

/** Everything a Block Kit message says, as one string (header, sections, context, button labels). */
export function blockText(blocks: any[]): string {
  const parts: string[] = []
  for (const b of blocks ?? []) {
    if (b.text?.text) parts.push(b.text.text)
    for (const e of b.elements ?? []) parts.push(e.text?.text ?? e.text ?? '')
  }
  return parts.join('\n')
}

export const buttonsOf = (blocks: any[]) => (blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements)

export interface SignOptions {
  timestamp?: number
  secret?: string
  headers?: Record<string, string>
  /** Sign this body but send `body` (a tampered request). */
  signedBody?: string
}

/** POSTs `body` to /bots/slack/<path>, signed as Slack signs it. */
export async function slackPost(path: 'commands' | 'interactions', body: string, opts: SignOptions = {}): Promise<Response> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000)
  const signature = await signSlackRequest(opts.secret ?? SIGNING_SECRET, ts, opts.signedBody ?? body)
  return exports.default.fetch(
    new Request(`http://wenfu.test/bots/slack/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature, ...opts.headers },
      body,
    }),
  )
}

let triggers = 0
export function commandBody(user: string, text: string, extra: Record<string, string> = {}) {
  const trigger = `${Date.now()}.${++triggers}.${unique('t')}`
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM,
    team_domain: 'wenfu-test',
    channel_id: 'C0WENFU01',
    channel_name: 'general',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/wenfu',
    text,
    api_app_id: 'A0WENFU01',
    response_url: `http://slack.test/commands/${TEAM}/${triggers}/${unique('r')}`,
    trigger_id: trigger,
    ...extra,
  }).toString()
}

/** A block_actions payload for pressing `button` (an element of an actions block we sent). */
export function pressBody(user: string, button: { action_id: string; value: string }) {
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: TEAM },
    api_app_id: 'A0WENFU01',
    team: { id: TEAM, domain: 'wenfu-test' },
    container: { type: 'message', message_ts: '1767225600.000001', channel_id: 'D0WENFU01', is_ephemeral: false },
    trigger_id: `${Date.now()}.${++triggers}.${unique('t')}`,
    channel: { id: 'D0WENFU01', name: 'directmessage' },
    response_url: `http://slack.test/commands/${TEAM}/act/${unique('r')}`,
    actions: [{ action_id: button.action_id, block_id: 'b1', value: button.value, type: 'button', action_ts: `${Date.now() / 1000}` }],
  }
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
}

/** Links a new Slack user id to the office's member with `role`; returns the user id and the member id. */
export async function linkSlack(office: Office, role: keyof Office['tokens']) {
  const userId = unique('U').toUpperCase().replace(/[^A-Z0-9]/g, '')
  const members = await expectJson<{ items: { memberId: string; role: string }[] }>(await call('GET', '/api/v1/admin/tokens', { token: office.tokens.admin }), 200)
  const memberId = members.items.find((m) => m.role === role)!.memberId
  await expectJson(await call('POST', '/api/v1/admin/bot-links', { token: office.tokens.admin, body: { memberId, platform: 'slack', tenant: TEAM, userId } }), 201)
  return { userId, memberId }
}

export const fullOffice = () => makeOffice(['admin', 'drafter', 'reviewer', 'signer', 'reader'])

/** Polls until `check` returns a value (not undefined / false), or fails after `ms`. */
export async function waitFor<T>(check: () => T | Promise<T>, ms = 15_000): Promise<NonNullable<T>> {
  const until = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v) return v as NonNullable<T>
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Runs `start`, then waits for every chat delivery it queued to end; sleeps and retry delays off. */
export async function delivering<T>(start: () => Promise<T>, alsoCompose = false): Promise<T> {
  const bots = await introspectWorkflow(env.BOT_DELIVERY)
  const compose = alsoCompose ? await introspectWorkflow(env.COMPOSE) : null
  try {
    await bots.modifyAll(async (m) => {
      await m.disableSleeps()
      await m.disableRetryDelays()
    })
    await compose?.modifyAll(async (m) => m.disableRetryDelays())
    const result = await start()
    for (const i of await compose?.get() ?? []) await i.waitForStatus('complete')
    for (const i of await bots.get()) await i.waitForStatus('complete')
    return result
  } finally {
    await bots.dispose()
    await compose?.dispose()
  }
}

