/**
 * Table-driven rule tests: each rule id maps to texts it must flag (`hit`) and texts it must leave
 * alone (`clean`). Every case runs the one rule alone, through the public `checkTextWith` and the real
 * checker Worker (env.CHECKER) for the rules that need the 错别字 model.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { bindingTypoService, checkTextWith, type CheckTextInput } from '../../src/checks'

export type Case = string | (Omit<CheckTextInput, 'rules'> & { excerpt?: string; suggestion?: string | null; candidates?: string[] })
export type CaseTable = Record<string, { hit: Case[]; clean: Case[] }>

const TODAY = '2026-05-01'
const asInput = (c: Case): CheckTextInput & { excerpt?: string; suggestion?: string | null; candidates?: string[] } => (typeof c === 'string' ? { text: c } : c)
const label = (c: Case) => {
  const t = asInput(c).text.replace(/\n/g, '⏎')
  return t.length > 40 ? `${t.slice(0, 40)}…` : t
}

export async function issuesFor(ruleId: string, c: Case) {
  const { excerpt: _e, suggestion: _s, candidates: _c, ...input } = asInput(c)
  const result = await checkTextWith(bindingTypoService(env.CHECKER), { ...input, today: input.today ?? TODAY, rules: { only: [ruleId] } })
  expect(result.typoModel).not.toBe('unavailable')
  return result.issues
}

export function runCases(table: CaseTable): void {
  for (const [ruleId, { hit, clean }] of Object.entries(table)) {
    describe(ruleId, () => {
      for (const c of hit) {
        it(`flags: ${label(c)}`, async () => {
          const issues = await issuesFor(ruleId, c)
          expect(issues.length, JSON.stringify(issues)).toBeGreaterThan(0)
          const want = asInput(c)
          for (const i of issues) {
            expect(i.ruleId).toBe(ruleId)
            expect(i.message).toBeTruthy()
            expect(i.source).toBeTruthy()
          }
          if (want.excerpt !== undefined) expect(issues.map((i) => i.excerpt)).toContain(want.excerpt)
          if (want.suggestion === null) expect(issues[0]!.suggestion).toBeUndefined()
          else if (want.suggestion !== undefined) expect(issues.map((i) => i.suggestion)).toContain(want.suggestion)
          // candidates are choices, never a certain fix: an issue offering them has no suggestion equal to one
          if (want.candidates !== undefined) expect(issues.map((i) => i.candidates)).toContainEqual(want.candidates)
          for (const i of issues) if (i.candidates) expect(i.candidates).not.toContain(i.suggestion)
        })
      }
      for (const c of clean) {
        it(`passes: ${label(c)}`, async () => {
          expect(await issuesFor(ruleId, c)).toEqual([])
        })
      }
    })
  }
}
