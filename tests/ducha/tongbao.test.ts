import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkFigures } from '../../src/ducha'
import { call, expectError, expectJson, makeOffice } from '../fixtures'
import { createItem, duchaOffice, type DuchaOffice } from './helpers'

const FROM = '2026-01-01'
const TO = '2026-12-31'
let o: DuchaOffice
let result: any
let secret: any

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
const post = (token: string, path: string, body: unknown) => call('POST', path, { token, body })

beforeAll(async () => {
  o = await duchaOffice()
  const lead = o.liaisons['区发展和改革委员会']!.token
  const zj = o.liaisons['区住房和城乡建设局']!.token
  const a = await createItem(o.tokens.drafter, { title: '制定攻坚行动方案', deadline: '2026-03-31' })
  await expectJson(await post(lead, `/api/v1/ducha/items/${a.id}/closing`, { text: '方案经常委会审定后印发，建立周调度机制。', reportedOn: '2026-03-28' }), 201)
  await expectJson(await post(o.tokens.reviewer, `/api/v1/ducha/items/${a.id}/closing/decision`, { decision: 'accepted' }), 200)
  const b = await createItem(o.tokens.drafter, { title: '完成项目前期手续', deadline: '2026-04-30' })
  await expectJson(await post(lead, `/api/v1/ducha/items/${b.id}/closing`, { text: '已完成。', reportedOn: '2026-05-06' }), 201)
  await expectJson(await post(o.tokens.reviewer, `/api/v1/ducha/items/${b.id}/closing/decision`, { decision: 'returned', note: '缺少批复文件' }), 200)
  await createItem(o.tokens.drafter, { title: '推进老旧小区改造12个', deadline: '2026-06-30', leadUnit: '区住建局', supportUnits: [] })
  const d = await createItem(o.tokens.drafter, { title: '城中村改造计划', deadline: '2026-08-31', leadUnit: '区住建局', supportUnits: [] })
  await expectJson(await post(zj, `/api/v1/ducha/items/${d.id}/extensions`, { requestedDeadline: '2026-10-31', reason: '规划调整' }), 201)
  secret = await createItem(o.tokens.drafter, { title: '某涉密敏感工作绝不外传', deadline: '2026-05-31', sensitivity: 'restricted' })
  await createItem(o.tokens.drafter, { title: '年度目标盘点', deadline: '2026-12-31' })
  await createItem(o.tokens.drafter, { title: '期外事项', deadline: '2027-02-28' })
  result = await expectJson(await post(o.tokens.drafter, '/api/v1/ducha/tongbao', { from: FROM, to: TO, subject: '2026年区委重点工作', mode: 'assemble' }), 201)
})

/** The counts an office would compute from its item table by hand, straight from D1. */
async function tableCounts() {
  const t = today()
  const q = (where: string, ...args: unknown[]) =>
    env.DB.prepare(`SELECT COUNT(*) AS n FROM ducha_items WHERE office_id = ? AND deadline BETWEEN ? AND ? AND ${where}`)
      .bind(o.id, FROM, TO, ...args)
      .first<{ n: number }>()
      .then((r) => r!.n)
  const open = "status IN ('not_started','in_progress','extension_requested')"
  const total = await q('1=1')
  const due = await q('deadline <= ?', t < TO ? t : TO)
  const onTime = await q("status IN ('completed','signed_off') AND completed_on <= deadline AND deadline <= ?", t < TO ? t : TO)
  return {
    total,
    due,
    onTime,
    rate: due ? String(Math.round((onTime / due) * 1000) / 10) : null,
    signedOff: await q("status = 'signed_off'"),
    completed: await q("status = 'completed'"),
    overdue: await q(`${open} AND deadline < ?`, t),
    inProgress: await q("status = 'in_progress' AND deadline >= ?", t),
    notStarted: await q("status = 'not_started' AND deadline >= ?", t),
    extension: await q("status = 'extension_requested' AND deadline >= ?", t),
  }
}

