/**
 * Slack's request signature: the worked example of Slack's docs ("Verifying requests from Slack",
 * api.slack.com/authentication/verifying-requests-from-slack), our own round trips, and the webhook
 * refusing tampered, expired and replayed requests with nothing run.
 */
import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { signSlackRequest, verifySlackRequest } from '../../src/bots/slack/verify'
import { createApp } from '../../src/app'
import { call, expectJson, unique } from '../fixtures'
import { blockText, commandBody, delivering, fullOffice, linkSlack, slackPost, slackStandIn } from './slack-stand-in'

// Slack's worked example, verbatim.
const DOC = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
}
const docHeaders = (signature = DOC.signature, timestamp = DOC.timestamp) =>
  new Headers({ 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp })
const AT_DOC_TIME = Number(DOC.timestamp) * 1000

describe('verifying a Slack signature', () => {
  it("accepts Slack's published worked example, and signs it to the same value", async () => {
    expect(await verifySlackRequest(DOC.secret, docHeaders(), DOC.body, AT_DOC_TIME)).toBe('ok')
    expect(await signSlackRequest(DOC.secret, DOC.timestamp, DOC.body)).toBe(DOC.signature)
  })

  it('refuses the example tampered with: body, signature, secret or timestamp', async () => {
    expect(await verifySlackRequest(DOC.secret, docHeaders(), DOC.body.replace('text=', 'text=approve'), AT_DOC_TIME)).toBe('mismatch')
    expect(await verifySlackRequest(DOC.secret, docHeaders(DOC.signature.replace(/.$/, '4')), DOC.body, AT_DOC_TIME)).toBe('mismatch')
    expect(await verifySlackRequest(`${DOC.secret}x`, docHeaders(), DOC.body, AT_DOC_TIME)).toBe('mismatch')
    expect(await verifySlackRequest(DOC.secret, docHeaders(DOC.signature, '1531420619'), DOC.body, AT_DOC_TIME)).toBe('mismatch')
    expect(await verifySlackRequest(DOC.secret, docHeaders(DOC.signature.replace('v0=', 'v1=')), DOC.body, AT_DOC_TIME)).toBe('mismatch')
    expect(await verifySlackRequest(DOC.secret, new Headers(), DOC.body, AT_DOC_TIME)).toBe('missing')
  })

  it('refuses a timestamp more than five minutes away, either side', async () => {
    expect(await verifySlackRequest(DOC.secret, docHeaders(), DOC.body, AT_DOC_TIME + 300_000)).toBe('ok')
    expect(await verifySlackRequest(DOC.secret, docHeaders(), DOC.body, AT_DOC_TIME + 301_000)).toBe('expired')
    expect(await verifySlackRequest(DOC.secret, docHeaders(), DOC.body, AT_DOC_TIME - 301_000)).toBe('expired')
    // the example itself, today, is a replay from 2018
    expect(await verifySlackRequest(DOC.secret, docHeaders(), DOC.body)).toBe('expired')
  })

  it('round-trips our own signatures, Chinese text included', async () => {
    const body = new URLSearchParams({ text: '起草　通知　开展安全生产大检查', user_id: 'U1' }).toString()
    const ts = Math.floor(Date.now() / 1000)
    const headers = new Headers({ 'x-slack-signature': await signSlackRequest('s3cret', ts, body), 'x-slack-request-timestamp': String(ts) })
    expect(await verifySlackRequest('s3cret', headers, body)).toBe('ok')
    expect(await verifySlackRequest('s3cret', headers, body.replace('U1', 'U2'))).toBe('mismatch')
  })
})

describe('the Slack webhooks refuse what is not Slack', () => {
  let office: Awaited<ReturnType<typeof fullOffice>>
  let drafter: { userId: string }
  beforeAll(async () => {
    office = await fullOffice()
    drafter = await linkSlack(office, 'drafter')
  })
  afterEach(() => vi.restoreAllMocks())

  const draftCount = async () => (await expectJson<{ items: unknown[] }>(await call('GET', '/api/v1/drafts?limit=100', { token: office.tokens.admin }), 200)).items.length

  it('a tampered command is refused with 401 and nothing runs', async () => {
    const slack = slackStandIn()
    const signed = commandBody(drafter.userId, '待办')
    const tampered = signed.replace(encodeURIComponent('待办'), encodeURIComponent(`起草 通知 ${unique('篡改')}`))
    const res = await slackPost('commands', tampered, { signedBody: signed })
    expect(res.status).toBe(401)
    const body = await res.json<any>()
    expect(body.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Slack 请求签名无效' })
    expect(await draftCount()).toBe(0)
    expect(slack.responded).toHaveLength(0)
  })

  it('an expired request is refused, and so is one signed with another secret', async () => {
    const body = commandBody(drafter.userId, `起草 通知 ${unique('过期')}`)
    const old = await slackPost('commands', body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })
    expect(old.status).toBe(401)
    expect((await old.json<any>()).error.message).toContain('超过 5 分钟')
    const wrong = await slackPost('commands', body, { secret: 'not-the-signing-secret' })
    expect(wrong.status).toBe(401)
    const unsigned = await createApp().fetch(new Request('http://wenfu.test/bots/slack/commands', { method: 'POST', body }), env)
    expect(unsigned.status).toBe(401)
    expect(await draftCount()).toBe(0)
  })

  it('a replayed request within the five minutes runs once', async () => {
    slackStandIn({ llm: true })
    const body = commandBody(drafter.userId, `起草 通知 ${unique('重放')}`)
    const ts = Math.floor(Date.now() / 1000)
    const [first, replay] = await delivering(async () => [await slackPost('commands', body, { timestamp: ts }), await slackPost('commands', body, { timestamp: ts })], true)
    expect(blockText((await first.json<any>()).blocks)).toContain('已开始起草')
    expect(replay.status).toBe(200)
    expect(await replay.text()).toBe('')
    expect(await draftCount()).toBe(1)
  })

  it('without its secrets Slack answers a clear error and the rest of the product works', async () => {
    const bare = { ...env, SLACK_SIGNING_SECRET: undefined, SLACK_BOT_TOKEN: undefined }
    const app = createApp()
    const res = await app.fetch(new Request('http://wenfu.test/bots/slack/commands', { method: 'POST', body: commandBody('U1', '帮助') }), bare)
    expect(res.status).toBe(412)
    const body = await res.json<any>()
    expect(body.error.code).toBe('PRECONDITION_FAILED')
    expect(body.error.message).toContain('SLACK_SIGNING_SECRET')
    expect((await app.fetch(new Request('http://wenfu.test/healthz'), bare)).status).toBe(200)
  })

  it('answers help to anyone, linked or not', async () => {
    const res = await slackPost('commands', commandBody('USTRANGER1', 'help'))
    expect(blockText((await res.json<any>()).blocks)).toContain('起草 <文种或模板>'.replace(/</g, '&lt;').replace(/>/g, '&gt;'))
  })
})
