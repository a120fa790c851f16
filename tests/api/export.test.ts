import { strFromU8, unzipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, createFinding, expectError, expectJson, makeOffice, unique } from '../fixtures'
import { parts, paragraphs, revisions, textOf } from '../export/ooxml'
import { advance, fullOffice, getDraft, save, type Office } from '../lifecycle/helpers'

let office: Office
beforeAll(async () => {
  office = await fullOffice()
})
const defaultOffice = () => office

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/**
 * A 通知 draft with the given texts saved into its first sections (and the materials picked). `{F}`
 * in a text becomes the citation marker of the first picked finding (retrieval may add others).
 */
async function draftWith(texts: string[], opts: { findingIds?: string[]; variables?: Record<string, string>; office?: Office } = {}) {
  const office = opts.office ?? defaultOffice()
  const created = await expectJson<{ id: string; materials?: unknown }>(
    await call('POST', '/api/v1/drafts', {
      token: office.tokens.drafter,
      body: { templateId: 'tongzhi', variables: { subject: unique('开展报表清理规范工作'), ...opts.variables }, mode: 'assemble', findingIds: opts.findingIds ?? [] },
    }),
    201,
  )
  await expectJson(await call('POST', `/api/v1/drafts/${created.id}/outline`, { token: office.tokens.drafter, body: {} }), 200)
  const d = await getDraft(office, created.id)
  const view = await expectJson<{ materials: { marker: string; id: string }[] }>(await call('GET', `/api/v1/drafts/${d.id}`, { token: office.tokens.reader }), 200)
  const marker = view.materials.find((m) => m.id === opts.findingIds?.[0])?.marker
  const sections = d.sections.map((s, i) => ({ ...s, text: (texts[i] ?? '').replace('{F}', `[${marker}]`) }))
  const saved = await expectJson<{ version: number; contentHash: string }>(await save(office, d.id, d.version, sections), 200)
  return { id: d.id, sections, version: saved.version, contentHash: saved.contentHash }
}

const exportOf = (id: string, query: string, token = office.tokens.reader) => call('GET', `/api/v1/drafts/${id}/export?${query}`, { token })

