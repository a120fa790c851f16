import { z } from 'zod'

/** Bindings and variables of the Worker (wrangler.toml, .dev.vars, secrets). */
export interface Env {
  DB: D1Database
  FILES: R2Bucket
  WENFU_ENV?: string
  /** Local sign-in only: a bearer token equal to this acts as admin of the default office. */
  WENFU_BOOTSTRAP_TOKEN?: string
  /** Cloudflare Access in front of the 工作台 (src/core/access.ts): the team domain
   * (<team>.cloudflareaccess.com) and the application's audience (AUD) tag. Both or neither. */
  WENFU_ACCESS_TEAM_DOMAIN?: string
  WENFU_ACCESS_AUD?: string
  /** The 工作台's static assets (wrangler.toml [assets]): the bundled browser code and CSS. */
  ASSETS?: Fetcher
  OPENAI_BASE_URL?: string
  OPENAI_API_KEY?: string
  WENFU_MODEL?: string
  WENFU_PROVIDER_TRUST?: string
  /** LLM call tuning (milliseconds / count); defaults in src/llm/config.ts. */
  WENFU_LLM_TIMEOUT_MS?: string
  WENFU_LLM_RETRIES?: string
  WENFU_LLM_BACKOFF_MS?: string
  /** One Workflow instance per draft generation job (src/workflows/compose.ts). */
  COMPOSE: Workflow
  /** One Workflow instance per webhook delivery (src/workflows/webhook-delivery.ts). */
  WEBHOOKS: Workflow
  /** The checker Worker (workers/checker): the 错别字 model over RPC. Optional: without it checks
   * answer with every rule that needs no model, and say so. */
  CHECKER?: import('./checks/typo-service').CheckerBinding
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Cloudflare {
    interface Env {
      DB: D1Database
      FILES: R2Bucket
      WENFU_BOOTSTRAP_TOKEN?: string
      COMPOSE: Workflow
      WEBHOOKS: Workflow
      CHECKER: import('./checks/typo-service').CheckerBinding
      /** Tests only: a checker whose every call throws (vitest.config.ts). */
      CHECKER_BROKEN: import('./checks/typo-service').CheckerBinding
      TEST_MIGRATIONS: import('@cloudflare/vitest-pool-workers').D1Migration[]
    }
  }
}

const configSchema = z.object({
  bootstrapToken: z.string().min(16).optional(),
  llm: z
    .object({
      baseURL: z.string().url(),
      apiKey: z.string().min(1),
      model: z.string().min(1),
      trust: z.enum(['external', 'internal']),
    })
    .optional(),
})
export type Config = z.infer<typeof configSchema>

/** Parses the variables once per isolate; an unusable LLM configuration means assemble mode. */
export function readConfig(env: Env): Config {
  const llm =
    env.OPENAI_BASE_URL && env.WENFU_MODEL
      ? {
          baseURL: env.OPENAI_BASE_URL,
          apiKey: env.OPENAI_API_KEY || 'none',
          model: env.WENFU_MODEL,
          trust: env.WENFU_PROVIDER_TRUST === 'internal' ? 'internal' : 'external',
        }
      : undefined
  return configSchema.parse({ bootstrapToken: env.WENFU_BOOTSTRAP_TOKEN || undefined, llm })
}
