import { beforeAll, describe, expect, it } from 'vitest'
import { call, createPrecedent, expectError, expectJson, listAll, makeOffice, type Office } from '../fixtures'
import { createItem, duchaOffice, itemBody, type DuchaOffice } from '../ducha/helpers'

let A: DuchaOffice
let B: Office
const FDGW = '区发展和改革委员会'
const ZJ = '区住房和城乡建设局'
const CZ = '区财政局'

beforeAll(async () => {
  A = await duchaOffice()
  B = await makeOffice(['admin', 'drafter', 'reader'])
})

const get = async (token: string, path: string) => expectJson(await call('GET', path, { token }), 200)
const post = (token: string, path: string, body: unknown) => call('POST', path, { token, body })

describe('units registry', () => {
  it('an admin adds a unit; short and former names are kept and read back', async () => {
    const u = await get(A.tokens.reader, `/api/v1/ducha/units/${A.units[FDGW]!.id}`)
    expect(u).toMatchObject({ name: FDGW, shortName: '区发改委', formerNames: [{ name: '区发展计划局', until: '2019-02-28' }], kind: '区直部门' })
    expect(u.members.map((m: any) => m.memberId)).toEqual([A.liaisons[FDGW]!.memberId])
    const { items } = await get(A.tokens.reader, '/api/v1/ducha/units')
    expect(items.map((x: any) => x.name).sort()).toEqual(['区住房和城乡建设局', '区发展和改革委员会', '区财政局', '城东街道'].sort())
  })

  it('refuses a name already used by another unit as its name, short or former name (409)', async () => {
    await expectError(await post(A.tokens.admin, '/api/v1/ducha/units', { name: '区发展和改革委员会' }), 409, 'CONFLICT')
    await expectError(await post(A.tokens.admin, '/api/v1/ducha/units', { name: '区某局', shortName: '区建设局' }), 409, 'CONFLICT')
  })

  it('only admins manage the registry and its 联络员', async () => {
    await expectError(await post(A.tokens.drafter, '/api/v1/ducha/units', { name: '区商务局' }), 403, 'FORBIDDEN')
    await expectError(await post(A.tokens.reviewer, `/api/v1/ducha/units/${A.units[CZ]!.id}/members`, { memberId: A.liaisons[ZJ]!.memberId }), 403, 'FORBIDDEN')
    const bad = await expectError(await post(A.tokens.admin, '/api/v1/ducha/units', { name: '' }), 400, 'VALIDATION')
    expect(bad.details.issues[0].path).toBe('name')
  })

  it('another office’s member cannot be made a 联络员 here (404)', async () => {
    const { items } = await get(B.tokens.admin, '/api/v1/admin/tokens')
    await expectError(await post(A.tokens.admin, `/api/v1/ducha/units/${A.units[CZ]!.id}/members`, { memberId: items[0].memberId }), 404, 'NOT_FOUND')
  })
})

