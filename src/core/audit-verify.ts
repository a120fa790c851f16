/**
 * Verifying an office's audit chain in pages. A chain grows without bound (a busy office writes a
 * million events in a few years), and one Worker invocation may run at most 1000 D1 queries (paid
 * plan) and should read a bounded number of rows, so one request checks at most `limit` events and
 * answers a cursor to resume from. The cursor names the last event verified and its hash; the next
 * request re-checks that event first, so an edit made between two requests is caught too.
 *
 * A walk that starts without a cursor starts at the office's first event: `intact` and `complete`
 * together then mean the whole chain, as far as its head at that moment, holds.
 */
import { and, asc, desc, eq, gte } from 'drizzle-orm'
import { z } from 'zod'
import { auditEvents } from '../db/schema'
import { AUDIT_READERS, eventHash, GENESIS, type AuditEvent } from './audit'
import { requireRole } from './auth'
import type { Ctx } from './context'
import { AppError } from './errors'
import { decodeToken, encodeToken } from './pagination'
import { parseInput } from './validation'

/** Rows per D1 query: large enough that a page costs few queries, small enough to stay light. */
const ROWS_PER_QUERY = 1000

export const VERIFY_LIMITS = { default: 10_000, max: 20_000 } as const

export const verifyQuery = z.object({
  /** Events to check in this request. */
  limit: z.coerce.number().int().min(1).max(VERIFY_LIMITS.max).default(VERIFY_LIMITS.default),
  /** `nextCursor` of the previous answer; none to start at the first event. */
  cursor: z.string().max(300).optional(),
})

interface VerifyCursor {
  officeId: string
  seq: number
  hash: string
}

export interface ChainVerdict {
  /** No break among the events checked so far (this request, and the pages its cursor continues). */
  intact: boolean
  /** The walk reached the newest event: with `intact`, every event up to `chainHead` holds. */
  complete: boolean
  /** Events checked by this request. */
  events: number
  /** The first event this request checked (the cursor's own event when resuming), or null. */
  from: number | null
  /** The last event verified, so far in the walk. */
  head: { seq: number; hash: string } | null
  /** The newest event of the office's chain when this request read it. */
  chainHead: number
  /** Where to resume; null when the walk is complete or found a break. */
  nextCursor: string | null
  brokenAt?: { seq: number; id: string | null; reason: string }
}

function readCursor(ctx: Ctx, s: string | undefined): VerifyCursor | null {
  if (!s) return null
  const c = decodeToken(s, (v) => {
    const [officeId, seq, hash] = Array.isArray(v) ? v : []
    return typeof officeId === 'string' && Number.isInteger(seq) && seq >= 1 && typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash)
      ? { officeId, seq: seq as number, hash }
      : null
  })
  if (c.officeId !== ctx.actor.officeId) throw new AppError('VALIDATION', '游标不属于本办公室', { field: 'cursor' })
  return c
}

const writeCursor = (c: VerifyCursor) => encodeToken([c.officeId, c.seq, c.hash])

async function chainHead(ctx: Ctx): Promise<number> {
  const row = await ctx.db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(eq(auditEvents.officeId, ctx.actor.officeId))
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .get()
  return row?.seq ?? 0
}

/** Checks up to `limit` events of the office's chain, from its start or after `cursor`, and says where it stopped. */
export async function verifyAuditChain(ctx: Ctx, input: unknown = {}): Promise<ChainVerdict> {
  requireRole(ctx, ...AUDIT_READERS)
  const q = parseInput(verifyQuery, input, '查询参数')
  const cursor = readCursor(ctx, q.cursor)
  let headSeq = await chainHead(ctx)
  // Resuming re-reads the cursor's own event first: it must still be there, unchanged.
  const rowsWanted = q.limit + (cursor ? 1 : 0)
  let expectedSeq = cursor?.seq ?? 1
  let prevHash: string | null = cursor ? null : GENESIS
  let last: { seq: number; hash: string } | null = null
  let read = 0
  const verdict = (extra: Partial<ChainVerdict>): ChainVerdict => {
    const events = Math.max(0, read - (cursor ? 1 : 0))
    return { intact: true, complete: false, events, from: events ? (cursor ? cursor.seq + 1 : 1) : null, head: last, chainHead: headSeq, nextCursor: null, ...extra }
  }
  const broken = (seq: number, id: string | null, reason: string) => verdict({ intact: false, brokenAt: { seq, id, reason } })
  while (read < rowsWanted) {
    const want = Math.min(ROWS_PER_QUERY, rowsWanted - read)
    const page: AuditEvent[] = await ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.officeId, ctx.actor.officeId), gte(auditEvents.seq, expectedSeq)))
      .orderBy(asc(auditEvents.seq))
      .limit(want)
    for (const e of page) {
      if (e.seq !== expectedSeq) return broken(expectedSeq, null, `缺少第 ${expectedSeq} 条事件（记录被删除）`)
      if (prevHash !== null && e.prevHash !== prevHash) return broken(e.seq, e.id, '前一事件的哈希与记录不符')
      const { id: _id, hash, ...fields } = e
      if ((await eventHash(fields)) !== hash) return broken(e.seq, e.id, '事件内容与其哈希不符（记录被改动）')
      if (cursor && e.seq === cursor.seq && hash !== cursor.hash) return broken(e.seq, e.id, '该事件在上次校验之后被改动')
      prevHash = hash
      last = { seq: e.seq, hash }
      expectedSeq++
      read++
    }
    if (page.length < want) break
  }
  if (cursor && !last) return broken(cursor.seq, null, `缺少第 ${cursor.seq} 条事件（记录被删除）`)
  // Events written while this request ran may already be verified: the head is at least the last one.
  headSeq = Math.max(headSeq, last?.seq ?? 0)
  const done = (last?.seq ?? 0) >= headSeq
  return verdict({ complete: done, nextCursor: done || !last ? null : writeCursor({ officeId: ctx.actor.officeId, ...last }) })
}
