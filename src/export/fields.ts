/** The fields as documents print them: dates in Arabic numerals without leading zeros, lists split. */
import { DOC_DATE } from '../core/calendar'
import { FIELD_NAMES, type ExportFields } from './model'

/**
 * 2026-05-12, 2026/5/12, 2026年05月12日 → 2026年5月12日 (GB/T 9704 7.3.5.4: 年、月、日标全, 月日不编虚位).
 * Anything else is printed as typed: people may write a date the standard does not foresee.
 */
export function printedDate(s: string | undefined): string | undefined {
  if (!s) return undefined
  const m = DOC_DATE.exec(s.trim())
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : s.trim()
}

/** 附件 names: one per line, or separated by ；, with any “1.” numbering removed (it is added back in order). */
export function attachmentList(a: ExportFields['attachments']): string[] {
  const items = Array.isArray(a) ? a : (a ?? '').split(/\n|[；;]/)
  return items.map((x) => x.trim().replace(/^\d{1,2}\s*[.．、]\s*/, '')).filter(Boolean)
}

/**
 * A draft's fields: its variables by the shared names (讲话稿's `meeting` stands for `occasion`), and
 * the 发文字号 the lifecycle locked at 印发, which no variable may override.
 */
export function fieldsFromVariables(vars: Record<string, string>, docNumber: string | null): ExportFields {
  const out: Record<string, string> = {}
  for (const name of FIELD_NAMES) {
    const v = vars[name]
    if (typeof v === 'string' && v.trim()) out[name] = v.trim()
  }
  if (!out.occasion && vars.meeting?.trim()) out.occasion = vars.meeting.trim()
  if (docNumber) out.docNumber = docNumber
  return out as ExportFields
}
