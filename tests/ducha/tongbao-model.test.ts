/**
 * The 督查通报 written by a model (the OpenAI-compatible stand-in, which writes from the prompt it is
 * sent), and the draft check of a 通报: every figure is traced to the counts computed from the item
 * table, so the table's counts pass and a wrong number is flagged — at compose time and in the draft
 * check, also after a person's edit. Restricted items never reach the model; the draft carries the
 * sensitivity of the items and feedback it rests on.
 */
import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { call, expectJson } from '../fixtures'
import { fakeLlm, type FakeCall } from '../helpers/fake-llm'
import { createItem, duchaOffice, type DuchaOffice } from './helpers'

const FROM = '2026-01-01'
const TO = '2026-12-31'
const CLOSING = '方案经常委会审定后印发，建立周调度机制。'
const SECRET = '某敏感工作绝不外传'
let o: DuchaOffice
let fake: ReturnType<typeof fakeLlm> | null = null

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
const post = (token: string, path: string, body: unknown) => call('POST', path, { token, body })
const tongbao = (body: Record<string, unknown>) => post(o.tokens.drafter, '/api/v1/ducha/tongbao', { from: FROM, to: TO, subject: '2026年区委重点工作', ...body })

beforeAll(async () => {
  o = await duchaOffice()
  const lead = o.liaisons['区发展和改革委员会']!.token
  const zj = o.liaisons['区住房和城乡建设局']!.token
  const a = await createItem(o.tokens.drafter, { title: '制定攻坚行动方案', deadline: '2026-03-31', sensitivity: 'public' })
  await expectJson(await post(lead, `/api/v1/ducha/items/${a.id}/closing`, { text: CLOSING, reportedOn: '2026-03-28' }), 201)
  await expectJson(await post(o.tokens.reviewer, `/api/v1/ducha/items/${a.id}/closing/decision`, { decision: 'accepted' }), 200)
  const b = await createItem(o.tokens.drafter, { title: '推进老旧小区改造', deadline: '2026-06-30', leadUnit: '区住建局', supportUnits: [], sensitivity: 'public' })
  await expectJson(await post(zj, `/api/v1/ducha/items/${b.id}/feedback`, { text: '已完成8个小区的开工。', milestone: '形成初稿', reportedOn: '2026-05-10' }), 201)
  await createItem(o.tokens.drafter, { title: '完成财政预算调整', deadline: '2026-09-30', leadUnit: '区财政局', supportUnits: [], sensitivity: 'public' })
  await createItem(o.tokens.drafter, { title: SECRET, deadline: '2026-05-31', sensitivity: 'restricted' })
})

afterEach(() => {
  fake?.restore()
  fake = null
})

/** The counts an office would compute from its item table by hand, straight from D1. */
async function tableCounts() {
  const t = today()
  const cut = t < TO ? t : TO
  const q = (where: string, ...args: unknown[]) =>
    env.DB.prepare(`SELECT COUNT(*) AS n FROM ducha_items WHERE office_id = ? AND deadline BETWEEN ? AND ? AND ${where}`)
      .bind(o.id, FROM, TO, ...args)
      .first<{ n: number }>()
      .then((r) => r!.n)
  const due = await q('deadline <= ?', cut)
  const onTime = await q("status IN ('completed','signed_off') AND completed_on <= deadline AND deadline <= ?", cut)
  return {
    total: await q('1=1'),
    signedOff: await q("status = 'signed_off'"),
    overdue: await q("status IN ('not_started','in_progress','extension_requested') AND deadline < ?", t),
    due,
    onTime,
    rate: due ? String(Math.round((onTime / due) * 1000) / 10) : null,
  }
}

/** A model that writes from what it was sent: the markers in the prompt, and the given counts. */
function writer(counts: Awaited<ReturnType<typeof tableCounts>>, wrong = false) {
  return (c: FakeCall) => {
    const items = [...c.user.matchAll(/^\[(D\d+)\] (.+)$/gm)].map((m) => ({ marker: m[1]!, line: m[2]! }))
    const overdue = items.filter((i) => i.line.includes('逾期')).map((i) => i.marker)
    const r1 = /^\[(R\d+)\] 对应 \[(D\d+)\]，([^，]+)，办结报告，[^：]+：“(.+)”$/m.exec(c.user)
    const all = items.map((i) => i.marker).join('、')
    const total = wrong ? counts.total + 1 : counts.total
    const sections = {
      opening: `根据区委工作安排，区委督查室对2026年区委重点工作推进情况进行了梳理，涉及督办事项${total}项[${all}]。现将有关情况通报如下：`,
      overall:
        `截至目前，已销号${counts.signedOff}项，逾期未办结${counts.overdue}项[${overdue.join('、')}]。` +
        `已到完成时限的${counts.due}项中，按期办结${counts.onTime}项，按期办结率为${counts.rate}%[${all}]。` +
        (r1 ? `${r1[3]}按期办结：“${r1[4]}”[${r1[1]}、${r1[2]}]。` : '') +
        (wrong ? '全区完成率达到“99%”[D9]。' : ''),
      problems: `逾期未办结事项${counts.overdue}项[${overdue.join('、')}]，相关单位要加快推进。`,
      requirements: '各责任单位要按要求及时反馈工作进展，确保事事有结果、件件有回音。',
    }
    return { text: JSON.stringify(sections) }
  }
}

