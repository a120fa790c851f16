/**
 * When the checker Worker cannot answer — its binding is missing, its RPC call throws, or it answers
 * too late — checks still answer with every rule that needs no model, and say that the model was
 * unavailable. The failures are real: a missing binding in the env the app runs with, and a second
 * auxiliary Worker (CHECKER_BROKEN, vitest.config.ts) whose every call throws.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { bindingTypoService, checkTextWith, TypoUnavailable } from '../../src/checks'
import { keptLogLines } from '../../src/core/log'
import type { Env } from '../../src/env'
import { BOOTSTRAP, json } from '../fixtures'

// 布署 (typos.lexicon, needs no model), 持旭 (typos.model), 的的 (repetition.function-word, needs the model's dictionary)
const TEXT = '做好工作布署。在全区范围内持旭推进营商环境改革。我们的的工作要做好。'

async function post(path: string, body: unknown, checker: Env['CHECKER']): Promise<Response> {
  const { CHECKER: _, ...rest } = env as unknown as Env
  const appEnv = (checker ? { ...rest, CHECKER: checker } : rest) as Env
  const req = new Request(`http://wenfu.test${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOOTSTRAP}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext
  return createApp().fetch(req, appEnv, ctx)
}

const ruleIds = (body: { issues: { ruleId: string }[] }) => body.issues.map((i) => i.ruleId)

describe('checks without the checker Worker', () => {
  it('with the checker: the model and the dictionary rules take part', async () => {
    const res = await post('/api/v1/check', { text: TEXT }, env.CHECKER)
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.typoModel).toBe('used')
    expect(body.notices).toEqual([])
    expect(ruleIds(body)).toEqual(expect.arrayContaining(['typos.lexicon', 'typos.model', 'repetition.function-word']))
  })

  for (const [name, checker] of [
    ['the binding is missing', undefined],
    ['its RPC call throws', env.CHECKER_BROKEN],
  ] as const) {
    it(`answers 200 with every other rule when ${name}, and says the model was unavailable`, async () => {
      const res = await post('/api/v1/check', { text: TEXT }, checker)
      expect(res.status).toBe(200)
      const body = await json(res)
      expect(body.typoModel).toBe('unavailable')
      expect(body.notices).toHaveLength(1)
      expect(body.notices[0]).toMatch(/错别字模型暂时无法使用/)
      expect(body.notices[0]).toContain('typos.model')
      // logged for whoever runs Wenfu (kept in memory under the test bindings: src/core/log.ts)
      const logged = keptLogLines().at(-1)!
      expect(logged.level).toBe('warn')
      expect(JSON.parse(logged.message)).toMatchObject({ event: 'typo-model-unavailable', reason: checker ? 'the checker failed: checker down' : 'the CHECKER binding is missing' })
      const ids = ruleIds(body)
      expect(ids).toContain('typos.lexicon')
      expect(ids).not.toContain('typos.model')
      expect(ids).not.toContain('repetition.function-word')
      // the rules that ran are counted, the skipped ones are not
      const withModel = await json(await post('/api/v1/check', { text: TEXT }, env.CHECKER))
      expect(body.stats.rulesRun).toBe(withModel.stats.rulesRun - 4)
    })
  }

  it('says the model was not needed when no selected rule uses it', async () => {
    const body = await json(await post('/api/v1/check', { text: TEXT, rules: { categories: ['punctuation'] } }, undefined))
    expect(body.typoModel).toBe('not-needed')
    expect(body.notices).toEqual([])
  })

  it('refuses a fix of a rule that could not run with 502 and a Chinese message, not as stale', async () => {
    const withModel = await json(await post('/api/v1/check', { text: TEXT }, env.CHECKER))
    const doubled = withModel.issues.find((i: { ruleId: string }) => i.ruleId === 'repetition.function-word')
    const res = await post('/api/v1/check/fix', { text: TEXT, fixes: [doubled.id] }, env.CHECKER_BROKEN)
    expect(res.status).toBe(502)
    const body = await json(res)
    expect(body.error.code).toBe('UPSTREAM')
    expect(body.error.message).toMatch(/错别字模型暂时无法使用/)
    // a fix of a rule that needs no model still applies
    const lexicon = withModel.issues.find((i: { ruleId: string }) => i.ruleId === 'typos.lexicon')
    const fixed = await post('/api/v1/check/fix', { text: TEXT, fixes: [lexicon.id] }, env.CHECKER_BROKEN)
    expect(fixed.status).toBe(200)
    expect((await json(fixed)).text).toContain('做好工作部署')
  })

  it('gives up on a checker that answers later than the timeout', async () => {
    const slow = bindingTypoService(env.CHECKER_BROKEN, 50)
    const started = Date.now()
    await expect(slow.analyse({ text: 'hang', sensitivity: 'standard', words: [] })).rejects.toThrow(/within 50 ms/)
    expect(Date.now() - started).toBeLessThan(10_000)
    await expect(slow.analyse({ text: 'hang', sensitivity: 'standard', words: [] })).rejects.toBeInstanceOf(TypoUnavailable)
  })
})
