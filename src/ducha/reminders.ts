/**
 * 催办: items due within the office's N days and overdue items get one reminder a day, sent through
 * the outbound webhooks (event `ducha.reminder`). The reminder row is written first, under a unique
 * (office, item, day) index: a retried or repeated run finds the day already claimed and sends
 * nothing twice. The 联络员 of the item's lead and supporting units who have a linked chat account
 * are told too (the chat outbox, delivered by the bots). Runs from the Cron Trigger (src/index.ts
 * `scheduled`) with `now` passed in, so tests control the clock.
 */
import { logLine } from '../core/log'
import { and, desc, eq, inArray, lte } from 'drizzle-orm'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import type { Ctx } from '../core/context'
import { newId } from '../core/ids'
import { afterCursor, decodeCursor, toPage } from '../core/pagination'
import { parseInput } from '../core/validation'
import { createDb } from '../db/client'
import { duchaItems, duchaReminders } from '../db/schema'
import { mayCarry, sensitivityMark } from '../drafts'
import type { Env } from '../env'
import { emitEvent, notifyChatOfReminder } from '../webhooks'
import { LIMITS } from './schemas'
import { addDays, dayOf, OPEN_STATUSES, STATUS_LABELS, viewStatus } from './status'
import { dueWithinDays, liaisonsByUnit, unitNames, type ItemRow } from './store'

/** Reminders one office gets in one run; the rest wait for the next run (the day is not claimed). */
export const REMINDERS_PER_RUN = 500
/** Reminder rows per statement batch, with the audit event of each batch. */
const CLAIM_BATCH = 50

/** The member reminders are written as in the audit trail: the schedule, not a person. */
export const REMINDER_ACTOR_ID = 'sys_ducha_reminders'

export function systemCtx(env: Env, officeId: string): Ctx {
  return { db: createDb(env.DB), env, actor: { memberId: REMINDER_ACTOR_ID, officeId, role: 'admin', platformAdmin: false }, requestId: `cron_${officeId}` }
}

export interface OfficeReminderRun {
  officeId: string
  day: string
  due: number
  sent: number
  alreadySent: number
}

/** What a reminder says; a webhook carries an item's words only when the item is public. */
function payload(item: ItemRow, names: Map<string, string>, today: string) {
  const status = viewStatus(item, today)
  const base = {
    itemId: item.id,
    kind: status === 'overdue' ? 'overdue' : 'due_soon',
    day: today,
    deadline: item.deadline,
    daysLeft: Math.round((Date.parse(item.deadline) - Date.parse(today)) / 86_400_000),
    status,
    statusLabel: STATUS_LABELS[status],
    leadUnit: { id: item.leadUnitId, name: names.get(item.leadUnitId) ?? null },
    supportUnits: item.supportUnitIds.map((id) => ({ id, name: names.get(id) ?? null })),
    sensitivity: item.sensitivity,
  }
  return mayCarry('webhook', item.sensitivity) === 'text'
    ? { ...base, title: item.title, requirement: item.requirement, leader: item.leader }
    : { ...base, mark: sensitivityMark(item.sensitivity), notice: '事项内容不随回调发送，请登录文辅查看' }
}

