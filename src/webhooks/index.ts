/**
 * Outbound webhooks: an office subscribes URLs to draft events; each event becomes one delivery per
 * matching subscription, sent by a Workflow instance that retries with exponential backoff and logs
 * every attempt (src/workflows/webhook-delivery.ts).
 */
import { logLine } from '../core/log'
import { and, desc, eq, inArray } from 'drizzle-orm'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { base64url, newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { idGroups } from '../db/client'
import { webhookAttempts, webhookDeliveries, webhookSubscriptions, WEBHOOK_EVENTS, type Sensitivity, type WebhookEvent } from '../db/schema'

export { signPayload, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature'
export { attemptDelivery, giveUpDelivery } from './deliver'
export { WEBHOOK_EVENTS, type WebhookEvent }

export const WEBHOOK_LIMITS = { perOffice: 20, url: 500 } as const

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

export const subscriptionInput = z.object({
  url: z
    .string()
    .trim()
    .max(WEBHOOK_LIMITS.url)
    .url('不是有效的网址')
    .refine((u) => {
      let url: URL
      try {
        url = new URL(u)
      } catch {
        return true // .url() has reported it; a throw here would answer 500
      }
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))
    }, '回调地址须使用 https（本机地址除外）'),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, '至少订阅一种事件').max(WEBHOOK_EVENTS.length).default([...WEBHOOK_EVENTS]),
  description: z.string().trim().max(200).optional(),
})

export type Subscription = Omit<typeof webhookSubscriptions.$inferSelect, 'secret' | 'officeId'>
const publicView = ({ secret: _s, officeId: _o, ...rest }: typeof webhookSubscriptions.$inferSelect): Subscription => rest

export async function createSubscription(ctx: Ctx, input: unknown): Promise<Subscription & { secret: string }> {
  requireRole(ctx, 'admin')
  const s = parseInput(subscriptionInput, input, '回调订阅')
  const existing = await ctx.db.select({ id: webhookSubscriptions.id }).from(webhookSubscriptions).where(eq(webhookSubscriptions.officeId, ctx.actor.officeId))
  if (existing.length >= WEBHOOK_LIMITS.perOffice) throw new AppError('VALIDATION', `每个办公室最多 ${WEBHOOK_LIMITS.perOffice} 个回调订阅`)
  const id = newId('whk')
  const secret = `whsec_${base64url(crypto.getRandomValues(new Uint8Array(24)))}`
  await runAudited(ctx, [{ action: 'webhook.create', targetKind: 'webhook', targetId: id, detail: { url: s.url, events: s.events } }], [
    ctx.db.insert(webhookSubscriptions).values({ id, officeId: ctx.actor.officeId, url: s.url, secret, events: s.events, description: s.description, createdBy: ctx.actor.memberId }),
  ])
  const row = await ctx.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).get()
  return { ...publicView(row!), secret }
}

export async function listSubscriptions(ctx: Ctx): Promise<Subscription[]> {
  requireRole(ctx, 'admin')
  const rows = await ctx.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.officeId, ctx.actor.officeId)).orderBy(desc(webhookSubscriptions.createdAt))
  return rows.map(publicView)
}

export async function deleteSubscription(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, 'admin')
  const inOffice = and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.officeId, ctx.actor.officeId))
  const row = await ctx.db.select({ id: webhookSubscriptions.id }).from(webhookSubscriptions).where(inOffice).get()
  if (!row) throw notFound('回调订阅')
  await runAudited(ctx, [{ action: 'webhook.delete', targetKind: 'webhook', targetId: id }], [ctx.db.delete(webhookSubscriptions).where(inOffice)])
}

const deliveryQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) })

/** A subscription's recent deliveries with every attempt's outcome. */
export async function listDeliveries(ctx: Ctx, subscriptionId: string, input: unknown) {
  requireRole(ctx, 'admin')
  const q = parseInput(deliveryQuery, input, '查询参数')
  const sub = await ctx.db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, subscriptionId), eq(webhookSubscriptions.officeId, ctx.actor.officeId)))
    .get()
  if (!sub) throw notFound('回调订阅')
  const deliveries = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.officeId, ctx.actor.officeId), eq(webhookDeliveries.subscriptionId, subscriptionId)))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(q.limit)
  const attempts: (typeof webhookAttempts.$inferSelect)[] = []
  // A full page of ids and the office id would pass D1's 100 bound parameters in one query.
  for (const group of idGroups(deliveries.map((d) => d.id), 1)) {
    attempts.push(
      ...(await ctx.db
        .select()
        .from(webhookAttempts)
        .where(and(eq(webhookAttempts.officeId, ctx.actor.officeId), inArray(webhookAttempts.deliveryId, group)))
        .orderBy(webhookAttempts.deliveryId, webhookAttempts.attempt)),
    )
  }
  return deliveries.map(({ officeId: _o, body, ...d }) => ({
    ...d,
    payload: JSON.parse(body) as unknown,
    log: attempts.filter((a) => a.deliveryId === d.id).map(({ officeId: _x, deliveryId: _d, id: _i, ...a }) => a),
  }))
}

/**
 * Queues one delivery of `event` to each active subscription of the office that wants it, and
 * starts the delivering Workflow for each. Called after the change it reports has been saved.
 */
export async function emitEvent(ctx: Ctx, event: WebhookEvent, data: Record<string, unknown>): Promise<string[]> {
  const subs = await ctx.db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.officeId, ctx.actor.officeId), eq(webhookSubscriptions.active, true)))
  const wanted = subs.filter((s) => s.events.includes(event))
  const ids: string[] = []
  for (const sub of wanted) {
    const id = newId('dlv')
    const body = JSON.stringify({ id, event, officeId: ctx.actor.officeId, occurredAt: new Date().toISOString(), data })
    await ctx.db.insert(webhookDeliveries).values({ id, officeId: ctx.actor.officeId, subscriptionId: sub.id, event, body })
    await ctx.env.WEBHOOKS.create({ id, params: { deliveryId: id } })
    ids.push(id)
  }
  return ids
}

/** What every event's data says about disclosure: built by drafts' draftWebhookData, which asks the one rule (drafts/disclosure.ts mayCarry('webhook', …)). */
export type EventData = { sensitivity: Sensitivity; carriage: 'text' | 'marked' | 'reference' } & Record<string, unknown>

/** Webhooks are told after the change is saved; a failure to queue them never undoes the change. */
export async function notify(ctx: Ctx, event: WebhookEvent, data: EventData): Promise<void> {
  try {
    await emitEvent(ctx, event, data)
  } catch (e) {
    logLine(ctx.env, 'error', `[${ctx.requestId}] webhook ${event} not queued`, e)
  }
}

export {
  finishChatMessage,
  listChatMessages,
  loadChatMessage,
  notifyChatOfReminder,
  notifyChatOfTransition,
  queueChatMessages,
  type ChatDeliveryParams,
  type ChatMessageInput,
  type ChatNotification,
} from './chat'
