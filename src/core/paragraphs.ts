/**
 * Paragraphs out of printed lines. Text arrives hard-wrapped: copied out of a PDF, pasted from an
 * e-mail, read from an OFD's positioned runs. One rule decides, for every line break, whether it
 * ends a paragraph or is a soft wrap inside one, so that the importer, /check and (later) the
 * editor's paste all see the same paragraphs:
 *
 * - a line that is full (reaches the column's width) and stops mid-sentence continues on the next
 *   line, even when that line starts like a 序次语 ("（一）" pushed to a line start by the wrap);
 * - a full line that ends a sentence continues too, unless the next line starts a paragraph
 *   (indented, a 序次语 heading, Markdown structure);
 * - a line that is not full ends its paragraph (titles, 主送, signatures, the last line);
 * - a line starting with punctuation that may not begin a line (，。、）” …) always continues.
 *
 * Plain text shows its width only through its lines, so a text counts as hard-wrapped when many
 * lines share one width (`layoutOfText`), or when it is a two- or three-line paste whose first line stops
 * mid-sentence and whose last line, no longer, carries the sentence on (`shortPaste`). A page number
 * printed between two lines of a paragraph ("— 3 —") is not part of it (`PAGE_NUMBER_LINE`).
 *
 * `unwrapText` applies the rule to plain text and keeps an offset map, so everything computed on the
 * unwrapped text (a check's span, a fix) can be put back into the text exactly as it was given.
 */

/** One printed line and what its layout says about it. */
export interface LayoutLine {
  text: string
  /** Reaches the right edge of the column (the last line of a paragraph usually does not). */
  full: boolean
  /** Reaches it or falls one character short (a character pushed down by line-start rules). */
  nearlyFull: boolean
  /** Starts right of the column's left edge: a first-line indent, when the text uses them. */
  indented: boolean
  /** Centred (titles and signatures in a PDF): always a paragraph of its own. */
  centered?: boolean
}

