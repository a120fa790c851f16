/**
 * 分解立项 with a model, against the OpenAI-compatible stand-in (tests/helpers/fake-llm.ts): what the
 * model proposes is kept only where it holds against the text — invented items and wrong spans are
 * dropped, units are the registry's and named in the span, deadlines come from the deterministic
 * parser — and a failing model (429, 500, a hang, an answer out of format) gives the deterministic
 * extraction with the reason. The confidentiality rule decides what may be sent at all.
 */
import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Ctx } from '../../src/core/context'
import { createDb } from '../../src/db/client'
import { proposeItems } from '../../src/ducha'
import type { Env } from '../../src/env'
import { call, createPrecedent, expectError, expectJson } from '../fixtures'
import { fakeLlm, type Behaviour } from '../helpers/fake-llm'
import { duchaOffice, type DuchaOffice } from './helpers'

const FDGW = '区发展和改革委员会'
const ZJ = '区住房和城乡建设局'
const CZ = '区财政局'
const JD = '城东街道'

const TEXT =
  '会议听取了区发改委关于重点项目的汇报。会议要求，区发改委要牵头制定重点项目攻坚行动方案，区财政局配合，4月底前报区委常委会审定。区建设局要加快推进老旧小区改造，6月底前完成12个小区的开工任务。城东街道要在国庆节前完成背街小巷整治。会议强调，要提高政治站位。'
const at = (words: string) => ({ start: TEXT.indexOf(words), end: TEXT.indexOf(words) + words.length })

const GOOD = [
  {
    title: '制定重点项目攻坚行动方案',
    requirement: '区发改委要牵头制定重点项目攻坚行动方案，区财政局配合，4月底前报区委常委会审定',
    quote: '区发改委要牵头制定重点项目攻坚行动方案，区财政局配合，4月底前报区委常委会审定',
    leadUnit: '区发改委',
    // 城东街道 is in the registry but not in these words: it is not kept.
    supportUnits: ['区财政局', '城东街道'],
    // The model's date is not used: the words say 4月底前.
    deadline: '2026-12-31',
  },
  {
    title: '推进老旧小区改造',
    requirement: '区建设局要加快推进老旧小区改造，6月底前完成12个小区的开工任务',
    span: at('区建设局要加快推进老旧小区改造，6月底前完成12个小区的开工任务'),
    leadUnit: '区建设局',
    supportUnits: [],
  },
]
const INVENTED = { title: '建成智慧停车场', requirement: '区交通局要在年底前建成智慧停车场3个', quote: '区交通局要在年底前建成智慧停车场3个', leadUnit: '区交通局', supportUnits: [] }
/** A real task, but its span points at the 汇报 sentence. */
const WRONG_SPAN = { title: '完成背街小巷整治', requirement: '城东街道要在国庆节前完成背街小巷整治', span: at('会议听取了区发改委关于重点项目的汇报'), leadUnit: '城东街道', supportUnits: [] }

let o: DuchaOffice
let fake: ReturnType<typeof fakeLlm> | null = null
const answer = (items: unknown[]): Behaviour => ({ text: '```json\n' + JSON.stringify({ items }) + '\n```' })
const propose = (body: Record<string, unknown>) => call('POST', '/api/v1/ducha/proposals', { token: o.tokens.drafter, body: { baseDate: '2026-03-12', ...body } })

beforeAll(async () => {
  o = await duchaOffice()
})

afterEach(() => {
  fake?.restore()
  fake = null
})

