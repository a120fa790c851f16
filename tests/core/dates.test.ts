/** One date schema: YYYY-MM-DD that names a real day, wherever the API accepts a date. */
import { beforeAll, describe, expect, it } from 'vitest'
import { calendarDate, dateOrTime, isCalendarDate } from '../../src/core/dates'
import { call, expectError, expectJson, findingBody, makeOffice } from '../fixtures'

describe('isCalendarDate', () => {
  it('accepts days that exist, leap days included', () => {
    for (const d of ['2026-01-31', '2026-02-28', '2028-02-29', '2000-02-29', '2026-12-31']) expect(isCalendarDate(d)).toBe(true)
  })
  it('refuses days that do not exist and other shapes', () => {
    for (const d of ['2026-02-30', '2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-5', '20260105', '']) {
      expect(isCalendarDate(d)).toBe(false)
    }
  })
  it('answers in Chinese in the schemas, and dateOrTime takes a time on a real day only', () => {
    const bad = calendarDate.safeParse('2026-02-30')
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]!.message).toMatch(/不是有效日期/)
    expect(dateOrTime.safeParse('2026-03-01T08:00:00Z').success).toBe(true)
    expect(dateOrTime.safeParse('2026-02-30T08:00:00Z').success).toBe(false)
    expect(dateOrTime.safeParse('2026-03-01T25:00:00Z').success).toBe(false)
  })
})

describe('dates through the API', () => {
  let office: Awaited<ReturnType<typeof makeOffice>>
  beforeAll(async () => {
    office = await makeOffice(['admin', 'drafter', 'reviewer'])
  })

  it('refuses 2026-02-30 as a finding date and accepts 2028-02-29', async () => {
    const err = await expectError(await call('POST', '/api/v1/findings', { token: office.tokens.drafter, body: findingBody({ observedOn: '2026-02-30' }) }), 400, 'VALIDATION')
    expect(err.details.issues).toMatchObject([{ path: 'observedOn' }])
    const ok = await expectJson<{ observedOn: string }>(await call('POST', '/api/v1/findings', { token: office.tokens.drafter, body: findingBody({ observedOn: '2028-02-29' }) }), 201)
    expect(ok.observedOn).toBe('2028-02-29')
  })

  it('refuses it as a check date, a list filter and an audit range', async () => {
    await expectError(await call('POST', '/api/v1/check', { token: office.tokens.drafter, body: { text: '各镇：现将有关事项通知如下。', fields: { date: '2026-02-30' } } }), 400, 'VALIDATION')
    await expectError(await call('GET', '/api/v1/findings?from=2026-02-30', { token: office.tokens.drafter }), 400, 'VALIDATION')
    await expectError(await call('GET', '/api/v1/drafts?updatedFrom=2026-02-30', { token: office.tokens.drafter }), 400, 'VALIDATION')
    await expectError(await call('GET', '/api/v1/audit?from=2026-04-31', { token: office.tokens.admin }), 400, 'VALIDATION')
    await expectJson(await call('GET', '/api/v1/drafts?updatedFrom=2026-02-28', { token: office.tokens.drafter }), 200)
  })
})
