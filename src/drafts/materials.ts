/** The materials of a draft: picked by people or retrieved by topic, each with its citation marker. */
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import type { DocKind, DraftMaterial, Genre } from '../db/schema'
import { findingsByIds, precedentsByIds, search, type Finding, type Precedent, type SearchResult } from '../knowledge'
import { confidentialityViolations, type MaterialRef, type ProviderTrust } from '../llm'
import { RELEVANCE_FLOOR, topicRelevance } from './packs'

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

export interface Retrieved {
  /** The most relevant findings first, each with its relevance to the topic (0–1). */
  findings: { id: string; relevance: number }[]
  precedentIds: string[]
  /** Restricted findings and precedents the search found: never taken by retrieval (a person may add them). */
  withheld: { kind: DocKind; id: string; title: string }[]
}

const isRestricted = (r: SearchResult) => r.meta.sensitivity === 'restricted'

/**
 * Findings found by full-text search on a topic, ranked by how much of the topic they are about
 * (not merely share a word with: 养老床位 is not 人居环境), and precedents for voice: of the same genre
 * first, then of other genres on the same topic. Restricted material is never taken.
 */
export async function retrieveMaterials(ctx: Ctx, query: string, limit: number, genre: Genre, fallbackTopic?: string): Promise<Retrieved> {
  const [fs, same, other] = await Promise.all([
    search(ctx, { q: query, kind: 'finding', limit: 50 }),
    search(ctx, { q: query, kind: 'precedent', genre, limit: 10 }),
    search(ctx, { q: query, kind: 'precedent', limit: 20 }),
  ])
  let sameGenre = same.results
  // A narrow query (two policy terms) may miss every precedent; the draft's topic finds its voice.
  if (!sameGenre.filter((r) => !isRestricted(r)).length && fallbackTopic && fallbackTopic !== query) {
    sameGenre = (await search(ctx, { q: fallbackTopic, kind: 'precedent', genre, limit: 10 })).results
  }
  const withheld = new Map<string, { kind: DocKind; id: string; title: string }>()
  for (const r of [...fs.results, ...sameGenre, ...other.results]) if (isRestricted(r)) withheld.set(`${r.kind}:${r.id}`, { kind: r.kind, id: r.id, title: r.title })

  const seen = new Map<string, { id: string; relevance: number; rank: number }>()
  fs.results.forEach((r, rank) => {
    if (isRestricted(r)) return
    const relevance = topicRelevance(query, { title: r.title, text: r.text, tags: r.meta.tags as string[] | undefined, topic: r.meta.topic as string | null })
    const had = seen.get(r.id)
    if (!had || relevance > had.relevance) seen.set(r.id, { id: r.id, relevance, rank: had?.rank ?? rank })
  })
  const findings = [...seen.values()]
    .sort((a, b) => b.relevance - a.relevance || a.rank - b.rank)
    .slice(0, limit)
    .map(({ id, relevance }) => ({ id, relevance }))

  // Same genre and topic first, then the topic in another genre (a speech on the topic teaches more
  // than a 通知 on something else); a same-genre text off the topic only when nothing is on it.
  const ranked = new Map<string, { id: string; onTopic: boolean; sameGenre: boolean; score: number }>()
  for (const [list, inGenre] of [[sameGenre, true], [other.results, false]] as const) {
    for (const r of list) {
      if (isRestricted(r) || ranked.has(r.id)) continue
      const rel = topicRelevance(query, { title: r.title, text: r.text, tags: r.meta.tags as string[] | undefined })
      ranked.set(r.id, { id: r.id, onTopic: rel >= RELEVANCE_FLOOR, sameGenre: inGenre || r.meta.genre === genre, score: rel })
    }
  }
  const order = [...ranked.values()].sort((a, b) => Number(b.onTopic) - Number(a.onTopic) || Number(b.sameGenre) - Number(a.sameGenre) || b.score - a.score)
  const anyOnTopic = order.some((p) => p.onTopic)
  const precedentIds = order
    .filter((p) => p.onTopic || (!anyOnTopic && p.sameGenre))
    .slice(0, 2)
    .map((p) => p.id)
  return { findings, precedentIds, withheld: [...withheld.values()] }
}

export const refOfFinding = (f: Finding): MaterialRef => ({ kind: 'finding', id: f.id, title: f.title, sensitivity: f.sensitivity })
export const refOfPrecedent = (p: Precedent): MaterialRef => ({ kind: 'precedent', id: p.id, title: p.title, sensitivity: p.sensitivity })

/** Splits materials into those the provider may see and those it may not. */
export function partitionForProvider(trust: ProviderTrust, refs: MaterialRef[]): { allowed: MaterialRef[]; refused: MaterialRef[] } {
  const refusedIds = new Set(confidentialityViolations(trust, refs).map((v) => v.id))
  return { allowed: refs.filter((r) => !refusedIds.has(r.id)), refused: refs.filter((r) => refusedIds.has(r.id)) }
}

/** Adds materials to a draft's list, giving new ones the next free marker (F3, P2 …); existing markers never change. */
export function withMarkers(existing: DraftMaterial[], add: Omit<DraftMaterial, 'marker'>[]): DraftMaterial[] {
  const out = [...existing]
  const next = (kind: DocKind) => {
    const prefix = kind === 'finding' ? 'F' : 'P'
    const used = out.filter((m) => m.kind === kind).map((m) => Number(m.marker.slice(1)))
    return `${prefix}${(used.length ? Math.max(...used) : 0) + 1}`
  }
  for (const m of add) {
    if (out.some((x) => x.kind === m.kind && x.id === m.id)) continue
    out.push({ ...m, marker: next(m.kind) })
  }
  return out
}
