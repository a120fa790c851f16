import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectError, expectJson } from '../fixtures'
import { act, advance, ALL_ROLES, fullOffice, getDraft, makeDraft, save, type Office } from './helpers'

let office: Office
beforeAll(async () => {
  office = await fullOffice()
  await expectJson(await call('PUT', '/api/v1/admin/settings', { token: office.tokens.admin, body: { docAgencyCode: '示区委办发' } }), 200)
})

/** Each action, the state it starts from (reached by the steps before it), and the role that owns it. */
const MATRIX = [
  { action: 'submit', before: [] as string[], owners: ['drafter'], to: 'in_review' },
  { action: 'approve', before: ['submit'], owners: ['reviewer'], to: 'approved' },
  { action: 'return', before: ['submit'], owners: ['reviewer', 'signer'], to: 'returned' },
  { action: 'revise', before: ['submit', 'return'], owners: ['drafter'], to: 'drafting' },
  { action: 'sign', before: ['submit', 'approve'], owners: ['signer'], to: 'signed' },
  { action: 'issue', before: ['submit', 'approve', 'sign'], owners: ['admin'], to: 'issued' },
] as const

const OWNER_OF: Record<string, keyof Office['tokens']> = { submit: 'drafter', approve: 'reviewer', return: 'reviewer', revise: 'drafter', sign: 'signer', issue: 'admin' }

async function draftAt(before: readonly string[]) {
  const d = await makeDraft(office)
  for (const step of before) await expectJson(await act(office, d.id, step, OWNER_OF[step]!), 200)
  return d
}

describe('the role matrix', () => {
  for (const row of MATRIX) {
    for (const role of ALL_ROLES) {
      const owns = (row.owners as readonly string[]).includes(role)
      it(`${row.action} by ${role}: ${owns ? `moves the draft to ${row.to}` : 'is forbidden and changes nothing'}`, async () => {
        const d = await draftAt(row.before)
        const status = (await getDraft(office, d.id)).status
        const res = await act(office, d.id, row.action, role)
        if (owns) {
          expect((await expectJson<{ status: string }>(res, 200)).status).toBe(row.to)
          expect((await getDraft(office, d.id)).status).toBe(row.to)
        } else {
          await expectError(res, 403, 'FORBIDDEN')
          expect((await getDraft(office, d.id)).status).toBe(status)
        }
      })
    }
  }

  it('refuses an action from a state it cannot start from, with 409', async () => {
    const d = await makeDraft(office)
    await expectError(await act(office, d.id, 'approve', 'reviewer'), 409, 'CONFLICT')
    await expectError(await act(office, d.id, 'sign', 'signer'), 409, 'CONFLICT')
    await expectError(await act(office, d.id, 'issue', 'admin'), 409, 'CONFLICT')
    await expectError(await call('POST', `/api/v1/drafts/${d.id}/transitions`, { token: office.tokens.drafter, body: { action: 'publish' } }), 400, 'VALIDATION')
    expect((await getDraft(office, d.id)).status).toBe('drafting')
  })

  it('answers 404 for another office and changes nothing', async () => {
    const d = await makeDraft(office)
    const stranger = await fullOffice()
    await expectError(await act(stranger, d.id, 'submit', 'drafter'), 404, 'NOT_FOUND')
    expect((await getDraft(office, d.id)).status).toBe('drafting')
  })
})

describe('approvals bound to content', () => {
  it('an edit after approval sends the draft back to drafting and supersedes the approval', async () => {
    const d = await makeDraft(office)
    await advance(office, d.id, 'approve')
    const approved = await getDraft(office, d.id)
    const approvals = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/drafts/${d.id}/approvals`, { token: office.tokens.reader }), 200)
    expect(approvals.items).toHaveLength(1)
    expect(approvals.items[0]).toMatchObject({ kind: 'approve', version: approved.version, supersededAt: null })
    expect(approvals.items[0].contentHash).toMatch(/^[0-9a-f]{64}$/)

    const saved = await expectJson<{ status: string; reopened: boolean }>(
      await save(office, d.id, approved.version, approved.sections.map((s, i) => (i === 0 ? { ...s, text: '审核后又改了一句。' } : s))),
      200,
    )
    expect(saved).toMatchObject({ status: 'drafting', reopened: true })
    expect((await getDraft(office, d.id)).status).toBe('drafting')
    const after = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/drafts/${d.id}/approvals`, { token: office.tokens.reader }), 200)
    expect(after.items[0].supersededAt).not.toBeNull()
    // The signer cannot sign on a superseded approval: back through review first.
    await expectError(await act(office, d.id, 'sign', 'signer'), 409, 'CONFLICT')
  })

  it('a save that changes nothing keeps the approval standing', async () => {
    const d = await makeDraft(office)
    await advance(office, d.id, 'approve')
    const approved = await getDraft(office, d.id)
    const saved = await expectJson<{ status: string }>(await save(office, d.id, approved.version, approved.sections), 200)
    expect(saved.status).toBe('approved')
    await expectJson(await act(office, d.id, 'sign', 'signer'), 200)
  })

  it('lets a signer sign straight from review when the office does not require 审核 first', async () => {
    const o = await fullOffice()
    await expectJson(await call('PUT', '/api/v1/admin/settings', { token: o.tokens.admin, body: { signRequiresReview: false } }), 200)
    const d = await makeDraft(o)
    await expectJson(await act(o, d.id, 'submit', 'drafter'), 200)
    expect((await expectJson<{ status: string }>(await act(o, d.id, 'sign', 'signer'), 200)).status).toBe('signed')
    // With the default (审核 required) the same step is refused.
    const d2 = await makeDraft(office)
    await expectJson(await act(office, d2.id, 'submit', 'drafter'), 200)
    await expectError(await act(office, d2.id, 'sign', 'signer'), 409, 'CONFLICT')
  })

  it('keeps settings to admins', async () => {
    await expectError(await call('PUT', '/api/v1/admin/settings', { token: office.tokens.signer, body: { signRequiresReview: false } }), 403, 'FORBIDDEN')
    await expectError(await call('PUT', '/api/v1/admin/settings', { token: office.tokens.admin, body: { docAgencyCode: 'ABC' } }), 400, 'VALIDATION')
  })
})

