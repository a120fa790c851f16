import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectError, expectJson } from '../fixtures'
import { act, ALL_ROLES, fullOffice, getDraft, makeDraft, save, type Office } from './helpers'

const CLEAN = '为进一步加强安全生产工作，现就有关事项通知如下：'
/** 布署 is on the list of words that are wrong in any context: a must-fix issue. */
const MUST_FIX = '各镇街要认真布署安全生产检查工作。'
/** Longer than 30 characters: the placeholder rule missed these before. */
const PENDING = '全区共排查企业【待补：各镇街排查的企业数量和发现的隐患数量，由区应急管理局汇总提供】家。'

const setGate = (o: Office, reviewGate: string) => call('PUT', '/api/v1/admin/settings', { token: o.tokens.admin, body: { reviewGate } })

/** A 通知 whose first section reads `text`. */
async function draftWith(o: Office, ...texts: string[]) {
  const d = await makeDraft(o)
  const sections = d.sections.map((s, i) => (i === 0 ? { ...s, text: texts.join('') } : s))
  await expectJson(await save(o, d.id, d.version, sections), 200)
  return getDraft(o, d.id)
}

type GateError = { action: string; reviewGate: string; mustFix: number; pending: number; issues: { kind: string; ruleId: string; excerpt: string; message: string }[] }

let standard: Office
let strict: Office
let warn: Office
beforeAll(async () => {
  ;[standard, strict, warn] = await Promise.all([fullOffice(), fullOffice(), fullOffice()])
  await expectJson(await setGate(strict, 'strict'), 200)
  await expectJson(await setGate(warn, 'warn'), 200)
})

describe('the office setting', () => {
  it('defaults to refusing must-fix and warning on 【待补】, and only admins change it', async () => {
    const o = await fullOffice()
    expect((await expectJson<{ reviewGate: string }>(await call('GET', '/api/v1/admin/settings', { token: o.tokens.admin }), 200)).reviewGate).toBe('standard')
    for (const role of ALL_ROLES.filter((r) => r !== 'admin')) await expectError(await call('PUT', '/api/v1/admin/settings', { token: o.tokens[role], body: { reviewGate: 'warn' } }), 403, 'FORBIDDEN')
    const bad = await expectError(await setGate(o, 'lenient'), 400, 'VALIDATION')
    expect(JSON.stringify(bad)).toContain('reviewGate')
    expect((await expectJson<{ reviewGate: string }>(await setGate(o, 'strict'), 200)).reviewGate).toBe('strict')
    expect((await expectJson<{ reviewGate: string }>(await call('GET', '/api/v1/admin/settings', { token: o.tokens.admin }), 200)).reviewGate).toBe('strict')
  })
})

describe('submitting for review', () => {
  it('standard: refuses a draft with a must-fix issue, naming it, and changes nothing', async () => {
    const d = await draftWith(standard, MUST_FIX, PENDING)
    const err = await expectError(await act(standard, d.id, 'submit', 'drafter'), 412, 'PRECONDITION_FAILED')
    expect(err.message).toContain('1 处必须修改的问题')
    const details = err.details as GateError
    expect(details).toMatchObject({ action: 'submit', reviewGate: 'standard', mustFix: 1, pending: 1 })
    // Only what blocks is listed: the 【待补】 would only warn under this setting.
    expect(details.issues).toHaveLength(1)
    expect(details.issues[0]).toMatchObject({ kind: 'must-fix', ruleId: expect.stringMatching(/^typos\./), excerpt: '布署' })
    expect((await getDraft(standard, d.id)).status).toBe('drafting')
  })

  it('standard: lets a draft with only 【待补】 through, with the count and a warning', async () => {
    const d = await draftWith(standard, CLEAN, PENDING)
    const res = await expectJson<{ status: string; gate: { mustFix: number; pending: number; issues: any[]; warnings: string[] } }>(await act(standard, d.id, 'submit', 'drafter'), 200)
    expect(res.status).toBe('in_review')
    expect(res.gate).toMatchObject({ mustFix: 0, pending: 1 })
    expect(res.gate.issues[0]).toMatchObject({ kind: 'pending', ruleId: 'placeholders.pending' })
    expect(res.gate.issues[0].excerpt.startsWith('【待补：各镇街')).toBe(true)
    expect(res.gate.warnings.join('')).toContain('1 处【待补】')
  })

  it('strict: refuses 【待补】 too', async () => {
    const d = await draftWith(strict, CLEAN, PENDING)
    const err = await expectError(await act(strict, d.id, 'submit', 'drafter'), 412, 'PRECONDITION_FAILED')
    expect(err.details).toMatchObject({ reviewGate: 'strict', mustFix: 0, pending: 1, issues: [{ kind: 'pending' }] })
    expect((await getDraft(strict, d.id)).status).toBe('drafting')
  })

  it('warn: submits with both, warning on each', async () => {
    const d = await draftWith(warn, MUST_FIX, PENDING)
    const res = await expectJson<{ status: string; gate: { mustFix: number; pending: number; warnings: string[] } }>(await act(warn, d.id, 'submit', 'drafter'), 200)
    expect(res).toMatchObject({ status: 'in_review', gate: { mustFix: 1, pending: 1 } })
    expect(res.gate.warnings).toHaveLength(2)
  })

  it('a clean draft passes every setting with nothing to report', async () => {
    for (const o of [standard, strict, warn]) {
      const d = await draftWith(o, CLEAN)
      const res = await expectJson<{ status: string; gate: any }>(await act(o, d.id, 'submit', 'drafter'), 200)
      expect(res.gate).toEqual({ mustFix: 0, pending: 0, issues: [], warnings: [] })
    }
  })

  it('roles that do not own the step are refused before the gate says anything', async () => {
    const d = await draftWith(standard, MUST_FIX)
    for (const role of ['admin', 'reviewer', 'signer', 'reader'] as const) {
      const err = await expectError(await act(standard, d.id, 'submit', role), 403, 'FORBIDDEN')
      expect(err.details?.issues).toBeUndefined()
    }
  })
})

