/** The 工作台's browser code prints times in Beijing time, as the server pages do (web/labels.ts). */
import { describe, expect, it } from 'vitest'
import { beijingTime } from '../../src/web/client/lib/time'
import { localTime } from '../../src/web/labels'

describe('beijingTime', () => {
  it('prints a UTC instant in Beijing time, crossing midnight and the year, as the server pages do', () => {
    expect(beijingTime('2026-12-02T01:05:09.000Z')).toBe('2026-12-02 09:05')
    expect(beijingTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30')
    expect(beijingTime('2026-06-30T23:59:59+08:00')).toBe('2026-06-30 23:59')
    for (const iso of ['2026-12-02T01:05:09.000Z', '2026-12-31T16:30:00Z', '2026-03-08T18:00:00Z']) expect(beijingTime(iso)).toBe(localTime(iso))
  })

  it('leaves an empty or unreadable value as it is', () => {
    expect(beijingTime(null)).toBe('')
    expect(beijingTime('')).toBe('')
    expect(beijingTime('不是时间')).toBe('不是时间')
  })
})
