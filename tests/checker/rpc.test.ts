/** The checker Worker over its real service binding (env.CHECKER, an auxiliary Worker in the pool). */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { checkText, checkTextWith, bindingTypoService } from '../../src/checks'
import { isDictionaryWord } from '../../workers/checker/src/typo-model'

describe('TypoChecker.analyse over RPC', () => {
  it('answers plain suspects with their candidate corrections, and which strings are words', async () => {
    const answer = await env.CHECKER.analyse({ text: '在全区范围内持旭推进营商环境改革。', sensitivity: 'standard', words: ['目的', '持续', '的的', '旭推'] })
    expect(answer.suspects).toHaveLength(1)
    const [s] = answer.suspects
    expect(s).toMatchObject({ wrong: '旭', right: '续', start: 7, end: 8 })
    expect(s!.candidates[0]).toEqual({ right: '续', score: s!.score })
    for (let i = 1; i < s!.candidates.length; i++) expect(s!.candidates[i]!.score).toBeLessThanOrEqual(s!.candidates[i - 1]!.score)
    expect(answer.words.sort()).toEqual(['持续', '目的'])
  })

  it('finds more at the sensitive threshold', async () => {
    const text = '在全区范围内持旭推进营商环境改革。鼓励普通高校、职业院校没置相关专业。'
    const standard = await env.CHECKER.analyse({ text, sensitivity: 'standard', words: [] })
    const sensitive = await env.CHECKER.analyse({ text, sensitivity: 'sensitive', words: [] })
    expect(sensitive.suspects.length).toBeGreaterThan(standard.suspects.length)
  })

  it('is asked every dictionary question the repetition rules need', async () => {
    // the same rules with the dictionary in-process give the same issues as with the answers the checker sent
    const texts = ['我们的的工作要做好。实现目的的手段。', '我们的工工作要做好。上海海关进行检查。推动经济发展展现新气象。', '要进一步加强加强管理。大家研究研究。为了了解情况。']
    for (const text of texts) {
      const rules = { categories: ['repetition' as const] }
      const viaChecker = await checkTextWith(bindingTypoService(env.CHECKER), { text, rules, today: '2026-01-01' })
      const inProcess = checkText({ text, rules, today: '2026-01-01', model: { suspects: [], words: { has: isDictionaryWord } } })
      expect(viaChecker.typoModel).toBe('used')
      expect(viaChecker.issues).toEqual(inProcess.issues)
    }
  })
})
