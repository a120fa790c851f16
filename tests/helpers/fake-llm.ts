/**
 * A stand-in for an OpenAI-compatible endpoint at http://llm.test (the provider the vitest bindings
 * configure), installed as a spy on globalThis.fetch — which also sees fetches made inside Workflow
 * steps. It speaks the real protocol: chat.completion JSON with usage, SSE chunks ending in
 * `data: [DONE]`, 429 with an error body and retry-after, 500, a request that never answers (the
 * client's timeout ends it), and a stream cut off midway.
 */
import { vi } from 'vitest'

export const LLM_BASE = 'http://llm.test/v1'

export interface FakeCall {
  n: number
  stream: boolean
  model: string
  system: string
  user: string
  /** The section being written (from "现在写这一节：…"). */
  section: string
  /** Markers of the materials in the prompt, with the first figure of each finding. */
  materials: { marker: string; title: string; figure: string | null }[]
}

export type Behaviour =
  | 'ok'
  | 'hang'
  | 'cut'
  | { status: 429; retryAfterMs?: number }
  | { status: 500 | 502 | 503 | 400 | 401 }
  | { text: string }

export type Script = (call: FakeCall) => Behaviour

const FIGURE = /\d+(?:\.\d+)?\s*(?:万|亿)?(?:%|户|家|件|元|万元|亿元|个工作日|人|项|处|起|名|次)?/

function parseCall(n: number, body: any): FakeCall {
  const messages: { role: string; content: string }[] = body.messages ?? []
  const system = messages.find((m) => m.role === 'system')?.content ?? ''
  const user = messages.find((m) => m.role === 'user')?.content ?? ''
  const section = /现在写这一节：(.+)/.exec(user)?.[1]?.trim() ?? ''
  const materials: FakeCall['materials'] = []
  const block = user.split('调研材料（事实的唯一来源）：')[1]?.split(/\n\n参考范文|\n\n前文|\n\n请直接输出/)[0] ?? ''
  for (const m of block.matchAll(/^\[([FP]\d+)\] (.+)\n([\s\S]*?)(?=\n\n\[[FP]\d+\] |$)/gm)) {
    const body = m[3]!.split('\n').filter((l) => !/^(来源|时间|口径)：/.test(l)).join('')
    materials.push({ marker: m[1]!, title: m[2]!.trim(), figure: FIGURE.exec(body)?.[0]?.trim() || null })
  }
  return { n, stream: Boolean(body.stream), model: body.model, system, user, section, materials }
}

/** A plausible section: one sentence per material, citing it and restating one of its figures. */
export function defaultAnswer(call: FakeCall): string {
  if (!call.materials.length) return `围绕“${call.section}”，要统一思想、提高认识。【待补：本节需要的具体事实】`
  return call.materials
    .map((m) => `${m.title}${m.figure ? `，相关数据为${m.figure}` : ''}[${m.marker}]。`)
    .join('\n\n')
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

function usageOf(call: FakeCall, text: string) {
  const prompt = [...(call.system + call.user)].length
  const completion = [...text].length
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }
}

function completion(call: FakeCall, text: string) {
  return json(200, {
    id: `chatcmpl-${call.n}`,
    object: 'chat.completion',
    created: 1767225600,
    model: call.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: usageOf(call, text),
  })
}

function chunk(call: FakeCall, delta: Record<string, unknown>, finish: string | null, usage?: unknown) {
  return `data: ${JSON.stringify({
    id: `chatcmpl-${call.n}`,
    object: 'chat.completion.chunk',
    created: 1767225600,
    model: call.model,
    choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  })}\n\n`
}

function pieces(text: string, size = 12): string[] {
  const chars = [...text]
  const out: string[] = []
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''))
  return out
}

function streamed(call: FakeCall, text: string, cut: boolean) {
  const enc = new TextEncoder()
  const parts = pieces(text)
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(enc.encode(chunk(call, { role: 'assistant', content: '' }, null)))
      for (const [i, p] of parts.entries()) {
        if (cut && i >= Math.max(1, Math.floor(parts.length / 2))) {
          controller.error(new Error('connection reset by peer'))
          return
        }
        controller.enqueue(enc.encode(chunk(call, { content: p }, null)))
        await new Promise((r) => setTimeout(r, 1))
      }
      controller.enqueue(enc.encode(chunk(call, {}, 'stop')))
      controller.enqueue(enc.encode(chunk(call, {}, null, usageOf(call, text))))
      controller.enqueue(enc.encode('data: [DONE]\n\n'))
      controller.close()
    },
  })
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })
}

function hang(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => {
    const abort = () => reject(new DOMException('The operation was aborted.', 'AbortError'))
    if (signal?.aborted) return abort()
    signal?.addEventListener('abort', abort, { once: true })
  })
}

/** Installs the fake; `script` picks each call's behaviour (default: answer). Restore with `fake.restore()`. */
export function fakeLlm(script: Script = () => 'ok') {
  const calls: FakeCall[] = []
  const realFetch = globalThis.fetch
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    if (!request.url.startsWith(LLM_BASE)) return realFetch(input, init)
    if (!request.url.endsWith('/chat/completions')) return json(404, { error: { message: 'not found' } })
    const call = parseCall(calls.length + 1, await request.json())
    calls.push(call)
    const b = script(call)
    const signal = init?.signal ?? request.signal
    if (b === 'hang') return hang(signal)
    if (b === 'cut') return streamed(call, defaultAnswer(call), true)
    if (typeof b === 'object' && 'status' in b) {
      if (b.status === 429) {
        return json(
          429,
          { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded', param: null } },
          { 'retry-after': '1', 'retry-after-ms': String(b.retryAfterMs ?? 10) },
        )
      }
      return json(b.status, { error: { message: b.status >= 500 ? 'The server had an error processing your request.' : 'Bad request', type: b.status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: null } })
    }
    const text = typeof b === 'object' ? b.text : defaultAnswer(call)
    return call.stream ? streamed(call, text, false) : completion(call, text)
  })
  return {
    calls,
    spy,
    restore: () => spy.mockRestore(),
    /** Calls made while writing the section with this heading. */
    callsFor: (heading: string) => calls.filter((c) => c.section === heading),
  }
}

/** A script that fails the first `times` calls matching `when` with `behaviour`, then answers. */
export function failFirst(times: number, behaviour: Behaviour, when: (c: FakeCall) => boolean = () => true): Script {
  let failed = 0
  return (c) => {
    if (when(c) && failed < times) {
      failed++
      return behaviour
    }
    return 'ok'
  }
}
