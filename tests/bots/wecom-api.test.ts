import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clearTokenCache, sendToMember, updateTemplateCard, WecomApiError, wecomSender } from '../../src/bots/wecom/api'
import { decidedCard, decodeButtonKey } from '../../src/bots/wecom/render'
import { BotDeliveryError, type BotMessage, type ChatUser } from '../../src/bots/types'
import type { Env } from '../../src/env'
import { installFakeWecomApi, type FakeWecomApi } from './wecom-stand-ins'

const ENV = env as unknown as Env
const TO: ChatUser = { platform: 'wecom', tenant: ENV.WECOM_CORP_ID!, userId: 'LiShen' }
const SEND = '/cgi-bin/message/send'
const TOKEN = '/cgi-bin/gettoken'
const NOTE: BotMessage = { title: '文稿待你审核', lines: ['《关于开展安全生产隐患排查整治的通知》', '起草人：王文'] }

async function failure(p: Promise<unknown>): Promise<WecomApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(BotDeliveryError)
  expect(err).toBeInstanceOf(WecomApiError)
  return err as WecomApiError
}

let api: FakeWecomApi
beforeEach(() => {
  clearTokenCache()
  api = installFakeWecomApi()
})
afterEach(() => {
  api.restore()
  vi.useRealTimers()
})

describe('access_token', () => {
  it('is fetched once with the corp id and secret, and reused for later calls', async () => {
    await wecomSender.send(ENV, TO, NOTE)
    await wecomSender.send(ENV, TO, NOTE)
    const tokenCalls = api.of(TOKEN)
    expect(tokenCalls).toHaveLength(1)
    expect(tokenCalls[0]!.query.get('corpid')).toBe(ENV.WECOM_CORP_ID)
    expect(tokenCalls[0]!.query.get('corpsecret')).toBe(ENV.WECOM_SECRET)
    const sends = api.of(SEND)
    expect(sends).toHaveLength(2)
    expect(sends[0]!.query.get('access_token')).toBe(sends[1]!.query.get('access_token'))
  })

  it('concurrent sends share one gettoken', async () => {
    await Promise.all([1, 2, 3, 4].map(() => wecomSender.send(ENV, TO, NOTE)))
    expect(api.of(TOKEN)).toHaveLength(1)
    expect(api.of(SEND)).toHaveLength(4)
  })

  it('is fetched again once expires_in (less a margin) has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-02T08:00:00Z'))
    await wecomSender.send(ENV, TO, NOTE)
    vi.setSystemTime(new Date('2026-12-02T09:54:00Z')) // 6840 s later: still inside 7200 − 300
    await wecomSender.send(ENV, TO, NOTE)
    expect(api.of(TOKEN)).toHaveLength(1)
    vi.setSystemTime(new Date('2026-12-02T09:56:00Z')) // 6960 s: past the margin
    await wecomSender.send(ENV, TO, NOTE)
    expect(api.of(TOKEN)).toHaveLength(2)
  })

  it('rejected as expired (42001) is refreshed once and the call succeeds', async () => {
    await wecomSender.send(ENV, TO, NOTE)
    api.expireTokens()
    const sent = await wecomSender.send(ENV, TO, NOTE)
    expect(sent.ref).toMatch(/^msg-/)
    expect(api.of(TOKEN)).toHaveLength(2)
    expect(api.of(SEND)).toHaveLength(3)
  })

  it('still rejected after the one refresh: a retryable failure, and no third token', async () => {
    api.fail(SEND, { errcode: 42001 }, { errcode: 42001 })
    const err = await failure(wecomSender.send(ENV, TO, NOTE))
    expect(err.retryable).toBe(true)
    expect(err.errcode).toBe(42001)
    expect(err.message).toContain('access_token 已过期')
    expect(api.of(TOKEN)).toHaveLength(2)
    expect(api.of(SEND)).toHaveLength(2)
  })
})

