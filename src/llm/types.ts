/** What the rest of Wenfu sees of a language model: no SDK types leak out of src/llm/. */
import type { Sensitivity } from '../db/schema'

export type ProviderTrust = 'external' | 'internal'

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

/** A material whose text is inside a request: the client refuses what the provider may not see. */
export interface MaterialRef {
  /** A finding or precedent; a 督办 source text, item or feedback row (src/ducha); pasted text. */
  kind: 'finding' | 'precedent' | 'draft' | 'ducha_item' | 'ducha_feedback' | 'text'
  id: string
  title: string
  sensitivity: Sensitivity
}

export interface ChatRequest {
  messages: ChatMessage[]
  /** Every material quoted in `messages`; checked against the provider's trust before sending. */
  materials: MaterialRef[]
  maxTokens?: number
  temperature?: number
  signal?: AbortSignal
}

export interface Usage {
  promptTokens: number
  completionTokens: number
  totalTokens: number
  /** Model calls that returned an answer (retried failures are not counted). */
  calls: number
  /** Some counts are estimated: the provider did not report usage for a streamed answer. */
  estimated?: boolean
}

export interface ChatResult {
  text: string
  usage: Usage
  model: string
  finishReason: string | null
  /** Attempts made, including the one that succeeded. */
  attempts: number
}

export type StreamEvent =
  | { type: 'delta'; text: string }
  /** The stream broke after some text was sent; what was sent so far is void and the call restarts. */
  | { type: 'restart'; reason: string; attempt: number }
  | { type: 'done'; result: ChatResult }

export interface ProviderInfo {
  model: string
  trust: ProviderTrust
  baseURL: string
}

export interface LlmClient {
  readonly provider: ProviderInfo
  chat(req: ChatRequest): Promise<ChatResult>
  chatStream(req: ChatRequest): AsyncGenerator<StreamEvent>
}

export const emptyUsage = (): Usage => ({ promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 })

export function addUsage(a: Usage, b: Partial<Usage> | null | undefined): Usage {
  return {
    promptTokens: a.promptTokens + (b?.promptTokens ?? 0),
    completionTokens: a.completionTokens + (b?.completionTokens ?? 0),
    totalTokens: a.totalTokens + (b?.totalTokens ?? 0),
    calls: a.calls + (b?.calls ?? 0),
    ...(a.estimated || b?.estimated ? { estimated: true } : {}),
  }
}

/** A rough count for providers that do not report usage: about 1.5 CJK characters per token. */
export function estimateTokens(text: string): number {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length
  return Math.ceil(han / 1.5 + (text.length - han) / 4)
}