describe('GET /drafts/:id/export', () => {
  it('answers a .docx with a Chinese file name in filename*, the public sensitivity, version and hash, and no citation markers', async () => {
    // An office of its own: no other test's internal findings can be retrieved into this draft.
    const own = await fullOffice()
    const finding = await createFinding(own.tokens.drafter)
    const d = await draftWith(['为切实减轻基层负担，现就有关事项通知如下：', '一是审批用时压缩到28个工作日{F}。二是推行一窗受理。'], { findingIds: [finding.id], office: own })
    const res = await exportOf(d.id, 'format=docx', own.tokens.reader)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(DOCX)
    const draft = await getDraft(own, d.id)
    const title = (draft as unknown as { title: string }).title
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`${title}.docx`)}`)
    expect(res.headers.get('x-wenfu-sensitivity')).toBe('public')
    expect(res.headers.get('x-wenfu-sensitivity-notice')).toBeNull()
    expect(res.headers.get('x-wenfu-version')).toBe(String(d.version))
    expect(res.headers.get('x-wenfu-content-hash')).toBe(d.contentHash)
    const xml = parts(await res.arrayBuffer())['word/document.xml']!
    expect(textOf(xml)).toContain('一是审批用时压缩到28个工作日。')
    expect(xml).not.toMatch(/\[F\d+\]|\[P\d+\]/)
    expect(textOf(xml)).toContain(title)
  })

  it('says so on the response when the draft uses internal material (RFC 5987 notice) and marks the document', async () => {
    const finding = await createFinding(office.tokens.drafter, { sensitivity: 'internal' })
    const d = await draftWith(['内部情况通报如下{F}。'], { findingIds: [finding.id] })
    const res = await exportOf(d.id, 'format=docx')
    expect(res.status).toBe(200)
    expect(res.headers.get('x-wenfu-sensitivity')).toBe('internal')
    const notice = res.headers.get('x-wenfu-sensitivity-notice')!
    expect(notice.startsWith("UTF-8''")).toBe(true)
    expect(decodeURIComponent(notice.slice(7))).toBe('本文稿使用了内部材料，仅限本单位内部使用，对外发布前须经审核。')
    expect(paragraphs(parts(await res.arrayBuffer())['word/document.xml']!)[0]!.text).toBe('【内部】')
    const md = await exportOf(d.id, 'format=md')
    expect(await md.text()).toMatch(/^【内部】/)
  })

  it('refuses 【待补】 in a .docx with their list, and exports it when allowPlaceholders=true', async () => {
    const d = await draftWith(['现将有关事项通知如下：', '【待补：工作任务——本节所需事实】', '截至【待补：日期】完成。'])
    const err = await expectError(await exportOf(d.id, 'format=docx'), 412, 'PRECONDITION_FAILED')
    expect(err.details.placeholders).toEqual(['【待补：工作任务——本节所需事实】', '【待补：日期】'])
    // For people: the artefact by its name, no parameter names.
    expect(err.message).toContain('2 处【待补】内容，请补齐后再导出Word 文档')
    expect(err.message).not.toMatch(/allowPlaceholders|[A-Za-z]+=/)
    const pack = await expectError(await exportOf(d.id, 'format=pack'), 412, 'PRECONDITION_FAILED')
    expect(pack.message).toContain('请补齐后再导出送审包')
    expect(pack.message).not.toContain('Word')
    const ok = await exportOf(d.id, 'format=docx&allowPlaceholders=true')
    expect(ok.status).toBe(200)
    expect(textOf(parts(await ok.arrayBuffer())['word/document.xml']!)).toContain('【待补：日期】')
    // Markdown and HTML are previews: they carry the placeholders.
    expect((await exportOf(d.id, 'format=md')).status).toBe(200)
  })

  it('exports Markdown as written, markers only with citations=true, and HTML with a print stylesheet', async () => {
    const finding = await createFinding(office.tokens.drafter)
    const d = await draftWith(['为做好工作，通知如下：', '审批用时28个工作日{F}。'], { findingIds: [finding.id] })
    const md = await exportOf(d.id, 'format=md')
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    const text = await md.text()
    expect(text).toMatch(/^(【内部】\n\n)?# /)
    expect(text).toContain('一、工作任务')
    expect(text).not.toMatch(/\[F\d+\]/)
    expect(await (await exportOf(d.id, 'format=md&citations=true')).text()).toMatch(/审批用时28个工作日\[F\d+\]。/)
    const html = await exportOf(d.id, 'format=html')
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'")
    const page = await html.text()
    expect(page).toContain('@page { size: A4; margin: 37mm 26mm 35mm 28mm; }')
    expect(page).not.toMatch(/\[F\d+\]/)
  })

  it('carries tracked changes from version M with the author and time of the exported version', async () => {
    const first = '为切实减轻基层负担，经区委同意，决定开展清理工作。各单位要高度重视。请于6月底前报送。'
    const d = await draftWith(['现就有关事项通知如下：', first])
    const current = await getDraft(office, d.id)
    const second = first.replace('各单位要高度重视。', '各单位要明确专人负责。')
    const saved = await expectJson<{ version: number }>(await save(office, d.id, current.version, current.sections.map((s, i) => ({ ...s, text: i === 1 ? second : s.text }))), 200)
    const res = await exportOf(d.id, `format=docx&compareTo=${d.version}`)
    expect(res.status).toBe(200)
    const { ins, del } = revisions(parts(await res.arrayBuffer())['word/document.xml']!)
    expect(ins.map((x) => x.text)).toEqual(['各单位要明确专人负责。'])
    expect(del.map((x) => x.text)).toEqual(['各单位要高度重视。'])
    const versions = await expectJson<{ items: { version: number; createdAt: string }[] }>(await call('GET', `/api/v1/drafts/${d.id}/versions`, { token: office.tokens.reader }), 200)
    const v = versions.items.find((x) => x.version === saved.version)!
    for (const r of [...ins, ...del]) {
      expect(r['w:author']).toBe('drafter成员')
      expect(Date.parse(r['w:date']!)).toBe(Math.floor(Date.parse(v.createdAt) / 1000) * 1000)
    }
    await expectError(await exportOf(d.id, `format=md&compareTo=${d.version}`), 400, 'VALIDATION')
    await expectError(await exportOf(d.id, 'format=docx&compareTo=99'), 404, 'NOT_FOUND')
  })

  it('exports an earlier version when asked, with its own hash', async () => {
    const d = await draftWith(['第一版正文。'])
    const current = await getDraft(office, d.id)
    await expectJson(await save(office, d.id, current.version, current.sections.map((s, i) => ({ ...s, text: i === 0 ? '第二版正文。' : s.text }))), 200)
    const res = await exportOf(d.id, `format=docx&version=${d.version}`)
    expect(res.headers.get('x-wenfu-content-hash')).toBe(d.contentHash)
    const text = textOf(parts(await res.arrayBuffer())['word/document.xml']!)
    expect(text).toContain('第一版正文。')
    expect(text).not.toContain('第二版正文。')
  })

  it('packs the document, 事实依据表, 审校报告 and a manifest with version, hash and the approvals bound to it', async () => {
    const finding = await createFinding(office.tokens.drafter, { sensitivity: 'internal' })
    const d = await draftWith(['为做好工作，通知如下：', '项目审批平均用时压缩到28个工作日{F}。全区新增市场主体9999户。'], { findingIds: [finding.id] })
    await advance(office, d.id, 'approve')
    const res = await exportOf(d.id, 'format=pack')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toMatch(/-送审包\.zip$/)
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
    const names = Object.keys(files)
    expect(names).toHaveLength(4)
    expect(names.some((n) => n.endsWith('-事实依据表.docx'))).toBe(true)
    expect(names.some((n) => n.endsWith('-审校报告.docx'))).toBe(true)
    const manifest = JSON.parse(strFromU8(files['manifest.json']!))
    expect(manifest.version).toBe(d.version)
    expect(manifest.contentHash).toBe(d.contentHash)
    expect(manifest.sensitivity).toMatchObject({ level: 'internal', label: '内部' })
    expect(manifest.sensitivity.notice).toContain('内部材料')
    expect(manifest.approvals).toHaveLength(1)
    expect(manifest.approvals[0]).toMatchObject({ kind: 'approve', contentHash: d.contentHash, matchesPacked: true, name: 'reviewer成员' })
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual(names.filter((n) => n !== 'manifest.json').sort())
    const basis = textOf(parts(files[names.find((n) => n.endsWith('-事实依据表.docx'))!]!)['word/document.xml']!)
    expect(basis).toContain('项目审批平均用时压缩到28个工作日。')
    expect(basis).toContain(finding.title)
    expect(basis).not.toMatch(/\[F\d+\]/)
    expect(basis).toContain('座谈／城东街道／王某（企业负责人）')
    expect(basis).toContain('口径：审批用时按工作日计，自受理至办结')
    expect(basis).toContain('2026-04-12')
    expect(basis).toMatch(/二、没有调研发现支撑的数据1\.9999/)
    expect(basis).toContain('内部材料')
    const main = parts(files[names.find((n) => !n.includes('-') && n.endsWith('.docx')) ?? names.find((n) => n.endsWith('.docx') && !/事实依据表|审校报告/.test(n))!]!)['word/document.xml']!
    expect(main).not.toMatch(/\[F\d+\]/)
    const report = textOf(parts(files[names.find((n) => n.endsWith('-审校报告.docx'))!]!)['word/document.xml']!)
    expect(report).toMatch(/第 \d+ 版共发现 \d+ 处/)
    expect(report).toContain('一、必须修改')
  })

  it('takes the 发文字号 the lifecycle locked at 印发', async () => {
    await expectJson(await call('PUT', '/api/v1/admin/settings', { token: office.tokens.admin, body: { docAgencyCode: '示区委办发' } }), 200)
    const d = await draftWith(['现就有关事项通知如下：', '各单位要抓好落实。'], { variables: { issuer: '中共示例区委办公室', docNumber: '随便写的号' } })
    await advance(office, d.id, 'issue')
    const res = await exportOf(d.id, 'format=docx')
    const text = paragraphs(parts(await res.arrayBuffer())['word/document.xml']!).map((p) => p.text)
    expect(text.some((t) => /^示区委办发〔\d{4}〕\d+号$/.test(t))).toBe(true)
    expect(text).not.toContain('随便写的号')
  })

  it('answers the error envelope for a bad format, a missing draft, another office and no token', async () => {
    const d = await draftWith(['正文。'])
    await expectError(await exportOf(d.id, 'format=pdf'), 400, 'VALIDATION')
    await expectError(await exportOf('drf_missing', 'format=docx'), 404, 'NOT_FOUND')
    const other = await makeOffice(['reader'])
    await expectError(await exportOf(d.id, 'format=docx', other.tokens.reader), 404, 'NOT_FOUND')
    await expectError(await call('GET', `/api/v1/drafts/${d.id}/export?format=docx`, { token: null }), 401, 'UNAUTHORIZED')
  })
})

describe('POST /export', () => {
  const body = {
    genre: '通知',
    title: '关于开展2026年度重点课题调研的通知',
    body: '为做好调研工作，现就有关事项通知如下：\n一、调研内容\n（一）基层治理。重点了解网格化管理。\n1.摸清底数。',
    fields: { issuer: '中共示例区委办公室', recipients: '各镇党委', date: '2026年05月08日' },
    format: 'docx',
  }

  it('formats a request as a .docx named after its title, with 序次语 lines as headings', async () => {
    const res = await call('POST', '/api/v1/export', { token: office.tokens.reader, body })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('关于开展2026年度重点课题调研的通知.docx')}`)
    const ps = paragraphs(parts(await res.arrayBuffer())['word/document.xml']!)
    const heading = ps.find((p) => p.text === '一、调研内容')!
    expect(heading.xml).toContain('w:eastAsia="黑体"')
    expect(ps.some((p) => p.text === '2026年5月8日')).toBe(true)
  })

  it('refuses a request without a title or with an unknown genre, in Chinese', async () => {
    await expectError(await call('POST', '/api/v1/export', { token: office.tokens.reader, body: { ...body, title: '' } }), 400, 'VALIDATION')
    await expectError(await call('POST', '/api/v1/export', { token: office.tokens.reader, body: { ...body, genre: '小说' } }), 400, 'VALIDATION')
    await expectError(await call('POST', '/api/v1/export', { token: office.tokens.reader, body: { ...body, body: 'x'.repeat(300_001) } }), 400, 'VALIDATION')
    await expectError(await call('POST', '/api/v1/export', { token: null, body }), 401, 'UNAUTHORIZED')
  })

  it('answers md and html', async () => {
    const md = await call('POST', '/api/v1/export', { token: office.tokens.reader, body: { ...body, format: 'md' } })
    expect(await md.text()).toContain('# 关于开展2026年度重点课题调研的通知')
    const html = await call('POST', '/api/v1/export', { token: office.tokens.reader, body: { ...body, format: 'html', sensitivity: 'restricted' } })
    expect(html.headers.get('x-wenfu-sensitivity')).toBe('restricted')
    expect(await html.text()).toContain('本文稿使用了敏感材料')
  })
})