const checkIssues = async (draftId: string) =>
  (await expectJson(await call('POST', `/api/v1/drafts/${draftId}/check`, { token: o.tokens.reviewer, body: {} }), 200)).issues as any[]

describe('督查通报 written by a model', () => {
  it('states the item table’s counts, cites rows of the record, and flags nothing; restricted items are never sent', async () => {
    const counts = await tableCounts()
    expect(counts.overdue).toBeGreaterThan(0)
    fake = fakeLlm(writer(counts))
    const res = await expectJson(await tongbao({}), 201)
    expect(fake.calls).toHaveLength(1)
    const prompt = fake.calls[0]!.user
    expect(prompt).not.toContain(SECRET)
    expect(prompt).toContain('（内容不发送）')
    expect(prompt).toContain(CLOSING)
    expect(res).toMatchObject({ mode: 'generate', fallback: null, model: 'stand-in', invalidMarkers: [] })
    const text = Object.values(res.sections).join('\n')
    expect(text).toContain(`督办事项${counts.total}项`)
    expect(text).toContain(`按期办结率为${counts.rate}%`)
    expect(res.figures.flagged).toEqual([])
    for (const m of new Set([...text.matchAll(/[DR]\d+/g)].map((x) => x[0]))) {
      const c = res.citations[m]
      const table = c.kind === 'ducha_item' ? 'ducha_items' : 'ducha_feedback'
      expect(await env.DB.prepare(`SELECT id FROM ${table} WHERE id = ? AND office_id = ?`).bind(c.id, o.id).first(), m).toBeTruthy()
    }
    expect(res.draft).toMatchObject({ mode: 'generate', templateId: 'ducha-tongbao', sensitivity: 'restricted' })
    // The draft check traces the counts to the record: none is a suspect.
    expect((await checkIssues(res.draft.id)).filter((i) => i.ruleId === 'facts.untraced-figure')).toEqual([])
  })

  it('flags a wrong number, a quotation the record does not hold and a marker naming no row, here and in the draft check', async () => {
    const counts = await tableCounts()
    fake = fakeLlm(writer(counts, true))
    const res = await expectJson(await tongbao({}), 201)
    expect(res.figures.flagged).toEqual([
      { section: 'opening', figure: String(counts.total + 1) },
      { section: 'overall', figure: '99' },
    ])
    expect(res.invalidMarkers).toEqual([{ section: 'overall', marker: 'D9' }])
    expect(res.sections.overall).not.toContain('D9')
    // The true quotation of the closing report is the record's words: its figures are not checked.
    expect(res.sections.overall).toContain(`“${CLOSING}”`)
    const flags = res.draft.flags.map((f: any) => f.kind)
    expect(flags).toContain('untraced-figure')
    expect(flags).toContain('invalid-marker')
    const issues = await checkIssues(res.draft.id)
    const check = await expectJson(await call('POST', `/api/v1/drafts/${res.draft.id}/check`, { token: o.tokens.reviewer, body: {} }), 200)
    const suspects = issues.filter((i) => i.ruleId === 'facts.untraced-figure').map((i) => check.text.slice(i.start, i.end))
    expect(suspects.sort()).toEqual([String(counts.total + 1), '99'].sort())
  })

  it('falls back to the assembled text on a 500, and says so on the result and the draft', async () => {
    const assembled = await expectJson(await tongbao({ mode: 'assemble', createDraft: false }), 201)
    fake = fakeLlm(() => ({ status: 500 }))
    const res = await expectJson(await tongbao({}), 201)
    expect(fake.calls).toHaveLength(3)
    expect(res).toMatchObject({ mode: 'assemble', fallback: { reason: 'upstream' }, model: null })
    expect(res.sections).toEqual(assembled.sections)
    expect(res.draft.mode).toBe('assemble')
    expect(res.draft.flags.find((f: any) => f.kind === 'mode-fallback').message).toContain('已改用拼装模式')
  })
})

describe('the draft check of an assembled 通报', () => {
  it('traces every count to the record, and flags a number a person changes', async () => {
    const counts = await tableCounts()
    const res = await expectJson(await tongbao({ mode: 'assemble' }), 201)
    expect(res.figures.flagged).toEqual([])
    expect((await checkIssues(res.draft.id)).filter((i) => i.ruleId === 'facts.untraced-figure')).toEqual([])

    const draft = await expectJson(await call('GET', `/api/v1/drafts/${res.draft.id}`, { token: o.tokens.drafter }), 200)
    const opening = draft.sections.find((s: any) => s.key === 'opening')
    const edited = opening.text.replace(`督办事项${counts.total}项`, `督办事项${counts.total + 30}项`)
    expect(edited).not.toBe(opening.text)
    await expectJson(
      await call('PUT', `/api/v1/drafts/${draft.id}`, {
        token: o.tokens.drafter,
        headers: { 'if-match': `"${draft.version}"` },
        body: { sections: draft.sections.map((s: any) => ({ id: s.id, heading: s.heading, text: s.id === opening.id ? edited : s.text })) },
      }),
      200,
    )
    const check = await expectJson(await call('POST', `/api/v1/drafts/${draft.id}/check`, { token: o.tokens.reviewer, body: {} }), 200)
    const suspects = check.issues.filter((i: any) => i.ruleId === 'facts.untraced-figure').map((i: any) => check.text.slice(i.start, i.end))
    expect(suspects).toEqual([String(counts.total + 30)])
  })
})