/** One office's reminders for the day of `now`. */
export async function sendOfficeReminders(ctx: Ctx, now: Date): Promise<OfficeReminderRun> {
  const today = dayOf(now)
  const horizon = addDays(today, await dueWithinDays(ctx))
  const due = await ctx.db
    .select()
    .from(duchaItems)
    .where(and(eq(duchaItems.officeId, ctx.actor.officeId), inArray(duchaItems.status, [...OPEN_STATUSES]), lte(duchaItems.deadline, horizon)))
    .orderBy(duchaItems.deadline, duchaItems.id)
  const claimed = new Set(
    (
      await ctx.db
        .select({ itemId: duchaReminders.itemId })
        .from(duchaReminders)
        .where(and(eq(duchaReminders.officeId, ctx.actor.officeId), eq(duchaReminders.day, today)))
    ).map((r) => r.itemId),
  )
  const todo = due.filter((i) => !claimed.has(i.id)).slice(0, REMINDERS_PER_RUN)
  const names = await unitNames(ctx, todo.flatMap((i) => [i.leadUnitId, ...i.supportUnitIds]))
  const liaisons = todo.length ? await liaisonsByUnit(ctx) : new Map<string, string[]>()
  let sent = 0
  for (let k = 0; k < todo.length; k += CLAIM_BATCH) {
    const chunk = todo.slice(k, k + CLAIM_BATCH)
    const rows = chunk.map((i) => ({ id: newId('drm'), officeId: ctx.actor.officeId, itemId: i.id, day: today, kind: viewStatus(i, today) === 'overdue' ? ('overdue' as const) : ('due_soon' as const), deadline: i.deadline }))
    const results = await runAudited(
      ctx,
      [{ action: 'ducha.reminder.claim', targetKind: 'office', targetId: ctx.actor.officeId, detail: { day: today, items: chunk.map((i) => i.id) } }],
      // A concurrent run may have claimed some of these since the read: those insert nothing.
      rows.map((r) => ctx.db.insert(duchaReminders).values(r).onConflictDoNothing().returning({ id: duchaReminders.id })),
    )
    for (const [n, r] of rows.entries()) {
      if (!(results[n]?.results?.length ?? 0)) continue
      const item = chunk[n]!
      let deliveryIds: string[] = []
      try {
        deliveryIds = await emitEvent(ctx, 'ducha.reminder', { reminderId: r.id, ...payload(item, names, today) })
      } catch (e) {
        // The day stays claimed: at most one reminder a day, even when queuing it failed.
        logLine(ctx.env, 'error', `[${ctx.requestId}] reminder ${r.id} not queued`, e)
      }
      const memberIds = [...new Set([item.leadUnitId, ...item.supportUnitIds].flatMap((u) => liaisons.get(u) ?? []))]
      await notifyChatOfReminder(ctx, { itemId: item.id, memberIds, day: today })
      sent++
      // Which deliveries carried it: bookkeeping of the send, like the webhook delivery log itself.
      if (deliveryIds.length) await ctx.db.update(duchaReminders).set({ deliveryIds }).where(eq(duchaReminders.id, r.id))
    }
  }
  return { officeId: ctx.actor.officeId, day: today, due: due.length, sent, alreadySent: due.filter((i) => claimed.has(i.id)).length }
}

/** The scheduled run: every office with open items due within the longest horizon any office may set. */
export async function sendReminders(env: Env, now: Date): Promise<OfficeReminderRun[]> {
  const db = createDb(env.DB)
  const horizon = addDays(dayOf(now), LIMITS.dueWithinDays)
  const offices = await db
    .selectDistinct({ officeId: duchaItems.officeId })
    .from(duchaItems)
    .where(and(inArray(duchaItems.status, [...OPEN_STATUSES]), lte(duchaItems.deadline, horizon)))
  const runs: OfficeReminderRun[] = []
  for (const { officeId } of offices) {
    try {
      runs.push(await sendOfficeReminders(systemCtx(env, officeId), now))
    } catch (e) {
      // One office's failure does not stop the others; its unclaimed items go out on the next run.
      logLine(env, 'error', `[ducha reminders] office ${officeId}`, e)
    }
  }
  return runs
}

const reminderQuery = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').optional(),
  itemId: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.listPage).default(20),
  cursor: z.string().max(200).optional(),
})

/** The log of reminders sent, newest first. */
export async function listReminders(ctx: Ctx, input: unknown) {
  const q = parseInput(reminderQuery, input, '查询参数')
  const cursor = decodeCursor(q.cursor)
  const rows = await ctx.db
    .select()
    .from(duchaReminders)
    .where(
      and(
        eq(duchaReminders.officeId, ctx.actor.officeId),
        q.day ? eq(duchaReminders.day, q.day) : undefined,
        q.itemId ? eq(duchaReminders.itemId, q.itemId) : undefined,
        afterCursor(duchaReminders.createdAt, duchaReminders.id, cursor),
      ),
    )
    .orderBy(desc(duchaReminders.createdAt), desc(duchaReminders.id))
    .limit(q.limit + 1)
  const page = toPage(rows, q.limit)
  return { items: page.items.map(({ officeId: _o, ...r }) => r), nextCursor: page.nextCursor }
}
