/**
 * Sensitivity carried through a draft (ARCHITECTURE.md, Confidentiality): the draft carries the
 * highest sensitivity of the materials attached to it, read live from the knowledge base (a finding
 * raised to restricted raises every draft that uses it), and of the record a supplied draft was
 * composed from (drafts/record.ts), and each paragraph that cites internal or
 * restricted material is marked where it appears and reported by the check.
 */
import type { Ctx } from '../core/context'
import type { DraftMaterial, Sensitivity } from '../db/schema'
import { markersIn, PACK_LINE } from './citations'
import { highestSensitivity, mayCarry, sensitivityMark } from './disclosure'
import { loadMaterials } from './materials'
import { recordOf } from './record'
import { loadDraft, type DraftRow } from './store'
import type { MarkedPassage } from './types'

const keyOf = (m: { kind: string; id: string }) => `${m.kind}:${m.id}`

/** The current sensitivity of each material in the lists, by kind and id (deleted ones are absent). */
export async function materialLevels(ctx: Ctx, materials: DraftMaterial[]): Promise<Map<string, Sensitivity>> {
  const ids = (kind: string) => [...new Set(materials.filter((m) => m.kind === kind).map((m) => m.id))]
  const loaded = await loadMaterials(ctx, ids('finding'), ids('precedent'))
  const out = new Map<string, Sensitivity>()
  for (const f of loaded.findings.values()) out.set(`finding:${f.id}`, f.sensitivity)
  for (const p of loaded.precedents.values()) out.set(`precedent:${p.id}`, p.sensitivity)
  return out
}

/**
 * What a draft carries: the highest sensitivity of its materials and, for a draft supplied from
 * another domain's record (a 督查通报), of the rows its text rests on.
 */
export function sensitivityOf(materials: DraftMaterial[], levels: Map<string, Sensitivity>, flags: readonly unknown[] = []): Sensitivity {
  return highestSensitivity([...materials.map((m) => levels.get(keyOf(m))), recordOf(flags)?.sensitivity])
}

/** A draft's materials' sensitivity by their citation marker. */
export function levelsByMarker(materials: DraftMaterial[], levels: Map<string, Sensitivity>, kinds: readonly string[] = ['finding', 'precedent']) {
  const out = new Map<string, Sensitivity>()
  for (const m of materials) {
    const s = levels.get(keyOf(m))
    if (s && kinds.includes(m.kind)) out.set(m.marker, s)
  }
  return out
}

export type { MarkedPassage } from './types'

/**
 * The paragraphs of a section's text that cite internal or restricted material. A paragraph is the
 * passage: assemble mode pastes one finding per paragraph, and a model's paragraph stands on what
 * it cites. `text` may be transformed per line (markers stripped for the check) by `lineText`.
 */
export function sensitivePassages(
  text: string,
  byMarker: Map<string, Sensitivity>,
  opts: { skipPackLines?: boolean; lineText?: (line: string) => string } = {},
): MarkedPassage[] {
  const out: MarkedPassage[] = []
  let at = 0
  for (const raw of text.split('\n')) {
    const line = opts.lineText ? opts.lineText(raw) : raw
    const start = at
    at += line.length + 1
    if (opts.skipPackLines && PACK_LINE.test(raw)) continue
    const markers = markersIn(raw).filter((m) => {
      const s = byMarker.get(m)
      return s === 'internal' || s === 'restricted'
    })
    if (!markers.length || !line.trim()) continue
    const level = highestSensitivity(markers.map((m) => byMarker.get(m)))
    if (level === 'public') continue
    const lead = line.length - line.trimStart().length
    out.push({ start: start + lead, end: start + line.trimEnd().length, sensitivity: level, mark: sensitivityMark(level)!, markers })
  }
  return out
}

/**
 * The `data` of a webhook about a draft, as the disclosure rule allows: the references (ids, status,
 * hashes, the draft's own title) and its sensitivity always; the materials' titles only when the
 * rule lets the draft's sensitivity carry text to a webhook (public).
 */
export async function draftWebhookData(ctx: Ctx, draft: DraftRow | string, reference: { draftId: string } & Record<string, unknown>) {
  const row = typeof draft === 'string' ? await loadDraft(ctx, draft) : draft
  const levels = await materialLevels(ctx, row.materials)
  const sensitivity = sensitivityOf(row.materials, levels, row.flags)
  const carriage = mayCarry('webhook', sensitivity)
  const loaded = carriage === 'text' ? await loadMaterials(ctx, row.materials.filter((m) => m.kind === 'finding').map((m) => m.id), row.materials.filter((m) => m.kind === 'precedent').map((m) => m.id)) : null
  const content = loaded
    ? {
        materials: row.materials.map((m) => ({
          marker: m.marker,
          kind: m.kind,
          id: m.id,
          title: (m.kind === 'finding' ? loaded.findings.get(m.id) : loaded.precedents.get(m.id))?.title ?? null,
        })),
      }
    : {}
  return { ...reference, title: row.title, sensitivity, carriage, ...content }
}