describe('督办事项', () => {
  it('creates an item naming units by short and former names; they resolve to the registry; audited', async () => {
    const item = await createItem(A.tokens.drafter, { leadUnit: '区发展计划局', supportUnits: ['区住建局', CZ] })
    expect(item).toMatchObject({ leadUnit: { id: A.units[FDGW]!.id, name: FDGW }, storedStatus: 'not_started', deadline: '2026-04-30', originalDeadline: '2026-04-30' })
    // 逾期 is computed from the deadline against today's date, never stored.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    expect(item.status).toBe(today > '2026-04-30' ? 'overdue' : 'not_started')
    const future = await createItem(A.tokens.drafter, { deadline: '2099-12-31' })
    expect(future).toMatchObject({ status: 'not_started', statusLabel: '待启动' })
    expect(item.supportUnits.map((u: any) => u.name)).toEqual([ZJ, CZ])
    const back = await get(A.tokens.reader, `/api/v1/ducha/items/${item.id}`)
    expect(back.title).toBe(item.title)
    const audit = await get(A.tokens.admin, `/api/v1/audit?targetId=${item.id}`)
    expect(audit.items.map((e: any) => e.action)).toEqual(['ducha.item.create'])
  })

  it('refuses a unit outside the registry, readers, and bad dates, in Chinese', async () => {
    const e = await expectError(await post(A.tokens.drafter, '/api/v1/ducha/items', itemBody({ leadUnit: '区统计局' })), 400, 'VALIDATION')
    expect(e.message).toContain('区统计局')
    await expectError(await post(A.tokens.reader, '/api/v1/ducha/items', itemBody()), 403, 'FORBIDDEN')
    await expectError(await post(A.tokens.drafter, '/api/v1/ducha/items', itemBody({ deadline: '4月底' })), 400, 'VALIDATION')
    // A day past the month's end is not rolled over into the next month.
    for (const deadline of ['2026-02-29', '2026-04-31', '2026-13-01']) {
      expect((await expectError(await post(A.tokens.drafter, '/api/v1/ducha/items', itemBody({ deadline })), 400, 'VALIDATION')).message).toContain('不是有效的日期')
    }
    expect(await createItem(A.tokens.drafter, { deadline: '2028-02-29' })).toMatchObject({ deadline: '2028-02-29' })
    await expectError(await post(A.tokens.drafter, '/api/v1/ducha/items', itemBody({ category: '随便' })), 400, 'VALIDATION')
  })

  it('a batch of confirmed proposals is written whole or not at all', async () => {
    const before = (await listAll(A.tokens.reader, '/api/v1/ducha/items', {}, 100)).ids.length
    const e = await expectError(await post(A.tokens.drafter, '/api/v1/ducha/items/batch', { items: [itemBody(), itemBody({ leadUnit: '区不存在局' })] }), 400, 'VALIDATION')
    expect(e.details.field).toBe('items.1.leadUnit')
    expect((await listAll(A.tokens.reader, '/api/v1/ducha/items', {}, 100)).ids.length).toBe(before)
  })

  it('lists page at the largest page size without repeats, and filter by unit, leader, status and period', async () => {
    const o = await duchaOffice()
    const batch = (n: number, extra: Record<string, unknown>) => Array.from({ length: n }, (_, k) => itemBody({ title: `事项${k}`, ...extra }))
    await expectJson(await post(o.tokens.drafter, '/api/v1/ducha/items/batch', { items: batch(50, {}) }), 201)
    await expectJson(await post(o.tokens.drafter, '/api/v1/ducha/items/batch', { items: batch(50, { leadUnit: '区住建局', supportUnits: [], leader: '李某某', deadline: '2026-09-30' }) }), 201)
    await expectJson(await post(o.tokens.drafter, '/api/v1/ducha/items/batch', { items: batch(5, { leadUnit: '城东街道', supportUnits: ['区住建局'], deadline: '2026-12-31' }) }), 201)
    const all = await listAll(o.tokens.reader, '/api/v1/ducha/items', {}, 100)
    expect(all.ids).toHaveLength(105)
    expect(all.pages).toBe(2)
    expect((await listAll(o.tokens.reader, '/api/v1/ducha/items', { unit: '区住建局', unitRole: 'lead' }, 100)).ids).toHaveLength(50)
    expect((await listAll(o.tokens.reader, '/api/v1/ducha/items', { unit: '区住建局' }, 100)).ids).toHaveLength(55)
    expect((await listAll(o.tokens.reader, '/api/v1/ducha/items', { leader: '李某某' }, 100)).ids).toHaveLength(50)
    expect((await listAll(o.tokens.reader, '/api/v1/ducha/items', { from: '2026-09-01', to: '2026-12-31' }, 100)).ids).toHaveLength(55)
    // 2026-04-30 has passed for the real clock of this test run (the deployment's year is later).
    const overdue = await listAll(o.tokens.reader, '/api/v1/ducha/items', { status: 'overdue' }, 100)
    expect(overdue.items.every((i: any) => i.status === 'overdue' && i.statusLabel === '逾期')).toBe(true)
    await expectError(await call('GET', '/api/v1/ducha/items?limit=101', { token: o.tokens.reader }), 400, 'VALIDATION')
    await expectError(await call('GET', '/api/v1/ducha/items?cursor=bad', { token: o.tokens.reader }), 400, 'VALIDATION')
  })
})

