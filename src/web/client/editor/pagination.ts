/**
 * Where the printed pages of a draft end, by counting lines as GB/T 9704 sets them (conventions §0):
 * a 版心 of 156 × 225 mm holds 22 lines of 28 characters of 3号仿宋; every paragraph (headings too, as
 * the export's docx/blocks.ts sets them) indents its first line two characters and wraps flush left;
 * the title (2号小标宋) wraps at 20 characters, each of its lines one grid line (the export's
 * titleParagraph uses the body's exact line), then one blank line, then the 主送机关 (7.3.1–7.3.2).
 *
 * Pure: no DOM, no editor, so it is unit-tested and measured on its own. Counting rather than reading
 * the browser's layout because the fonts that decide the print (仿宋_GB2312, 方正小标宋) are often not
 * the ones the browser has; the count is what Word or WPS does with those fonts, give or take a line
 * (their punctuation compression and hanging, docs/web-editor.md).
 */
import { MARKER_GROUP } from '../../../core/markers'

/** GB/T 9704 5.2.3, the export's LINES_PER_PAGE / CHARS_PER_LINE (src/export/layout.ts); a test keeps them equal. */
export const LINES_PER_PAGE = 22
export const CHARS_PER_LINE = 28
/** A 2号 line of the 156 mm 版心 (the export's TITLE_LINE_CHARS). */
export const TITLE_LINE_CHARS = 20
/** 左空二字 of every paragraph's first line. */
export const FIRST_LINE_INDENT = 2

/** 行首禁则: closing punctuation never starts a line (GB/T 15834 4.1.x practice, as Word's kinsoku list). */
const NO_LINE_START = new Set([...'。，、；：？！）」』》〉】〕］｝”’…—·%‰℃．,.;:?!)]}'])
/** 行尾禁则: opening punctuation never ends a line. */
const NO_LINE_END = new Set([...'（「『《〈【〔［｛“‘([{'])

/** A half-width (ASCII) character takes half a character's width, as the export's widthOf counts. */
export const charWidth = (code: number) => (code < 0x7f ? 0.5 : 1)

/** Stretches of a line that print nothing: citation markers, a Markdown heading or list opener. */
function hiddenRanges(text: string): [number, number][] {
  const out: [number, number][] = []
  const opener = /^\s*(?:#{1,6}\s+|[-*+]\s+|>\s?)/.exec(text)
  if (opener) out.push([0, opener[0].length])
  for (const m of text.matchAll(new RegExp(MARKER_GROUP.source, 'g'))) out.push([m.index, m.index + m[0].length])
  return out
}

/**
 * Where each printed line of one paragraph starts (offsets into `text`): greedy filling of `lineChars`
 * (less `indent` on the first line), then 行首禁则 (a closing mark at a line's start pulls the
 * character before it down with it) and 行尾禁则 (an opening mark at a line's end goes down).
 */
export function lineStarts(text: string, opts: { lineChars?: number; indent?: number } = {}): number[] {
  const lineChars = opts.lineChars ?? CHARS_PER_LINE
  const hidden = hiddenRanges(text)
  // the printed characters: offset and width (trimmed like the export's parseBody)
  const chars: { at: number; w: number; ch: string }[] = []
  let h = 0
  for (let i = 0; i < text.length; ) {
    while (h < hidden.length && hidden[h]![1] <= i) h++
    if (h < hidden.length && hidden[h]![0] <= i) {
      i = hidden[h]![1]
      continue
    }
    const code = text.codePointAt(i)!
    const len = code > 0xffff ? 2 : 1
    chars.push({ at: i, w: charWidth(code), ch: text.slice(i, i + len) })
    i += len
  }
  let a = 0
  let b = chars.length
  while (a < b && /\s/.test(chars[a]!.ch)) a++
  while (b > a && /\s/.test(chars[b - 1]!.ch)) b--
  if (a >= b) return []
  const starts = [chars[a]!.at]
  let lineStart = a
  let width = opts.indent ?? FIRST_LINE_INDENT
  for (let i = a; i < b; i++) {
    const w = chars[i]!.w
    if (width + w <= lineChars + 1e-9 || i === lineStart) {
      width += w
      continue
    }
    // i would overflow: the next line starts at i, moved back by the rules while the line keeps a character
    let next = i
    // back over the closing marks to the character they follow, which goes down with them
    while (next - 1 > lineStart && NO_LINE_START.has(chars[next]!.ch)) next--
    while (next - 1 > lineStart && NO_LINE_END.has(chars[next - 1]!.ch)) next--
    starts.push(chars[next]!.at)
    lineStart = next
    width = 0
    for (let j = next; j <= i; j++) width += chars[j]!.w
  }
  return starts
}

/** One printed block as the page sees it: a paragraph (or heading) that wraps, or a table row. */
export interface PrintBlock {
  /** Where the block's line starts in the document. */
  from: number
  text: string
  kind: 'paragraph' | 'heading' | 'table-row'
  /** 黑体/楷体 headings of levels 1–2 keep with the next paragraph (the export's keepNext). */
  keepNext?: boolean
}

export type SectionLine = 'unprinted' | 'heading'

const HEADING_KEEP = /^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[)）]|#{1,3}\s)/
const HEADING = /^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[)）]|\d{1,2}[.．](?!\d)|[（(]\d{1,2}[)）]|#{1,6}\s)/
const TABLE_ROW = /^\|.*\|$/
const TABLE_RULE = /^\|(\s*:?-{2,}:?\s*\|)+$/

