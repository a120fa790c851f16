/**
 * Bench only: the API Worker with the 错别字 model in its own isolate, as before workers/checker —
 * the "one Worker" that bench/workers/run.mjs compares the two Workers with (size, cold start, heap,
 * throughput). The checks still go through TypoService; CHECKER is the model called in-process
 * instead of a service binding.
 */
import worker from '../../src/index'
import type { Env } from '../../src/env'
import { analyse } from '../../workers/checker/src/analyse'
import type { CheckerBinding } from '../../src/checks'

export { ComposeWorkflow, WebhookDeliveryWorkflow } from '../../src/index'

const inProcess = { analyse: async (request) => analyse(request) } as Pick<CheckerBinding, 'analyse'> as CheckerBinding

export default {
  fetch: (request, env, ctx) => worker.fetch(request, { ...env, CHECKER: inProcess }, ctx),
} satisfies ExportedHandler<Env>
