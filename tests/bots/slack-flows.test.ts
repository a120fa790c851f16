/**
 * Whole flows through the Slack adapter against a stand-in of Slack (tests/bots/slack-stand-in.ts):
 * signed requests in, Slack's formats out, the delivery Workflow really running.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { call, createFinding, expectJson, unique } from '../fixtures'
import { act, getDraft, makeDraft, save } from '../lifecycle/helpers'
import { blockText, buttonsOf, commandBody, delivering, fullOffice, linkSlack, pressBody, slackPost, slackStandIn, waitFor } from './slack-stand-in'

type Office = Awaited<ReturnType<typeof fullOffice>>

let office: Office
let drafter: { userId: string; memberId: string }
let reviewer: { userId: string; memberId: string }
let reader: { userId: string; memberId: string }

beforeAll(async () => {
  office = await fullOffice()
  drafter = await linkSlack(office, 'drafter')
  reviewer = await linkSlack(office, 'reviewer')
  reader = await linkSlack(office, 'reader')
})

afterEach(() => vi.restoreAllMocks())

const notifications = async (status?: string) =>
  (await expectJson<{ items: any[] }>(await call('GET', `/api/v1/admin/bot-notifications${status ? `?status=${status}` : ''}`, { token: office.tokens.admin }), 200)).items

describe('a command to its posted result', () => {
  it('起草 answers at once, and posts the finished draft to the response_url when the job is done', async () => {
    const slack = slackStandIn({ llm: true })
    const body = commandBody(drafter.userId, `起草　讲话稿　优化营商环境　会议名称＝${unique('全区推进会')}　讲话人=区委书记张某某`)
    const res = await delivering(() => slackPost('commands', body), true)
    expect(res.status).toBe(200)
    const answer = await res.json<any>()
    expect(answer.response_type).toBe('ephemeral')
    expect(blockText(answer.blocks)).toContain('已开始起草')
    const draftId = /\/drafts\/(drf_[0-9a-z]{16})/.exec(JSON.stringify(answer.blocks))![1]!
    const draft: any = await getDraft(office, draftId)
    expect(draft.variables).toMatchObject({ topic: '优化营商环境', speaker: '区委书记张某某' })

    const result = slack.responded.find((r) => blockText(r.body.blocks).includes('起草完成'))!
    expect(result, JSON.stringify(slack.responded)).toBeTruthy()
    expect(result.url).toBe(new URLSearchParams(body).get('response_url'))
    const text = blockText(result.body.blocks)
    expect(text).toContain(`#${draftId.slice(4, 10)}`)
    expect(text).toContain(draft.title.replace(/&/g, '&amp;'))
    expect(text).toMatch(/已写章节：\d+\/\d+/)
    expect(text).toMatch(/【待补】：\d+ 处/)
    expect(text).toMatch(/校对：必须修改 \d+ 处/)
    expect(text).toContain(`http://wenfu.test/drafts/${draftId}`)
    const written = (draft.sections as any[]).filter((s) => s.kind === 'written')
    expect(text).toContain(`已写章节：${written.filter((s) => s.status === 'done').length}/${written.length}`)
  })

  it('检索 lists public and internal results (marked) and leaves restricted ones out', async () => {
    const tag = unique('检索标记')
    await createFinding(office.tokens.drafter, { title: `公开的${tag}座谈`, sensitivity: 'public', body: `${tag}：企业反映审批提速。` })
    await createFinding(office.tokens.drafter, { title: `内部的${tag}走访`, sensitivity: 'internal', body: `${tag}：内部走访记录。` })
    await createFinding(office.tokens.drafter, { title: `敏感的${tag}线索`, sensitivity: 'restricted', body: `${tag}：敏感线索绝不外传。` })
    slackStandIn()
    const res = await slackPost('commands', commandBody(drafter.userId, `search ${tag}`))
    const text = blockText((await res.json<any>()).blocks)
    expect(text).toContain(`公开的${tag}座谈`)
    expect(text).toContain(`【内部】［调研发现］内部的${tag}走访`)
    expect(text).not.toContain('敏感的')
    expect(text).not.toContain('绝不外传')
    expect(text).toContain('另有 1 条敏感材料')
  })

  it('校对 lists the issues by level as the API finds them', async () => {
    slackStandIn()
    const sample = '关于开展安全生产大检查的通知\n各镇（街道）：\n请于2026年6月31日前报送材料,,并做好做好相关工作。'
    const api = await expectJson<any>(await call('POST', '/api/v1/check', { token: office.tokens.drafter, body: { text: sample } }), 200)
    expect(api.issues.length).toBeGreaterThan(0)
    const res = await slackPost('commands', commandBody(drafter.userId, `校对 ${sample}`))
    const text = blockText((await res.json<any>()).blocks)
    expect(text).toContain(`必须修改 ${api.stats.byLevel['must-fix']} 处，疑似问题 ${api.stats.byLevel.suspect} 处，提示 ${api.stats.byLevel.hint} 处`)
    expect(text).toContain(api.issues[0].message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
  })

  it('状态 and 待办 show a draft by its short number', async () => {
    slackStandIn()
    const d = await makeDraft(office)
    await delivering(async () => expectJson(await act(office, d.id, 'submit', 'drafter'), 200))
    const status = blockText((await (await slackPost('commands', commandBody(reviewer.userId, `状态 #${d.id.slice(4, 10)}`))).json<any>()).blocks)
    expect(status).toContain('状态：审核中')
    const todo = blockText((await (await slackPost('commands', commandBody(reviewer.userId, '待办'))).json<any>()).blocks)
    expect(todo).toContain(`#${d.id.slice(4, 10)}`)
    const unknown = blockText((await (await slackPost('commands', commandBody(reviewer.userId, '状态 #zzzzzz'))).json<any>()).blocks)
    expect(unknown).toContain('没有编号为 #zzzzzz 的文稿')
  })

  it('a retried delivery of the same command runs once', async () => {
    slackStandIn({ llm: true })
    const body = commandBody(drafter.userId, `起草 通知 ${unique('开展防汛检查')}`)
    const before = (await notifications()).length
    const [first, second] = await delivering(async () => {
      const first = await slackPost('commands', body)
      const second = await slackPost('commands', body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })
      return [first, second]
    }, true)
    expect(blockText((await first.json<any>()).blocks)).toContain('已开始起草')
    expect(second.status).toBe(200)
    expect(await second.text()).toBe('')
    expect((await notifications()).length).toBe(before + 1)
  })
})

describe('notifications and approval by button', () => {
  it('a submission notifies the linked reviewer, whose button approves; the message is updated and the audit chain names the reviewer', async () => {
    const slack = slackStandIn()
    const d = await makeDraft(office)
    await delivering(async () => expectJson(await act(office, d.id, 'submit', 'drafter'), 200))
    const message = slack.posted.find((p) => p.channel === reviewer.userId)!
    expect(message, JSON.stringify(slack.posted.map((p) => p.channel))).toBeTruthy()
    expect(blockText(message.blocks)).toContain('文稿已提交审核')
    const buttons = buttonsOf(message.blocks)
    expect(buttons.map((b: any) => b.text.text)).toEqual(['通过', '退回', '打开'])
    expect(buttons[2].url).toBe(`http://wenfu.test/drafts/${d.id}`)
    // the author submitted it: the one who acted is not told of their own act
    expect(slack.posted.some((p) => p.channel === drafter.userId)).toBe(false)

    const res = await slackPost('interactions', pressBody(reviewer.userId, buttons[0]))
    expect(res.status).toBe(200)
    const update = await waitFor(() => slack.responded.find((r) => r.body.replace_original === true))
    expect(blockText(update.body.blocks)).toMatch(/reviewer成员于 \d{4}-\d\d-\d\d \d\d:\d\d 审核通过/)
    expect(buttonsOf(update.body.blocks)).toEqual([])
    expect((await getDraft(office, d.id)).status).toBe('approved')
    const audit = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/audit?action=draft.approve&targetId=${d.id}`, { token: office.tokens.admin }), 200)
    expect(audit.items).toHaveLength(1)
    expect(audit.items[0]).toMatchObject({ memberId: reviewer.memberId, role: 'reviewer' })
  })

  it('a stale button (the draft changed after the message) is refused and changes nothing', async () => {
    const slack = slackStandIn()
    const d = await makeDraft(office)
    await delivering(async () => expectJson(await act(office, d.id, 'submit', 'drafter'), 200))
    const message = slack.posted.filter((p) => p.channel === reviewer.userId).at(-1)!
    const now = await getDraft(office, d.id)
    await expectJson(await save(office, d.id, now.version, [...now.sections.map((s) => ({ id: s.id, heading: s.heading, text: s.text })), { heading: '补充', text: '新增一段内容。' }], office.tokens.reviewer), 200)
    const after = await getDraft(office, d.id)
    await slackPost('interactions', pressBody(reviewer.userId, buttonsOf(message.blocks)[0]))
    const refusal = await waitFor(() => slack.responded.at(-1))
    expect(refusal.body.replace_original).toBe(false)
    expect(refusal.body.response_type).toBe('ephemeral')
    expect(blockText(refusal.body.blocks)).toContain('已被修改')
    expect((await getDraft(office, d.id)).status).toBe(after.status)
    const audit = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/audit?action=draft.approve&targetId=${d.id}`, { token: office.tokens.admin }), 200)
    expect(audit.items).toHaveLength(0)
  })

  it('a returned draft tells its linked author, with the note', async () => {
    const slack = slackStandIn()
    const d = await makeDraft(office)
    await delivering(async () => expectJson(await act(office, d.id, 'submit', 'drafter'), 200))
    const note = unique('第二部分数据需核实')
    await delivering(async () => {
      const res = await slackPost('commands', commandBody(reviewer.userId, `退回 #${d.id.slice(4, 10)} ${note}`))
      expect(blockText((await res.json<any>()).blocks)).toContain('退回修改')
    })
    const told = slack.posted.find((p) => p.channel === drafter.userId && blockText(p.blocks).includes('文稿已退回修改'))!
    expect(told).toBeTruthy()
    expect(blockText(told.blocks)).toContain(note)
    expect(buttonsOf(told.blocks).map((b: any) => b.action_id)).toEqual([])
  })

  it('retries Slack rate limits and 5xx, and shows an admin a notification that could not be delivered', async () => {
    const flaky = slackStandIn({ postMessage: (n) => [{ status: 429 } as const, { error: 'ratelimited' }, { status: 503 } as const][n] ?? 'ok' })
    const d = await makeDraft(office)
    await delivering(async () => expectJson(await act(office, d.id, 'submit', 'drafter'), 200))
    expect(flaky.posted.filter((p) => p.channel === reviewer.userId)).toHaveLength(1)
    const delivered = (await notifications('delivered')).find((n) => n.draftId === d.id)
    expect(delivered).toMatchObject({ attempts: 4, status: 'delivered', memberId: reviewer.memberId })
    vi.restoreAllMocks()

    slackStandIn({ postMessage: () => ({ error: 'channel_not_found' }) })
    const d2 = await makeDraft(office)
    await delivering(async () => expectJson(await act(office, d2.id, 'submit', 'drafter'), 200))
    expect((await getDraft(office, d2.id)).status).toBe('in_review')
    const failed = (await notifications('failed')).find((n) => n.draftId === d2.id)
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('channel_not_found') })
  })
})

describe('who may do what from the chat window', () => {
  it('an unlinked Slack user is told so and nothing runs', async () => {
    const slack = slackStandIn()
    const before = (await notifications()).length
    const res = await slackPost('commands', commandBody('UNOTLINKED1', `起草 通知 ${unique('开展检查')}`))
    const text = blockText((await res.json<any>()).blocks)
    expect(text).toContain('还没有绑定文辅成员')
    expect(text).toContain('UNOTLINKED1')
    expect((await notifications()).length).toBe(before)
    expect(slack.posted).toHaveLength(0)
  })

  it('a reader cannot approve, by command or by button', async () => {
    const slack = slackStandIn()
    const d = await makeDraft(office)
    await delivering(async () => expectJson(await act(office, d.id, 'submit', 'drafter'), 200))
    const res = await slackPost('commands', commandBody(reader.userId, `通过 #${d.id.slice(4, 10)}`))
    expect(blockText((await res.json<any>()).blocks)).toContain('须由审核人操作')
    // the role is checked before the content hash: any hash is refused for a reader
    await slackPost('interactions', pressBody(reader.userId, { action_id: 'approve', value: JSON.stringify({ d: d.id, h: '0'.repeat(64) }) }))
    const refusal = await waitFor(() => slack.responded.at(-1))
    expect(refusal.body.replace_original).toBe(false)
    expect(blockText(refusal.body.blocks)).toContain('须由审核人操作')
    expect((await getDraft(office, d.id)).status).toBe('in_review')
  })

  it('restricted material never appears in a chat message', async () => {
    const slack = slackStandIn()
    const secret = unique('绝密线索内容')
    const f = await createFinding(office.tokens.drafter, { title: `敏感调研${secret}`, sensitivity: 'restricted', body: `${secret}，不得外传。`, figures: [] })
    const d = await expectJson<{ id: string; title: string }>(
      await call('POST', '/api/v1/drafts', { token: office.tokens.drafter, body: { templateId: 'tongzhi', variables: { subject: unique('整改') }, mode: 'assemble', materials: { findingIds: [f.id] } } }),
      201,
    )
    await call('POST', `/api/v1/drafts/${d.id}/outline`, { token: office.tokens.drafter, body: {} })
    const status = blockText((await (await slackPost('commands', commandBody(reviewer.userId, `状态 ${d.id}`))).json<any>()).blocks)
    expect(status).toContain('【敏感】')
    expect(status).toContain('不显示本文稿的内容')
    expect(status).not.toContain(secret)
    await delivering(async () => expectJson(await act(office, d.id, 'submit', 'drafter'), 200))
    const told = slack.posted.filter((p) => blockText(p.blocks).includes(d.id.slice(4, 10)))
    expect(told.length).toBeGreaterThan(0)
    for (const p of told) {
      expect(blockText(p.blocks)).not.toContain(secret)
      expect(p.text).not.toContain(secret)
    }
  })
})
