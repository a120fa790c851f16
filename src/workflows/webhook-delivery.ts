/**
 * One Workflow instance per webhook delivery. The attempt is a step with exponential backoff
 * (5 s, 10 s, 20 s … over about ten minutes); each attempt's outcome is logged in D1 by the step
 * itself, and a delivery that never succeeds is marked failed.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers'
import { createDb } from '../db/client'
import type { Env } from '../env'
import { attemptDelivery, giveUpDelivery } from '../webhooks'

export interface DeliveryParams {
  deliveryId: string
}

export const DELIVERY_RETRIES = { limit: 7, delay: '5 seconds', backoff: 'exponential' } as const

export class WebhookDeliveryWorkflow extends WorkflowEntrypoint<Env, DeliveryParams> {
  override async run(event: Readonly<WorkflowEvent<DeliveryParams>>, step: WorkflowStep): Promise<{ delivered: boolean }> {
    const db = createDb(this.env.DB)
    const { deliveryId } = event.payload
    try {
      await step.do('deliver', { retries: DELIVERY_RETRIES, timeout: '1 minute' }, async () => {
        const outcome = await attemptDelivery(db, deliveryId)
        if (outcome !== 'gone' && !outcome.delivered) throw new Error(`delivery failed: ${outcome.error}`)
        return { ok: true }
      })
      return { delivered: true }
    } catch {
      await step.do('give up', async () => {
        await giveUpDelivery(db, deliveryId)
        return { ok: true }
      })
      return { delivered: false }
    }
  }
}
