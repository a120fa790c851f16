/**
 * The audit trail: every write and transition appends an event (who, role, action, target, time,
 * content hash before and after) to a per-office hash chain. Each event's hash covers the previous
 * event's hash, so editing, deleting or reordering a stored event breaks the chain at that point,
 * and `verifyAuditChain` (audit-verify.ts) says where.
 *
 * Appending is optimistic: the event takes the next `seq` of its office in the same D1 batch as
 * the write it records; (office_id, seq) is unique, so when two writers race, one batch fails as a
 * whole and is retried on the new head. The write and its event land together or not at all.
 */
import { and, desc, eq, gte, inArray, lt, lte, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { dateOrTime } from './dates'
import { isUniqueFailure, runBatch, type Statement } from '../db/client'
import { auditEvents } from '../db/schema'
import type { Ctx } from './context'
import { newId, sha256Hex } from './ids'
import { requireRole } from './auth'
import { parseInput } from './validation'

export interface AuditInput {
  action: string
  targetKind: string
  targetId: string
  hashBefore?: string | null
  hashAfter?: string | null
  detail?: Record<string, unknown>
}

export type AuditEvent = typeof auditEvents.$inferSelect

/** The previous hash of an office's first event. */
export const GENESIS = '0'.repeat(64)
const MAX_ATTEMPTS = 8

/** The hash of an event: SHA-256 over its fields and the previous hash, in a fixed order. */
export function eventHash(e: Omit<AuditEvent, 'hash' | 'id'>): Promise<string> {
  return sha256Hex(
    JSON.stringify([
      e.prevHash,
      e.officeId,
      e.seq,
      e.at,
      e.memberId,
      e.role,
      e.action,
      e.targetKind,
      e.targetId,
      e.hashBefore ?? null,
      e.hashAfter ?? null,
      e.detail ?? null,
    ]),
  )
}

async function head(ctx: Ctx): Promise<{ seq: number; hash: string }> {
  const last = await ctx.db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.officeId, ctx.actor.officeId))
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .get()
  return last ?? { seq: 0, hash: GENESIS }
}

const isChainRace = (e: unknown) => isUniqueFailure(e, 'audit_events')

/**
 * Runs `statements` and appends `events` in one batch, retrying on a race for the chain's head.
 * `statements` may be a function so that callers whose writes depend on fresh reads rebuild them.
 */
export async function runAudited(
  ctx: Ctx,
  events: AuditInput[],
  statements: Statement[] | (() => Promise<Statement[]>),
): Promise<D1Result[]> {
  for (let attempt = 1; ; attempt++) {
    const writes = typeof statements === 'function' ? await statements() : statements
    let { seq, hash: prevHash } = await head(ctx)
    const rows: AuditEvent[] = []
    for (const e of events) {
      seq++
      const base = {
        officeId: ctx.actor.officeId,
        seq,
        at: new Date().toISOString(),
        memberId: ctx.actor.memberId,
        role: ctx.actor.role,
        action: e.action,
        targetKind: e.targetKind,
        targetId: e.targetId,
        hashBefore: e.hashBefore ?? null,
        hashAfter: e.hashAfter ?? null,
        detail: e.detail ?? null,
        prevHash,
      }
      const hash = await eventHash(base)
      rows.push({ id: newId('aud'), ...base, hash })
      prevHash = hash
    }
    try {
      const results = await runBatch(ctx.env.DB, [...writes, ...rows.map((r) => ctx.db.insert(auditEvents).values(r))])
      return results.slice(0, writes.length)
    } catch (e) {
      if (!isChainRace(e) || attempt >= MAX_ATTEMPTS) throw e
      // Someone else extended the chain first: back off a little and build on the new head.
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt))
    }
  }
}

export const auditQuery = z.object({
  action: z.string().max(80).optional(),
  targetKind: z.string().max(40).optional(),
  targetId: z.string().max(60).optional(),
  memberId: z.string().max(60).optional(),
  from: dateOrTime.optional(),
  to: dateOrTime.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The seq to continue below (newest first). */
  cursor: z.coerce.number().int().min(1).optional(),
})

/** Reading the trail is for those who answer for it. */
export const AUDIT_READERS = ['admin', 'reviewer', 'signer'] as const

export async function listAudit(ctx: Ctx, input: unknown): Promise<{ items: AuditEvent[]; nextCursor: number | null }> {
  requireRole(ctx, ...AUDIT_READERS)
  const q = parseInput(auditQuery, input, '查询参数')
  const where: (SQL | undefined)[] = [eq(auditEvents.officeId, ctx.actor.officeId)]
  if (q.action) where.push(eq(auditEvents.action, q.action))
  if (q.targetKind) where.push(eq(auditEvents.targetKind, q.targetKind))
  if (q.targetId) where.push(eq(auditEvents.targetId, q.targetId))
  if (q.memberId) where.push(eq(auditEvents.memberId, q.memberId))
  if (q.from) where.push(gte(auditEvents.at, q.from))
  if (q.to) where.push(lte(auditEvents.at, q.to.length === 10 ? `${q.to}T23:59:59.999Z` : q.to))
  if (q.cursor) where.push(lt(auditEvents.seq, q.cursor))
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.seq))
    .limit(q.limit + 1)
  const items = rows.slice(0, q.limit)
  return { items, nextCursor: rows.length > q.limit ? items[items.length - 1]!.seq : null }
}

/**
 * The events of some targets (one kind), newest first, for a domain's own history views (who did
 * what to a draft). No role check: the caller shows only what its members may see of those targets.
 */
export async function eventsOfTargets(ctx: Ctx, targetKind: string, targetIds: string[], actions: string[], limit = 200): Promise<AuditEvent[]> {
  const ids = [...new Set(targetIds)].slice(0, 90)
  if (!ids.length || !actions.length) return []
  return ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.officeId, ctx.actor.officeId), eq(auditEvents.targetKind, targetKind), inArray(auditEvents.targetId, ids), inArray(auditEvents.action, actions)))
    .orderBy(desc(auditEvents.seq))
    .limit(limit)
}