describe('feedback, 办结, 销号 and extensions', () => {
  it('a 联络员 reports for their unit’s items only; the first report starts the item and marks the milestone', async () => {
    const item = await createItem(A.tokens.drafter)
    // 区住建局 neither leads nor supports this item.
    await expectError(await post(A.liaisons[ZJ]!.token, `/api/v1/ducha/items/${item.id}/feedback`, { text: '已启动' }), 403, 'FORBIDDEN')
    // Office staff who are not 联络员 do not report for a unit either.
    await expectError(await post(A.tokens.admin, `/api/v1/ducha/items/${item.id}/feedback`, { text: '已启动' }), 403, 'FORBIDDEN')
    const after = await expectJson(await post(A.liaisons[FDGW]!.token, `/api/v1/ducha/items/${item.id}/feedback`, { text: '已形成方案初稿。', milestone: '形成初稿', reportedOn: '2026-04-10' }), 201)
    expect(after.status === 'in_progress' || after.status === 'overdue').toBe(true)
    expect(after.storedStatus).toBe('in_progress')
    expect(after.milestones[0]).toMatchObject({ title: '形成初稿', reachedOn: '2026-04-10' })
    // A supporting unit reports too, for its own unit.
    const more = await expectJson(await post(A.liaisons[CZ]!.token, `/api/v1/ducha/items/${item.id}/feedback`, { text: '资金测算已完成。' }), 201)
    expect(more.feedback.map((f: any) => f.unitId)).toEqual([A.units[FDGW]!.id, A.units[CZ]!.id])
    await expectError(await post(A.liaisons[FDGW]!.token, `/api/v1/ducha/items/${item.id}/feedback`, { text: '到了', milestone: '没有这个节点' }), 400, 'VALIDATION')
  })

  it('keeps an attachment in R2 and gives it back to the office only', async () => {
    const item = await createItem(A.tokens.drafter)
    const content = '会议纪要扫描件（示例）'
    const dataBase64 = btoa(String.fromCharCode(...new TextEncoder().encode(content)))
    const fb = await expectJson(await post(A.liaisons[FDGW]!.token, `/api/v1/ducha/items/${item.id}/feedback`, { text: '附会议纪要。', attachments: [{ name: '纪要.txt', contentType: 'text/plain', dataBase64 }] }), 201)
    const f = fb.feedback[0]
    expect(f.attachments).toEqual([{ name: '纪要.txt', size: new TextEncoder().encode(content).byteLength, contentType: 'text/plain', n: 0 }])
    const res = await call('GET', `/api/v1/ducha/items/${item.id}/feedback/${f.id}/attachments/0`, { token: A.tokens.reader })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(content)
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain('纪要.txt')
    await expectError(await call('GET', `/api/v1/ducha/items/${item.id}/feedback/${f.id}/attachments/0`, { token: B.tokens.admin }), 404, 'NOT_FOUND')
    await expectError(await post(A.liaisons[FDGW]!.token, `/api/v1/ducha/items/${item.id}/feedback`, { text: '坏附件', attachments: [{ name: 'x', dataBase64: '%%%' }] }), 400, 'VALIDATION')
  })

  it('办结 by the lead unit, returned by a reviewer with a reason (reopens), then 销号', async () => {
    const item = await createItem(A.tokens.drafter)
    const path = `/api/v1/ducha/items/${item.id}`
    await expectError(await post(A.liaisons[CZ]!.token, `${path}/closing`, { text: '已完成' }), 403, 'FORBIDDEN')
    const done = await expectJson(await post(A.liaisons[FDGW]!.token, `${path}/closing`, { text: '方案已经常委会审定印发。', reportedOn: '2026-04-28' }), 201)
    expect(done).toMatchObject({ status: 'completed', statusLabel: '已办结', completedOn: '2026-04-28' })
    await expectError(await post(A.liaisons[FDGW]!.token, `${path}/feedback`, { text: '又一条' }), 409, 'CONFLICT')
    await expectError(await post(A.tokens.drafter, `${path}/closing/decision`, { decision: 'accepted' }), 403, 'FORBIDDEN')
    await expectError(await post(A.tokens.reviewer, `${path}/closing/decision`, { decision: 'returned' }), 400, 'VALIDATION')
    const back = await expectJson(await post(A.tokens.reviewer, `${path}/closing/decision`, { decision: 'returned', note: '缺少印发文件' }), 200)
    expect(back.storedStatus).toBe('in_progress')
    expect(back.completedOn).toBeNull()
    expect(back.feedback.find((f: any) => f.kind === 'closing')).toMatchObject({ decision: 'returned', decisionNote: '缺少印发文件' })
    await expectJson(await post(A.liaisons[FDGW]!.token, `${path}/closing`, { text: '已补充印发文件。', reportedOn: '2026-04-29' }), 201)
    const off = await expectJson(await post(A.tokens.reviewer, `${path}/closing/decision`, { decision: 'accepted' }), 200)
    expect(off).toMatchObject({ status: 'signed_off', statusLabel: '已销号', completedOn: '2026-04-29' })
    await expectError(await post(A.tokens.reviewer, `${path}/closing/decision`, { decision: 'accepted' }), 409, 'CONFLICT')
    await expectError(await call('PATCH', path, { token: A.tokens.drafter, body: { title: '销号后再改' } }), 409, 'CONFLICT')
    const audit = await get(A.tokens.admin, `/api/v1/audit?targetId=${item.id}`)
    expect(audit.items.map((e: any) => e.action).reverse()).toEqual(['ducha.item.create', 'ducha.item.complete', 'ducha.item.return', 'ducha.item.complete', 'ducha.item.sign_off'])
  })

  it('an extension: the lead unit asks, the office grants; the original deadline stays on record', async () => {
    const item = await createItem(A.tokens.drafter, { deadline: '2026-06-30' })
    const path = `/api/v1/ducha/items/${item.id}`
    await expectError(await post(A.liaisons[CZ]!.token, `${path}/extensions`, { requestedDeadline: '2026-08-31', reason: '资金未到位' }), 403, 'FORBIDDEN')
    await expectError(await post(A.liaisons[FDGW]!.token, `${path}/extensions`, { requestedDeadline: '2026-05-31', reason: '提前' }), 400, 'VALIDATION')
    const asked = await expectJson(await post(A.liaisons[FDGW]!.token, `${path}/extensions`, { requestedDeadline: '2026-08-31', reason: '资金未到位' }), 201)
    expect(asked.storedStatus).toBe('extension_requested')
    const ext = asked.extensions[0]
    await expectError(await post(A.tokens.drafter, `${path}/extensions/${ext.id}/decision`, { decision: 'granted' }), 403, 'FORBIDDEN')
    const granted = await expectJson(await post(A.tokens.signer, `${path}/extensions/${ext.id}/decision`, { decision: 'granted' }), 200)
    expect(granted).toMatchObject({ deadline: '2026-08-31', originalDeadline: '2026-06-30', storedStatus: 'not_started' })
    expect(granted.extensions[0]).toMatchObject({ state: 'granted', previousDeadline: '2026-06-30', requestedDeadline: '2026-08-31' })
    await expectError(await post(A.tokens.signer, `${path}/extensions/${ext.id}/decision`, { decision: 'refused' }), 409, 'CONFLICT')
    // The deadline is not editable directly.
    const patched = await expectJson(await call('PATCH', path, { token: A.tokens.drafter, body: { deadline: '2026-12-31', title: '新标题' } }), 200)
    expect(patched).toMatchObject({ deadline: '2026-08-31', title: '新标题' })
  })
})

