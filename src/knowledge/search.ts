import { sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Ctx } from '../core/context'
import { parseInput } from '../core/validation'
import type { DocKind } from '../db/schema'
import { activeSynonymEntries, todayInChina } from '../checks'
import { numeralVariants } from './numerals'
import { matchExpression, parseQuery, type QueryTerm } from './query'
import { DATE_RANGE_MESSAGE, dateRangeInOrder, searchFields, searchQuery, type SearchQuery } from './schemas'
import { buildSnippet } from './snippet'
import { officeSynonymIndex } from './synonyms'

export interface SearchResult {
  kind: DocKind
  id: string
  title: string
  chunkId: string
  text: string
  snippet: string
  headingPath: string[]
  score: number
  meta: Record<string, unknown>
}

/** Candidates taken from FTS5 and re-ranked in the Worker. */
const CANDIDATES = 60

interface Candidate {
  id: number
  kind: DocKind
  docId: string
  title: string
  headingPath: string
  text: string
  bm: number
  genre: string | null
  date: string | null
  tags: string
  sensitivity: string
  surveyId: string | null
  topic: string | null
  sourceKind: string | null
  sourceUnit: string | null
  issuer: string | null
  docNumber: string | null
  speaker: string | null
}

/** Where a result comes from, by kind: what a list of results shows next to the title. */
function metaOf(c: Candidate): Record<string, unknown> {
  const tags = JSON.parse(c.tags) as string[]
  return c.kind === 'finding'
    ? { surveyId: c.surveyId, topic: c.topic, tags, sourceKind: c.sourceKind, sourceUnit: c.sourceUnit, observedOn: c.date, sensitivity: c.sensitivity }
    : { genre: c.genre, issuer: c.issuer, docNumber: c.docNumber, speaker: c.speaker, date: c.date, tags, sensitivity: c.sensitivity }
}

/**
 * How much of what the person typed a passage contains: each term counts fully when it appears
 * whole, partly by the share of its bigrams present (people misremember wording), not at all for
 * a quoted phrase that is absent. Longer terms weigh more.
 */
export function termCoverage(hay: string, terms: QueryTerm[]): number {
  let got = 0
  let total = 0
  for (const t of terms) {
    const weight = Math.min(4, t.tokens.length) + 1
    total += weight
    if (hay.includes(t.compact) || t.alts.some((a) => hay.includes(a))) got += weight
    else if (!t.quoted && t.tokens.length > 1) {
      const share = (tokens: string[]) => (tokens.length ? tokens.filter((tok) => hay.includes(tok)).length / tokens.length : 0)
      got += weight * 0.8 * Math.max(share(t.tokens), ...t.altTokenSets.map(share))
    }
  }
  return total ? got / total : 0
}

const compactText = (s: string) => {
  const numerals = numeralVariants(s)
  return (numerals ? `${s} ${numerals}` : s).normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
}

function rerank(candidates: Candidate[], terms: QueryTerm[]): (Candidate & { score: number })[] {
  const best = Math.min(...candidates.map((c) => c.bm), -1e-9)
  const whole = terms.map((t) => t.compact).join('')
  return candidates
    .map((c) => {
      const title = compactText(c.title + c.headingPath)
      const body = compactText(c.text)
      const coverage = termCoverage(title + '|' + body, terms)
      const titleCoverage = termCoverage(title, terms)
      const phrase = terms.length > 1 && body.includes(whole) ? 1 : 0
      const score = 0.4 * (c.bm / best) + 0.45 * coverage + 0.1 * titleCoverage + 0.05 * phrase
      return { ...c, score: Math.round(score * 10000) / 10000 }
    })
    .sort((a, b) => b.score - a.score || a.bm - b.bm)
}

/** At most MAX_PER_DOC chunks of one document, so one long text cannot fill the page. */
const MAX_PER_DOC = 3

function diversify<T extends { docId: string }>(ranked: T[], limit: number): T[] {
  const perDoc = new Map<string, number>()
  const out: T[] = []
  for (const c of ranked) {
    const n = perDoc.get(c.docId) ?? 0
    if (n >= MAX_PER_DOC) continue
    perDoc.set(c.docId, n + 1)
    out.push(c)
    if (out.length === limit) break
  }
  return out
}

/**
 * Chinese full-text search over the office's chunks: FTS5 over CJK bigrams finds candidates that
 * share any term (BM25, title above body), then the Worker re-ranks them by how much of the query
 * they contain. (../shared/design/ARCHITECTURE.md, flow 2)
 */
export async function search(ctx: Ctx, input: unknown): Promise<{ results: SearchResult[] }> {
  const q = parseInput(searchQuery, input, '检索参数')
  const found = await rankedCandidates(ctx, q, CANDIDATES)
  if (!found) return { results: [] }
  return { results: diversify(found.ranked, q.limit).map((c) => toResult(c, found.terms)) }
}

function toResult(c: Candidate & { score: number }, terms: QueryTerm[]): SearchResult {
  return {
    kind: c.kind,
    id: c.docId,
    title: c.title,
    chunkId: String(c.id),
    text: c.text,
    snippet: buildSnippet(c.text, terms),
    headingPath: JSON.parse(c.headingPath) as string[],
    score: c.score,
    meta: metaOf(c),
  }
}

