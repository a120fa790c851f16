/** The OpenAI-compatible provider (DeepSeek, Qwen, GLM, vLLM, Ollama …): the only importer of 'openai'. */
import OpenAI from 'openai'
import { AppError } from '../core/errors'
import type { LlmSettings } from './config'
import { assertMaySend } from './policy'
import {
  estimateTokens,
  type ChatRequest,
  type ChatResult,
  type LlmClient,
  type ProviderInfo,
  type StreamEvent,
  type Usage,
} from './types'

type FailureKind = 'rate-limited' | 'server' | 'timeout' | 'connection' | 'interrupted' | 'empty' | 'rejected' | 'aborted'

const RETRYABLE: Record<FailureKind, boolean> = {
  'rate-limited': true,
  server: true,
  timeout: true,
  connection: true,
  interrupted: true,
  empty: true,
  rejected: false,
  aborted: false,
}

const FAILURE_LABEL: Record<FailureKind, string> = {
  'rate-limited': '请求过于频繁（429）',
  server: '服务端错误',
  timeout: '响应超时',
  connection: '无法连接',
  interrupted: '响应中途中断',
  empty: '返回了空内容',
  rejected: '拒绝了请求',
  aborted: '调用已取消',
}

class CallFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message)
  }
}

function retryAfterOf(headers: Headers | undefined): number | undefined {
  const ms = headers?.get('retry-after-ms')
  if (ms && Number.isFinite(Number(ms))) return Number(ms)
  const after = headers?.get('retry-after')
  if (!after) return undefined
  if (Number.isFinite(Number(after))) return Number(after) * 1000
  const at = Date.parse(after)
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined
}

function classify(err: unknown, timedOut: boolean): CallFailure {
  if (err instanceof CallFailure) return err
  if (timedOut) return new CallFailure('timeout', '响应超时')
  if (err instanceof OpenAI.APIUserAbortError) return new CallFailure('aborted', '调用已取消')
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new CallFailure('timeout', '响应超时')
  if (err instanceof OpenAI.APIConnectionError) return new CallFailure('connection', err.message)
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    const s = err.status
    if (s === 429) return new CallFailure('rate-limited', err.message, s, retryAfterOf(err.headers))
    if (s === 408 || s === 409 || s >= 500) return new CallFailure('server', err.message, s, retryAfterOf(err.headers))
    return new CallFailure('rejected', err.message, s)
  }
  // A body that breaks while being read (a cut stream, malformed SSE) surfaces as a plain error.
  return new CallFailure('interrupted', err instanceof Error ? err.message : String(err))
}

function usageOf(
  u: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null | undefined,
  req: ChatRequest,
  text: string,
): Usage {
  if (u && typeof u.prompt_tokens === 'number') {
    const completion = u.completion_tokens ?? 0
    return { promptTokens: u.prompt_tokens, completionTokens: completion, totalTokens: u.total_tokens ?? u.prompt_tokens + completion, calls: 1 }
  }
  const prompt = estimateTokens(req.messages.map((m) => m.content).join('\n'))
  const completion = estimateTokens(text)
  return { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion, calls: 1, estimated: true }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve()
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true })
  })

/** A timer that aborts a controller; `touch` restarts it (idle timeout for streams). */
function deadline(ms: number, controller: AbortController) {
  const state = { timedOut: false, timer: 0 as unknown as ReturnType<typeof setTimeout> }
  const arm = () => {
    clearTimeout(state.timer)
    state.timer = setTimeout(() => {
      state.timedOut = true
      controller.abort()
    }, ms)
  }
  arm()
  return { state, touch: arm, clear: () => clearTimeout(state.timer) }
}

export class OpenAiCompatibleClient implements LlmClient {
  readonly provider: ProviderInfo
  private readonly client: OpenAI

  constructor(private readonly settings: LlmSettings) {
    const { apiKey, ...provider } = settings.provider
    this.provider = provider
    this.client = new OpenAI({
      baseURL: provider.baseURL,
      apiKey,
      maxRetries: 0, // retries are ours: bounded, with backoff, and aware of half-sent streams
      timeout: settings.timeoutMs,
      // Looked up per call so that a test's spy on globalThis.fetch is seen.
      fetch: (url: string | URL | Request, init?: RequestInit) => globalThis.fetch(url, init),
    })
  }