describe('tenant isolation', () => {
  it('another office neither reads, lists, changes nor reports on the items, nor uses the units', async () => {
    const item = await createItem(A.tokens.drafter)
    const path = `/api/v1/ducha/items/${item.id}`
    for (const t of [B.tokens.admin, B.tokens.reader]) await expectError(await call('GET', path, { token: t }), 404, 'NOT_FOUND')
    await expectError(await call('PATCH', path, { token: B.tokens.drafter, body: { title: '改' } }), 404, 'NOT_FOUND')
    await expectError(await post(B.tokens.admin, `${path}/feedback`, { text: '越权' }), 404, 'NOT_FOUND')
    await expectError(await post(B.tokens.admin, `${path}/closing/decision`, { decision: 'accepted' }), 404, 'NOT_FOUND')
    await expectError(await call('GET', `/api/v1/ducha/units/${A.units[FDGW]!.id}`, { token: B.tokens.admin }), 404, 'NOT_FOUND')
    await expectError(await post(B.tokens.drafter, '/api/v1/ducha/items', itemBody({ leadUnit: A.units[FDGW]!.id, supportUnits: [] })), 400, 'VALIDATION')
    const listed = await listAll(B.tokens.reader, '/api/v1/ducha/items', {}, 100)
    expect(listed.ids).not.toContain(item.id)
    expect((await get(B.tokens.reader, '/api/v1/ducha/units')).items).toEqual([])
    const csv = await (await call('GET', '/api/v1/ducha/items/export.csv', { token: B.tokens.reader })).text()
    expect(csv).not.toContain(item.id)
    expect((await get(A.tokens.reader, path)).title).toBe(item.title)
  })

  it('every 督查 route needs a token', async () => {
    for (const [m, p] of [
      ['GET', '/api/v1/ducha/units'],
      ['GET', '/api/v1/ducha/items'],
      ['POST', '/api/v1/ducha/proposals'],
      ['GET', '/api/v1/ducha/items/export.csv'],
      ['GET', '/api/v1/ducha/stats?from=2026-01-01&to=2026-12-31'],
    ] as const) {
      await expectError(await call(m, p, { token: null, body: m === 'POST' ? { text: 'x' } : undefined }), 401, 'UNAUTHORIZED')
    }
  })
})

