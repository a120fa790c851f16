import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../db/schema'
import { signPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature'

/** How long one attempt may take before it counts as failed. */
const ATTEMPT_TIMEOUT_MS = 15_000

export type AttemptOutcome = { delivered: true; statusCode: number } | { delivered: false; statusCode: number | null; error: string }

/**
 * One attempt to deliver: signs the stored body with a fresh timestamp, posts it, and logs the
 * outcome. A 2xx answer delivers; anything else (or no answer) is a failed attempt to retry.
 */
export async function attemptDelivery(db: Db, deliveryId: string): Promise<AttemptOutcome | 'gone'> {
  const row = await db
    .select({ delivery: webhookDeliveries, sub: webhookSubscriptions })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .get()
  if (!row || row.delivery.status !== 'pending') return 'gone'
  const { delivery, sub } = row
  const timestamp = Math.floor(Date.now() / 1000)
  let outcome: AttemptOutcome
  try {
    const res = await fetch(sub.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Wenfu-Webhooks/1',
        'X-Wenfu-Event': delivery.event,
        'X-Wenfu-Delivery': delivery.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: await signPayload(sub.secret, timestamp, delivery.body),
      },
      body: delivery.body,
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    })
    await res.body?.cancel()
    outcome = res.ok ? { delivered: true, statusCode: res.status } : { delivered: false, statusCode: res.status, error: `HTTP ${res.status}` }
  } catch (e) {
    outcome = { delivered: false, statusCode: null, error: (e as Error).message.slice(0, 200) }
  }
  const now = new Date().toISOString()
  await db.batch([
    db.insert(webhookAttempts).values({
      officeId: delivery.officeId,
      deliveryId,
      attempt: delivery.attempts + 1,
      at: now,
      statusCode: outcome.statusCode,
      error: outcome.delivered ? null : outcome.error,
    }),
    db
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.delivered ? null : outcome.error,
        ...(outcome.delivered ? { status: 'delivered' as const, finishedAt: now } : {}),
      })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending'))),
  ])
  return outcome
}

/** After the last retry: the delivery is given up and says so. */
export async function giveUpDelivery(db: Db, deliveryId: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status: 'failed', finishedAt: new Date().toISOString() })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')))
}
