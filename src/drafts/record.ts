/**
 * The record behind a supplied draft (drafts/supplied.ts): another domain composed the text from
 * its own rows — the 督查通报 from the 督办 items — and tells the draft what that record carries.
 * One draft flag holds it: the sensitivity of the rows the text rests on (the draft carries at
 * least that, like a draft carries its materials'), and the figures the record supports (the
 * counts computed from the rows), against which the check traces every number in the text instead
 * of against findings; and which quotations in the text are the record's own words.
 */
import { SENSITIVITIES, type Sensitivity } from '../db/schema'
import type { DraftFlag } from './types'

export const RECORD_FLAG = 'supplied-record'

export interface RecordFlag extends DraftFlag {
  kind: typeof RECORD_FLAG
  /** Who supplied the text, e.g. 'ducha.tongbao'. */
  source: string
  sensitivity: Sensitivity
  /** Every number the record supports, as written (“12”, “83.3”). */
  figures: string[]
  /** Quotations in the text that are the record's own words (a feedback row quoted): their numbers are not checked. */
  quotes: string[]
}

/** The record flag of a draft, or null when its text was not supplied from a record. */
export function recordOf(flags: readonly unknown[]): RecordFlag | null {
  for (const f of flags as DraftFlag[]) {
    if (f?.kind !== RECORD_FLAG) continue
    const sensitivity = (SENSITIVITIES as readonly unknown[]).includes(f.sensitivity) ? (f.sensitivity as Sensitivity) : 'restricted'
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
    return { ...f, kind: RECORD_FLAG, source: String(f.source ?? ''), sensitivity, figures: strings(f.figures), quotes: strings(f.quotes) }
  }
  return null
}

/** Citation markers of a record ([D1、D2], [R3], [D1、D2等]): not figures. */
const RECORD_MARKERS = /\[[A-Z]\d+(?:[、,，][A-Z]\d+)*等?\]/g
const QUOTED = /“[^”]*”/g
/** Dates and years name time, not quantities. */
const DATES = /\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}|\d{4}年度?|\d{1,2}月底?前?/g
/** Ordinals and list numbers are structure: 第3, （1）. */
const STRUCTURE = /第\d+|[（(]\d+[)）]/g

export interface UnsupportedNumber {
  start: number
  end: number
  text: string
}

const blank = (s: string) => ' '.repeat(s.length)

/**
 * Numbers in `text` that the record does not support, with their offsets in `text`. Markers, dates,
 * ordinals and quotations are left out — a quotation only when `quotable` accepts it (the record's
 * own words, e.g. a feedback row quoted verbatim); any other quotation is checked like prose.
 */
export function unsupportedNumbers(text: string, supported: ReadonlySet<string>, quotable: (quote: string) => boolean = () => true): UnsupportedNumber[] {
  const masked = text
    .replace(RECORD_MARKERS, blank)
    .replace(QUOTED, (q) => (quotable(q.slice(1, -1)) ? blank(q) : q))
    .replace(DATES, blank)
    .replace(STRUCTURE, blank)
  const out: UnsupportedNumber[] = []
  for (const m of masked.matchAll(/\d+(?:\.\d+)?/g)) {
    if (!supported.has(m[0])) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] })
  }
  return out
}