describe('分解立项 with a model', () => {
  it('keeps what holds against the text: registry units named in the span, deadlines parsed from its words', async () => {
    fake = fakeLlm(() => answer([...GOOD, INVENTED, WRONG_SPAN]))
    const res = await expectJson(await propose({ text: TEXT, sensitivity: 'public' }), 200)
    expect(fake.calls).toHaveLength(1)
    // The model was given the text and the registry, with short and former names.
    expect(fake.calls[0]!.user).toContain(TEXT)
    expect(fake.calls[0]!.user).toContain('区住房和城乡建设局／区住建局／区建设局')
    expect(res).toMatchObject({ mode: 'generate', fallback: null, model: 'stand-in' })
    expect(res.proposals.map((p: any) => [p.title, p.leadUnit, p.supportUnits, p.deadline])).toEqual([
      ['制定重点项目攻坚行动方案', FDGW, [CZ], '2026-04-30'],
      ['推进老旧小区改造', ZJ, [], '2026-06-30'],
    ])
    for (const p of res.proposals) {
      expect(TEXT.slice(p.span.start, p.span.end)).toBe(p.quote)
      expect(p.requirement).toBe(p.quote)
      expect(p.source).toEqual({ kind: 'text', quote: p.quote })
    }
    expect(res.proposals[1].notes.join()).toContain('原名称')
    expect(res.usage.calls).toBe(1)
  })

  it('drops an invented item and a proposal whose span points at other words, and says why', async () => {
    fake = fakeLlm(() => answer([...GOOD, INVENTED, WRONG_SPAN]))
    const res = await expectJson(await propose({ text: TEXT, sensitivity: 'public' }), 200)
    expect(res.dropped.map((d: any) => [d.title, d.reason])).toEqual([
      ['建成智慧停车场', 'no-span'],
      ['完成背街小巷整治', 'span-mismatch'],
    ])
    expect(JSON.stringify(res.proposals)).not.toContain('停车场')
    expect(res.proposals.map((p: any) => p.leadUnit)).not.toContain(JD)
  })

  it('drops a real span given to an invented requirement, and keeps a unit outside the registry out of the roles', async () => {
    const span = at('城东街道要在国庆节前完成背街小巷整治')
    fake = fakeLlm(() =>
      answer([
        { title: '完成背街小巷整治', requirement: '城东街道要在国庆节前完成背街小巷整治', span, leadUnit: '区城管局', supportUnits: [] },
        { title: '拆除违法建筑', requirement: '城东街道要在国庆节前拆除违法建筑500处', span, leadUnit: '城东街道', supportUnits: [] },
      ]),
    )
    const res = await expectJson(await propose({ text: TEXT, sensitivity: 'public' }), 200)
    expect(res.proposals).toHaveLength(1)
    expect(res.proposals[0]).toMatchObject({ leadUnit: JD, deadline: '2026-09-30' })
    expect(res.proposals[0].notes.join()).toContain('区城管局')
    expect(res.dropped.map((d: any) => d.reason)).toEqual(['span-mismatch'])
  })

  for (const [name, behaviour, calls] of [
    ['429', { status: 429 }, 3],
    ['500', { status: 500 }, 3],
    ['a hang past the timeout', 'hang', 3],
    ['an answer that is not JSON', { text: '好的，以下是督办事项：一、制定方案。' }, 1],
  ] as [string, Behaviour, number][]) {
    it(`falls back to the deterministic extraction on ${name}, and says so`, async () => {
      const rules = await expectJson(await propose({ text: TEXT, mode: 'assemble' }), 200)
      fake = fakeLlm(() => behaviour)
      const res = await expectJson(await propose({ text: TEXT, sensitivity: 'public' }), 200)
      expect(fake.calls).toHaveLength(calls)
      expect(res.mode).toBe('assemble')
      expect(res.fallback.reason).toBe(calls === 1 ? 'invalid-answer' : 'upstream')
      expect(res.fallback.message).toMatch(/模型.*已改用规则提取/)
      expect(res.proposals).toEqual(rules.proposals)
      expect(res.proposals.length).toBeGreaterThan(0)
    })
  }
})

describe('what may be sent', () => {
  it('pasted text is internal unless said otherwise: not sent to an external provider, the rules run and say why', async () => {
    fake = fakeLlm(() => answer(GOOD))
    const res = await expectJson(await propose({ text: TEXT }), 200)
    expect(fake.calls).toHaveLength(0)
    expect(res).toMatchObject({ mode: 'assemble', source: { kind: 'text', sensitivity: 'internal' }, fallback: { reason: 'confidentiality' } })
    expect(res.proposals.map((p: any) => p.leadUnit)).toEqual([FDGW, ZJ, JD])
  })

  it('refuses, naming the source and sending nothing, when the model is asked for by name', async () => {
    fake = fakeLlm(() => answer(GOOD))
    const pre = await createPrecedent(o.tokens.drafter, { genre: '纪要', title: '区委常委会会议纪要（内部）', date: '2026-03-12', body: TEXT, sensitivity: 'internal' })
    const err = await expectError(await propose({ precedentId: pre.id, mode: 'generate' }), 403, 'FORBIDDEN')
    expect(err.message).toContain('区委常委会会议纪要（内部）')
    expect(fake.calls).toHaveLength(0)
  })

  it('an internal provider reads internal text, never restricted text', async () => {
    const ctx: Ctx = {
      db: createDb(env.DB),
      env: { ...(env as unknown as Env), WENFU_PROVIDER_TRUST: 'internal' },
      actor: { memberId: 'mem_test', officeId: o.id, role: 'drafter', platformAdmin: false },
      requestId: 'req_test',
    }
    fake = fakeLlm(() => answer(GOOD))
    const internal = await proposeItems(ctx, { text: TEXT, baseDate: '2026-03-12' })
    expect(internal.mode).toBe('generate')
    expect(fake.calls).toHaveLength(1)
    const secret = await createPrecedent(o.tokens.drafter, { genre: '纪要', title: '敏感纪要', date: '2026-03-12', body: `${TEXT}（敏感）`, sensitivity: 'restricted' })
    const restricted = await proposeItems(ctx, { precedentId: secret.id })
    expect(restricted).toMatchObject({ mode: 'assemble', fallback: { reason: 'confidentiality' } })
    expect(fake.calls).toHaveLength(1)
    await expect(proposeItems(ctx, { precedentId: secret.id, mode: 'generate' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(fake.calls).toHaveLength(1)
  })
})