/** One document among the hits: its best passage, and how many more of its passages matched. */
export interface DocumentHit extends SearchResult {
  moreMatches: number
}

export const documentSearchQuery = searchFields
  .extend({ page: z.coerce.number().int().min(1, '页码应为正整数').max(20, '最多翻到第 20 页').default(1) })
  .refine(dateRangeInOrder, DATE_RANGE_MESSAGE)

/** Documents a search may page through: chunks fetched for a later page are bounded here. */
const MAX_DOCUMENT_CANDIDATES = 400

/**
 * The search grouped by document, for a list people read (the 知识库 page): one row per finding or
 * precedent, ranked by its best passage, with the count of its other matching passages. Paging
 * counts documents, not passages, so a page never repeats a document shown on another.
 */
export async function searchDocuments(ctx: Ctx, input: unknown): Promise<{ results: DocumentHit[]; page: number; hasMore: boolean }> {
  const q = parseInput(documentSearchQuery, input, '检索参数')
  const wanted = q.page * q.limit + 1
  const found = await rankedCandidates(ctx, q, Math.min(MAX_DOCUMENT_CANDIDATES, Math.max(CANDIDATES, wanted * MAX_PER_DOC)))
  if (!found) return { results: [], page: q.page, hasMore: false }
  const groups = new Map<string, { best: Candidate & { score: number }; more: number }>()
  for (const c of found.ranked) {
    const key = `${c.kind}:${c.docId}`
    const g = groups.get(key)
    if (g) g.more++
    else groups.set(key, { best: c, more: 0 })
  }
  const all = [...groups.values()]
  const start = (q.page - 1) * q.limit
  return {
    results: all.slice(start, start + q.limit).map((g) => ({ ...toResult(g.best, found.terms), moreMatches: g.more })),
    page: q.page,
    hasMore: all.length > start + q.limit,
  }
}

/** The office's chunks matching the query, re-ranked, best first; null when the query has no searchable term. */
async function rankedCandidates(ctx: Ctx, q: SearchQuery, candidateLimit: number) {
  // The office's synonym lexicons are read on every search: an entry saved a moment ago counts now.
  const synonyms = q.expand === 'false' ? null : officeSynonymIndex(await activeSynonymEntries(ctx, todayInChina()))
  const terms = parseQuery(q.q, synonyms)
  const match = matchExpression(terms, ctx.actor.officeId, q.kind)
  if (!match) return null

  const filters = [sql`c.office_id = ${ctx.actor.officeId}`]
  if (q.genre) filters.push(sql`c.genre = ${q.genre}`)
  if (q.from) filters.push(sql`c.date >= ${q.from}`)
  if (q.to) filters.push(sql`c.date <= ${q.to}`)
  if (q.tag) filters.push(sql`EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ${q.tag})`)
  const where = sql.join(filters, sql` AND `)
  // The source's details come along in the same query (LEFT JOINs by primary key): one round trip.
  const columns = sql`c.id AS id, c.kind AS kind, c.doc_id AS docId, c.title AS title,
    c.heading_path AS headingPath, c.text AS text, c.genre AS genre, c.date AS date, c.tags AS tags,
    c.sensitivity AS sensitivity, fd.survey_id AS surveyId, fd.topic AS topic, fd.source_kind AS sourceKind,
    fd.source_unit AS sourceUnit, pr.issuer AS issuer, pr.doc_number AS docNumber, pr.speaker AS speaker`
  const sources = sql`LEFT JOIN findings fd ON c.kind = 'finding' AND fd.id = c.doc_id
    LEFT JOIN precedents pr ON c.kind = 'precedent' AND pr.id = c.doc_id`
  // Raw SQL: FTS5 MATCH and rank have no drizzle builder. `rank` is bm25() with the column weights
  // set in migrations/0001_search_fts.sql. Without filters, FTS5 picks the top candidates by
  // itself and only those are joined; with filters, the join must come before the limit.
  const fetchCandidates = (expr: string) => ctx.db.all<Candidate>(
    filters.length === 1
      ? sql`SELECT ${columns}, f.bm AS bm
          FROM (SELECT rowid AS id, rank AS bm FROM chunks_fts WHERE chunks_fts MATCH ${expr}
                ORDER BY rank LIMIT ${candidateLimit}) f
          JOIN chunks c ON c.id = f.id ${sources}
          WHERE ${where} ORDER BY f.bm`
      : sql`SELECT ${columns}, chunks_fts.rank AS bm
          FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid ${sources}
          WHERE chunks_fts MATCH ${expr} AND ${where}
          ORDER BY chunks_fts.rank LIMIT ${candidateLimit}`,
  )
  let candidates = await fetchCandidates(match)
  // Pruning left too little (every rare bigram missed): look again with the common ones too.
  const full = matchExpression(terms, ctx.actor.officeId, q.kind, false)
  if (candidates.length < q.limit && full && full !== match) {
    const seen = new Set(candidates.map((c) => c.id))
    candidates = [...candidates, ...(await fetchCandidates(full)).filter((c) => !seen.has(c.id))]
  }
  if (!candidates.length) return null
  return { terms, ranked: rerank(candidates, terms) }
}
