import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { applyFixes, bindingTypoService, checkText, checkTextWith } from '../../src/checks'
import { AppError } from '../../src/core/errors'

describe('checkText', () => {
  it('sorts issues by position and gives each a stable id', () => {
    const { issues } = checkText({ text: '做好工作布署,加强领导.', today: '2026-01-01' })
    expect(issues.map((i) => i.start)).toEqual([...issues.map((i) => i.start)].sort((a, b) => a - b))
    for (const i of issues) expect(i.id).toBe(`${i.ruleId}@${i.start}-${i.end}`)
  })

  it('keeps one issue per span: the higher level wins', () => {
    // numbers.full-width-digit (suspect) and format.doc-number.year-digits (must-fix) hit the same span
    const { issues } = checkText({ text: '区委发〔２０２４〕3号', today: '2026-01-01' })
    const onYear = issues.filter((i) => i.start === 4 && i.end === 8)
    expect(onYear.map((i) => i.ruleId)).toEqual(['format.doc-number.year-digits'])
  })

  it("never calls the office's own vocabulary a typo: its 提法, leaders' names, organisations", async () => {
    const typo = bindingTypoService(env.CHECKER)
    const model = async (text: string, lexicons = {}) =>
      (await checkTextWith(typo, { text, rules: { only: ['typos.model'] }, typoSensitivity: 'sensitive', lexicons, today: '2026-01-01' })).issues.map((i) => i.excerpt)
    const text = '落实“三重一大”决策制度和“四议两公开”工作法。'
    // without the lexicon the model takes 四议 for 四一
    expect(await model(text)).toEqual(['议'])
    expect(await model(text, { formulations: [{ label: '四议两公开', items: ['党支部会提议', '两委会商议', '党员大会审议', '村民代表会议决议', '决议公开', '实施结果公开'] }] })).toEqual([])
    expect(await model(text, { confusables: [{ wrong: '四一两公开', right: '四议两公开' }] })).toEqual([])
    // a term elsewhere in the lexicon does not hide a typo beside it
    expect(await model(`${text}在全区范围内持旭推进。`, { formulations: [{ label: '四议两公开', items: [] }] })).toEqual(['旭'])
    // 刘旭 reads like 陆续 before 推进, unless the office knows its deputy head
    expect(await model('副区长刘旭推进了这项工作。')).toEqual(['刘旭'])
    expect(await model('副区长刘旭推进了这项工作。', { leaders: [{ name: '刘旭', post: '副区长' }] })).toEqual([])
  })

  it('never reports inside URLs and e-mail addresses', () => {
    const { issues } = checkText({ text: '详见https://example.gov.cn/a,b;c 或联系a.b@example.cn。', rules: { categories: ['punctuation'] }, today: '2026-01-01' })
    expect(issues).toEqual([])
  })

  it('refuses a text above the limit with a Chinese message', () => {
    expect(() => checkText({ text: '字'.repeat(200_001) })).toThrowError(AppError)
  })
})

describe('applyFixes', () => {
  it('applies right to left so earlier offsets stay valid', () => {
    const text = '布署,布署'
    const { issues } = checkText({ text, today: '2026-01-01' })
    const r = applyFixes(text, issues, issues.filter((i) => i.suggestion !== undefined).map((i) => i.id))
    expect(r.text).toBe('部署，部署')
  })

  it('throws CONFLICT for an id the check no longer reports', () => {
    expect(() => applyFixes('文本', [], ['typos.lexicon@0-2'])).toThrowError(/已不存在/)
  })
})
