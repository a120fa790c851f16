import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors'
import type { Env } from '../../src/env'
import { createLlmClient, type ChatRequest, type StreamEvent } from '../../src/llm'
import { failFirst, fakeLlm } from '../helpers/fake-llm'

const workerEnv = env as unknown as Env
const client = () => createLlmClient(workerEnv)!

const req = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [
    { role: 'system', content: '你是文字综合人员。' },
    { role: 'user', content: '现在写这一节：一、基本情况\n\n调研材料（事实的唯一来源）：\n[F1] 企业开办便利度持续提升\n全年新设立经营主体1863户。\n\n请直接输出本节正文。' },
  ],
  materials: [{ kind: 'finding', id: 'fnd_x', title: '企业开办便利度持续提升', sensitivity: 'public' }],
  ...over,
})

async function drain(gen: AsyncGenerator<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = []
  for await (const ev of gen) out.push(ev)
  return out
}

let fake: ReturnType<typeof fakeLlm> | null = null
afterEach(() => {
  fake?.restore()
  fake = null
})

describe('createLlmClient', () => {
  it('is null without a provider: assemble mode', () => {
    expect(createLlmClient({ ...workerEnv, OPENAI_BASE_URL: undefined })).toBeNull()
  })
})

describe('OpenAI-compatible chat', () => {
  it('returns the text and the usage the provider reports', async () => {
    fake = fakeLlm()
    const res = await client().chat(req())
    expect(res.text).toContain('[F1]')
    expect(res.text).toContain('1863户')
    expect(res.usage.calls).toBe(1)
    expect(res.usage.promptTokens).toBeGreaterThan(20)
    expect(res.usage.totalTokens).toBe(res.usage.promptTokens + res.usage.completionTokens)
    expect(res.usage.estimated).toBeUndefined()
    expect(fake.calls[0]!.model).toBe('stand-in')
  })

  it('retries 429 (honouring retry-after-ms) and 500, then succeeds', async () => {
    let n = 0
    fake = fakeLlm(() => (++n === 1 ? { status: 429, retryAfterMs: 30 } : n === 2 ? { status: 500 } : 'ok'))
    const started = Date.now()
    const res = await client().chat(req())
    expect(res.attempts).toBe(3)
    expect(fake.calls).toHaveLength(3)
    expect(Date.now() - started).toBeGreaterThanOrEqual(30)
  })

  it('gives up after the bounded retries with UPSTREAM naming the cause', async () => {
    fake = fakeLlm(() => ({ status: 503 }))
    const err = await client().chat(req()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('UPSTREAM')
    expect((err as AppError).message).toContain('已尝试 3 次')
    expect((err as AppError).details).toMatchObject({ kind: 'server', status: 503, attempts: 3 })
    expect(fake.calls).toHaveLength(3) // 1 + WENFU_LLM_RETRIES (2)
  })

  it('does not retry a request the provider rejects (400)', async () => {
    fake = fakeLlm(() => ({ status: 400 }))
    const err = (await client().chat(req()).catch((e: unknown) => e)) as AppError
    expect(err.code).toBe('UPSTREAM')
    expect(err.details).toMatchObject({ kind: 'rejected', status: 400, attempts: 1 })
    expect(fake.calls).toHaveLength(1)
  })

  it('times out a call that never answers and retries it', async () => {
    fake = fakeLlm(failFirst(1, 'hang'))
    const started = Date.now()
    const res = await client().chat(req())
    expect(res.attempts).toBe(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(400) // WENFU_LLM_TIMEOUT_MS
  })

  it('refuses restricted material before sending anything', async () => {
    fake = fakeLlm()
    const err = (await client()
      .chat(req({ materials: [{ kind: 'finding', id: 'fnd_secret', title: '敏感情况', sensitivity: 'restricted' }] }))
      .catch((e: unknown) => e)) as AppError
    expect(err.code).toBe('FORBIDDEN')
    expect(err.message).toContain('敏感情况')
    expect(fake.calls).toHaveLength(0)
  })

  it('sends internal material only to an internal provider', async () => {
    fake = fakeLlm()
    const internal = [{ kind: 'finding' as const, id: 'fnd_int', title: '内部情况', sensitivity: 'internal' as const }]
    const external = (await client().chat(req({ materials: internal })).catch((e: unknown) => e)) as AppError
    expect(external.code).toBe('FORBIDDEN')
    expect(external.details).toMatchObject({ reason: 'confidentiality', providerTrust: 'external' })
    const inside = createLlmClient({ ...workerEnv, WENFU_PROVIDER_TRUST: 'internal' })!
    await expect(inside.chat(req({ materials: internal }))).resolves.toMatchObject({ attempts: 1 })
    expect(fake.calls).toHaveLength(1)
  })
})

describe('OpenAI-compatible chatStream', () => {
  it('streams deltas and ends with the full text and usage', async () => {
    fake = fakeLlm()
    const events = await drain(client().chatStream(req()))
    const deltas = events.filter((e) => e.type === 'delta')
    expect(deltas.length).toBeGreaterThan(1)
    const done = events.at(-1)!
    expect(done.type).toBe('done')
    if (done.type !== 'done') return
    expect(done.result.text).toBe(deltas.map((d) => (d.type === 'delta' ? d.text : '')).join(''))
    expect(done.result.usage.promptTokens).toBeGreaterThan(0)
    expect(fake.calls[0]!.stream).toBe(true)
  })

  it('restarts a stream cut off midway, telling the consumer to discard what it got', async () => {
    fake = fakeLlm(failFirst(1, 'cut'))
    const events = await drain(client().chatStream(req()))
    const restart = events.findIndex((e) => e.type === 'restart')
    expect(restart).toBeGreaterThan(0)
    expect(events.slice(0, restart).some((e) => e.type === 'delta')).toBe(true)
    const done = events.at(-1)!
    expect(done.type).toBe('done')
    const after = events.slice(restart + 1).filter((e) => e.type === 'delta').map((e) => (e.type === 'delta' ? e.text : ''))
    if (done.type === 'done') expect(done.result.text).toBe(after.join(''))
  })

  it('retries a rate-limited stream before any text and fails clearly when it keeps failing', async () => {
    fake = fakeLlm(() => ({ status: 429, retryAfterMs: 1 }))
    const err = (await drain(client().chatStream(req())).catch((e: unknown) => e)) as AppError
    expect(err.code).toBe('UPSTREAM')
    expect(err.details).toMatchObject({ kind: 'rate-limited', status: 429, attempts: 3 })
  })
})
