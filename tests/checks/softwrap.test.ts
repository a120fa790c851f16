/**
 * Hard-wrapped text through POST /check and /check/fix: pair, sentence and heading checks see the
 * paragraphs whole, and every span points into the text exactly as given.
 */
import { describe, expect, it } from 'vitest'
import { call, json } from '../fixtures'
import { hardWrap } from '../helpers/wrap'

interface Issue {
  id: string
  ruleId: string
  level: string
  start: number
  end: number
  excerpt: string
  suggestion?: string
}
const check = async (text: string) => (await json<{ issues: Issue[] }>(await call('POST', '/api/v1/check', { body: { text } }))).issues

const PARAS = [
  '关于开展农村人居环境整治“回头看”的通知',
  '各镇人民政府，各街道办事处：',
  '为巩固农村人居环境整治成果（以下简称“整治成果”），按照《示例区农村人居环境整治提升五年行动实施方案》要求，决定在全区开展“回头看”。现将有关事项通知如下。',
  '一、工作目标',
  '通过“回头看”，查找整治中的短板弱项，推动问题整改到位，确保村庄环境干净、整洁、有序，群众满意度明显提升。',
  '二、工作安排',
  '（一）自查自纠。各镇要组织力量对辖区内所有行政村开展全面自查，形成问题清单（含问题类别、整改时限、责任人），于6月30日前报区农业农村局。',
  '（二）督导检查。区农业农村局会同区住房和城乡建设局组成督导组，采取“四不两直”方式开展督导，对发现的问题及时反馈。',
  '三、工作要求',
  '各镇要高度重视，压实工作责任，把“回头看”与美丽乡村建设结合起来，统筹推进，务求实效。',
  '示例区人民政府办公室',
  '2026年5月20日',
]
const PAIR_OR_HEADING = /^(?:punctuation\.pair\.|punctuation\.nesting|format\.heading\.|repetition\.sentence)/

describe('checks on hard-wrapped text', () => {
  it('raises no pair, heading or sentence issue on wrapped text that is correct unwrapped', async () => {
    const flat = PARAS.join('\n')
    const wrapped = hardWrap(PARAS)
    expect(wrapped.split('\n').length).toBeGreaterThan(PARAS.length + 5)
    const [onFlat, onWrapped] = [await check(flat), await check(wrapped)]
    expect(onFlat.filter((i) => PAIR_OR_HEADING.test(i.ruleId))).toEqual([])
    expect(onWrapped.filter((i) => PAIR_OR_HEADING.test(i.ruleId))).toEqual([])
    // the same findings, by rule and excerpt without the line breaks
    const key = (i: Issue) => `${i.ruleId}|${i.excerpt.replace(/\n/g, '')}`
    expect(onWrapped.map(key)).toEqual(onFlat.map(key))
  })

  it('wrapped at other widths too', async () => {
    for (const width of [20, 24, 33]) {
      const issues = await check(hardWrap(PARAS, width))
      expect(issues.filter((i) => PAIR_OR_HEADING.test(i.ruleId)).map((i) => `${width}:${i.ruleId}`)).toEqual([])
    }
  })

  it('reports an issue at its place in the text as given, and the fix lands there', async () => {
    const paras = [...PARAS]
    paras[4] = paras[4]!.replace('推动问题整改到位，', '推动问题整改到位,')
    const given = hardWrap(paras)
    const issue = (await check(given)).find((i) => i.ruleId === 'punctuation.half-width.comma')!
    expect(issue).toBeDefined()
    expect(given.slice(issue.start, issue.end)).toBe(',')
    expect(issue.excerpt).toBe(',')
    const res = await json<{ text: string; applied: unknown[] }>(await call('POST', '/api/v1/check/fix', { body: { text: given, fixes: [issue.id] } }))
    expect(res.applied).toHaveLength(1)
    expect(res.text).toBe(hardWrap(PARAS))
  })

  it('reports a sentence pasted twice in a row, across a line break, and deletes the copy', async () => {
    const doubled = '各镇要高度重视，压实工作责任，务求实效。'
    const paras = [...PARAS]
    paras[9] = `${doubled}${doubled}把“回头看”与美丽乡村建设结合起来，统筹推进。`
    const given = hardWrap(paras)
    const issue = (await check(given)).find((i) => i.ruleId === 'repetition.sentence-doubled')!
    expect(issue).toMatchObject({ level: 'must-fix', suggestion: '' })
    expect(given.slice(issue.start, issue.end).replace(/\n/g, '')).toBe(doubled)
    const res = await json<{ text: string }>(await call('POST', '/api/v1/check/fix', { body: { text: given, fixes: [issue.id] } }))
    expect(res.text.replace(/\n/g, '')).toBe(given.replace(/\n/g, '').replace(doubled + doubled, doubled))
  })

  it('reports a short doubled sentence as a suspect, not a must-fix', async () => {
    const issues = await check('同志们：\n抓落实。抓落实。要一抓到底。')
    expect(issues.find((i) => i.ruleId === 'repetition.sentence-doubled-short')).toMatchObject({ level: 'suspect', excerpt: '抓落实。' })
    expect(issues.find((i) => i.ruleId === 'repetition.sentence-doubled')).toBeUndefined()
  })
})
