import { createApp } from './app'
import { sendReminders } from './ducha'
import type { Env } from './env'

export { ComposeWorkflow } from './workflows/compose'
export { WebhookDeliveryWorkflow } from './workflows/webhook-delivery'
export { BotDeliveryWorkflow } from './bots/delivery'

const app = createApp()

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  /** The Cron Trigger (wrangler.toml [triggers]): 督查 reminders for the day of the scheduled time. */
  scheduled: (controller, env, ctx) => ctx.waitUntil(sendReminders(env, new Date(controller.scheduledTime)).then(() => undefined)),
} satisfies ExportedHandler<Env>
