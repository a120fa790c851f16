/**
 * The chat outbox: one row per message to one linked member (a draft that needs them, or the result
 * of a command that ran as a job), delivered by a Workflow instance (src/bots/delivery.ts) that
 * retries with backoff and records each attempt here. A message that cannot be delivered is marked
 * failed for an admin to see (GET /admin/bot-notifications); queueing one never undoes or blocks the
 * change it reports.
 */
import { and, desc, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { newId } from '../core/ids'
import { logLine } from '../core/log'
import { parseInput } from '../core/validation'
import { createDb } from '../db/client'
import { botNotifications, DELIVERY_STATUSES, type BotNotificationKind, type ChatPlatform, type DraftStatus, type Role } from '../db/schema'
import type { Env } from '../env'
import { linkedMembers } from '../offices'

export type ChatNotification = typeof botNotifications.$inferSelect

interface ChatMessageFields {
  memberId: string
  platform: ChatPlatform
  tenant: string
  userId: string
  event: string
  jobId?: string | null
  contentHash?: string | null
  actorId?: string | null
  note?: string | null
  replyUrl?: string | null
}

/** One message to queue: a draft's (transition, compose) names the draft, a 催办 names the item. */
export type ChatMessageInput =
  | (ChatMessageFields & { kind: Exclude<BotNotificationKind, 'ducha_reminder'>; draftId: string })
  | (ChatMessageFields & { kind: 'ducha_reminder'; itemId: string })

/** What a Workflow instance delivering one chat message is started with. */
export interface ChatDeliveryParams {
  notificationId: string
}

/** Queues the messages and starts one delivering Workflow for each; returns their ids. */
export async function queueChatMessages(ctx: Ctx, items: ChatMessageInput[]): Promise<string[]> {
  const ids: string[] = []
  for (const item of items.slice(0, 100)) {
    const id = newId('bnt')
    await ctx.db.insert(botNotifications).values({ id, officeId: ctx.actor.officeId, ...item, note: item.note?.slice(0, 1000) ?? null })
    try {
      await ctx.env.BOT_DELIVERY.create({ id, params: { notificationId: id } satisfies ChatDeliveryParams })
    } catch (e) {
      logLine(ctx.env, 'error', `[${ctx.requestId}] chat message ${id} not started`, e)
      await finishChatMessage(ctx.env, id, { delivered: false, error: '无法启动投递流程', attempt: false })
    }
    ids.push(id)
  }
  return ids
}

/** The event a transition's new status is, for people told about it. */
const EVENT_OF: Record<DraftStatus, string | null> = {
  drafting: null,
  in_review: 'draft.submitted',
  approved: 'draft.approved',
  returned: 'draft.returned',
  signed: 'draft.signed',
  issued: 'draft.issued',
}

/** Who must act next on a draft in each status (besides its author, who is always told). */
const NEXT_ROLES: Record<DraftStatus, Role[]> = {
  drafting: [],
  in_review: ['reviewer'],
  approved: ['signer'],
  returned: [],
  signed: ['admin'],
  issued: [],
}

/**
 * Tells the linked members who act next, and the author, that a draft moved. Never throws: the
 * transition is saved already and stands whatever happens here.
 */
export async function notifyChatOfTransition(
  ctx: Ctx,
  t: { draftId: string; status: DraftStatus; authorId: string | null; contentHash: string; note?: string | null },
): Promise<void> {
  const event = EVENT_OF[t.status]
  if (!event) return
  try {
    const links = await linkedMembers(ctx, { roles: NEXT_ROLES[t.status], memberIds: t.authorId ? [t.authorId] : [] })
    const recipients = links.filter((l) => l.memberId !== ctx.actor.memberId)
    if (!recipients.length) return
    await queueChatMessages(
      ctx,
      recipients.map((l) => ({
        memberId: l.memberId,
        platform: l.platform,
        tenant: l.tenant,
        userId: l.userId,
        kind: 'transition' as const,
        event,
        draftId: t.draftId,
        contentHash: t.contentHash,
        actorId: ctx.actor.memberId,
        note: t.note ?? null,
      })),
    )
  } catch (e) {
    logLine(ctx.env, 'error', `[${ctx.requestId}] chat notifications for ${t.draftId} not queued`, e)
  }
}

/**
 * 催办 in chat: tells the given members (a unit's 联络员) who have a linked chat account about an item
 * due soon or overdue on `day` (kept in the row's note). The message is built at delivery, as the
 * recipient may see the item then, with its status as of that day. Never throws: the reminder is
 * claimed already and stands whatever happens here.
 */
export async function notifyChatOfReminder(ctx: Ctx, r: { itemId: string; memberIds: string[]; day: string }): Promise<string[]> {
  if (!r.memberIds.length) return []
  try {
    const links = await linkedMembers(ctx, { memberIds: r.memberIds })
    return await queueChatMessages(
      ctx,
      links.map((l) => ({ memberId: l.memberId, platform: l.platform, tenant: l.tenant, userId: l.userId, kind: 'ducha_reminder' as const, event: 'ducha.reminder', itemId: r.itemId, note: r.day })),
    )
  } catch (e) {
    logLine(ctx.env, 'error', `[${ctx.requestId}] chat reminders for ${r.itemId} not queued`, e)
    return []
  }
}

export async function loadChatMessage(env: Env, id: string): Promise<ChatNotification | null> {
  return (await createDb(env.DB).select().from(botNotifications).where(eq(botNotifications.id, id)).get()) ?? null
}

/**
 * Records an attempt (`attempt: false` when giving up after the last one was recorded); unless
 * `final: false`, the message is finished — delivered or failed — and stays so.
 */
export async function finishChatMessage(env: Env, id: string, outcome: { delivered: boolean; error?: string; final?: boolean; attempt?: boolean }): Promise<void> {
  const now = new Date().toISOString()
  const done = outcome.delivered || outcome.final !== false
  await createDb(env.DB)
    .update(botNotifications)
    .set({
      ...(outcome.attempt === false ? {} : { attempts: sql`${botNotifications.attempts} + 1` }),
      lastError: outcome.delivered ? null : (outcome.error ?? '投递失败').slice(0, 300),
      ...(done ? { status: outcome.delivered ? ('delivered' as const) : ('failed' as const), finishedAt: now } : {}),
    })
    .where(and(eq(botNotifications.id, id), eq(botNotifications.status, 'pending')))
}

const listQuery = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

/** The office's recent chat messages, newest first: what an admin looks at when someone heard nothing. */
export async function listChatMessages(ctx: Ctx, input: unknown) {
  requireRole(ctx, 'admin')
  const q = parseInput(listQuery, input, '查询参数')
  const rows = await ctx.db
    .select()
    .from(botNotifications)
    .where(and(eq(botNotifications.officeId, ctx.actor.officeId), q.status ? eq(botNotifications.status, q.status) : undefined))
    .orderBy(desc(botNotifications.createdAt), desc(botNotifications.id))
    .limit(q.limit)
  return rows.map(({ officeId: _o, replyUrl: _r, ...r }) => r)
}
