/**
 * Imports under failure: whatever goes wrong with one document ends up in the report, never as a
 * 500 after part of the batch was written, and each document is stored whole (base row, chunks,
 * search rows, original in R2) or not at all. The failures are real ones: a duplicate written by a
 * concurrent import, a document whose index rows would pass D1's 2 MB value limit.
 */
import { env } from 'cloudflare:workers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport } from '../../src/knowledge'
import { call, expectJson, findingBody, importFiles, makeOffice, searchFor, unique, utf8, type Office } from '../fixtures'

let office: Office
let token: string

beforeAll(async () => {
  office = await makeOffice(['drafter'])
  token = office.tokens.drafter
})

/** Every precedent of the office, with how many chunks and search rows it has. */
async function storedPrecedents(officeId: string) {
  const rows = await env.DB.prepare(
    `SELECT p.id, p.title, p.file_key AS fileKey,
            (SELECT count(*) FROM chunks c WHERE c.doc_id = p.id) AS chunks,
            (SELECT count(*) FROM chunks_fts f WHERE f.rowid IN (SELECT id FROM chunks c WHERE c.doc_id = p.id)) AS fts
       FROM precedents p WHERE p.office_id = ?`,
  )
    .bind(officeId)
    .all<{ id: string; title: string; fileKey: string | null; chunks: number; fts: number }>()
  return rows.results
}

async function originals(officeId: string): Promise<string[]> {
  const listed = await env.FILES.list({ prefix: `offices/${officeId}/originals/` })
  return listed.objects.map((o) => o.key)
}

const jsonl = (marker: string, n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ title: `${marker}第${i}篇`, genre: '讲话稿', body: `${marker}：第${i}篇讲话正文，推动高质量发展。` })).join('\n')

describe('imports of the same documents at once', () => {
  const ROUNDS = 4
  let reports: ImportReport[] = []
  let o: Office

  beforeAll(async () => {
    o = await makeOffice(['drafter'])
    // The same twelve documents in three files that differ only by trailing newlines (so their
    // originals have different keys in R2), imported at once. Whether two writers meet between the
    // duplicate check and the write depends on timing, so the race is run a few rounds.
    for (let round = 0; round < ROUNDS; round++) {
      const marker = unique(`并发${round}`)
      const file = (k: number) => ({ name: `文件${k}.jsonl`, content: jsonl(marker, 12) + '\n'.repeat(k) })
      const responses = await Promise.all([0, 1, 2].map((k) => importFiles(o.tokens.drafter, [file(k)])))
      reports = reports.concat(await Promise.all(responses.map((r) => expectJson<ImportReport>(r, 200))))
    }
  })

  it('answers 200 to each, every line either imported once or reported as a duplicate', () => {
    const imported = reports.flatMap((r) => r.imported)
    expect(imported).toHaveLength(12 * ROUNDS)
    expect(reports.flatMap((r) => r.skipped)).toHaveLength(24 * ROUNDS)
    expect(reports.flatMap((r) => r.refused)).toEqual([])
    const ids = new Set(imported.map((i) => i.id))
    for (const s of reports.flatMap((r) => r.skipped)) expect(ids.has(s.duplicateOf)).toBe(true)
  })

  it('stores each document once, whole, with exactly the originals they came from in R2', async () => {
    const stored = await storedPrecedents(o.id)
    expect(stored).toHaveLength(12 * ROUNDS)
    for (const p of stored) {
      expect(p.chunks).toBeGreaterThan(0)
      expect(p.fts).toBe(p.chunks)
    }
    const keys = [...new Set(stored.map((p) => p.fileKey!))].sort()
    expect((await originals(o.id)).sort()).toEqual(keys)
    for (const p of stored.slice(0, 12)) {
      const res = await call('GET', `/api/v1/precedents/${p.id}/original`, { token: o.tokens.drafter })
      expect(res.status).toBe(200)
      expect(await utf8(res)).toContain(p.title.split('第')[0])
    }
  })

  it('findings sent twice at once are stored once each', async () => {
    const items = Array.from({ length: 10 }, () => findingBody())
    const send = () => call('POST', '/api/v1/findings/batch', { token: o.tokens.drafter, body: { items } })
    const reports = await Promise.all([send(), send()].map(async (r) => expectJson<ImportReport>(await r, 200)))
    expect(reports.flatMap((r) => r.imported)).toHaveLength(10)
    expect(reports.flatMap((r) => r.skipped)).toHaveLength(10)
    const count = await env.DB.prepare('SELECT count(*) AS n FROM findings WHERE office_id = ?').bind(o.id).first<{ n: number }>()
    expect(count!.n).toBe(10)
  })
})

describe('a document whose search rows would pass D1 limits', () => {
  // A Markdown "heading" of 150,000 characters: as a heading it would be copied into every chunk's
  // heading path and search row (its bigrams alone pass D1's 2 MB value limit).
  const marker = unique('超长标题')
  const hugeHeading = `# ${'营商环境持续优化'.repeat(18_750)}`
  let report: ImportReport

  beforeAll(async () => {
    const files = [
      { name: '前一个.md', content: `# 关于${marker}前一个的通知\n\n${marker}：各单位要按时报送。` },
      { name: '超长.md', content: `# 关于${marker}的报告\n\n${hugeHeading}\n\n${marker}的正文第一段。\n\n${marker}的正文第二段。` },
      { name: '后一个.md', content: `# 关于${marker}后一个的通知\n\n${marker}：请认真贯彻落实。` },
    ]
    report = await expectJson<ImportReport>(await importFiles(token, files, { genre: '报告' }), 200)
  })

  it('reports every file of the batch', () => {
    const files = [...report.imported, ...report.skipped, ...report.refused].map((i) => i.file).sort()
    expect(files).toEqual(['前一个.md', '后一个.md', '超长.md'].sort())
    expect(report.summary.files).toBe(3)
  })

  it('stores it whole and searchable, the long line kept as text', async () => {
    const item = report.imported.find((i) => i.file === '超长.md')
    expect(item, JSON.stringify(report.refused)).toBeTruthy()
    const stored = (await storedPrecedents(office.id)).find((p) => p.id === item!.id)!
    expect(stored.fts).toBe(stored.chunks)
    const hits = await searchFor(token, `${marker}的正文第二段`, { kind: 'precedent' })
    expect(hits.some((h) => h.id === item!.id)).toBe(true)
    const headings = await env.DB.prepare('SELECT max(length(heading_path)) AS n FROM chunks WHERE doc_id = ?').bind(item!.id).first<{ n: number }>()
    expect(headings!.n).toBeLessThan(2_000)
  })
})

