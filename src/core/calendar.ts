/**
 * Calendar days, with no dependency so that browser code (the 要素 fields of 文稿编辑) checks dates
 * exactly as the server does: a day that exists, and the way documents write one (成文日期).
 */

/** Whether "YYYY-MM-DD" names a day of the Gregorian calendar. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const at = new Date(Date.UTC(y, mo - 1, d))
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d
}

/** 2026年12月2日, 2026-12-02, 2026/12/2, 2026.12.2: year, month, day as documents and people write them. */
export const DOC_DATE = /^(\d{4})\s*(?:年|-|\/|\.)\s*(\d{1,2})\s*(?:月|-|\/|\.)\s*(\d{1,2})\s*日?$/

/** What is wrong with a document date (成文日期), in Chinese; null when it names a real day. */
export function docDateProblem(label: string, value: string): string | null {
  const m = DOC_DATE.exec(value.trim())
  if (!m) return `${label}应写成“2026年12月2日”的格式`
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  return isCalendarDate(iso) ? null : `${label}“${value.trim()}”不是有效的日期（如 2 月没有 30 日）`
}

/** Template variables that hold a document date (成文日期): checked by docDateProblem where people edit them. */
export const DATE_VARIABLES: readonly string[] = ['date']
