/**
 * Batch reads by id for composing drafts: a draft cites up to a few dozen materials, and the
 * compose pipeline needs them (and the precedents' passages) in one round trip each. Ids from
 * another office are simply not returned.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Ctx } from '../core/context'
import { idGroups } from '../db/client'
import { chunks, findings, precedents } from '../db/schema'
import { toFinding, type Finding } from './findings'
import { toPrecedent, type Precedent } from './precedents'

// The office id (and the chunk kind) take bound parameters of their own.
const batchesOf = (ids: string[]) => idGroups(ids, 2)

export async function findingsByIds(ctx: Ctx, ids: string[]): Promise<Finding[]> {
  const out: Finding[] = []
  for (const group of batchesOf(ids)) {
    const rows = await ctx.db
      .select()
      .from(findings)
      .where(and(eq(findings.officeId, ctx.actor.officeId), inArray(findings.id, group)))
    out.push(...rows.map(toFinding))
  }
  return out
}

export async function precedentsByIds(ctx: Ctx, ids: string[]): Promise<Precedent[]> {
  const out: Precedent[] = []
  for (const group of batchesOf(ids)) {
    const rows = await ctx.db
      .select()
      .from(precedents)
      .where(and(eq(precedents.officeId, ctx.actor.officeId), inArray(precedents.id, group)))
    out.push(...rows.map(toPrecedent))
  }
  return out
}

export interface Passage {
  docId: string
  seq: number
  headingPath: string[]
  text: string
}

/** The chunks (paragraph-aware passages) of the given precedents, in document order. */
export async function precedentPassages(ctx: Ctx, ids: string[]): Promise<Passage[]> {
  const out: Passage[] = []
  for (const group of batchesOf(ids)) {
    const rows = await ctx.db
      .select({ docId: chunks.docId, seq: chunks.seq, headingPath: chunks.headingPath, text: chunks.text })
      .from(chunks)
      .where(and(eq(chunks.officeId, ctx.actor.officeId), eq(chunks.kind, 'precedent'), inArray(chunks.docId, group)))
      .orderBy(asc(chunks.docId), asc(chunks.seq))
    out.push(...rows)
  }
  return out
}
