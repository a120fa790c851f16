import { createApp } from './app'
import type { Env } from './env'

export { ComposeWorkflow } from './workflows/compose'
export { WebhookDeliveryWorkflow } from './workflows/webhook-delivery'

const app = createApp()

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>