describe('分解立项 proposals', () => {
  const TEXT =
    '会议听取了区发改委关于重点项目的汇报。会议要求，区发改委要牵头制定重点项目攻坚行动方案，区财政局配合，4月底前报区委常委会审定。区建设局要加快推进老旧小区改造，6月底前完成12个小区的开工任务。会议强调，要提高政治站位。'

  it('proposes items from pasted text with spans, registry names and parsed deadlines; confirmed ones keep the source', async () => {
    const res = await expectJson(await post(A.tokens.drafter, '/api/v1/ducha/proposals', { text: TEXT, baseDate: '2026-03-12' }), 200)
    expect(res.mode).toBe('assemble')
    expect(res.proposals.map((p: any) => [p.leadUnit, p.supportUnits, p.deadline])).toEqual([
      [FDGW, [CZ], '2026-04-30'],
      [ZJ, [], '2026-06-30'],
    ])
    for (const p of res.proposals) expect(TEXT.slice(p.span.start, p.span.end)).toBe(p.quote)
    expect(res.proposals[1].notes.join()).toContain('原名称')
    const confirmed = res.proposals.map((p: any) => ({ title: p.title, requirement: p.requirement, category: '会议决定', leadUnit: p.leadUnit, supportUnits: p.supportUnits, deadline: p.deadline, source: p.source }))
    const { items } = await expectJson(await post(A.tokens.drafter, '/api/v1/ducha/items/batch', { items: confirmed }), 201)
    expect(items[0].source).toEqual({ kind: 'text', quote: res.proposals[0].quote })
  })

  it('from a precedent: spans point into its body, its date is the base date, and the item links back', async () => {
    const pre = await createPrecedent(A.tokens.drafter, { genre: '纪要', title: '区委常委会会议纪要', date: '2026-03-12', body: TEXT })
    const res = await expectJson(await post(A.tokens.drafter, '/api/v1/ducha/proposals', { precedentId: pre.id }), 200)
    expect(res.baseDate).toBe('2026-03-12')
    const p = res.proposals[0]
    expect(p.source).toEqual({ kind: 'precedent', id: pre.id, span: p.span })
    const item = await expectJson(await post(A.tokens.drafter, '/api/v1/ducha/items', { title: p.title, requirement: p.requirement, category: '会议决定', leadUnit: p.leadUnit, supportUnits: p.supportUnits, deadline: p.deadline, source: p.source }), 201)
    expect(item.source).toMatchObject({ kind: 'precedent', id: pre.id, quote: pre.body.slice(p.span.start, p.span.end) })
    expect(item.sensitivity).toBe('internal')
    const bySource = await listAll(A.tokens.reader, '/api/v1/ducha/items', { sourceKind: 'precedent', sourceId: pre.id }, 100)
    expect(bySource.ids).toEqual([item.id])
    await expectError(await post(A.tokens.drafter, '/api/v1/ducha/items', { ...itemBody(), source: { kind: 'precedent', id: pre.id, span: { start: 0, end: 99999 } } }), 400, 'VALIDATION')
    await expectError(await post(B.tokens.drafter, '/api/v1/ducha/proposals', { precedentId: pre.id }), 404, 'NOT_FOUND')
  })

  it('asks for exactly one of text, draftId, precedentId', async () => {
    await expectError(await post(A.tokens.drafter, '/api/v1/ducha/proposals', {}), 400, 'VALIDATION')
    await expectError(await post(A.tokens.drafter, '/api/v1/ducha/proposals', { text: 'a', precedentId: 'pre_x' }), 400, 'VALIDATION')
    await expectError(await post(A.tokens.reader, '/api/v1/ducha/proposals', { text: TEXT }), 403, 'FORBIDDEN')
  })
})

