/** The materials of a draft: picked by people or retrieved by topic, each with its citation marker. */
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import type { DocKind, DraftMaterial, Genre } from '../db/schema'
import { findingsByIds, precedentsByIds, search, type Finding, type Precedent } from '../knowledge'
import { confidentialityViolations, type MaterialRef, type ProviderTrust } from '../llm'

export interface Loaded {
  findings: Map<string, Finding>
  precedents: Map<string, Precedent>
}

export async function loadMaterials(ctx: Ctx, findingIds: string[], precedentIds: string[]): Promise<Loaded> {
  const [fs, ps] = await Promise.all([
    findingIds.length ? findingsByIds(ctx, findingIds) : [],
    precedentIds.length ? precedentsByIds(ctx, precedentIds) : [],
  ])
  return { findings: new Map(fs.map((f) => [f.id, f])), precedents: new Map(ps.map((p) => [p.id, p])) }
}

/** Loads the named materials, refusing (400, naming them) ids that do not exist in the office. */
export async function loadPicked(ctx: Ctx, findingIds: string[], precedentIds: string[]): Promise<Loaded> {
  const loaded = await loadMaterials(ctx, findingIds, precedentIds)
  const missing = [
    ...findingIds.filter((id) => !loaded.findings.has(id)).map((id) => `调研发现 ${id}`),
    ...precedentIds.filter((id) => !loaded.precedents.has(id)).map((id) => `范文 ${id}`),
  ]
  if (missing.length) {
    throw new AppError('VALIDATION', `以下材料不存在：${[...new Set(missing)].join('、')}`, { missing: [...new Set(missing)] })
  }
  return loaded
}

/** Findings (and same-genre precedents, for voice) found by full-text search on a topic. */
export async function retrieveMaterials(
  ctx: Ctx,
  query: string,
  limit: number,
  genre: Genre,
  fallbackTopic?: string,
): Promise<{ findingIds: string[]; precedentIds: string[] }> {
  const [fs, ps] = await Promise.all([
    search(ctx, { q: query, kind: 'finding', limit: Math.min(50, limit * 3) }),
    search(ctx, { q: query, kind: 'precedent', genre, limit: 10 }),
  ])
  let precedentHits = ps.results
  // A narrow query (two policy terms) may miss every precedent; the draft's topic finds its voice.
  if (!precedentHits.length && fallbackTopic && fallbackTopic !== query) {
    precedentHits = (await search(ctx, { q: fallbackTopic, kind: 'precedent', genre, limit: 10 })).results
  }
  const findingIds = [...new Set(fs.results.map((r) => r.id))].slice(0, limit)
  const precedentIds = [...new Set(precedentHits.map((r) => r.id))].slice(0, 2)
  return { findingIds, precedentIds }
}

export const refOfFinding = (f: Finding): MaterialRef => ({ kind: 'finding', id: f.id, title: f.title, sensitivity: f.sensitivity })
export const refOfPrecedent = (p: Precedent): MaterialRef => ({ kind: 'precedent', id: p.id, title: p.title, sensitivity: p.sensitivity })

/** Splits materials into those the provider may see and those it may not. */
export function partitionForProvider(trust: ProviderTrust, refs: MaterialRef[]): { allowed: MaterialRef[]; refused: MaterialRef[] } {
  const refusedIds = new Set(confidentialityViolations(trust, refs).map((v) => v.id))
  return { allowed: refs.filter((r) => !refusedIds.has(r.id)), refused: refs.filter((r) => refusedIds.has(r.id)) }
}

/** Adds materials to a draft's list, giving new ones the next free marker (F3, P2 …); existing markers never change. */
export function withMarkers(existing: DraftMaterial[], add: { kind: DocKind; id: string }[]): DraftMaterial[] {
  const out = [...existing]
  const next = (kind: DocKind) => {
    const prefix = kind === 'finding' ? 'F' : 'P'
    const used = out.filter((m) => m.kind === kind).map((m) => Number(m.marker.slice(1)))
    return `${prefix}${(used.length ? Math.max(...used) : 0) + 1}`
  }
  for (const m of add) {
    if (out.some((x) => x.kind === m.kind && x.id === m.id)) continue
    out.push({ marker: next(m.kind), kind: m.kind, id: m.id })
  }
  return out
}
