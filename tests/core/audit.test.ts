import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectError, expectJson, findingBody, makeOffice, type Office } from '../fixtures'

interface Verdict {
  intact: boolean
  events: number
  brokenAt?: { seq: number; id: string | null; reason: string }
}

const verify = (token: string) => call('GET', '/api/v1/audit/verify', { token })

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
