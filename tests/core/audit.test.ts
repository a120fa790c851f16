import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { eventHash } from '../../src/core/audit'
import type { ChainVerdict } from '../../src/core/audit-verify'
import { BUILTIN_SOURCES } from '../../src/templates/builtin'
import { call, expectError, expectJson, findingBody, makeOffice, type Office } from '../fixtures'

type Verdict = ChainVerdict

const verify = (token: string, query: Record<string, string | number> = {}) =>
  call('GET', `/api/v1/audit/verify?${new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])))}`, { token })

/** `n` audited writes in office `o` (findings made by its drafter), one after another. */
async function writeEvents(o: Office, n: number) {
  for (let i = 0; i < n; i++) await expectJson(await call('POST', '/api/v1/findings', { token: o.tokens.drafter, body: findingBody() }), 201)
}

const eventAt = (officeId: string, seq: number) =>
  env.DB.prepare('SELECT id, seq, hash FROM audit_events WHERE office_id = ? AND seq = ?').bind(officeId, seq).first<{ id: string; seq: number; hash: string }>()

describe('audit trail', () => {
  let office: Office
  beforeAll(async () => {
    office = await makeOffice(['admin', 'drafter', 'reader'])
  })

  it('records every knowledge write with who, role, action, target and content hashes', async () => {
    const created = await expectJson<{ id: string }>(await call('POST', '/api/v1/findings', { token: office.tokens.drafter, body: findingBody() }), 201)
    await expectJson(await call('PATCH', `/api/v1/findings/${created.id}`, { token: office.tokens.drafter, body: { topic: '审批改革' } }), 200)
    expect((await call('DELETE', `/api/v1/findings/${created.id}`, { token: office.tokens.drafter })).status).toBe(204)
    const { items } = await expectJson<{ items: any[] }>(
      await call('GET', `/api/v1/audit?targetId=${created.id}`, { token: office.tokens.admin }),
      200,
    )
    expect(items.map((e) => e.action)).toEqual(['finding.delete', 'finding.update', 'finding.create'])
    const [del, upd, crt] = items
    expect(crt).toMatchObject({ role: 'drafter', targetKind: 'finding', hashBefore: null })
    expect(crt.hashAfter).toMatch(/^[0-9a-f]{64}$/)
    expect(upd.hashBefore).toBe(crt.hashAfter)
    expect(del.hashBefore).toBe(upd.hashAfter)
    expect(del.prevHash).toBe(upd.hash)
  })

  it('keeps the chain intact under concurrent writers, each write with exactly one event', async () => {
    const o = await makeOffice(['admin', 'drafter'])
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call('POST', '/api/v1/findings', { token: o.tokens.drafter, body: findingBody() })),
    )
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201))
    const verdict = await expectJson<Verdict>(await verify(o.tokens.admin), 200)
    expect(verdict.intact).toBe(true)
    const rows = await env.DB.prepare("SELECT seq, action FROM audit_events WHERE office_id = ? AND action = 'finding.create' ORDER BY seq")
      .bind(o.id)
      .all<{ seq: number }>()
    expect(rows.results).toHaveLength(8)
  })

  it('detects a tampered event and names where the chain breaks', async () => {
    const o = await makeOffice(['admin', 'drafter'])
    for (let i = 0; i < 3; i++) await call('POST', '/api/v1/findings', { token: o.tokens.drafter, body: findingBody() })
    expect((await expectJson<Verdict>(await verify(o.tokens.admin), 200)).intact).toBe(true)
    const target = await env.DB.prepare("SELECT id, seq FROM audit_events WHERE office_id = ? AND action = 'finding.create' ORDER BY seq LIMIT 1")
      .bind(o.id)
      .first<{ id: string; seq: number }>()
    await env.DB.prepare("UPDATE audit_events SET member_id = 'mem_someoneelse' WHERE id = ?").bind(target!.id).run()
    const verdict = await expectJson<Verdict>(await verify(o.tokens.admin), 200)
    expect(verdict.intact).toBe(false)
    expect(verdict.brokenAt).toMatchObject({ seq: target!.seq, id: target!.id })
    expect(verdict.brokenAt!.reason).toContain('改动')
  })

  it('detects a deleted event', async () => {
    const o = await makeOffice(['admin', 'drafter'])
    for (let i = 0; i < 3; i++) await call('POST', '/api/v1/findings', { token: o.tokens.drafter, body: findingBody() })
    const middle = await env.DB.prepare('SELECT seq FROM audit_events WHERE office_id = ? ORDER BY seq DESC LIMIT 1 OFFSET 1')
      .bind(o.id)
      .first<{ seq: number }>()
    await env.DB.prepare('DELETE FROM audit_events WHERE office_id = ? AND seq = ?').bind(o.id, middle!.seq).run()
    const verdict = await expectJson<Verdict>(await verify(o.tokens.admin), 200)
    expect(verdict).toMatchObject({ intact: false, brokenAt: { seq: middle!.seq, id: null } })
  })

  it('records lexicon and template writes in the chain like every other write', async () => {
    const o = await makeOffice(['admin'])
    const t = o.tokens.admin
    const lex = await expectJson<{ id: string }>(await call('POST', '/api/v1/lexicons', { token: t, body: { kind: 'sensitive', name: '禁用词', entries: [{ word: '老板', level: 'forbidden' }] } }), 201)
    await expectJson(await call('PUT', `/api/v1/lexicons/${lex.id}`, { token: t, body: { baseVersion: 1, entries: [{ word: '村官', level: 'caution' }] } }), 200)
    expect((await call('DELETE', `/api/v1/lexicons/${lex.id}`, { token: t })).status).toBe(204)
    const source = BUILTIN_SOURCES.find((s) => /^id: tongzhi$/m.test(s))!
    await expectJson(await call('POST', '/api/v1/templates', { token: t, body: { source } }), 201)
    await expectJson(await call('POST', '/api/v1/templates', { token: t, body: { source: source.replace('特此通知。', '请遵照执行。') } }), 200)
    expect((await call('DELETE', '/api/v1/templates/tongzhi', { token: t })).status).toBe(204)

    const lexEvents = (await expectJson<{ items: any[] }>(await call('GET', `/api/v1/audit?targetKind=lexicon&targetId=${lex.id}`, { token: t }), 200)).items
    expect(lexEvents.map((e) => e.action)).toEqual(['lexicon.archive', 'lexicon.update', 'lexicon.create'])
    const [, update, create] = lexEvents
    expect(create).toMatchObject({ role: 'admin', hashBefore: null, detail: { kind: 'sensitive', name: '禁用词', version: 1 } })
    expect(update.hashBefore).toBe(create.hashAfter)
    expect(update.hashAfter).not.toBe(update.hashBefore)
    const tplEvents = (await expectJson<{ items: any[] }>(await call('GET', '/api/v1/audit?targetKind=template&targetId=tongzhi', { token: t }), 200)).items
    expect(tplEvents.map((e) => e.action)).toEqual(['template.delete', 'template.save', 'template.save'])
    const [del, second, first] = tplEvents
    expect(first.detail).toMatchObject({ overrides: 'builtin' })
    expect(second.hashBefore).toBe(first.hashAfter)
    expect(del.hashBefore).toBe(second.hashAfter)
    expect(await expectJson<Verdict>(await verify(t), 200)).toMatchObject({ intact: true, complete: true })
  })

  it('an unchanged template saved again writes nothing and records nothing', async () => {
    const o = await makeOffice(['admin'])
    const source = BUILTIN_SOURCES.find((s) => /^id: tongzhi$/m.test(s))!
    await call('POST', '/api/v1/templates', { token: o.tokens.admin, body: { source } })
    await call('POST', '/api/v1/templates', { token: o.tokens.admin, body: { source } })
    const { items } = await expectJson<{ items: any[] }>(await call('GET', '/api/v1/audit?targetKind=template', { token: o.tokens.admin }), 200)
    expect(items).toHaveLength(1)
  })

  describe('verification in pages', () => {
    let o: Office
    beforeAll(async () => {
      o = await makeOffice(['admin', 'drafter'])
      await writeEvents(o, 25) // the office's own chain: its members were made (and recorded) by the deployment admin
    })

    it('walks the chain page by page with the cursor, to its head', async () => {
      const pages: Verdict[] = []
      let cursor: string | null = null
      do {
        const page: Verdict = await expectJson<Verdict>(await verify(o.tokens.admin, { limit: 10, ...(cursor ? { cursor } : {}) }), 200)
        pages.push(page)
        cursor = page.nextCursor
      } while (cursor && pages.length < 10)
      expect(pages.map((p) => [p.from, p.events, p.head?.seq, p.complete])).toEqual([
        [1, 10, 10, false],
        [11, 10, 20, false],
        [21, 5, 25, true],
      ])
      expect(pages.every((p) => p.intact && p.chainHead === 25)).toBe(true)
      expect(pages[2]!.head!.hash).toBe((await eventAt(o.id, 25))!.hash)
    })

    it('finds a break in the middle page, and only there', async () => {
      const target = await eventAt(o.id, 15)
      await env.DB.prepare("UPDATE audit_events SET detail = '{\"forged\":true}' WHERE id = ?").bind(target!.id).run()
      try {
        const first = await expectJson<Verdict>(await verify(o.tokens.admin, { limit: 10 }), 200)
        expect(first).toMatchObject({ intact: true, complete: false, events: 10 })
        const middle = await expectJson<Verdict>(await verify(o.tokens.admin, { limit: 10, cursor: first.nextCursor! }), 200)
        expect(middle).toMatchObject({ intact: false, complete: false, nextCursor: null, events: 4, head: { seq: 14 }, brokenAt: { seq: 15, id: target!.id } })
        expect(middle.brokenAt!.reason).toContain('改动')
      } finally {
        await env.DB.prepare('UPDATE audit_events SET detail = NULL WHERE id = ?').bind(target!.id).run()
      }
      expect((await expectJson<Verdict>(await verify(o.tokens.admin), 200)).intact).toBe(true)
    })

    it('catches an edit made between two pages to the last event already verified', async () => {
      const first = await expectJson<Verdict>(await verify(o.tokens.admin, { limit: 10 }), 200)
      const tenth = await env.DB.prepare('SELECT * FROM audit_events WHERE office_id = ? AND seq = 10').bind(o.id).first<any>()
      // Forged consistently: the stored hash is recomputed over the forged field, so the event alone
      // looks sound; only the hash the cursor carries from the first page can tell.
      const forged = { ...tenth, memberId: 'mem_forger' }
      const hash = await eventHash({
        prevHash: tenth.prev_hash, officeId: tenth.office_id, seq: tenth.seq, at: tenth.at, memberId: 'mem_forger', role: tenth.role, action: tenth.action,
        targetKind: tenth.target_kind, targetId: tenth.target_id, hashBefore: tenth.hash_before, hashAfter: tenth.hash_after, detail: tenth.detail ? JSON.parse(tenth.detail) : null,
      })
      expect(forged.hash).not.toBe(hash)
      await env.DB.prepare("UPDATE audit_events SET hash = ?, member_id = 'mem_forger' WHERE id = ?").bind(hash, tenth.id).run()
      try {
        const next = await expectJson<Verdict>(await verify(o.tokens.admin, { limit: 10, cursor: first.nextCursor! }), 200)
        expect(next).toMatchObject({ intact: false, brokenAt: { seq: 10, id: tenth.id, reason: '该事件在上次校验之后被改动' } })
      } finally {
        await env.DB.prepare('UPDATE audit_events SET hash = ?, member_id = ? WHERE id = ?').bind(tenth.hash, tenth.member_id, tenth.id).run()
      }
    })

    it('refuses a cursor of another office, a forged cursor and a page size out of range', async () => {
      const mine = await expectJson<Verdict>(await verify(o.tokens.admin, { limit: 5 }), 200)
      const other = await makeOffice(['admin'])
      await expectError(await verify(other.tokens.admin, { cursor: mine.nextCursor! }), 400, 'VALIDATION')
      await expectError(await verify(o.tokens.admin, { cursor: 'not-a-cursor' }), 400, 'VALIDATION')
      await expectError(await verify(o.tokens.admin, { limit: 0 }), 400, 'VALIDATION')
      await expectError(await verify(o.tokens.admin, { limit: 20_001 }), 400, 'VALIDATION')
    })
  })

  it('is read by admins, reviewers and signers only, within their office', async () => {
    await expectError(await call('GET', '/api/v1/audit', { token: office.tokens.reader }), 403, 'FORBIDDEN')
    await expectError(await call('GET', '/api/v1/audit/verify', { token: office.tokens.drafter }), 403, 'FORBIDDEN')
    const other = await makeOffice(['admin'])
    const { items } = await expectJson<{ items: { memberId: string; targetId: string }[] }>(
      await call('GET', '/api/v1/audit?limit=200', { token: other.tokens.admin }),
      200,
    )
    const mine = await expectJson<{ items: { targetId: string }[] }>(await call('GET', '/api/v1/audit?limit=200', { token: office.tokens.admin }), 200)
    const otherTargets = new Set(items.map((e) => e.targetId))
    expect(mine.items.some((e) => otherTargets.has(e.targetId))).toBe(false)
  })

  it('refuses bad filters with the error envelope', async () => {
    await expectError(await call('GET', '/api/v1/audit?limit=0', { token: office.tokens.admin }), 400, 'VALIDATION')
    await expectError(await call('GET', '/api/v1/audit?from=yesterday', { token: office.tokens.admin }), 400, 'VALIDATION')
  })
})