describe('failures are BotDeliveryError with the cause in Chinese', () => {
  it('60020 (IP not trusted) explains the trusted-IP requirement and the egress proxy, and is final', async () => {
    api.fail(TOKEN, { errcode: 60020 })
    const err = await failure(wecomSender.send(ENV, TO, NOTE))
    expect(err.retryable).toBe(false)
    expect(err.errcode).toBe(60020)
    expect(err.message).toContain('企业可信IP')
    expect(err.message).toContain('203.0.113.7')
    expect(err.message).toContain('WECOM_API_BASE')
    expect(err.message).toContain('出口代理')
  })

  it('45009 (rate limit), -1 (busy), HTTP 5xx and timeouts are retryable', async () => {
    api.fail(SEND, { errcode: 45009 })
    const rate = await failure(wecomSender.send(ENV, TO, NOTE))
    expect([rate.retryable, rate.message]).toEqual([true, expect.stringContaining('频率')])
    api.fail(SEND, { errcode: -1 })
    expect((await failure(wecomSender.send(ENV, TO, NOTE))).retryable).toBe(true)
    api.fail(SEND, { status: 502 })
    const bad = await failure(wecomSender.send(ENV, TO, NOTE))
    expect([bad.retryable, bad.message]).toEqual([true, expect.stringContaining('HTTP 502')])
    api.fail(SEND, 'hang')
    const slow = await failure(wecomSender.send({ ...ENV, WECOM_API_TIMEOUT_MS: '40' }, TO, NOTE))
    expect([slow.retryable, slow.message]).toEqual([true, expect.stringContaining('没有响应')])
  })

  it('a wrong secret (40001), an answer that is not WeCom JSON, or a proxy 403 are final', async () => {
    const wrong = await failure(wecomSender.send({ ...ENV, WECOM_SECRET: 'not-the-secret' }, TO, NOTE))
    expect([wrong.retryable, wrong.errcode]).toEqual([false, 40001])
    expect(wrong.message).toContain('WECOM_SECRET')
    api.fail(SEND, 'not-json')
    const html = await failure(wecomSender.send(ENV, TO, NOTE))
    expect([html.retryable, html.message]).toEqual([false, expect.stringContaining('不是 JSON')])
    api.fail(SEND, { status: 403 })
    expect((await failure(wecomSender.send(ENV, TO, NOTE))).retryable).toBe(false)
  })

  it('a member WeCom lists as invalid (errcode 0, invaliduser) was not delivered to: final', async () => {
    const err = await failure(wecomSender.send(ENV, { ...TO, userId: 'gone-zhang' }, NOTE))
    expect(err.retryable).toBe(false)
    expect(err.message).toContain('gone-zhang')
  })

  it('an unknown errcode is final and names the code, never WeCom’s English text', async () => {
    api.fail(SEND, { errcode: 86001, errmsg: 'some english reason' })
    const err = await failure(wecomSender.send(ENV, TO, NOTE))
    expect(err.retryable).toBe(false)
    expect(err.message).toContain('86001')
    expect(err.message).not.toContain('english')
  })
})

describe('configuration', () => {
  it('configured() needs the CorpID, AgentId, Secret and API base', () => {
    expect(wecomSender.configured(ENV)).toBe(true)
    for (const name of ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_API_BASE'] as const) {
      expect(wecomSender.configured({ ...ENV, [name]: undefined })).toBe(false)
    }
  })

  it('sending unconfigured fails finally, naming what is missing, and calls nothing', async () => {
    const err = await failure(wecomSender.send({ ...ENV, WECOM_API_BASE: undefined, WECOM_SECRET: ' ' }, TO, NOTE))
    expect(err.retryable).toBe(false)
    expect(err.message).toContain('WECOM_SECRET、WECOM_API_BASE')
    expect(api.calls).toHaveLength(0)
  })

  it('refuses a member of another corp', async () => {
    const err = await failure(wecomSender.send(ENV, { ...TO, tenant: 'ww99other9corp' }, NOTE))
    expect(err.message).toContain('ww99other9corp')
    expect(api.calls).toHaveLength(0)
  })
})