/**
 * The document's lines as the export prints them (export/body.ts parseBody and documentText): blank
 * lines, `---` rules, table rules and 【参考写法】 lines print nothing. `sections` names, by line start,
 * the section headings: 'unprinted' (the template does not print it) or 'heading' (printed as a level-1
 * heading when it has no 序次语, export/draft.ts bodyMarkdown).
 */
export function printBlocks(lines: Iterable<string>, sections: ReadonlyMap<number, SectionLine> = new Map()): PrintBlock[] {
  const out: PrintBlock[] = []
  let from = 0
  for (const line of lines) {
    const at = from
    from += line.length + 1
    const t = line.trim()
    const section = sections.get(at)
    if (!t || section === 'unprinted' || /^([-*_]\s*){3,}$/.test(t) || t.startsWith('【参考写法】') || TABLE_RULE.test(t)) continue
    if (TABLE_ROW.test(t)) out.push({ from: at, text: t, kind: 'table-row' })
    else if (section === 'heading' || HEADING.test(t)) out.push({ from: at, text: line, kind: 'heading', keepNext: HEADING_KEEP.test(t) || (section === 'heading' && !HEADING.test(t)) })
    else out.push({ from: at, text: line, kind: 'paragraph' })
  }
  return out
}

/** A table row in grid lines: 4号 cells on a 20 pt exact line with 2 pt margins (docx/blocks.ts), 28.95 pt a grid line. */
function rowHeight(text: string): number {
  const cells = text.slice(1, -1).split(/(?<!\\)\|/)
  const perCell = Math.max(1, Math.floor((CHARS_PER_LINE * 16) / 14 / cells.length))
  const lines = Math.max(1, ...cells.map((c) => Math.ceil([...c.trim()].reduce((w, ch) => w + charWidth(ch.codePointAt(0)!), 0) / perCell)))
  return (lines * 20 + 4) / 28.95
}

/** Width in characters (a half-width character counts half). */
export const widthOf = (s: string) => [...s].reduce((w, ch) => w + charWidth(ch.codePointAt(0)!), 0)

/** Grid lines the page takes above the body: the title's lines, a blank line, the 主送机关's lines. */
export function headLines(title: string, recipients?: string | null): number {
  const t = title.trim()
  const titleLines = Math.max(1, Math.ceil(widthOf(t) / TITLE_LINE_CHARS))
  const r = recipients?.trim() ? lineStarts(recipients.replace(/[：:]?\s*$/, '：'), { indent: 0 }).length : 0
  return titleLines + 1 + r
}

export interface PageBreak {
  /** The page that starts here (2, 3 …). */
  page: number
  /** Document offset of the first character of the page's first line. */
  pos: number
  /** The page starts with a block's first line (drawn between paragraphs), else inside a paragraph. */
  atBlockStart: boolean
}

export interface Pagination {
  pages: number
  breaks: PageBreak[]
}

/**
 * Pages of the blocks after `before` grid lines of page 1 (the title and 主送机关). A page ends after
 * 22 lines; a level 1–2 heading that would end a page goes to the next one with its paragraph.
 */
export function paginate(blocks: PrintBlock[], before = 0): Pagination {
  const breaks: PageBreak[] = []
  let page = 1
  let used = Math.min(before, LINES_PER_PAGE)
  const newPage = (pos: number, atBlockStart: boolean) => {
    page++
    breaks.push({ page, pos, atBlockStart })
    used = 0
  }
  blocks.forEach((b, i) => {
    if (b.kind === 'table-row') {
      const h = rowHeight(b.text)
      if (used > 0 && used + h > LINES_PER_PAGE + 1e-9) newPage(b.from, true)
      used += h
      return
    }
    const starts = lineStarts(b.text)
    if (!starts.length) return
    if (b.keepNext && i + 1 < blocks.length && used > 0 && used < LINES_PER_PAGE - 1e-9 && used + starts.length >= LINES_PER_PAGE - 1e-9) newPage(b.from + starts[0]!, true)
    starts.forEach((s, k) => {
      if (used >= LINES_PER_PAGE - 1e-9) newPage(b.from + s, k === 0)
      used += 1
    })
  })
  return { pages: page, breaks }
}

/** The whole count for the editor: the document's lines, the title and 主送机关 above them. */
export function layoutPages(input: { lines: Iterable<string>; title: string; recipients?: string | null; sections?: ReadonlyMap<number, SectionLine> }): Pagination {
  return paginate(printBlocks(input.lines, input.sections), headLines(input.title, input.recipients))
}
