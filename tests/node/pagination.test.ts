/**
 * The editor's page count (src/web/client/editor/pagination.ts) with GB/T 9704's numbers: 22 lines of
 * 28 characters, the first line of each paragraph indented two, 序次语 headings, 行首/行尾禁则. Pure
 * functions, so they run in Node beside the export's own constants.
 */
import { describe, expect, it } from 'vitest'
import { CHARS_PER_LINE as EXPORT_CHARS, LINES_PER_PAGE as EXPORT_LINES } from '../../src/export/layout'
import { TITLE_LINE_CHARS as EXPORT_TITLE_CHARS, titleLines } from '../../src/export/title'
import { CHARS_PER_LINE, headLines, layoutPages, LINES_PER_PAGE, lineStarts, paginate, printBlocks, TITLE_LINE_CHARS } from '../../src/web/client/editor/pagination'

const han = (n: number, ch = '字') => ch.repeat(n)
/** A paragraph that fills `lines` printed lines exactly: 26 characters after the indent, then 28 a line. */
const fullLines = (lines: number) => han(CHARS_PER_LINE - 2 + (lines - 1) * CHARS_PER_LINE)
const pagesOf = (text: string, before = 0) => paginate(printBlocks(text.split('\n')), before)

describe('the numbers agree with the export', () => {
  it('uses the export’s 22 lines, 28 characters and 20-character title lines', () => {
    expect([LINES_PER_PAGE, CHARS_PER_LINE, TITLE_LINE_CHARS]).toEqual([EXPORT_LINES, EXPORT_CHARS, EXPORT_TITLE_CHARS])
    expect([LINES_PER_PAGE, CHARS_PER_LINE]).toEqual([22, 28])
  })

  it('counts a real title’s lines as the export breaks it', () => {
    for (const title of ['关于开展安全生产隐患排查整治的通知', '中共示例区委办公室 示例区人民政府办公室关于印发《示例区2026年度安全生产隐患排查整治工作方案》的通知']) {
      expect(headLines(title)).toBe(titleLines(title).length + 1)
    }
  })
})

describe('lineStarts', () => {
  it('puts 26 characters on the indented first line and 28 on the next', () => {
    expect(lineStarts(han(26))).toEqual([0])
    expect(lineStarts(han(27))).toEqual([0, 26])
    expect(lineStarts(han(26 + 28 + 1))).toEqual([0, 26, 54])
  })

  it('counts a half-width character as half', () => {
    expect(lineStarts('1'.repeat(52))).toEqual([0])
    expect(lineStarts(`${'2026'.repeat(13)}年`)).toEqual([0, 52])
    expect(lineStarts(`${han(25)}12`)).toEqual([0])
  })

  it('never starts a line with a closing mark: the character before goes down with it (行首禁则)', () => {
    // 26 characters fill the first line; the 。 would open the second
    expect(lineStarts(`${han(26)}。后文`)).toEqual([0, 25])
    // 。」 together: the 」 would open the line, the 。 cannot either, so the character before both goes down
    expect(lineStarts(`${han(25)}。」后文`)).toEqual([0, 24])
    for (const mark of '，、；：？！）」') expect(lineStarts(`${han(26)}${mark}`)).toEqual([0, 25])
  })

  it('never ends a line with an opening mark (行尾禁则)', () => {
    expect(lineStarts(`${han(25)}“引文”`)).toEqual([0, 25])
    expect(lineStarts(`${han(25)}（一）`)).toEqual([0, 25])
  })

  it('leaves citation markers and leading spaces out, as the export does', () => {
    const text = `　${han(10)}[F1]${han(16)}[F2、P3]`
    expect(lineStarts(text)).toEqual([1])
    expect(lineStarts(`${text}多`)).toEqual([1, text.length])
  })
})

describe('paginate', () => {
  it('fills exactly one page with a paragraph of 22 full lines, and spills the next character', () => {
    const one = fullLines(22)
    expect(one.length).toBe(26 + 21 * 28)
    expect(pagesOf(one)).toEqual({ pages: 1, breaks: [] })
    expect(pagesOf(`${one}多`)).toEqual({ pages: 2, breaks: [{ page: 2, pos: one.length, atBlockStart: false }] })
  })

  it('breaks between paragraphs when the page fills at a paragraph’s end', () => {
    const lines = Array.from({ length: 23 }, () => han(26))
    const text = lines.join('\n')
    expect(pagesOf(lines.slice(0, 22).join('\n')).pages).toBe(1)
    expect(pagesOf(text).breaks).toEqual([{ page: 2, pos: 22 * 27, atBlockStart: true }])
  })

  it('counts pages of a long paragraph: 22 × 3 lines and one more make four pages', () => {
    const text = fullLines(22 * 3 + 1)
    const p = pagesOf(text)
    expect(p.pages).toBe(4)
    expect(p.breaks.map((b) => b.pos)).toEqual([26 + 21 * 28, 26 + 43 * 28, 26 + 65 * 28])
  })

  it('moves a 一、 or （一） heading that would end a page to the next, with its paragraph; a 1. heading stays', () => {
    const body = fullLines(21)
    for (const heading of ['一、总体要求', '（二）工作措施']) {
      const p = pagesOf(`${body}\n${heading}\n${han(30)}`)
      expect(p.breaks).toEqual([{ page: 2, pos: body.length + 1, atBlockStart: true }])
    }
    const third = pagesOf(`${body}\n1.压实责任\n${han(30)}`)
    expect(third.breaks).toEqual([{ page: 2, pos: body.length + 1 + '1.压实责任'.length + 1, atBlockStart: true }])
  })

  it('starts page 1 below the title and the 主送机关', () => {
    const title = '关于开展安全生产隐患排查整治的通知'
    const before = headLines(title, '各镇党委和政府，区直各单位')
    expect(before).toBe(3)
    const lines = Array.from({ length: 20 }, () => han(20))
    expect(layoutPages({ lines: lines.slice(0, 19), title, recipients: '各镇党委和政府，区直各单位' }).pages).toBe(1)
    expect(layoutPages({ lines, title, recipients: '各镇党委和政府，区直各单位' }).breaks).toEqual([{ page: 2, pos: 19 * 21, atBlockStart: true }])
  })
})

describe('printBlocks', () => {
  it('prints what the export prints: no blank lines, no 【参考写法】, no heading the template leaves out', () => {
    const lines = ['称谓', '同志们：', '', '【参考写法】这样写', '一、总体要求', '正文。', '---', '总体目标', '目标。']
    const starts = lines.reduce<number[]>((a, l, i) => [...a, i ? a[i - 1]! + lines[i - 1]!.length + 1 : 0], [])
    const blocks = printBlocks(lines, new Map([[starts[0]!, 'unprinted'], [starts[7]!, 'heading']]))
    expect(blocks.map((b) => [b.text, b.kind, b.keepNext ?? false])).toEqual([
      ['同志们：', 'paragraph', false],
      ['一、总体要求', 'heading', true],
      ['正文。', 'paragraph', false],
      ['总体目标', 'heading', true],
      ['目标。', 'paragraph', false],
    ])
    expect(blocks[1]!.from).toBe(starts[4])
  })

  it('reads a table row as a row of 4号 cells, less than a grid line', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `|项目${i}|${i}|`)
    const p = pagesOf(['|项目|数量|', '|---|---|', ...rows].join('\n'))
    // 20 pt rows with 2 pt margins on a 28.95 pt grid: 28 rows a page
    expect(p.pages).toBe(2)
    expect(p.breaks[0]!.atBlockStart).toBe(true)
  })
})