  private backoff(attempt: number, failure: CallFailure): number {
    const exp = this.settings.backoffMs * 2 ** attempt
    const jittered = exp * (0.5 + Math.random() / 2)
    const asked = failure.retryAfterMs !== undefined ? Math.min(failure.retryAfterMs, this.settings.maxRetryAfterMs) : 0
    return Math.max(jittered, asked)
  }

  private give_up(failure: CallFailure, attempts: number): AppError {
    const status = failure.status ? `，HTTP ${failure.status}` : ''
    const tried = RETRYABLE[failure.kind] ? `，已尝试 ${attempts} 次` : ''
    return new AppError('UPSTREAM', `模型服务${FAILURE_LABEL[failure.kind]}${status}${tried}`, {
      kind: failure.kind,
      status: failure.status,
      attempts,
      cause: failure.message.slice(0, 300),
    })
  }

  private linked(signal: AbortSignal | undefined): AbortController {
    const controller = new AbortController()
    if (signal) {
      if (signal.aborted) controller.abort()
      else signal.addEventListener('abort', () => controller.abort(), { once: true })
    }
    return controller
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    assertMaySend(this.provider.trust, req.materials)
    for (let attempt = 0; ; attempt++) {
      const controller = this.linked(req.signal)
      const timer = deadline(this.settings.timeoutMs, controller)
      try {
        const res = await this.client.chat.completions.create(
          {
            model: this.provider.model,
            messages: req.messages,
            stream: false,
            ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
            ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
          },
          { signal: controller.signal },
        )
        const choice = res.choices?.[0]
        const text = choice?.message?.content ?? ''
        if (!text.trim()) throw new CallFailure('empty', '模型返回了空内容')
        return {
          text,
          usage: usageOf(res.usage, req, text),
          model: res.model ?? this.provider.model,
          finishReason: choice?.finish_reason ?? null,
          attempts: attempt + 1,
        }
      } catch (err) {
        const failure = classify(err, timer.state.timedOut)
        if (!RETRYABLE[failure.kind] || attempt >= this.settings.retries || req.signal?.aborted) {
          throw this.give_up(failure, attempt + 1)
        }
        timer.clear()
        await sleep(this.backoff(attempt, failure), req.signal)
      } finally {
        timer.clear()
      }
    }
  }

  async *chatStream(req: ChatRequest): AsyncGenerator<StreamEvent> {
    assertMaySend(this.provider.trust, req.materials)
    for (let attempt = 0; ; attempt++) {
      const controller = this.linked(req.signal)
      // Idle timeout: each chunk restarts the clock, so a long answer is fine and a stalled one is not.
      const timer = deadline(this.settings.timeoutMs, controller)
      let sent = false
      try {
        const stream = await this.client.chat.completions.create(
          {
            model: this.provider.model,
            messages: req.messages,
            stream: true,
            stream_options: { include_usage: true },
            ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
            ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
          },
          { signal: controller.signal },
        )
        let text = ''
        let finishReason: string | null = null
        let usage: Parameters<typeof usageOf>[0] = null
        let model = this.provider.model
        for await (const chunk of stream) {
          timer.touch()
          if (chunk.model) model = chunk.model
          if (chunk.usage) usage = chunk.usage
          const choice = chunk.choices?.[0]
          if (choice?.finish_reason) finishReason = choice.finish_reason
          const delta = choice?.delta?.content
          if (delta) {
            text += delta
            sent = true
            yield { type: 'delta', text: delta }
          }
        }
        // A stream that closes without a finish reason was cut off, whatever it carried so far.
        if (!finishReason) throw new CallFailure('interrupted', '流式响应未正常结束')
        if (!text.trim()) throw new CallFailure('empty', '模型返回了空内容')
        yield {
          type: 'done',
          result: { text, usage: usageOf(usage, req, text), model, finishReason, attempts: attempt + 1 },
        }
        return
      } catch (err) {
        const failure = classify(err, timer.state.timedOut)
        if (!RETRYABLE[failure.kind] || attempt >= this.settings.retries || req.signal?.aborted) {
          throw this.give_up(failure, attempt + 1)
        }
        timer.clear()
        if (sent) yield { type: 'restart', reason: FAILURE_LABEL[failure.kind], attempt: attempt + 1 }
        await sleep(this.backoff(attempt, failure), req.signal)
      } finally {
        timer.clear()
        controller.abort()
      }
    }
  }
}
