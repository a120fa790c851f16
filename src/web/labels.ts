import { valueGloss } from '../core/field-labels'

/** The Chinese word for a stored code (status, role, kind, sensitivity…), from the one table in core/. */
export const label = (code: string | null | undefined): string => (code ? valueGloss(code) : '')

/** A stored ISO time as a date and minute in Beijing time (offices read local time). */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const bj = new Date(d.getTime() + 8 * 3600_000).toISOString()
  return `${bj.slice(0, 10)} ${bj.slice(11, 16)}`
}
