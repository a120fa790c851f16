/**
 * Sensitivity carried through a draft (issue #12): retrieval never takes restricted material, a
 * person may add it by hand and it is then marked wherever it appears; the draft carries the highest
 * sensitivity of its materials in every view; the check reports each passage from restricted or
 * internal findings; webhook payloads follow the disclosure rule.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { call, expectJson, makeOffice, unique, type Office } from '../fixtures'
import { getDraft, runWorkflow, startGeneration } from '../helpers/compose'

const TOPIC = '农村人居环境整治提升'

const finding = (sensitivity: string, title: string, body: string) => ({
  title: `农村人居环境整治提升：${title}`,
  body,
  topic: '人居环境',
  tags: ['人居环境整治'],
  source: { kind: '走访', unit: '区委办调研组' },
  observedOn: '2026-04-02',
  sensitivity,
})

const BODIES = {
  public: '截至2025年底，全区71个行政村实行农村生活垃圾分类，农村人居环境整治提升覆盖率达到82.6%。',
  internal: '抽查的40处村庄生活污水处理设施中有9处停运，农村人居环境整治提升的运维主体不明确。',
  restricted: '某村党支部书记在农村人居环境整治提升项目中涉嫌违规发包，问题线索已移交区纪委监委。',
}

let office: Office
const ids: Record<'public' | 'internal' | 'restricted', string> = { public: '', internal: '', restricted: '' }
beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter', 'reader'])
  const items = [finding('public', '垃圾分类覆盖面扩大', BODIES.public), finding('internal', '污水设施运行率不高', BODIES.internal), finding('restricted', '村干部问题线索', BODIES.restricted)]
  const report = await expectJson<{ imported: { id: string; title: string }[] }>(await call('POST', '/api/v1/findings/batch', { token: office.tokens.drafter, body: { items } }), 200)
  for (const [i, level] of (['public', 'internal', 'restricted'] as const).entries()) ids[level] = report.imported.find((r) => r.title === items[i]!.title)!.id
})

const createReport = (body: Record<string, unknown>) =>
  call('POST', '/api/v1/drafts', { token: office.tokens.drafter, body: { templateId: 'diaoyan-baogao', variables: { topic: TOPIC }, mode: 'assemble', ...body } })

async function assembled(draftId: string) {
  await expectJson(await call('POST', `/api/v1/drafts/${draftId}/outline`, { token: office.tokens.drafter }), 200)
  await runWorkflow(() => startGeneration(office.tokens.drafter, draftId))
  return getDraft(office.tokens.reader, draftId)
}

describe('retrieval by topic', () => {
  it('never takes restricted material, says so, and the draft carries the highest of the rest', async () => {
    const draft = await expectJson<any>(await createReport({}), 201)
    const findingIds = draft.materials.filter((m: any) => m.kind === 'finding').map((m: any) => m.id)
    expect(findingIds).toEqual(expect.arrayContaining([ids.public, ids.internal]))
    expect(findingIds).not.toContain(ids.restricted)
    const withheld = draft.flags.find((f: any) => f.kind === 'restricted-withheld')
    expect(withheld.materials).toEqual([expect.objectContaining({ kind: 'finding', id: ids.restricted })])
    expect(withheld.message).toMatch(/敏感材料/)
    expect(draft.sensitivity).toBe('internal')
    expect(draft.sensitivityNotice).toContain('内部材料')
    expect(draft.materials.find((m: any) => m.id === ids.internal)).toMatchObject({ sensitivity: 'internal', mark: '【内部】', origin: 'retrieved' })
    expect(draft.materials.find((m: any) => m.id === ids.public).mark).toBeNull()
  })
})

describe('restricted material added by hand', () => {
  it('is marked in the draft, its sections and the list, and the check reports its passage', async () => {
    const created = await expectJson<any>(await createReport({ materials: { findingIds: [ids.restricted, ids.internal, ids.public] } }), 201)
    expect(created.sensitivity).toBe('restricted')
    const view = await assembled(created.id)
    expect(view.sensitivity).toBe('restricted')
    expect(view.sensitivityNotice).toContain('敏感材料')
    const marker = view.materials.find((m: any) => m.id === ids.restricted)
    expect(marker).toMatchObject({ sensitivity: 'restricted', mark: '【敏感】', origin: 'picked' })
    expect(view.flags.find((f: any) => f.kind === 'restricted-material').markers).toEqual([marker.marker])

    // The section holding it is marked at the paragraph, and carries the sensitivity.
    const section = view.sections.find((s: any) => s.text.includes(BODIES.restricted))
    expect(section.sensitivity).toBe('restricted')
    const mark = section.marks.find((m: any) => m.sensitivity === 'restricted')
    expect(mark).toMatchObject({ mark: '【敏感】', markers: [marker.marker] })
    expect(section.text.slice(mark.start, mark.end)).toBe(`${BODIES.restricted}[${marker.marker}]`)

    const list = await expectJson<{ items: any[] }>(await call('GET', '/api/v1/drafts?limit=100', { token: office.tokens.reader }), 200)
    expect(list.items.find((d) => d.id === created.id).sensitivity).toBe('restricted')

    const check = await expectJson<any>(await call('POST', `/api/v1/drafts/${created.id}/check`, { token: office.tokens.drafter }), 200)
    expect(check.sensitivity).toBe('restricted')
    const restricted = check.issues.filter((i: any) => i.ruleId === 'confidentiality.restricted-material')
    const internal = check.issues.filter((i: any) => i.ruleId === 'confidentiality.internal-material')
    expect(restricted).toHaveLength(1)
    expect(restricted[0].level).toBe('suspect')
    expect(check.text.slice(restricted[0].start, restricted[0].end)).toBe(BODIES.restricted)
    expect(restricted[0].message).toContain('村干部问题线索')
    expect(internal).toHaveLength(1)
    expect(internal[0].level).toBe('hint')
    expect(check.text.slice(internal[0].start, internal[0].end)).toBe(BODIES.internal)
    // The public finding's passage is not reported.
    expect(check.issues.filter((i: any) => i.category === 'confidentiality')).toHaveLength(2)
  })

  it('names the restricted material of a paragraph citing restricted and internal ones, with its own title', async () => {
    const draft = await expectJson<any>(await createReport({ materials: { findingIds: [ids.internal, ids.restricted] } }), 201)
    const r = draft.materials.find((m: any) => m.id === ids.restricted).marker
    const i = draft.materials.find((m: any) => m.id === ids.internal).marker
    for (const cite of [`[${r}、${i}]`, `[${i}、${r}]`, `[${i}][${r}]`]) {
      const body = { title: '关于农村人居环境整治提升的调研报告', sections: [{ heading: '一、基本情况', text: `运维主体不明确，问题线索已移交${cite}。` }] }
      const check = await expectJson<any>(await call('POST', `/api/v1/drafts/${draft.id}/check/content`, { token: office.tokens.drafter, body }), 200)
      const found = check.issues.filter((x: any) => x.ruleId === 'confidentiality.restricted-material')
      expect(found, cite).toHaveLength(1)
      expect(found[0].message, cite).toContain(`本段来自敏感材料[${r}]“农村人居环境整治提升：村干部问题线索”，`)
      expect(found[0].message, cite).not.toContain(i)
      expect(found[0].message, cite).not.toContain('污水设施运行率不高')
    }
  })

  it('added through an outline edit, it raises the draft and is marked too', async () => {
    const draft = await expectJson<any>(await createReport({ materials: { findingIds: [ids.public] } }), 201)
    expect(draft.sensitivity).toBe('public')
    expect(draft.sensitivityNotice).toBeNull()
    const outline = await expectJson<any>(await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: office.tokens.drafter }), 200)
    const sections = outline.sections.map((s: any) => (s.key === 'problems' ? { ...s, findingIds: [...s.findingIds, ids.restricted] } : s))
    await expectJson(await call('PUT', `/api/v1/drafts/${draft.id}/outline`, { token: office.tokens.drafter, body: { sections } }), 200)
    await runWorkflow(() => startGeneration(office.tokens.drafter, draft.id))
    const view = await getDraft(office.tokens.reader, draft.id)
    expect(view.sensitivity).toBe('restricted')
    const problems = view.sections.find((s: any) => s.key === 'problems')
    expect(problems.marks.map((m: any) => m.mark)).toEqual(['【敏感】'])
  })
})

describe('public material only', () => {
  it('carries no mark, no notice and no confidentiality issue; raising a finding raises the draft', async () => {
    const draft = await expectJson<any>(await createReport({ materials: { findingIds: [ids.public] } }), 201)
    const view = await assembled(draft.id)
    expect(view).toMatchObject({ sensitivity: 'public', sensitivityNotice: null })
    expect(view.sections.every((s: any) => s.marks.length === 0 && s.sensitivity === 'public')).toBe(true)
    const check = await expectJson<any>(await call('POST', `/api/v1/drafts/${draft.id}/check`, { token: office.tokens.drafter }), 200)
    expect(check.issues.filter((i: any) => i.category === 'confidentiality')).toEqual([])

    // A finding reclassified later raises every draft that uses it: the sensitivity is read, not copied.
    const o2 = await makeOffice(['drafter', 'reader'])
    const f = await expectJson<any>(await call('POST', '/api/v1/findings', { token: o2.tokens.drafter, body: finding('public', unique('改厕管护'), BODIES.public) }), 201)
    const d2 = await expectJson<any>(
      await call('POST', '/api/v1/drafts', { token: o2.tokens.drafter, body: { templateId: 'diaoyan-baogao', variables: { topic: TOPIC }, mode: 'assemble', materials: { findingIds: [f.id] } } }),
      201,
    )
    expect(d2.sensitivity).toBe('public')
    await expectJson(await call('PATCH', `/api/v1/findings/${f.id}`, { token: o2.tokens.drafter, body: { sensitivity: 'internal' } }), 200)
    expect((await getDraft(o2.tokens.reader, d2.id)).sensitivity).toBe('internal')
    const list = await expectJson<{ items: any[] }>(await call('GET', '/api/v1/drafts', { token: o2.tokens.reader }), 200)
    expect(list.items.map((d) => d.sensitivity)).toEqual(['internal'])
  })
})

describe('webhook payloads', () => {
  afterEach(() => vi.restoreAllMocks())

  it('carry the sensitivity always and the materials only for a public draft', async () => {
    const original = globalThis.fetch
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const req = new Request(input as RequestInfo, init)
      return req.url.startsWith('https://receiver.example/') ? new Response('ok') : original(input as RequestInfo, init)
    })
    const o = await makeOffice(['admin', 'drafter'])
    const sub = await expectJson<any>(await call('POST', '/api/v1/webhooks', { token: o.tokens.admin, body: { url: 'https://receiver.example/hook', events: ['draft.created'] } }), 201)
    const make = async (sensitivity: string) => {
      const f = await expectJson<any>(await call('POST', '/api/v1/findings', { token: o.tokens.drafter, body: finding(sensitivity, unique('线索'), BODIES[sensitivity as 'public']) }), 201)
      return expectJson<any>(
        await call('POST', '/api/v1/drafts', { token: o.tokens.drafter, body: { templateId: 'diaoyan-baogao', variables: { topic: TOPIC }, mode: 'assemble', materials: { findingIds: [f.id] } } }),
        201,
      )
    }
    const drafts = { public: await make('public'), internal: await make('internal'), restricted: await make('restricted') }
    const { items: deliveries } = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/webhooks/${sub.id}/deliveries`, { token: o.tokens.admin }), 200)
    const dataOf = (id: string) => deliveries.find((d) => d.payload.data.draftId === id).payload.data
    expect(dataOf(drafts.public.id)).toMatchObject({ sensitivity: 'public', carriage: 'text', materials: [expect.objectContaining({ kind: 'finding' })] })
    expect(dataOf(drafts.public.id).materials[0].title).toContain('线索')
    for (const level of ['internal', 'restricted'] as const) {
      const data = dataOf(drafts[level].id)
      expect(data).toMatchObject({ sensitivity: level, carriage: 'reference', title: drafts[level].title })
      expect(data.materials).toBeUndefined()
      expect(JSON.stringify(data)).not.toContain(BODIES[level].slice(0, 8))
    }
  })
})
