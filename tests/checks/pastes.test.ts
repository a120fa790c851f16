/**
 * Short pastes out of PDFs and web pages (two or three printed lines, the last one short): a pair
 * split by the wrap is one pair, while a line break that is real (a heading, a list item, a title and
 * its 主送机关, a paragraph's end) stays a break, so a real unmatched bracket is still reported.
 * The corpus cases are the tune half of bench/ingest/data/pastes.json (built from the government work
 * reports in ../shared/data by bench/ingest/pastes.mjs); the held-out half is only scored by the bench.
 */
import { describe, expect, it } from 'vitest'
import { checkText } from '../../src/checks'
import { unwrapText } from '../../src/core/paragraphs'
import cases from '../../bench/ingest/data/pastes.json'
import { call, json } from '../fixtures'

interface Issue {
  id: string
  ruleId: string
  start: number
  end: number
  excerpt: string
}
interface Case {
  id: string
  half: string
  kind: 'paste' | 'real'
  group: string
  variants: string[]
  text: string
  truth: string
}
const TUNE = (cases as Case[]).filter((c) => c.half === 'tune')
const PAIR = /^punctuation\.(?:pair\.|nesting)/
const check = async (text: string) => (await json<{ issues: Issue[] }>(await call('POST', '/api/v1/check', { body: { text } }))).issues
const issuesOf = (text: string) => checkText({ text, today: '2025-06-30' }).issues
const PAGE = /\r?\n\s*[—–\-－]{1,2}\s*\d{1,4}\s*[—–\-－]{1,2}\s*(?=\r?\n)/g
const key = (i: Issue) => `${i.ruleId}|${i.excerpt.replace(PAGE, '').replace(/\s/g, '')}`

describe('two-line pastes', () => {
  // a PDF line of 31 characters with a （ opened, then the short last line that closes it
  const PASTE = '各镇要对所有行政村开展全面自查，形成问题清单（含问题类别、整改\n时限）上报。'

  it('reports no 括号不成对 for a bracket opened on the first line and closed on the second', async () => {
    const issues = await check(PASTE)
    expect(issues.filter((i) => PAIR.test(i.ruleId))).toEqual([])
    // the same text on one line reports nothing either: the break was the only cause
    expect((await check(PASTE.replace('\n', ''))).filter((i) => PAIR.test(i.ruleId))).toEqual([])
  })

  it('the same with CRLF, trailing spaces and a page number between the lines', async () => {
    for (const given of [PASTE.replace('\n', '\r\n'), PASTE.replace('\n', '   \n'), PASTE.replace('\n', '\n— 3 —\n'), PASTE.replace('\n', ' \r\n- 12 -\r\n')]) {
      expect((await check(given)).filter((i) => PAIR.test(i.ruleId)).map((i) => `${JSON.stringify(given)} ${i.ruleId}`)).toEqual([])
    }
  })

  it('still reports a real unmatched bracket inside one line, at its place in the text as given', async () => {
    const given = '各镇要对所有行政村开展全面自查，形成问题清单（含问题类别、整改\n时限）上报（区农业农村局。'
    const issues = (await check(given)).filter((i) => PAIR.test(i.ruleId))
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ ruleId: 'punctuation.pair.paren', start: given.lastIndexOf('（'), end: given.lastIndexOf('（') + 1, excerpt: '（' })
  })

  it('puts a fix after a page number back into the text as given, page number and breaks intact', async () => {
    const given = '各镇要对所有行政村开展全面自查，形成问题清单（含问题类别、整改\r\n— 3 —\r\n时限）上报,区农业农村局汇总。'
    const issue = (await check(given)).find((i) => i.ruleId === 'punctuation.half-width.comma')!
    expect(given.slice(issue.start, issue.end)).toBe(',')
    const res = await json<{ text: string }>(await call('POST', '/api/v1/check/fix', { body: { text: given, fixes: [issue.id] } }))
    expect(res.text).toBe(given.replace(',', '，'))
  })

  it('keeps real line breaks: a heading, list items, a title and its 主送机关, a paragraph end', async () => {
    const real = [
      '一、总体要求（\n坚持以人民为中心的发展思想，推动高质量发展）。',
      '1.完善工作制度（试行\n2.加强监督检查）。',
      '1.完善工作制度，健全长效机制；\n2.加强监督检查，确保落到实处。',
      '关于印发《示例区农村人居环境整治提升实施方案的通知\n各区人民政府》：',
      '关于做好2026年防汛工作的通知\n各区人民政府：',
      '现在，我代表区人民政府，向大会报告工作，请予审议（草案。\n过去一年，全区上下砥砺奋进）。',
    ]
    for (const given of real) {
      expect([given, unwrapText(given).unwrapped]).toEqual([given, false])
      const asParagraphs = issuesOf(given.replace('\n', '\n\n')).filter((i) => PAIR.test(i.ruleId)).map(key)
      expect(issuesOf(given).filter((i) => PAIR.test(i.ruleId)).map(key)).toEqual(asParagraphs)
    }
    // the unmatched brackets of each line are reported, not paired across the break
    expect((await check(real[0]!)).filter((i) => PAIR.test(i.ruleId)).map((i) => i.excerpt)).toEqual(['（', '）'])
  })
})

