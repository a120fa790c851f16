/**
 * The WeCom adapter with the real handlers, links and delivery Workflow (mounted as src/app.ts mounts
 * it): a submission sends the linked reviewer a 按钮交互型 card through message/send, the reviewer's
 * press approves the draft, the card is updated, and the audit chain names the reviewer. WeCom's API is
 * the stand-in of tests/bots/wecom-stand-ins.ts, speaking its real JSON and errcodes.
 */
import { env, exports } from 'cloudflare:workers'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { clearTokenCache } from '../../src/bots/wecom/api'
import type { Env } from '../../src/env'
import { call, expectJson } from '../fixtures'
import { act, getDraft, makeDraft } from '../lifecycle/helpers'
import { delivering, fullOffice } from './slack-stand-in'
import { cardEvent, installFakeWecomApi, linkWecom, openReply, secretsOf, signedPost, textMessage, type FakeWecomApi } from './wecom-stand-ins'

type Office = Awaited<ReturnType<typeof fullOffice>>
const secrets = secretsOf(env as unknown as Env)
let office: Office
let reviewer: { userId: string; memberId: string }
let reader: { userId: string; memberId: string }
let wecom: FakeWecomApi | undefined

const linkAs = (role: keyof Office['tokens']) => linkWecom(office, role, secrets.corpId)

const callback = async (plaintext: string) => exports.default.fetch(await signedPost(secrets, plaintext))

beforeAll(async () => {
  office = await fullOffice()
  reviewer = await linkAs('reviewer')
  reader = await linkAs('reader')
})

afterEach(() => {
  wecom?.restore()
  clearTokenCache()
})

describe('WeCom with the real handlers', () => {
  it('a submission sends the reviewer a card whose 通过 approves; the card is updated and the audit chain names the reviewer', async () => {
    wecom = installFakeWecomApi()
    const d = await makeDraft(office)
    await delivering(async () => expectJson(await act(office, d.id, 'submit', 'drafter'), 200))
    const sent = wecom.of('/cgi-bin/message/send').map((c) => c.body).find((b) => b.touser === reviewer.userId)
    expect(sent, JSON.stringify(wecom.calls.map((c) => c.path))).toBeTruthy()
    expect(sent.msgtype).toBe('template_card')
    expect(sent.template_card.card_type).toBe('button_interaction')
    const buttons = sent.template_card.button_list as { text: string; key: string }[]
    expect(buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['通过', '退回']))
    const approve = buttons.find((b) => b.text === '通过')!

    const res = await callback(cardEvent({ corpId: secrets.corpId, from: reviewer.userId, eventKey: approve.key, responseCode: 'rc-press-flow' }))
    expect(res.status).toBe(200)
    expect((await getDraft(office, d.id)).status).toBe('approved')
    const audit = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/audit?action=draft.approve&targetId=${d.id}`, { token: office.tokens.admin }), 200)
    expect(audit.items).toHaveLength(1)
    expect(audit.items[0]).toMatchObject({ memberId: reviewer.memberId, role: 'reviewer' })
    // the card shows who decided (update_template_card with the press's response_code)
    const update = wecom.of('/cgi-bin/message/update_template_card').at(-1)
    expect(update?.body.response_code).toBe('rc-press-flow')
    expect(JSON.stringify(update?.body)).toContain('已通过')
  })

  it("a reader's press on a card changes nothing, and an unlinked user's command runs nothing", async () => {
    wecom = installFakeWecomApi()
    const d = await makeDraft(office)
    await delivering(async () => expectJson(await act(office, d.id, 'submit', 'drafter'), 200))
    const sent = wecom.of('/cgi-bin/message/send').map((c) => c.body).find((b) => b.touser === reviewer.userId)
    const approve = (sent.template_card.button_list as { text: string; key: string }[]).find((b) => b.text === '通过')!
    await callback(cardEvent({ corpId: secrets.corpId, from: reader.userId, eventKey: approve.key }))
    expect((await getDraft(office, d.id)).status).toBe('in_review')

    const res = await callback(textMessage({ corpId: secrets.corpId, from: 'nobody-linked', content: '待办' }))
    expect(res.status).toBe(200)
    const reply = await openReply(secrets, res)
    expect(reply.Content).toMatch(/尚未|绑定|关联/)
  })

  it('a text command is answered with an encrypted passive reply from the real handlers', async () => {
    wecom = installFakeWecomApi()
    const res = await callback(textMessage({ corpId: secrets.corpId, from: reviewer.userId, content: '帮助' }))
    const reply = await openReply(secrets, res)
    expect(reply.MsgType).toBe('text')
    expect(reply.Content).toContain('检索')
    expect(reply.Content).toContain('校对')
  })
})
