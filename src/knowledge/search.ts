import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Ctx } from '../core/context'
import { parseInput } from '../core/validation'
import { findings, precedents, type DocKind } from '../db/schema'
import { numeralVariants } from './numerals'
import { matchExpression, parseQuery, type QueryTerm } from './query'
import { searchQuery } from './schemas'
import { buildSnippet } from './snippet'

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
const CANDIDATES = 120

interface Candidate {
  id: number
  kind: DocKind
  docId: string
  title: string
  headingPath: string
  text: string
  bm: number
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
      const present = t.tokens.filter((tok) => hay.includes(tok)).length
      got += (weight * 0.8 * present) / t.tokens.length
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

async function metaFor(ctx: Ctx, ids: { kind: DocKind; docId: string }[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>()
  const findingIds = [...new Set(ids.filter((i) => i.kind === 'finding').map((i) => i.docId))]
  const precedentIds = [...new Set(ids.filter((i) => i.kind === 'precedent').map((i) => i.docId))]
  const office = ctx.actor.officeId
  const [fs, ps] = await Promise.all([
    findingIds.length
      ? ctx.db
          .select({
            id: findings.id,
            surveyId: findings.surveyId,
            topic: findings.topic,
            tags: findings.tags,
            sourceKind: findings.sourceKind,
            sourceUnit: findings.sourceUnit,
            observedOn: findings.observedOn,
            sensitivity: findings.sensitivity,
          })
          .from(findings)
          .where(and(eq(findings.officeId, office), inArray(findings.id, findingIds)))
      : [],
    precedentIds.length
      ? ctx.db
          .select({
            id: precedents.id,
            genre: precedents.genre,
            issuer: precedents.issuer,
            docNumber: precedents.docNumber,
            speaker: precedents.speaker,
            date: precedents.date,
            tags: precedents.tags,
            sensitivity: precedents.sensitivity,
          })
          .from(precedents)
          .where(and(eq(precedents.officeId, office), inArray(precedents.id, precedentIds)))
      : [],
  ])
  for (const { id, ...meta } of [...fs, ...ps]) out.set(id, meta)
  return out
}

/**
 * Chinese full-text search over the office's chunks: FTS5 over CJK bigrams finds candidates that
 * share any term (BM25, title above body), then the Worker re-ranks them by how much of the query
 * they contain. (../shared/design/ARCHITECTURE.md, flow 2)
 */
export async function search(ctx: Ctx, input: unknown): Promise<{ results: SearchResult[] }> {
  const q = parseInput(searchQuery, input, '检索参数')
  const terms = parseQuery(q.q)
  const match = matchExpression(terms, ctx.actor.officeId, q.kind)
  if (!match) return { results: [] }

  const filters = [sql`c.office_id = ${ctx.actor.officeId}`]
  if (q.genre) filters.push(sql`c.genre = ${q.genre}`)
  if (q.from) filters.push(sql`c.date >= ${q.from}`)
  if (q.to) filters.push(sql`c.date <= ${q.to}`)
  if (q.tag) filters.push(sql`EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ${q.tag})`)
  const where = sql.join(filters, sql` AND `)
  const columns = sql`c.id AS id, c.kind AS kind, c.doc_id AS docId, c.title AS title,
    c.heading_path AS headingPath, c.text AS text`
  // Raw SQL: FTS5 MATCH and rank have no drizzle builder. `rank` is bm25() with the column weights
  // set in migrations/0001_search_fts.sql. Without filters, FTS5 picks the top candidates by
  // itself and only those are joined; with filters, the join must come before the limit.
  const fetchCandidates = (expr: string) => ctx.db.all<Candidate>(
    filters.length === 1
      ? sql`SELECT ${columns}, f.bm AS bm
          FROM (SELECT rowid AS id, rank AS bm FROM chunks_fts WHERE chunks_fts MATCH ${expr}
                ORDER BY rank LIMIT ${CANDIDATES}) f
          JOIN chunks c ON c.id = f.id
          WHERE ${where} ORDER BY f.bm`
      : sql`SELECT ${columns}, chunks_fts.rank AS bm
          FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
          WHERE chunks_fts MATCH ${expr} AND ${where}
          ORDER BY chunks_fts.rank LIMIT ${CANDIDATES}`,
  )
  let candidates = await fetchCandidates(match)
  // Pruning left too little (every rare bigram missed): look again with the common ones too.
  const full = matchExpression(terms, ctx.actor.officeId, q.kind, false)
  if (candidates.length < q.limit && full && full !== match) {
    const seen = new Set(candidates.map((c) => c.id))
    candidates = [...candidates, ...(await fetchCandidates(full)).filter((c) => !seen.has(c.id))]
  }
  if (!candidates.length) return { results: [] }

  const top = diversify(rerank(candidates, terms), q.limit)
  const meta = await metaFor(ctx, top)
  return {
    results: top.map((c) => ({
      kind: c.kind,
      id: c.docId,
      title: c.title,
      chunkId: String(c.id),
      text: c.text,
      snippet: buildSnippet(c.text, terms),
      headingPath: JSON.parse(c.headingPath) as string[],
      score: c.score,
      meta: meta.get(c.docId) ?? {},
    })),
  }
}