describe('督查通报 from the record', () => {
  it('states counts and 按期办结率 equal to the item table, and flags nothing', async () => {
    const c = await tableCounts()
    expect(result.data.office).toMatchObject({ total: c.total, due: c.due, onTime: c.onTime, overdue: c.overdue, signedOff: c.signedOff })
    const text = Object.values(result.sections).join('\n')
    expect(text).toContain(`督办事项${c.total}项`)
    if (c.due) expect(text).toContain(`按期办结率为${c.rate}%`)
    if (c.overdue) expect(text).toContain(`逾期未办结${c.overdue}项`)
    if (c.extension) expect(text).toContain(`申请延期${c.extension}项`)
    expect(text).toContain(`已销号${c.signedOff}项`)
    // Every figure in the prose is one of the table's counts (or days overdue, checked below).
    const days = (await env.DB.prepare("SELECT deadline FROM ducha_items WHERE office_id = ? AND status IN ('not_started','in_progress','extension_requested') AND deadline < ?").bind(o.id, today()).all<{ deadline: string }>()).results.map(
      (r) => String(Math.round((Date.parse(today()) - Date.parse(r.deadline)) / 86_400_000)),
    )
    const units = (
      await env.DB.prepare(
        `SELECT COUNT(*) AS total, SUM(status IN ('completed','signed_off')) AS done, SUM(deadline <= ?1) AS due,
                SUM(status IN ('completed','signed_off') AND completed_on <= deadline AND deadline <= ?1) AS onTime
         FROM ducha_items WHERE office_id = ?2 AND deadline BETWEEN ?3 AND ?4 GROUP BY lead_unit_id`,
      )
        .bind(today() < TO ? today() : TO, o.id, FROM, TO)
        .all<{ total: number; done: number; due: number; onTime: number }>()
    ).results
    const unitFigures = units.flatMap((u) => [u.total, u.done, ...(u.due ? [Math.round((u.onTime / u.due) * 1000) / 10] : [])].map(String))
    const returned = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM ducha_feedback f JOIN ducha_items i ON i.id = f.item_id WHERE f.office_id = ? AND f.kind = 'closing' AND f.decision = 'returned' AND i.deadline BETWEEN ? AND ?",
    )
      .bind(o.id, FROM, TO)
      .first<{ n: number }>()
    expect(text).toContain(`办结报告被退回${returned!.n}次`)
    const supported = new Set([...Object.values(c).filter((v) => v !== null).map(String), ...days, ...unitFigures, String(returned!.n)])
    expect(checkFigures(text, supported)).toEqual([])
    expect(result.figures.flagged).toEqual([])
  })

  it('cites every item and feedback row it speaks of, within the period and office', async () => {
    const text = Object.values(result.sections).join('\n')
    const markers = [...text.matchAll(/[DR]\d+/g)].map((m) => m[0])
    expect(markers.length).toBeGreaterThan(0)
    for (const m of new Set(markers)) {
      const c = result.citations[m]
      expect(c, m).toBeTruthy()
      const table = c.kind === 'ducha_item' ? 'ducha_items' : 'ducha_feedback'
      const row = await env.DB.prepare(`SELECT id FROM ${table} WHERE id = ? AND office_id = ?`).bind(c.id, o.id).first()
      expect(row, m).toBeTruthy()
    }
    // The typical case quotes the accepted closing report of the item done on time.
    expect(result.sections.overall).toContain('方案经常委会审定后印发')
    expect(text).not.toContain('期外事项')
  })

  it('never quotes a restricted item, and marks the draft with the highest sensitivity it counts', async () => {
    const text = Object.values(result.sections).join('\n')
    expect(text).not.toContain(secret.title)
    expect(result.draft.flags.find((f: any) => f.kind === 'supplied-record')).toMatchObject({ source: 'ducha.tongbao', sensitivity: 'restricted' })
    expect(result.draft.sensitivity).toBe('restricted')
  })

  it('is an ordinary draft of the ducha-tongbao template that can be read back and checked', async () => {
    const draft = await expectJson(await call('GET', `/api/v1/drafts/${result.draft.id}`, { token: o.tokens.reviewer }), 200)
    expect(draft).toMatchObject({ templateId: 'ducha-tongbao', genre: '督查通报', status: 'drafting', composeState: 'done' })
    for (const key of ['opening', 'overall', 'problems', 'requirements']) {
      expect(draft.sections.find((s: any) => s.key === key).text).toBe(result.sections[key])
    }
    expect(draft.flags.find((f: any) => f.kind === 'ducha-sources').citations).toEqual(result.citations)
    const check = await expectJson(await call('POST', `/api/v1/drafts/${result.draft.id}/check`, { token: o.tokens.reviewer, body: {} }), 200)
    // the record's markers ([D1、D2等], [R1]) are citations, not text: the check and the export leave them out
    expect(Object.values(result.sections).join('')).toMatch(/\[D\d+/)
    expect(check.text).not.toMatch(/[[［【][DR]\d/)
    const md = await call('GET', `/api/v1/drafts/${result.draft.id}/export?format=md`, { token: o.tokens.reviewer })
    expect(md.status).toBe(200)
    expect(new TextDecoder().decode(await md.arrayBuffer())).not.toMatch(/[[［【][DR]\d/)
    const audit = await expectJson(await call('GET', `/api/v1/audit?targetId=${result.draft.id}`, { token: o.tokens.admin }), 200)
    expect(audit.items.map((e: any) => e.action)).toContain('draft.supply')
  })

  it('flags a figure the record does not support', () => {
    expect(checkFigures('共有督办事项7项[D1、D2]，“完成12个小区”，2026年6月30日前，按期办结率为50%。', new Set(['7', '50']))).toEqual([])
    expect(checkFigures('共有督办事项8项[D1]。', new Set(['7']))).toEqual(['8'])
  })

  it('another office’s 通报 counts none of these items; readers cannot compose', async () => {
    const b = await makeOffice(['admin', 'drafter', 'reader'])
    const other = await expectJson(await post(b.tokens.drafter, '/api/v1/ducha/tongbao', { from: FROM, to: TO, createDraft: false, mode: 'assemble' }), 201)
    expect(other.data.office.total).toBe(0)
    expect(other.draft).toBeNull()
    await expectError(await post(b.tokens.reader, '/api/v1/ducha/tongbao', { from: FROM, to: TO }), 403, 'FORBIDDEN')
    await expectError(await post(b.tokens.drafter, '/api/v1/ducha/tongbao', { from: TO, to: FROM }), 400, 'VALIDATION')
  })
})