describe('approving and signing', () => {
  it('the reviewer sees what is open when approving; the signer is refused while it remains, under every setting', async () => {
    for (const o of [standard, warn]) {
      const d = await draftWith(o, o === warn ? MUST_FIX : CLEAN, PENDING)
      await expectJson(await act(o, d.id, 'submit', 'drafter'), 200)
      const approved = await expectJson<{ status: string; gate: { pending: number } }>(await act(o, d.id, 'approve', 'reviewer'), 200)
      expect(approved).toMatchObject({ status: 'approved', gate: { pending: 1 } })
      const err = await expectError(await act(o, d.id, 'sign', 'signer'), 412, 'PRECONDITION_FAILED')
      expect(err.message).toContain('不能签发；请先修改或补充')
      expect(err.message).not.toMatch(/details|issues/)
      const details = err.details as GateError
      expect(details.pending).toBe(1)
      expect(details.issues.map((i) => i.kind)).toEqual(o === warn ? ['must-fix', 'pending'] : ['pending'])
      expect((await getDraft(o, d.id)).status).toBe('approved')
    }
  })

  it('signs once the text is fixed and reviewed again', async () => {
    const d = await draftWith(standard, CLEAN, PENDING)
    await expectJson(await act(standard, d.id, 'submit', 'drafter'), 200)
    await expectJson(await act(standard, d.id, 'return', 'reviewer'), 200)
    await expectJson(await act(standard, d.id, 'revise', 'drafter'), 200)
    const now = await getDraft(standard, d.id)
    await expectJson(await save(standard, d.id, now.version, now.sections.map((s, i) => (i === 0 ? { ...s, text: `${CLEAN}全区共排查企业120家。` } : s))), 200)
    await expectJson(await act(standard, d.id, 'submit', 'drafter'), 200)
    await expectJson(await act(standard, d.id, 'approve', 'reviewer'), 200)
    const signed = await expectJson<{ status: string; gate: any }>(await act(standard, d.id, 'sign', 'signer'), 200)
    expect(signed).toMatchObject({ status: 'signed', gate: { mustFix: 0, pending: 0 } })
  })

  it('refuses signing straight from review too, when the office lets 签发 skip 审核', async () => {
    const o = await fullOffice()
    await expectJson(await call('PUT', '/api/v1/admin/settings', { token: o.tokens.admin, body: { signRequiresReview: false, reviewGate: 'warn' } }), 200)
    const d = await draftWith(o, MUST_FIX)
    await expectJson(await act(o, d.id, 'submit', 'drafter'), 200)
    const err = await expectError(await act(o, d.id, 'sign', 'signer'), 412, 'PRECONDITION_FAILED')
    expect(err.details).toMatchObject({ action: 'sign', mustFix: 1, issues: [{ kind: 'must-fix', excerpt: '布署' }] })
  })
})