describe('views: stats and 台账', () => {
  it('counts completion and on-time per unit over a period and exports the ledger as CSV with a Chinese file name', async () => {
    const o = await duchaOffice()
    const mk = (over: Record<string, unknown>) => createItem(o.tokens.drafter, over)
    const a = await mk({ deadline: '2026-03-31', title: '=危险公式', sensitivity: 'public' })
    const b = await mk({ deadline: '2026-03-31' })
    await mk({ deadline: '2026-03-31', leadUnit: '区住建局', supportUnits: [] })
    await mk({ deadline: '2027-01-15' })
    await expectJson(await post(o.liaisons[FDGW]!.token, `/api/v1/ducha/items/${a.id}/closing`, { text: '按期完成', reportedOn: '2026-03-30' }), 201)
    await expectJson(await post(o.liaisons[FDGW]!.token, `/api/v1/ducha/items/${b.id}/closing`, { text: '超期完成', reportedOn: '2026-04-05' }), 201)
    const stats = await get(o.tokens.reader, '/api/v1/ducha/stats?from=2026-01-01&to=2026-12-31')
    expect(stats.office).toMatchObject({ total: 3, done: 2, due: 3, onTime: 1, overdue: 1, completionRate: 0.667, onTimeRate: 0.333 })
    expect(stats.units.find((u: any) => u.name === FDGW)).toMatchObject({ total: 2, done: 2, onTime: 1, onTimeRate: 0.5 })
    expect(stats.units.find((u: any) => u.name === ZJ)).toMatchObject({ total: 1, done: 0, overdue: 1, onTimeRate: 0 })
    await expectError(await call('GET', '/api/v1/ducha/stats?from=2026-12-31&to=2026-01-01', { token: o.tokens.reader }), 400, 'VALIDATION')

    const res = await call('GET', '/api/v1/ducha/items/export.csv?from=2026-01-01&to=2026-12-31', { token: o.tokens.reader })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('督办事项台账-2026-01-01至2026-12-31.csv')}`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const csv = new TextDecoder().decode(bytes)
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]!.split(',').slice(0, 5)).toEqual(['编号', '事项名称', '类别', '具体要求', '牵头单位'])
    expect(lines).toHaveLength(4)
    // A leading = cannot run as a spreadsheet formula; internal items are marked.
    expect(lines.find((l) => l.startsWith(a.id))).toContain(",'=危险公式,")
    expect(lines.find((l) => l.startsWith(b.id))).toContain(',【内部】制定重点项目攻坚行动方案,')
  })
})

describe('settings', () => {
  it('admins set how many days ahead an item is due soon; others read it', async () => {
    const o = await makeOffice(['admin', 'drafter'])
    expect(await get(o.tokens.drafter, '/api/v1/ducha/settings')).toEqual({ dueWithinDays: 7 })
    await expectError(await call('PUT', '/api/v1/ducha/settings', { token: o.tokens.drafter, body: { dueWithinDays: 3 } }), 403, 'FORBIDDEN')
    await expectError(await call('PUT', '/api/v1/ducha/settings', { token: o.tokens.admin, body: { dueWithinDays: 0 } }), 400, 'VALIDATION')
    expect(await expectJson(await call('PUT', '/api/v1/ducha/settings', { token: o.tokens.admin, body: { dueWithinDays: 3 } }), 200)).toEqual({ dueWithinDays: 3 })
    expect(await get(o.tokens.drafter, '/api/v1/ducha/settings')).toEqual({ dueWithinDays: 3 })
  })
})
