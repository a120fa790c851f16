import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectError, expectJson } from '../fixtures'
import { fullOffice, getDraft, makeDraft, save, type Office } from './helpers'

let office: Office
beforeAll(async () => {
  office = await fullOffice()
})

const edit = (sections: { id: string; heading: string; text: string }[], text: string) => sections.map((s, i) => ({ ...s, text: i === 0 ? text : s.text }))

describe('PUT /drafts/:id', () => {
  it('saves against the current version, making an immutable version with its content hash', async () => {
    const draft = await makeDraft(office)
    const current = await getDraft(office, draft.id)
    const res = await save(office, draft.id, current.version, edit(current.sections, '各镇党委和政府：为切实做好安全生产工作，现就有关事项通知如下。'))
    const saved = await expectJson<{ version: number; contentHash: string }>(res, 200)
    expect(saved.version).toBe(current.version + 1)
    expect(res.headers.get('etag')).toBe(`"${saved.version}"`)
    const after = await getDraft(office, draft.id)
    expect(after.version).toBe(saved.version)
    expect(after.sections[0]!.text).toContain('切实做好安全生产工作')
    const versions = await expectJson<{ items: { version: number; contentHash: string; reason: string }[] }>(
      await call('GET', `/api/v1/drafts/${draft.id}/versions`, { token: office.tokens.reader }),
      200,
    )
    // Every version the draft has reported exists: creation, the outline, and this save.
    expect(versions.items.map((v) => v.version)).toEqual(Array.from({ length: saved.version }, (_, i) => saved.version - i))
    expect(versions.items.map((v) => v.reason)).toEqual(['edit', 'outline', 'created'])
    expect(versions.items[0]!.contentHash).toBe(saved.contentHash)
    const v = await expectJson<{ text: string; sections: unknown[] }>(await call('GET', `/api/v1/drafts/${draft.id}/versions/${saved.version}`, { token: office.tokens.reader }), 200)
    expect(v.text).toContain('切实做好安全生产工作')
  })

  it('refuses a save against a stale version with 409 and the current version', async () => {
    const draft = await makeDraft(office)
    const base = await getDraft(office, draft.id)
    await expectJson(await save(office, draft.id, base.version, edit(base.sections, '第一次修改。')), 200)
    const err = await expectError(await save(office, draft.id, base.version, edit(base.sections, '第二次修改，基于旧版本。')), 409, 'CONFLICT')
    expect(err.details.currentVersion).toBe(base.version + 1)
    expect((await getDraft(office, draft.id)).sections[0]!.text).toBe('第一次修改。')
  })

  it('asks for If-Match (412) and refuses a malformed one (400)', async () => {
    const draft = await makeDraft(office)
    const base = await getDraft(office, draft.id)
    await expectError(await save(office, draft.id, null, base.sections), 412, 'PRECONDITION_FAILED')
    await expectError(
      await call('PUT', `/api/v1/drafts/${draft.id}`, { token: office.tokens.drafter, body: { sections: base.sections }, headers: { 'if-match': 'yesterday' } }),
      400,
      'VALIDATION',
    )
  })

  it('applies exactly one of many concurrent conflicting saves and refuses the rest, losing none silently', async () => {
    const draft = await makeDraft(office)
    const base = await getDraft(office, draft.id)
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => save(office, draft.id, base.version, edit(base.sections, `并发修改 ${i}`))),
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409])
    const winner = results.findIndex((r) => r.status === 200)
    expect((await getDraft(office, draft.id)).sections[0]!.text).toBe(`并发修改 ${winner}`)
    const counted = await env.DB.prepare("SELECT count(*) AS n FROM draft_versions WHERE draft_id = ? AND reason = 'edit'").bind(draft.id).first<{ n: number }>()
    expect(counted!.n).toBe(1)
    const events = await env.DB.prepare("SELECT count(*) AS n FROM audit_events WHERE target_id = ? AND action = 'draft.save'").bind(draft.id).first<{ n: number }>()
    expect(events!.n).toBe(1)
  })

  it('lets concurrent editors who retry on 409 all land, each as its own version', async () => {
    const draft = await makeDraft(office)
    const writer = async (i: number) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const now = await getDraft(office, draft.id)
        const sections = now.sections.map((s, k) => (k === 0 ? { ...s, text: `${s.text}\n第${i}人补充。` } : s))
        const res = await save(office, draft.id, now.version, sections)
        if (res.status === 200) return
        expect(res.status).toBe(409)
      }
      throw new Error('writer never landed')
    }
    const before = await getDraft(office, draft.id)
    await Promise.all([1, 2, 3, 4].map(writer))
    const after = await getDraft(office, draft.id)
    for (const i of [1, 2, 3, 4]) expect(after.sections[0]!.text).toContain(`第${i}人补充。`)
    expect(after.version).toBe(before.version + 4)
    const counted = await env.DB.prepare("SELECT count(*) AS n FROM draft_versions WHERE draft_id = ? AND reason = 'edit'").bind(draft.id).first<{ n: number }>()
    expect(counted!.n).toBe(4)
  })

  it('adds, removes and reorders sections, keeping ids of those kept', async () => {
    const draft = await makeDraft(office)
    const base = await getDraft(office, draft.id)
    const [first, ...rest] = base.sections
    const sections = [...rest.reverse(), { heading: '四、其他事项', text: '未尽事宜另行通知。' }]
    await expectJson(await save(office, draft.id, base.version, sections), 200)
    const after = await getDraft(office, draft.id)
    expect(after.sections.map((s) => s.heading)).toEqual(sections.map((s) => s.heading))
    expect(after.sections.map((s) => s.id)).not.toContain(first!.id)
    expect(after.sections.slice(0, rest.length).map((s) => s.id)).toEqual(rest.map((s) => s.id))
  })

  it('refuses section ids of another draft, oversized text, readers and other offices', async () => {
    const a = await makeDraft(office)
    const b = await makeDraft(office)
    const base = await getDraft(office, a.id)
    const other = await getDraft(office, b.id)
    await expectError(await save(office, a.id, base.version, [{ id: other.sections[0]!.id, heading: 'x', text: 'y' }]), 400, 'VALIDATION')
    await expectError(await save(office, a.id, base.version, [{ heading: '正文', text: '字'.repeat(50_001) }]), 400, 'VALIDATION')
    await expectError(await save(office, a.id, base.version, base.sections, office.tokens.reader), 403, 'FORBIDDEN')
    const stranger = await fullOffice()
    await expectError(await save(stranger, a.id, base.version, base.sections), 404, 'NOT_FOUND')
    expect((await getDraft(office, a.id)).version).toBe(base.version)
  })
})