const SENTENCE_END = /[。！？；：…!?;:][”’」』）)】〕]*$/
const NO_LINE_START = /^[，。、；：！？）》」』】〕”’…,.;:!?)\]]/
/** 序次语 headings (GB/T 9704 7.3.3) and the 章/节/条 of rules and regulations. */
export const SEQ_HEADING = /^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．](?!\d)|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百零〇]+[章节条部分](?:\s|$|[\u3000]))/
/** Markdown structure that always starts a line of its own: headings, list items, quotes, table rows. */
const MD_BLOCK = /^(?:#{1,6}\s|[-*+]\s|>|\|)/

export const endsSentence = (line: string) => SENTENCE_END.test(line.trimEnd())

/** Whether the break between `a` and the next line `b` is a soft wrap inside one paragraph. */
export function isSoftBreak(a: LayoutLine, b: LayoutLine): boolean {
  const at = a.text.trim()
  const bt = b.text.trim()
  if (!at || !bt) return false
  if (MD_BLOCK.test(at) || MD_BLOCK.test(bt)) return false
  if (a.centered || b.centered) return false
  if (NO_LINE_START.test(bt)) return true
  if (!endsSentence(at)) return a.nearlyFull
  if (!a.full || b.indented) return false
  return !SEQ_HEADING.test(bt)
}

/** The characters between two joined lines: nothing between Han text, one space between words. */
export function joiner(left: string, right: string): string {
  return /[A-Za-z]$/.test(left) && /^[A-Za-z]/.test(right) ? ' ' : ''
}

/** Groups layout lines into paragraphs (indices into `lines`); blank lines separate paragraphs. */
export function groupLines(lines: LayoutLine[]): number[][] {
  const out: number[][] = []
  let cur: number[] = []
  lines.forEach((line, i) => {
    if (!line.text.trim()) {
      if (cur.length) out.push(cur)
      cur = []
      return
    }
    if (cur.length && !isSoftBreak(lines[cur[cur.length - 1]!]!, line)) {
      out.push(cur)
      cur = []
    }
    cur.push(i)
  })
  if (cur.length) out.push(cur)
  return out
}

/** Display width: a Han character or full-width mark takes two columns, ASCII one. */
function columns(s: string): number {
  let n = 0
  for (const ch of s) n += ch.charCodeAt(0) < 0x2e80 && ch !== '\u2014' && ch !== '\u2026' ? 1 : 2
  return n
}

const mode = (xs: number[]) => {
  const counts = new Map<number, number>()
  let best = 0
  let bestCount = 0
  for (const x of xs) {
    const c = (counts.get(x) ?? 0) + 1
    counts.set(x, c)
    if (c > bestCount || (c === bestCount && x > best)) [best, bestCount] = [x, c]
  }
  return best
}

const INDENT = /^(?:[ \t]{2,}|\u3000)/

/** A page number on a line of its own, as PDFs print it ("— 3 —", "- 3 -", "第 3 页", "第3页 共12页"). */
export const PAGE_NUMBER_LINE = /^\s*(?:[—–\-－]{1,2}\s*\d{1,4}\s*[—–\-－]{1,2}|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?)\s*$/
/** A title (标题) by its last word, the 文种, or a 关于…… line without sentence punctuation. */
const TITLE_SHAPE = /(?:通知|通报|意见|决定|报告|请示|批复|方案|办法|规定|规则|细则|规划|计划|要点|纪要|函|公告|通告|决议|议案|命令|讲话|总结)$|^关于[^，。；：！？]*$/
/** A 主送机关 or salutation line ("各区人民政府：", "各位代表：", "尊敬的……："). */
const RECIPIENT_SHAPE = /^(?:各|致|尊敬的)[^。；！？]{0,60}[：:]$|^[^，。；！？]{0,40}(?:同志们|代表|委员|人民政府|部门|单位|局|委|办|厅)[：:]$/

/** Other lines that stand alone: a 副标题 or occasion line ("——在……会议上"), a bracketed 题注
 * ("（2026年5月20日……通过）"), a 序次语 of the 第一， form. */
const STANDALONE_SHAPE = /^——|^[（(][^（）()]*[）)]$|^第[一二三四五六七八九十]{1,3}[，,、]/

/** Whether a line can only be a paragraph of its own (a heading, a title, a 副标题 …). */
const standsAlone = (t: string) => SEQ_HEADING.test(t) || MD_BLOCK.test(t) || TITLE_SHAPE.test(t) || STANDALONE_SHAPE.test(t)

/**
 * The layout of a short paste out of a PDF or a web page (two or three lines), or null. So few lines
 * give no width to go by, so the lines themselves must say it: every line but the last is at least
 * as wide as a narrow column (15 characters), they are of one width, and none is a 序次语 heading, a
 * title, a 副标题 or a 题注; the first line stops mid-sentence (with three lines, the first or the
 * second); the last line is no wider than the others (the short last line of a paragraph or of the
 * selection); no line after the first is indented, a heading or a 主送机关 line. Anything else is
 * paragraphs, one a line.
 */
export function shortPaste(lines: string[]): LayoutLine[] | null {
  const filled = lines.map((l, i) => (l.trim() ? i : -1)).filter((i) => i >= 0)
  if (filled.length < 2 || filled.length > 3 || filled[filled.length - 1]! - filled[0]! !== filled.length - 1) return null
  const printed = filled.map((i) => lines[i]!.replace(/\s+$/, ''))
  const body = printed.slice(0, -1)
  const last = printed[printed.length - 1]!
  for (const l of body) {
    const n = [...l.trim()].length
    if (n < 15 || n > 200 || standsAlone(l.trim())) return null
    if (Math.abs([...l].length - [...body[0]!].length) > 1 && Math.abs(columns(l) - columns(body[0]!)) > 2) return null
  }
  if (!body.some((l) => !endsSentence(l))) return null
  if (printed.length === 2 && endsSentence(body[0]!)) return null
  for (const l of printed.slice(1)) if (INDENT.test(l) || SEQ_HEADING.test(l.trim()) || MD_BLOCK.test(l.trim()) || RECIPIENT_SHAPE.test(l.trim())) return null
  if (columns(last) > Math.max(...body.map(columns)) + 2) return null
  return lines.map((raw, i) => {
    const full = i !== filled[filled.length - 1] && filled.includes(i)
    return { text: raw.replace(/\s+$/, ''), full, nearlyFull: full, indented: false }
  })
}

/**
 * Layout of plain-text lines, or null when the text is not hard-wrapped. Hard-wrapped text has many
 * lines of one width that stop mid-sentence; ordinary text (one line per paragraph) has lines of
 * every length, nearly all ending a sentence — it is left exactly as it is.
 */
export function layoutOfText(lines: string[]): LayoutLine[] | null {
  const body = lines.map((l) => l.replace(/\s+$/, '')).filter((l) => [...l.trim()].length >= 8)
  if (body.length < 3) return shortPaste(lines)
  const cps = body.map((l) => [...l].length)
  const cols = body.map(columns)
  const w = mode(cps)
  const wc = mode(cols)
  const inBand = body.filter((l, i) => Math.abs(cps[i]! - w) <= 1 || Math.abs(cols[i]! - wc) <= 2)
  const midSentence = inBand.filter((l) => !endsSentence(l)).length
  // Two full lines that stop mid-sentence are already evidence in a short text; widths under 15
  // characters are lists and names, not a wrap.
  const enough = inBand.length >= 3 || (inBand.length === 2 && midSentence === 2)
  if (w > 200 || w < 15 || !enough || inBand.length < 0.25 * body.length || midSentence < 0.5 * inBand.length) return shortPaste(lines)
  const indentedShare = body.filter((l) => INDENT.test(l)).length / body.length
  const indentMeans = indentedShare > 0 && indentedShare < 0.6
  return lines.map((raw) => {
    const l = raw.replace(/\s+$/, '')
    const cp = [...l].length
    const c = columns(l)
    return {
      text: l,
      full: cp >= w || c >= wc - 1,
      nearlyFull: cp >= w - 1 || c >= wc - 2,
      indented: indentMeans && INDENT.test(l),
    }
  })
}

/** Text with its soft wraps removed, and where each of its characters was in the text as given. */
export interface UnwrappedText {
  text: string
  /** Whether any soft wrap was found (when false, `text` is the input itself). */
  unwrapped: boolean
  /** toOriginal[i]: the offset in the given text of character i; toOriginal[text.length] = its length. */
  toOriginal: Int32Array
}

/** Removes the soft wraps of a hard-wrapped text; any other text comes back unchanged. */
export function unwrapText(given: string): UnwrappedText {
  const identity = (): UnwrappedText => {
    const map = new Int32Array(given.length + 1)
    for (let i = 0; i <= given.length; i++) map[i] = i
    return { text: given, unwrapped: false, toOriginal: map }
  }
  const starts: number[] = [0]
  for (let i = 0; i < given.length; i++) if (given[i] === '\n') starts.push(i + 1)
  const raw = starts.map((s, k) => {
    const end = k + 1 < starts.length ? starts[k + 1]! - 1 : given.length
    return given.slice(s, end > s && given[end - 1] === '\r' ? end - 1 : end)
  })
  // Page numbers are set aside: the lines on either side of one may be one paragraph.
  const content = raw.map((l, k) => (PAGE_NUMBER_LINE.test(l) ? -1 : k)).filter((k) => k >= 0)
  const layout = content.length ? layoutOfText(content.map((k) => raw[k]!)) : null
  if (!layout) return identity()
  const joins = content.map((_, j) => j + 1 < content.length && isSoftBreak(layout[j]!, layout[j + 1]!))
  const out: string[] = []
  const map: number[] = []
  const push = (ch: string, at: number) => {
    out.push(ch)
    map.push(at)
  }
  let soft = 0
  // anything before the first line of text (a page number) stays as it is
  for (let i = 0; i < starts[content[0]!]!; i++) push(given[i]!, i)
  for (let j = 0; j < content.length; j++) {
    const k = content[j]!
    const line = raw[k]!
    const start = starts[k]!
    const joinNext = joins[j]!
    // A continuation line loses its leading spaces; a line joined to the next loses its trailing ones.
    let from = 0
    if (j > 0 && joins[j - 1]) while (from < line.length && /\s/.test(line[from]!)) from++
    let to = line.length
    if (joinNext) while (to > from && /\s/.test(line[to - 1]!)) to--
    for (let i = from; i < to; i++) push(line[i]!, start + i)
    if (joinNext) {
      // the break, and any page number between the two lines, leave the unwrapped text
      soft++
      const breakAt = start + (given[start + line.length] === '\r' ? line.length + 1 : line.length)
      const sep = joiner(line.slice(0, to), raw[content[j + 1]!]!.trimStart())
      if (sep) push(sep, breakAt)
      continue
    }
    // a real break: the rest of the line, the break and any page-number lines up to the next line, as given
    const until = j + 1 < content.length ? starts[content[j + 1]!]! : given.length
    for (let i = start + to; i < until; i++) push(given[i]!, i)
  }
  if (!soft) return identity()
  map.push(given.length)
  return { text: out.join(''), unwrapped: true, toOriginal: Int32Array.from(map) }
}

/** A span [start, end) of the unwrapped text as a span of the text as given. */
export function toOriginalSpan(u: UnwrappedText, start: number, end: number): { start: number; end: number } {
  const s = u.toOriginal[Math.max(0, Math.min(start, u.text.length))]!
  if (end <= start) return { start: s, end: s }
  const last = Math.min(end, u.text.length) - 1
  return { start: s, end: u.toOriginal[last]! + 1 }
}

/** The offset in the unwrapped text of an offset in the text as given (the next kept character). */
export function toUnwrappedOffset(u: UnwrappedText, original: number): number {
  let lo = 0
  let hi = u.text.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (u.toOriginal[mid]! < original) lo = mid + 1
    else hi = mid
  }
  return lo
}
