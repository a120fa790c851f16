/**
 * After a section is written: every citation marker must point at a material given to that
 * section, and every figure must trace to one of the section's findings (or to what people typed
 * in the variables). Invalid markers are removed and reported; untraced figures are flagged,
 * never silently changed.
 */
import type { Citation, DocKind } from '../db/schema'

export interface SectionFlag {
  kind: 'invalid-marker' | 'untraced-figure'
  message: string
  marker?: string
  figure?: string
  sectionId?: string
}

import { MARKER_GROUP, stripMarkers } from '../core/markers'

export function validateMarkers(
  text: string,
  allowed: Map<string, { kind: DocKind; id: string }>,
): { text: string; citations: Citation[]; invalid: string[] } {
  const invalid: string[] = []
  const cited = new Map<string, Citation>()
  const out = text.replace(MARKER_GROUP, (_m, inner: string) => {
    const kept: string[] = []
    for (const raw of inner.split(/[,，、;；]/)) {
      const marker = raw.replace(/\s+/g, '').toUpperCase()
      const material = allowed.get(marker)
      if (!material) {
        if (!invalid.includes(marker)) invalid.push(marker)
        continue
      }
      if (!cited.has(marker)) cited.set(marker, { marker, kind: material.kind, id: material.id })
      kept.push(`[${marker}]`)
    }
    return kept.join('')
  })
  return { text: out, citations: [...cited.values()], invalid }
}

/** The markers a text cites, normalised (F1, P2), in order of first appearance. */
export function markersIn(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(MARKER_GROUP)) {
    for (const raw of m[1]!.split(/[,，、;；]/)) {
      const marker = raw.replace(/\s+/g, '').toUpperCase()
      if (!out.includes(marker)) out.push(marker)
    }
  }
  return out
}

/** Lines of a material pack that are about the materials, not text of the draft. */
export const PACK_LINE = /^【(?:参考写法|未采用)】/

/** Removes markers, placeholders and assemble-mode reference lines: what remains is the prose. */
export function proseOf(text: string): string {
  return text
    .replace(MARKER_GROUP, '')
    .replace(/【待补[：:][^】]*】/g, '')
    .split('\n')
    .filter((line) => !PACK_LINE.test(line))
    .join('\n')
}

const MULTIPLIER: Record<string, number> = { 万亿: 1e12, 亿: 1e8, 万: 1e4, 千: 1e3 }

interface Figure {
  text: string
  raw: number
  scaled: number
  significant: boolean
}

const FIGURE = /(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千)?\s*(%|‰|个百分点)?/g

function figuresIn(text: string): Figure[] {
  const src = text.normalize('NFKC')
  const out: Figure[] = []
  for (const m of src.matchAll(FIGURE)) {
    const before = src.slice(Math.max(0, m.index - 2), m.index)
    const after = src.slice(m.index + m[0].length, m.index + m[0].length + 1)
    // List numbering ("1." "2、" at a line start, "（3）") and ordinals ("第3") are structure, not facts.
    if (/(^|\n)\s*$/.test(before) && /^[.、．)）]/.test(after)) continue
    if (/[（(]$/.test(before) && /^[)）]/.test(after)) continue
    if (/第$/.test(before)) continue
    const raw = Number(m[1]!.replace(/,/g, ''))
    const scaled = raw * (m[2] ? MULTIPLIER[m[2]]! : 1)
    const decimal = m[1]!.includes('.')
    // Small whole numbers are mostly structure ("三点意见" written as 3点, "1—2月"): not checked.
    const significant = decimal || Boolean(m[2]) || Boolean(m[3]) || raw >= 10
    out.push({ text: m[0].trim(), raw, scaled, significant })
  }
  return out
}

const key = (n: number) => String(Math.round(n * 1e6) / 1e6)

/** Numbers a section may state: everything numeric in its findings and the variables people typed. */
export function figureSources(texts: string[]): Set<string> {
  const set = new Set<string>()
  for (const t of texts) {
    // ISO dates (observedOn) count as their parts: 2026-03-12 → 2026, 3, 12.
    for (const d of t.matchAll(/(\d{4})-(\d{2})-(\d{2})/g)) for (const part of d.slice(1)) set.add(key(Number(part)))
    for (const f of figuresIn(t)) {
      set.add(key(f.raw))
      set.add(key(f.scaled))
    }
  }
  return set
}

/** Figures in `text` (markers, placeholders and reference lines excluded) that no source holds. */
export function untracedFigures(text: string, sources: Set<string>): string[] {
  const out: string[] = []
  for (const f of figuresIn(proseOf(text))) {
    if (!f.significant) continue
    if (sources.has(key(f.raw)) || sources.has(key(f.scaled))) continue
    if (!out.includes(f.text)) out.push(f.text)
  }
  return out
}

/** Characters of prose (no markers, placeholders, reference lines or whitespace): the draft's length. */
export function proseLength(text: string): number {
  return [...proseOf(text).replace(/\s+/g, '')].length
}

export { MARKER_GROUP, stripMarkers }

/** The stretches of `text` between its markers, as [start, end) — what stripMarkers keeps, in order. */
export function unmarkedRuns(text: string): [number, number][] {
  const out: [number, number][] = []
  let at = 0
  for (const m of text.matchAll(MARKER_GROUP)) {
    if (m.index > at) out.push([at, m.index])
    at = m.index + m[0].length
  }
  if (at < text.length) out.push([at, text.length])
  return out
}
