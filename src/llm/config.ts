import { readConfig, type Env } from '../env'
import type { ProviderInfo } from './types'

export interface LlmSettings {
  provider: ProviderInfo & { apiKey: string }
  /** A non-streamed call must finish, and a stream must send something, within this time. */
  timeoutMs: number
  /** Extra attempts after the first, for 429, 5xx, timeouts and broken connections. */
  retries: number
  /** First backoff delay; doubled each attempt, with jitter. */
  backoffMs: number
  /** A server's retry-after is honoured up to this long. */
  maxRetryAfterMs: number
}

const DEFAULTS = { timeoutMs: 90_000, retries: 3, backoffMs: 1_000, maxRetryAfterMs: 30_000 } as const

function intVar(raw: string | undefined, fallback: number, min: number, max: number): number {
  const n = Number(raw)
  return raw !== undefined && raw !== '' && Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : fallback
}

/** The provider from OPENAI_BASE_URL / OPENAI_API_KEY / WENFU_MODEL / WENFU_PROVIDER_TRUST, or null (assemble mode). */
export function llmSettings(env: Env): LlmSettings | null {
  const { llm } = readConfig(env)
  if (!llm) return null
  return {
    provider: { baseURL: llm.baseURL, apiKey: llm.apiKey, model: llm.model, trust: llm.trust },
    timeoutMs: intVar(env.WENFU_LLM_TIMEOUT_MS, DEFAULTS.timeoutMs, 100, 600_000),
    retries: intVar(env.WENFU_LLM_RETRIES, DEFAULTS.retries, 0, 8),
    backoffMs: intVar(env.WENFU_LLM_BACKOFF_MS, DEFAULTS.backoffMs, 0, 60_000),
    maxRetryAfterMs: DEFAULTS.maxRetryAfterMs,
  }
}