describe('a document whose write fails inside D1', () => {
  // A real failure inside the document's batch, after its base row is written: a trigger (made
  // here, dropped after) aborts the insert of any chunk that carries the marker.
  const marker = unique('故障注入')
  beforeAll(async () => {
    await env.DB.exec(`CREATE TRIGGER test_fail_chunk BEFORE INSERT ON chunks WHEN instr(NEW.text, '${marker}') > 0 BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
  })
  afterAll(async () => {
    await env.DB.exec('DROP TRIGGER IF EXISTS test_fail_chunk')
  })

  it('is refused in the report, leaves no row, chunk or search row, and the rest is imported', async () => {
    const o = await makeOffice(['drafter'])
    const ok = unique('正常')
    const lines = [
      { title: `${ok}一`, genre: '讲话稿', body: `${ok}：第一篇。` },
      { title: `${marker}篇`, genre: '讲话稿', body: `${marker}：这一篇写不进去。` },
      { title: `${ok}三`, genre: '讲话稿', body: `${ok}：第三篇。` },
    ]
    const files = [
      { name: '混合.jsonl', content: lines.map((l) => JSON.stringify(l)).join('\n') },
      { name: '全坏.md', content: `# 关于${marker}的通知\n\n${marker}：本文件整篇写不进去。` },
      { name: '之后.md', content: `# 关于${ok}的通知\n\n${ok}：之后的文件照常导入。` },
    ]
    const report = await expectJson<ImportReport>(await importFiles(o.tokens.drafter, files), 200)
    expect(report.summary).toMatchObject({ files: 3, imported: 3, refused: 2 })
    expect(report.refused.map((r) => r.file)).toEqual(['混合.jsonl', '全坏.md'])
    expect(report.refused[0]!.line).toBe(2)
    for (const r of report.refused) expect(r.reason).toMatch(/未导入.*请求号 req_/)
    const stored = await storedPrecedents(o.id)
    expect(stored.map((p) => p.title).sort()).toEqual([`${ok}一`, `${ok}三`, `关于${ok}的通知`].sort())
    for (const p of stored) expect(p.fts).toBe(p.chunks)
    const orphans = await env.DB.prepare('SELECT count(*) AS n FROM chunks WHERE office_id = ? AND doc_id NOT IN (SELECT id FROM precedents)').bind(o.id).first<{ n: number }>()
    expect(orphans!.n).toBe(0)
    // The mixed file's original stays (two of its documents name it); the broken file's does not.
    const kept = await originals(o.id)
    expect(kept).toHaveLength(2)
    expect(kept.some((k) => k.endsWith('全坏.md'))).toBe(false)
    const events = await env.DB.prepare("SELECT count(*) AS n FROM audit_events WHERE office_id = ? AND action = 'precedent.create'").bind(o.id).first<{ n: number }>()
    expect(events!.n).toBe(3)
  })

  it('in a findings batch is refused alone', async () => {
    const o = await makeOffice(['drafter'])
    const items = [findingBody(), findingBody({ body: `${marker}：这一条写不进去。` }), findingBody()]
    const report = await expectJson<ImportReport>(await call('POST', '/api/v1/findings/batch', { token: o.tokens.drafter, body: { items } }), 200)
    expect(report.summary).toMatchObject({ imported: 2, refused: 1 })
    expect(report.refused[0]).toMatchObject({ line: 2 })
    const count = await env.DB.prepare('SELECT count(*) AS n FROM findings WHERE office_id = ?').bind(o.id).first<{ n: number }>()
    expect(count!.n).toBe(2)
  })
})

describe('originals of files nothing was kept from', () => {
  it('are not left in R2', async () => {
    const o = await makeOffice(['drafter'])
    // Every line refused (no body): the file brought nothing, so its original goes too.
    const res = await importFiles(o.tokens.drafter, [{ name: '全部无效.jsonl', content: '{"title":"甲","genre":"讲话稿"}\n{"title":"乙","genre":"讲话稿"}' }])
    const r = await expectJson<ImportReport>(res, 200)
    expect(r.summary).toMatchObject({ imported: 0, refused: 2 })
    expect(await originals(o.id)).toEqual([])
  })

  it('stay when an earlier import kept them', async () => {
    const o = await makeOffice(['drafter'])
    const file = { name: '两次.jsonl', content: jsonl(unique('两次'), 2) }
    await expectJson(await importFiles(o.tokens.drafter, [file]), 200)
    const again = await expectJson<ImportReport>(await importFiles(o.tokens.drafter, [file]), 200)
    expect(again.summary).toMatchObject({ imported: 0, skipped: 2 })
    expect(await originals(o.id)).toHaveLength(1)
  })
})
