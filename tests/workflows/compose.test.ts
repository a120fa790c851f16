import { afterEach, describe, expect, it } from 'vitest'
import { call, json } from '../fixtures'
import { createSpeech, getDraft, runWorkflow, seededOffice, startGeneration } from '../helpers/compose'
import { defaultAnswer, fakeLlm, type FakeCall } from '../helpers/fake-llm'

let fake: ReturnType<typeof fakeLlm> | null = null
afterEach(() => {
  fake?.restore()
  fake = null
})

const REVIEW = '一、充分肯定成绩，清醒认识差距'
const TASKS = '二、聚焦重点任务，推动工作落实'
const REQUIREMENTS = '三、加强组织领导，强化工作保障'

async function outlinedSpeech() {
  const s = await seededOffice()
  const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: s.publicIds, precedentIds: [s.precedentId] } })
  expect(draft.mode).toBe('generate')
  const outline = await json(await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter }))
  return { s, draft, outline, token: s.office.tokens.drafter }
}

describe('ComposeWorkflow with a model', () => {
  it('completes after transient faults (429, 500, a hang) with no section lost', async () => {
    const { draft, token } = await outlinedSpeech()
    const seen = new Map<string, number>()
    fake = fakeLlm((c: FakeCall) => {
      const n = (seen.get(c.section) ?? 0) + 1
      seen.set(c.section, n)
      if (n > 1) return 'ok'
      if (c.section === REVIEW) return { status: 429, retryAfterMs: 5 }
      if (c.section === TASKS) return { status: 500 }
      if (c.section === REQUIREMENTS) return 'hang'
      return 'ok'
    })
    const started = await runWorkflow(() => startGeneration(token, draft.id))
    expect(started.mode).toBe('generate')
    expect(started.sections.map((x) => x.heading)).toEqual(['开头', REVIEW, TASKS, REQUIREMENTS, '结尾'])

    const back = await getDraft(token, draft.id)
    expect(back.composeState).toBe('done')
    const written = back.sections.filter((x: any) => x.kind === 'written')
    expect(written).toHaveLength(5)
    for (const x of written) {
      expect(x.status, x.heading).toBe('done')
      expect(x.text.length).toBeGreaterThan(10)
      expect(x.usage.calls).toBe(1)
      expect(x.usage.promptTokens).toBeGreaterThan(100)
    }
    expect(fake.callsFor(REVIEW)).toHaveLength(2)
    expect(fake.callsFor(TASKS)).toHaveLength(2)
    expect(fake.callsFor(REQUIREMENTS)).toHaveLength(2)
    expect(fake.callsFor('开头')).toHaveLength(1)
    expect(back.usage.calls).toBe(5)
    expect(back.usage.promptTokens).toBe(written.reduce((n: number, x: any) => n + x.usage.promptTokens, 0))
    const review = back.sections.find((x: any) => x.heading === REVIEW)
    expect(review.citations.length).toBeGreaterThan(0)
    expect(back.flags.filter((f: any) => f.kind === 'untraced-figure')).toEqual([])

    const job = await json(await call('GET', `/api/v1/jobs/${started.jobId}`, { token }))
    expect(job.status).toBe('done')
    expect(job.sections.map((x: any) => x.status)).toEqual(['done', 'done', 'done', 'done', 'done'])
  })

  it('sends each section only its own materials, and precedents for voice', async () => {
    const { outline, draft, token } = await outlinedSpeech()
    fake = fakeLlm()
    await runWorkflow(() => startGeneration(token, draft.id))
    const back = await getDraft(token, draft.id)
    for (const item of outline.sections.filter((x: any) => x.kind === 'written')) {
      const [c] = fake.callsFor(item.heading)
      const markers = c!.materials.filter((m) => m.marker.startsWith('F')).map((m) => m.marker)
      const expected = item.findingIds.map((id: string) => back.materials.find((m: any) => m.id === id).marker)
      expect(markers, item.heading).toEqual(expected)
      expect(c!.system).toContain('只能来自“调研材料”')
      expect(c!.user).not.toContain('发文字号：')
    }
    expect(fake.callsFor(REVIEW)[0]!.user).toContain('参考范文（只借鉴写法')
  })

  it('removes invalid citation markers and flags invented figures', async () => {
    const { draft, token } = await outlinedSpeech()
    fake = fakeLlm((c) => {
      if (c.section !== REVIEW) return 'ok'
      const real = c.materials.find((m) => m.marker.startsWith('F'))!
      return {
        text: `${defaultAnswer(c)}\n\n全区营商环境满意度达到97.5%[F99]，企业获得感明显增强[${real.marker}、F42]。去年共为企业减负3.8亿元【F77】。`,
      }
    })
    await runWorkflow(() => startGeneration(token, draft.id))
    const back = await getDraft(token, draft.id)
    const review = back.sections.find((x: any) => x.heading === REVIEW)
    expect(review.status).toBe('done')
    expect(review.text).not.toMatch(/F99|F42|F77/)
    expect(review.text).toContain('企业获得感明显增强[F')
    for (const c of review.citations) expect(['F1', 'F2', 'F3', 'F4', 'F5', 'P1']).toContain(c.marker)
    const invalid = review.flags.filter((f: any) => f.kind === 'invalid-marker').map((f: any) => f.marker)
    expect(invalid.sort()).toEqual(['F42', 'F77', 'F99'])
    const untraced = back.flags.filter((f: any) => f.kind === 'untraced-figure')
    expect(untraced.map((f: any) => f.figure).sort()).toEqual(['3.8亿', '97.5%'])
    expect(untraced[0].sectionId).toBe(review.id)
  })

  it('leaves a clear failed state when the provider keeps failing, and resumes only what is missing', async () => {
    const { draft, token } = await outlinedSpeech()
    fake = fakeLlm((c) => (c.section === TASKS ? { status: 503 } : 'ok'))
    const started = await runWorkflow(() => startGeneration(token, draft.id), 'errored')
    // 3 step attempts × (1 + 2 client retries) for the failing section; one call for each other.
    expect(fake.callsFor(TASKS)).toHaveLength(9)
    expect(fake.callsFor(REVIEW)).toHaveLength(1)

    const job = await json(await call('GET', `/api/v1/jobs/${started.jobId}`, { token }))
    expect(job.status).toBe('failed')
    expect(job.error).toContain('模型服务')
    // people read the message, not the error class it crossed the step boundary as
    expect(job.error).not.toMatch(/Error: /)
    const failed = await getDraft(token, draft.id)
    expect(failed.composeState).toBe('failed')
    const tasks = failed.sections.find((x: any) => x.heading === TASKS)
    expect(tasks).toMatchObject({ status: 'failed', attempts: 3, text: '' })
    expect(tasks.error).toContain('503')
    const done = failed.sections.filter((x: any) => x.kind === 'written' && x.status === 'done')
    expect(done).toHaveLength(4)
    const kept = new Map(done.map((x: any) => [x.id, x.text]))

    fake.restore()
    fake = fakeLlm()
    const resumed = await runWorkflow(() => startGeneration(token, draft.id))
    expect(resumed.sections.map((x) => x.heading)).toEqual([TASKS])
    expect(fake.calls.map((c) => c.section)).toEqual([TASKS])
    const back = await getDraft(token, draft.id)
    expect(back.composeState).toBe('done')
    expect(back.sections.every((x: any) => x.status === 'done')).toBe(true)
    for (const [id, text] of kept) expect(back.sections.find((x: any) => x.id === id).text).toBe(text)
  })

  it('retries a failing step in isolation: the other sections are not called again', async () => {
    const { draft, outline, token } = await outlinedSpeech()
    const tasksId = outline.sections.find((x: any) => x.heading === TASKS).id
    let failures = 0
    // The first 4 calls for TASKS fail: the client's 3 attempts (one step attempt), then one more.
    fake = fakeLlm((c) => (c.section === TASKS && failures++ < 4 ? { status: 500 } : 'ok'))
    await runWorkflow(
      () => startGeneration(token, draft.id),
      'complete',
      async (instance) => {
        const summary = (await instance.waitForStepResult({ name: `section ${tasksId}` })) as any
        expect(summary).toMatchObject({ sectionId: tasksId, status: 'done' })
      },
    )
    expect(fake.callsFor(TASKS)).toHaveLength(5)
    for (const h of ['开头', REVIEW, REQUIREMENTS, '结尾']) expect(fake.callsFor(h), h).toHaveLength(1)
    const back = await getDraft(token, draft.id)
    expect(back.sections.find((x: any) => x.id === tasksId)).toMatchObject({ status: 'done', attempts: 2 })
  })

  it('refuses to start a second job while one runs', async () => {
    const { draft, token } = await outlinedSpeech()
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    fake = fakeLlm(() => 'ok')
    const original = fake.spy.getMockImplementation()!
    fake.spy.mockImplementation(async (input, init) => {
      await gate
      return original(input, init)
    })
    await runWorkflow(async () => {
      await startGeneration(token, draft.id)
      const second = await call('POST', `/api/v1/drafts/${draft.id}/generate`, { token })
      expect(second.status).toBe(409)
      const edit = await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token })
      expect(edit.status).toBe(409)
      const progress = await getDraft(token, draft.id)
      expect(progress.composeState).toBe('generating')
      release()
    })
  })

  it('writes a section that depends on the others after them, with their text as context', async () => {
    const s = await seededOffice()
    const token = s.office.tokens.admin
    const source = `---
id: anyu-jianbao
genre: 简报
name: 带按语的简报
targetChars: 800
---

## 变量

| 字段 | 名称 | 必填 | 锁定 | 默认值 | 说明 |
|---|---|---|---|---|---|
| topic | 主题 | 是 | 否 | | |

## 章节

### 按语 {#note}

- 用途：领导阅后的按语，概括全文。
- 写法：两三句话。
- 事实：不需要
- 依赖：全文

### 工作进展 {#progress}

- 用途：反映{topic}的工作进展。
- 写法：分条。
- 检索词：提升 实现 办结

### 存在问题 {#problems}

- 用途：反映问题。
- 写法：分条。
- 检索词：问题 仍 难
`
    expect((await call('POST', '/api/v1/templates', { token, body: { source } })).status).toBe(201)
    const res = await call('POST', '/api/v1/drafts', { token, body: { templateId: 'anyu-jianbao', variables: { topic: '营商环境' }, materials: { findingIds: s.publicIds } } })
    const draft = await json(res)
    fake = fakeLlm()
    await runWorkflow(() => startGeneration(token, draft.id))
    const order = fake.calls.map((c) => c.section)
    expect(order.at(-1)).toBe('按语')
    const note = fake.callsFor('按语')[0]!
    expect(note.user).toContain('前文（仅供衔接，不要重复，也不是事实来源）')
    expect(note.user).toContain('工作进展')
    expect(note.user).not.toMatch(/\[F\d+\]/)
    const back = await getDraft(token, draft.id)
    expect(back.sections.map((x: any) => x.status)).toEqual(['done', 'done', 'done'])
  })
})