describe('GET /drafts/:id/diff', () => {
  it('shows paragraph- and character-level changes between two versions', async () => {
    const draft = await makeDraft(office)
    const base = await getDraft(office, draft.id)
    const v2 = await expectJson<{ version: number }>(
      await save(office, draft.id, base.version, [{ heading: '一、总体要求', text: '坚持安全第一。\n\n压实属地责任。' }]),
      200,
    )
    const v3 = await expectJson<{ version: number }>(
      await save(office, draft.id, v2.version, [{ heading: '一、总体要求', text: '坚持安全第一、预防为主。\n\n压实属地责任。\n\n加强督导检查。' }]),
      200,
    )
    const diff = await expectJson<{ changes: any[]; stats: Record<string, number> }>(
      await call('GET', `/api/v1/drafts/${draft.id}/diff?from=${v2.version}&to=${v3.version}`, { token: office.tokens.reader }),
      200,
    )
    expect(diff.changes).toContainEqual(expect.objectContaining({ op: 'equal', text: '压实属地责任。' }))
    expect(diff.changes).toContainEqual(expect.objectContaining({ op: 'insert', text: '加强督导检查。' }))
    const replaced = diff.changes.find((c) => c.op === 'replace')
    expect(replaced).toMatchObject({ before: '坚持安全第一。', after: '坚持安全第一、预防为主。' })
    expect(replaced.chars).toContainEqual({ op: 'insert', text: '、预防为主' })
    expect(diff.stats).toMatchObject({ insert: 1, replace: 1 })
    await expectError(await call('GET', `/api/v1/drafts/${draft.id}/diff?from=${v2.version}&to=999`, { token: office.tokens.reader }), 404, 'NOT_FOUND')
    await expectError(await call('GET', `/api/v1/drafts/${draft.id}/diff?from=a&to=b`, { token: office.tokens.reader }), 400, 'VALIDATION')
  })
})