describe('corpus pastes (tune half of bench/ingest/data/pastes.json)', () => {
  it('has the case set it was tuned on', () => {
    const groups = new Set(TUNE.map((c) => `${c.kind}:${c.group}`))
    expect([...groups].sort()).toEqual(
      ['paste:2-lines-pair', 'paste:2-lines-plain', 'paste:3-lines-pair', 'paste:3-lines-plain', 'real:list', 'real:seq-heading', 'real:sentence-end', 'real:subheading', 'real:title-recipient'].sort(),
    )
    expect(TUNE.filter((c) => c.kind === 'paste').length).toBeGreaterThan(150)
  })

  it('raises on every paste exactly the issues of the same sentences on one line', () => {
    const differing = TUNE.filter((c) => c.kind === 'paste')
      .map((c) => {
        const got = issuesOf(c.text).map(key).sort()
        const want = issuesOf(c.truth).map(key).sort()
        return JSON.stringify(got) === JSON.stringify(want) ? null : { id: c.id, text: c.text, got, want }
      })
      .filter(Boolean)
    expect(differing).toEqual([])
  })

  it('maps every character of an unwrapped paste to the same character of the text as given', () => {
    let joined = 0
    for (const c of TUNE.filter((c) => c.kind === 'paste')) {
      const u = unwrapText(c.text)
      joined += u.unwrapped ? 1 : 0
      // the paste is one paragraph again: its sentences as they were (spaces aside: a continuation
      // line loses its leading ones), without the page number between the lines
      if (u.unwrapped) expect([c.id, u.text.split(/\r?\n/)[0]!.replace(/\s/g, '')]).toEqual([c.id, c.truth.replace(/\s/g, '')])
      for (let i = 0; i < u.text.length; i++) if (u.text[i] !== c.text[u.toOriginal[i]!]) throw new Error(`${c.id}: ${i}`)
    }
    expect(joined).toBeGreaterThan(150)
  })

  it('keeps the break of every heading, list, 主送 and paragraph-end case, and reports what each line has', () => {
    // unnumbered subheadings are the known limit (docs/checks.md): the bench counts them
    const wrong = TUNE.filter((c) => c.kind === 'real' && c.group !== 'subheading')
      .map((c) => {
        const joined = unwrapText(c.text).unwrapped
        const got = issuesOf(c.text).map(key).sort()
        const want = issuesOf(c.truth).map(key).sort()
        return !joined && JSON.stringify(got) === JSON.stringify(want) ? null : { id: c.id, text: c.text, joined, got, want }
      })
      .filter(Boolean)
    expect(wrong).toEqual([])
    // and an injected unmatched bracket is reported on each case that has them
    const injected = TUNE.filter((c) => c.kind === 'real' && c.group !== 'subheading' && c.variants.includes('unmatched-bracket-each-line'))
    expect(injected.length).toBeGreaterThan(50)
    for (const c of injected) expect([c.id, issuesOf(c.text).some((i) => PAIR.test(i.ruleId))]).toEqual([c.id, true])
  })
})
