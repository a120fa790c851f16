/**
 * Material packs that fit (issue #12), through the API in assemble mode: each finding in at most
 * one section, the one whose 取材 it fits; retrieved findings below the relevance floor listed as
 * 未采用 with their score instead of pasted; 参考写法 from a precedent of the same genre and topic,
 * labelled as reference and left out of the check.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectError, expectJson, makeOffice, type Office } from '../fixtures'
import { getDraft, runWorkflow, startGeneration } from '../helpers/compose'

const TOPIC = '农村人居环境整治提升'
const base = { topic: '农村人居环境', source: { kind: '走访', unit: '区委办调研组' }, observedOn: '2026-04-02', sensitivity: 'public' }
const FINDINGS = {
  背景: { title: '全区农村人居环境整治提升基本情况', body: '全区共有行政村86个、自然村412个，农村常住人口约18.6万人，现有农村人居环境整治提升项目43个。', tags: ['底数'] },
  成绩: { title: '农村人居环境整治提升中垃圾分类覆盖面扩大', body: '全区71个行政村实行生活垃圾分类，覆盖率达到82.6%，较上年提高15个百分点，实现收运体系自然村全覆盖。', tags: ['垃圾分类'] },
  问题: { title: '农村人居环境整治提升中户厕管护跟不上', body: '走访发现，已改造户厕中存在清掏不及时、设施损坏无人维修等问题，后续管护经费仍缺少固定来源，“重建设、轻管护”较为突出。', tags: ['厕所革命'] },
  对策: { title: '农村人居环境整治提升长效管护的建议', body: '调研组建议探索“以奖代补”的长效管护办法，希望把村庄保洁纳入村规民约和村级考核，借鉴河口镇做法。', tags: ['长效管护'] },
}
/** Shares a word with the topic (农村) but is about something else: retrieval finds it, the floor keeps it out. */
const OFF_TOPIC = { title: '农村敬老院床位闲置', body: '全区养老机构共有床位4180张，部分农村敬老院床位闲置，城区公办养老机构排队入住。', tags: ['养老床位'], ...base, topic: '养老服务' }

const REPORT = { genre: '调研报告', title: '关于示例区农村人居环境整治提升情况的调研报告', tags: ['农村人居环境'], sensitivity: 'public', body: '区委办公室调研组于今年开展了农村人居环境整治提升专题调研。\n\n## 一、基本情况\n\n全区共有行政村100个，农村人居环境整治提升工作全面铺开。\n\n## 三、存在问题\n\n农村人居环境整治提升中，重建设轻管护的问题仍然存在，长效机制有待健全。' }
const SPEECH = { genre: '讲话稿', title: '在全区养老服务工作会议上的讲话', tags: ['养老服务'], sensitivity: 'public', body: '同志们：\n\n今天召开全区养老服务工作会议。\n\n## 一、存在问题\n\n农村养老服务站点运营不足，问题仍然存在。' }

let office: Office
const ids: Record<string, string> = {}
let draft: any
let outline: any
let view: any
beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter', 'reader'])
  const items = [...Object.values(FINDINGS).map((f) => ({ ...base, ...f })), OFF_TOPIC]
  const report = await expectJson<{ imported: { id: string; title: string }[] }>(await call('POST', '/api/v1/findings/batch', { token: office.tokens.drafter, body: { items } }), 200)
  for (const r of report.imported) ids[r.title] = r.id
  for (const p of [REPORT, SPEECH]) ids[p.title] = (await expectJson<any>(await call('POST', '/api/v1/precedents', { token: office.tokens.drafter, body: p }), 201)).id
  draft = await expectJson(await call('POST', '/api/v1/drafts', { token: office.tokens.drafter, body: { templateId: 'diaoyan-baogao', variables: { topic: TOPIC }, mode: 'assemble' } }), 201)
  outline = await expectJson(await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: office.tokens.drafter }), 200)
  await runWorkflow(() => startGeneration(office.tokens.drafter, draft.id))
  view = await getDraft(office.tokens.reader, draft.id)
})

