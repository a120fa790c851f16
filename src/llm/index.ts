export type { BriefFinding, BriefPassage, SectionBrief } from './brief'
export { assembleSection, maskFigures } from './assemble'
export { llmSettings, type LlmSettings } from './config'
export { assertMaySend, confidentialityViolations, mayReceive, type Violation } from './policy'
export {
  addUsage,
  emptyUsage,
  estimateTokens,
  type ChatMessage,
  type ChatRequest,
  type ChatResult,
  type LlmClient,
  type MaterialRef,
  type ProviderInfo,
  type ProviderTrust,
  type StreamEvent,
  type Usage,
} from './types'
import type { Env } from '../env'
import { llmSettings } from './config'
import { OpenAiCompatibleClient } from './openai'
import type { LlmClient } from './types'

/** The configured provider, or null: no model configured means assemble mode. */
export function createLlmClient(env: Env): LlmClient | null {
  const settings = llmSettings(env)
  return settings ? new OpenAiCompatibleClient(settings) : null
}