describe('message/send payloads', () => {
  it('plain text for a message without links or buttons', async () => {
    await wecomSender.send(ENV, TO, NOTE)
    expect(api.of(SEND)[0]!.body).toEqual({ touser: 'LiShen', agentid: 1000002, msgtype: 'text', text: { content: '文稿待你审核\n《关于开展安全生产隐患排查整治的通知》\n起草人：王文' } })
  })

  it('markdown for a message with links; markup characters in the text cannot format it', async () => {
    await wecomSender.send(ENV, TO, { title: '检索结果 *3 条*', lines: ['1. [旧改] 报告 <b>'], links: [{ label: '打开编辑器', url: 'https://wenfu.example.gov.cn/drafts/drf_1' }] })
    const body = api.of(SEND)[0]!.body
    expect(body.msgtype).toBe('markdown')
    expect(body.markdown.content).toBe('**检索结果 ＊3 条＊**\n1. ［旧改］ 报告 ＜b＞\n[打开编辑器](https://wenfu.example.gov.cn/drafts/drf_1)')
  })

  it('a 按钮交互型 card with 通过 / 退回 / 打开, 打开 jumping to /drafts/:id; keys carry the draft and hash', async () => {
    const hash = 'c0ffee'.padEnd(64, '1')
    const msg: BotMessage = {
      title: '文稿待你审核：《关于开展安全生产隐患排查整治的通知》',
      lines: ['起草人：王文', '提交时间：2026-12-02 16:40'],
      links: [{ label: '打开文稿', url: 'https://wenfu.example.gov.cn/drafts/drf_k7x2' }],
      buttons: [
        { action: 'approve', label: '通过', draftId: 'drf_k7x2', contentHash: hash, style: 'primary' },
        { action: 'return', label: '退回', draftId: 'drf_k7x2', contentHash: hash, style: 'danger' },
        { action: 'open', label: '打开', draftId: 'drf_k7x2', contentHash: hash },
      ],
    }
    const sent = await wecomSender.send(ENV, TO, msg)
    const body = api.of(SEND)[0]!.body
    expect(sent.ref).toMatch(/^rc-send-/)
    expect(body).toMatchObject({ touser: 'LiShen', agentid: 1000002, msgtype: 'template_card' })
    const card = body.template_card
    expect(card.card_type).toBe('button_interaction')
    expect(card.task_id).toMatch(/^[A-Za-z0-9_@-]{1,128}$/)
    expect(card.main_title.title).toBe(msg.title)
    expect(card.card_action).toEqual({ type: 1, url: 'https://wenfu.example.gov.cn/drafts/drf_k7x2' })
    expect(card.button_list.map((b: any) => [b.text, b.style])).toEqual([
      ['通过', 1],
      ['退回', 3],
      ['打开', 2],
    ])
    expect(card.button_list.map((b: any) => decodeButtonKey(b.key))).toEqual([
      { action: 'approve', draftId: 'drf_k7x2', contentHash: hash },
      { action: 'return', draftId: 'drf_k7x2', contentHash: hash },
      { action: 'open', draftId: 'drf_k7x2', contentHash: hash },
    ])
    expect(card.button_list[2]).toMatchObject({ type: 1, url: 'https://wenfu.example.gov.cn/drafts/drf_k7x2' })
    expect(card.button_list[0].type).toBeUndefined()
  })

  it('cuts text over WeCom’s 2048 bytes at a character boundary and says so', async () => {
    await wecomSender.send(ENV, TO, { title: '审校结果', lines: ['问'.repeat(1000)] })
    const content: string = api.of(SEND)[0]!.body.text.content
    expect(new TextEncoder().encode(content).length).toBeLessThanOrEqual(2048)
    expect(content).toMatch(/问……（内容过长，其余请在编辑器中查看）$/)
  })

  it('update_template_card replaces the card for all recipients with the decision', async () => {
    const card = decidedCard({ title: '李审 已审核通过', lines: ['2026年12月2日 17:05'] }, { taskId: 'wf@drf_1@t', action: 'approve', userId: 'LiShen', at: new Date('2026-12-02T09:05:00Z') })
    await updateTemplateCard(ENV, 'rc-1', card)
    expect(api.of('/cgi-bin/message/update_template_card')[0]!.body).toEqual({ atall: 1, agentid: 1000002, response_code: 'rc-1', template_card: card })
    expect(card.horizontal_content_list[1]).toEqual({ keyname: '处理时间', value: '2026-12-02 17:05' })
  })

  it('sendToMember reports the msgid, and for a card the response_code and task id', async () => {
    const text = await sendToMember(ENV, 'LiShen', NOTE)
    expect(text.msgid).toMatch(/^msg-/)
    expect(text.responseCode).toBeUndefined()
    const card = await sendToMember(ENV, 'LiShen', { ...NOTE, buttons: [{ action: 'approve', label: '通过', draftId: 'drf_1', contentHash: 'h' }] })
    expect(card.responseCode).toMatch(/^rc-send-/)
    expect(card.taskId).toMatch(/^wf@drf_1@/)
  })
})