describe('the outline of a pack', () => {
  it('puts each finding in one section, the one whose purpose it fits', () => {
    const placed = outline.sections.flatMap((s: any) => s.findingIds.map((id: string) => [id, s.key]))
    expect(new Set(placed.map(([id]: string[]) => id)).size).toBe(placed.length)
    const sectionOf = Object.fromEntries(placed)
    expect(sectionOf[ids[FINDINGS.背景.title]!]).toBe('basic')
    expect(sectionOf[ids[FINDINGS.成绩.title]!]).toBe('practices')
    expect(sectionOf[ids[FINDINGS.问题.title]!]).toBe('problems')
    expect(sectionOf[ids[FINDINGS.对策.title]!]).toBe('suggestions')
  })

  it('lists a retrieved finding below the relevance floor as 未采用 with its score, instead of using it', () => {
    const offId = ids[OFF_TOPIC.title]!
    expect(draft.materials.find((m: any) => m.id === offId)).toMatchObject({ origin: 'retrieved' })
    expect(outline.sections.some((s: any) => s.findingIds.includes(offId))).toBe(false)
    const unused = outline.unused.find((u: any) => u.findingId === offId)
    expect(unused).toMatchObject({ title: OFF_TOPIC.title, marker: expect.stringMatching(/^F\d+$/) })
    expect(unused.score).toBeLessThan(0.25)
    expect(outline.sections.map((s: any) => s.id)).toContain(unused.sectionId)
    // The on-topic findings were all above it.
    for (const f of Object.values(FINDINGS)) expect(draft.materials.find((m: any) => m.id === ids[f.title]).relevance).toBeGreaterThanOrEqual(0.25)
  })
})

describe('the assembled pack', () => {
  it('pastes each used finding once, lists the unused one, and never pastes it', () => {
    const all = view.sections.map((s: any) => s.text).join('\n')
    for (const f of Object.values(FINDINGS)) expect(all.split(f.body).length - 1).toBe(1)
    expect(all).not.toContain(OFF_TOPIC.body)
    const unused = outline.unused.find((u: any) => u.findingId === ids[OFF_TOPIC.title])
    const home = view.sections.find((s: any) => s.id === unused.sectionId)
    expect(home.text).toMatch(new RegExp(`^【未采用】.*${unused.marker}“${OFF_TOPIC.title}”（相关度 0\\.\\d\\d）`, 'm'))
  })

  it('takes 参考写法 from the precedent of the same genre and topic, labelled as reference', () => {
    const refs = view.sections.flatMap((s: any) => [...s.text.matchAll(/^【参考写法】《([^》]+)》/gm)].map((m: any) => m[1]))
    expect(refs.length).toBeGreaterThan(0)
    expect(new Set(refs)).toEqual(new Set([REPORT.title]))
    expect(view.materials.filter((m: any) => m.kind === 'precedent').map((m: any) => m.id)).toEqual([ids[REPORT.title]])
  })

  it('is checked without its reference and 未采用 lines, so the pack’s own repetitions are not reported', async () => {
    const check = await expectJson<any>(await call('POST', `/api/v1/drafts/${draft.id}/check`, { token: office.tokens.drafter }), 200)
    expect(check.text).not.toContain('参考写法')
    expect(check.text).not.toContain('未采用')
    expect(check.text).not.toContain('重建设轻管护的问题仍然存在')
    expect(check.issues.filter((i: any) => i.category === 'repetition')).toEqual([])
    // The length counts the draft's prose only.
    expect(view.sections.find((s: any) => s.key === 'problems').chars).toBeLessThan([...view.sections.find((s: any) => s.key === 'problems').text].length)
  })
})

describe('取材 in templates', () => {
  it('is shown for each section and refused when it names no known kind', async () => {
    const t = await expectJson<any>(await call('GET', '/api/v1/templates/diaoyan-baogao', { token: office.tokens.reader }), 200)
    expect(Object.fromEntries(t.sections.map((s: any) => [s.key, s.takes]))).toMatchObject({ basic: ['背景'], practices: ['成绩'], problems: ['问题'], suggestions: ['对策'] })
    const source = `---\nid: test-takes\ngenre: 简报\nname: 测试\nversion: 1\ntargetChars: 600\n---\n\n## 变量\n\n| 字段 | 名称 | 必填 | 锁定 |\n|---|---|---|---|\n| topic | 主题 | 是 | 否 |\n| issuer | 编印单位 | 否 | 是 |\n| date | 日期 | 否 | 是 |\n\n## 章节\n\n### 存在问题 {#problems}\n\n- 用途：反映问题。\n- 取材：问题、花絮\n`
    const err = await expectError(await call('POST', '/api/v1/templates', { token: office.tokens.admin, body: { source } }), 400, 'VALIDATION')
    expect(JSON.stringify(err.details)).toContain('花絮')
    const inferred = await expectJson<any>(await call('POST', '/api/v1/templates', { token: office.tokens.admin, body: { source: source.replace('- 取材：问题、花絮\n', '') } }), 201)
    expect(inferred.sections[0].takes).toEqual(['问题'])
  })
})
