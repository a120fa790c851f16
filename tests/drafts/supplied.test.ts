/**
 * Drafts supplied from another domain's record (the 督查通报): written whole in one batch or not at
 * all, and carrying the sensitivity of the record they rest on wherever a draft's sensitivity shows.
 */
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Ctx } from '../../src/core/context'
import { createDb } from '../../src/db/client'
import { createSuppliedDraft } from '../../src/drafts'
import type { Env } from '../../src/env'
import { call, expectJson, makeOffice, type Office } from '../fixtures'
import { createItem, duchaOffice } from '../ducha/helpers'

let o: Office
const ctxFor = (officeId: string): Ctx => ({
  db: createDb(env.DB),
  env: env as unknown as Env,
  actor: { memberId: 'mem_test', officeId, role: 'drafter', platformAdmin: false },
  requestId: 'req_test',
})

const count = async (sql: string, ...args: unknown[]) => (await env.DB.prepare(sql).bind(...args).first<{ n: number }>())!.n

beforeAll(async () => {
  o = await makeOffice(['admin', 'drafter', 'reader'])
})

const supplied = (over: Record<string, unknown> = {}) => ({
  templateId: 'ducha-tongbao',
  variables: { subject: '2026年重点工作' },
  sections: { opening: { text: '现将督办事项推进情况通报如下：' } },
  source: 'test',
  ...over,
})

describe('createSuppliedDraft', () => {
  it('leaves no draft, section, version or audit event behind when its batch fails', async () => {
    // A section value past D1's 2 MB limit: the batch fails after the draft row was built with it.
    const huge = '督办事项推进情况良好'.repeat(80_000)
    await expect(createSuppliedDraft(ctxFor(o.id), supplied({ sections: { opening: { text: '开头。' }, overall: { text: huge } } }))).rejects.toThrow()
    expect(await count('SELECT COUNT(*) AS n FROM drafts WHERE office_id = ?', o.id)).toBe(0)
    expect(await count('SELECT COUNT(*) AS n FROM draft_sections WHERE office_id = ?', o.id)).toBe(0)
    expect(await count('SELECT COUNT(*) AS n FROM draft_versions WHERE office_id = ?', o.id)).toBe(0)
    expect(await count("SELECT COUNT(*) AS n FROM audit_events WHERE office_id = ? AND action LIKE 'draft.%'", o.id)).toBe(0)
  })

  it('writes the draft whole: outline, filled sections, the closing formula, two versions and both audit events', async () => {
    const d = await createSuppliedDraft(ctxFor(o.id), supplied())
    expect(d).toMatchObject({ composeState: 'done', version: 2, mode: 'assemble', sensitivity: 'public' })
    expect(d.sections.find((s) => s.key === 'opening')).toMatchObject({ text: '现将督办事项推进情况通报如下：', status: 'done' })
    expect(d.sections.find((s) => s.key === 'closing')?.text).toBe('特此通报。')
    expect(d.outline?.sections.map((s) => s.id)).toEqual(d.sections.map((s) => s.id))
    const versions = await expectJson(await call('GET', `/api/v1/drafts/${d.id}/versions`, { token: o.tokens.drafter }), 200)
    expect(versions.items.map((v: any) => [v.version, v.reason])).toEqual([
      [2, 'compose'],
      [1, 'created'],
    ])
    const audit = await expectJson(await call('GET', `/api/v1/audit?targetId=${d.id}`, { token: o.tokens.admin }), 200)
    expect(audit.items.map((e: any) => e.action).sort()).toEqual(['draft.create', 'draft.supply'])
  })

  it('refuses an unknown template or variable before writing anything', async () => {
    await expect(createSuppliedDraft(ctxFor(o.id), supplied({ templateId: 'no-such' }))).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(createSuppliedDraft(ctxFor(o.id), supplied({ variables: { subject: 'x', nope: 'y' } }))).rejects.toMatchObject({ code: 'VALIDATION' })
  })
})

describe('the sensitivity of a supplied draft', () => {
  it('is the record’s: in the view, the list and the export header', async () => {
    const d = await createSuppliedDraft(ctxFor(o.id), supplied({ record: { sensitivity: 'internal', figures: [], quotes: [], message: '内部督办事项' } }))
    expect(d.sensitivity).toBe('internal')
    expect(d.sensitivityNotice).toBeTruthy()
    const list = await expectJson(await call('GET', '/api/v1/drafts?limit=100', { token: o.tokens.reader }), 200)
    expect(list.items.find((x: any) => x.id === d.id).sensitivity).toBe('internal')
    const exported = await call('GET', `/api/v1/drafts/${d.id}/export?format=md&allowPlaceholders=true`, { token: o.tokens.reader })
    expect(exported.headers.get('x-wenfu-sensitivity')).toBe('internal')
  })

  it('a 通报 built from internal feedback is internal; one from public items only is public', async () => {
    const du = await duchaOffice()
    const lead = du.liaisons['区发展和改革委员会']!.token
    await createItem(du.tokens.drafter, { title: '公开事项', deadline: '2031-03-31', sensitivity: 'public' })
    const inner = await createItem(du.tokens.drafter, { title: '内部事项', deadline: '2030-03-31', sensitivity: 'internal' })
    await createItem(du.tokens.drafter, { title: '另一公开事项', deadline: '2030-04-30', sensitivity: 'public' })
    await expectJson(await call('POST', `/api/v1/ducha/items/${inner.id}/closing`, { token: lead, body: { text: '内部事项已按期完成。', reportedOn: '2030-03-20' } }), 201)
    await expectJson(await call('POST', `/api/v1/ducha/items/${inner.id}/closing/decision`, { token: du.tokens.reviewer, body: { decision: 'accepted' } }), 200)
    const withInternal = await expectJson(await call('POST', '/api/v1/ducha/tongbao', { token: du.tokens.drafter, body: { from: '2030-01-01', to: '2030-12-31', mode: 'assemble' } }), 201)
    expect(withInternal.sections.overall).toContain('内部事项已按期完成')
    expect(withInternal.draft.sensitivity).toBe('internal')
    const read = await expectJson(await call('GET', `/api/v1/drafts/${withInternal.draft.id}`, { token: du.tokens.reader }), 200)
    expect(read.sensitivity).toBe('internal')
    const publicOnly = await expectJson(await call('POST', '/api/v1/ducha/tongbao', { token: du.tokens.drafter, body: { from: '2031-01-01', to: '2031-12-31', mode: 'assemble' } }), 201)
    expect(publicOnly.draft.sensitivity).toBe('public')
  })
})