describe('发文字号 on issue', () => {
  it('assigns the next number of the year under the 机关代字 and locks it into the document', async () => {
    const d = await makeDraft(office)
    await advance(office, d.id, 'issue')
    const issued = await getDraft(office, d.id)
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
    expect(issued.status).toBe('issued')
    expect(issued.variables.docNumber).toMatch(new RegExp(`^示区委办发〔${year}〕[1-9]\\d*号$`))
    const versions = await expectJson<{ items: { version: number; reason: string }[] }>(await call('GET', `/api/v1/drafts/${d.id}/versions`, { token: office.tokens.reader }), 200)
    expect(versions.items[0]).toMatchObject({ version: issued.version, reason: 'issue' })
    await expectError(await save(office, d.id, issued.version, issued.sections), 409, 'CONFLICT')
  })

  it('gives concurrent issues distinct consecutive numbers', async () => {
    const o = await fullOffice()
    await expectJson(await call('PUT', '/api/v1/admin/settings', { token: o.tokens.admin, body: { docAgencyCode: '示区委发' } }), 200)
    const ds = await Promise.all(Array.from({ length: 6 }, () => makeDraft(o)))
    for (const d of ds) await advance(o, d.id, 'sign')
    const results = await Promise.all(ds.map((d) => act(o, d.id, 'issue', 'admin')))
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200))
    const numbers = (await Promise.all(results.map((r) => r.json() as Promise<{ docNumber: string }>))).map((r) => r.docNumber)
    expect(new Set(numbers).size).toBe(6)
    const ns = numbers.map((n) => Number(/〕(\d+)号/.exec(n)![1])).sort((a, b) => a - b)
    expect(ns).toEqual([1, 2, 3, 4, 5, 6])
    const stored = await env.DB.prepare('SELECT count(DISTINCT doc_number) AS n FROM drafts WHERE office_id = ? AND doc_number IS NOT NULL').bind(o.id).first<{ n: number }>()
    expect(stored!.n).toBe(6)
  })

  it('refuses to issue a 公文 before the office has a 机关代字', async () => {
    const o = await fullOffice()
    const d = await makeDraft(o)
    await advance(o, d.id, 'sign')
    await expectError(await act(o, d.id, 'issue', 'admin'), 412, 'PRECONDITION_FAILED')
    expect((await getDraft(o, d.id)).status).toBe('signed')
  })

  it('issues a speech without a 发文字号', async () => {
    const d = await makeDraft(office, 'jianghua', { topic: '安全生产', meeting: '全区安全生产工作会议', speaker: '区长 李某', minutes: '8' })
    await advance(office, d.id, 'issue')
    const issued = await getDraft(office, d.id)
    expect(issued.status).toBe('issued')
    expect(issued.variables.docNumber).toBeUndefined()
  })
})

describe('audit of transitions', () => {
  it('appends an event per transition with the content hash it saw', async () => {
    const d = await makeDraft(office)
    await advance(office, d.id, 'approve')
    const { items } = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/audit?targetId=${d.id}`, { token: office.tokens.admin }), 200)
    expect(items.map((e) => e.action).slice(0, 2)).toEqual(['draft.approve', 'draft.submit'])
    expect(items[0]).toMatchObject({ role: 'reviewer', detail: { from: 'in_review', to: 'approved' } })
    expect(items[0].hashBefore).toMatch(/^[0-9a-f]{64}$/)
    expect((await expectJson<{ intact: boolean }>(await call('GET', '/api/v1/audit/verify', { token: office.tokens.admin }), 200)).intact).toBe(true)
  })
})
