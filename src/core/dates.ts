/**
 * The one schema of a calendar date (YYYY-MM-DD) that people and tools send: the format, and a day
 * that exists — 2026-02-30 is refused, 2028-02-29 is accepted. Date.parse alone is no check: it
 * rolls 2026-02-30 over to 2 March.
 */
import { z } from 'zod'
import { isCalendarDate } from './calendar'

export { isCalendarDate }

export const calendarDate = z
  .string({ error: '日期应为 YYYY-MM-DD 格式的文字' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDate, '不是有效日期（如 2 月没有 30 日）')

/** A date, or an ISO time on a real date (list filters on timestamps accept either). */
export const dateOrTime = z
  .string({ error: '日期应为 YYYY-MM-DD 或 ISO 时间' })
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/, '日期格式应为 YYYY-MM-DD 或 ISO 时间')
  .refine((s) => isCalendarDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), '不是有效日期（如 2 月没有 30 日）')
