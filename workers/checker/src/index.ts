/**
 * The checker Worker: the 错别字 model and its data, reached from the API Worker over a service binding
 * with Workers RPC (wrangler.toml [[services]] binding CHECKER, entrypoint TypoChecker). It has no
 * public route (workers_dev = false): only the binding reaches it, and the API Worker has already
 * authenticated the caller and bounded the text (src/checks/schemas.ts).
 */
import { WorkerEntrypoint } from 'cloudflare:workers'
import type { TypoAnalysis, TypoRequest } from '../../../src/checks/typo-service'
import { analyse } from './analyse'

export class TypoChecker extends WorkerEntrypoint {
  async analyse(request: TypoRequest): Promise<TypoAnalysis> {
    return analyse(request)
  }
}

export default {
  fetch: () => new Response('wenfu-checker: reached over its service binding only\n', { status: 404 }),
} satisfies ExportedHandler
