/** Builds the CheckDoc: lines and the GB/T 9704 elements found in a pasted text, computed once. */
import { GENRES, type Genre } from '../db/schema'
import type {
  TypoSensitivity,
  ActiveLexicons,
  CheckDoc,
  CheckFields,
  Heading,
  HeadingLevel,
  MaterialPassage,
  Span,
  UntracedFigure,
} from './types'
import { EMPTY_LEXICONS } from './types'

export interface DocInput {
  text: string
  genre?: Genre
  fields?: CheckFields
  lexicons?: Partial<ActiveLexicons>
  untracedFigures?: UntracedFigure[]
  materialPassages?: MaterialPassage[]
  typoSensitivity?: TypoSensitivity
}

const DIGIT_OF: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/** 一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99; anything else → NaN. */
export function chineseToNumber(s: string): number {
  if (!s) return NaN
  if (s === '十') return 10
  const ten = s.indexOf('十')
  if (ten === -1) {
    if (s.length !== 1) return NaN
    return DIGIT_OF[s] ?? NaN
  }
  const tens = ten === 0 ? 1 : (DIGIT_OF[s.slice(0, ten)] ?? NaN)
  const rest = s.slice(ten + 1)
  const ones = rest === '' ? 0 : rest.length === 1 ? (DIGIT_OF[rest] ?? NaN) : NaN
  return tens * 10 + ones
}

/** 〇 to 九, indexed by the digit. */
export const CN_DIGITS = '〇一二三四五六七八九'
/** 12 → 十二, 20 → 二十, 3 → 三 (for 1–99). */
export function numberToChinese(n: number): string {
  if (n < 10) return CN_DIGITS[n]!
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`
}

export function todayInChina(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
}

function splitLines(text: string): Span[] {
  const lines: Span[] = []
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      const end = i > start && text[i - 1] === '\r' ? i - 1 : i
      lines.push({ start, end, text: text.slice(start, end) })
      start = i + 1
    }
  }
  return lines
}

/** Leading markdown heading marks and spaces: "## 一、" is a heading "一、". */
const LEAD = /^(?:#{1,6}[ \t]+)?[ \t\u3000]*/

const GENRE_WORDS = [...GENRES, '令', '讲话', '方案', '要点', '办法', '规定', '细则', '规划', '计划', '总结']
  .sort((a, b) => b.length - a.length)
  .join('|')
export const TITLE_GENRE = new RegExp(`(${GENRE_WORDS})[。．.，,；;：:！!？?]*$`)

function findTitle(lines: Span[], fields: CheckFields): Span | undefined {
  if (fields.title) {
    const at = lines.find((l) => l.text.trim() === fields.title!.trim())
    if (at) return trimSpan(at)
  }
  const nonEmpty = lines.filter((l) => l.text.trim() !== '').slice(0, 4)
  for (const l of nonEmpty) {
    const t = l.text.replace(LEAD, '').trim()
    if (t.length < 4 || t.length > 80 || /[：:]$/.test(t) || HEADING_ANY.test(t)) continue
    if (/^(?:附件|抄送|主送|签发人|[\d〔]|.*〔\d{2,4}〕)/.test(t)) continue
    if (/[。，,；]./.test(t) && !(/^关于/.test(t) && TITLE_GENRE.test(t))) continue
    if (/^关于/.test(t) || /关于.+的/.test(t) || (TITLE_GENRE.test(t) && t.length <= 60 && /的/.test(t))) return trimSpan(l)
  }
  return undefined
}

function trimSpan(l: Span): Span {
  const lead = LEAD.exec(l.text)![0].length
  const body = l.text.slice(lead)
  const trimmed = body.trimEnd()
  return { start: l.start + lead, end: l.start + lead + trimmed.length, text: trimmed }
}

const HEADING_ANY = /^(?:[一二三四五六七八九十]{1,3}[、.．，,]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])/

const HEADING_PATTERNS: { level: HeadingLevel; re: RegExp; cn: boolean }[] = [
  { level: 1, re: /^([一二三四五六七八九十]{1,3})[、.．，,](?![一二三四五六七八九十])/, cn: true },
  { level: 2, re: /^[（(]([一二三四五六七八九十]{1,3})[）)]/, cn: true },
  { level: 3, re: /^(\d{1,2})[.．、](?!\d)/, cn: false },
  { level: 4, re: /^[（(](\d{1,2})[）)]/, cn: false },
]

function findHeadings(lines: Span[], skip: Set<number>): Heading[] {
  const out: Heading[] = []
  lines.forEach((l, index) => {
    if (skip.has(index)) return
    const lead = LEAD.exec(l.text)![0].length
    const rest = l.text.slice(lead)
    for (const p of HEADING_PATTERNS) {
      const m = p.re.exec(rest)
      if (!m) continue
      const ordinal = p.cn ? chineseToNumber(m[1]!) : Number(m[1])
      if (!Number.isFinite(ordinal) || ordinal < 1) return
      out.push({ level: p.level, ordinal, start: l.start + lead, end: l.start + lead + m[0].length, line: index })
      return
    }
  })
  return out
}

const DATE_ONLY = /^[ \t\u3000]*(?:\d{2,4}|[〇零一二三四五六七八九OoＯ0]{2,4})[ \t]*年[^年\n]{1,4}月[^月\n]{1,5}日[ \t\u3000]*$/
const PRINT_LINE = /日[ \t\u3000]*印发[ \t\u3000]*$/

const PROTECT = /https?:\/\/[^\s，。；、）)]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|`[^`\n]+`/g

export function buildDoc(input: DocInput, today = todayInChina()): CheckDoc {
  const text = input.text
  const fields = input.fields ?? {}
  const lines = splitLines(text)
  const title = findTitle(lines, fields)
  const titleLine = title ? lines.findIndex((l) => l.start <= title.start && title.end <= l.end) : -1
  let genre = input.genre
  if (!genre) {
    const t = title?.text ?? fields.title
    const m = t ? TITLE_GENRE.exec(t) : null
    if (m && (GENRES as readonly string[]).includes(m[1]!)) genre = m[1] as Genre
  }

  let recipientLine: Span | undefined
  for (let i = titleLine + 1; i < lines.length && i <= titleLine + 3; i++) {
    const t = lines[i]!.text.trim()
    if (!t) continue
    if (t.length <= 120 && /[：:]$/.test(t) && !HEADING_ANY.test(t) && !/^(?:附件|抄送|主送|签发人)/.test(t)) {
      recipientLine = trimSpan(lines[i]!)
    }
    break
  }

  const attachmentLines: Span[] = []
  const skip = new Set<number>()
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text.replace(LEAD, '')
    if (!/^附\s*件\s*[：:]/.test(t) && !/^附\s*件\s+\d/.test(t)) continue
    attachmentLines.push(trimSpan(lines[i]!))
    skip.add(i)
    for (let j = i + 1; j < lines.length; j++) {
      const u = lines[j]!.text.replace(LEAD, '')
      if (!/^\d{1,2}\s*[.．、]/.test(u)) break
      attachmentLines.push(trimSpan(lines[j]!))
      skip.add(j)
      i = j
    }
    break
  }

  const ccIndex = lines.findIndex((l) => /^抄\s*送\s*[：:]?/.test(l.text.replace(LEAD, '')))
  const ccLine = ccIndex >= 0 ? trimSpan(lines[ccIndex]!) : undefined
  let signDateLine: Span | undefined
  let printDateLine: Span | undefined
  for (const l of lines) {
    if (DATE_ONLY.test(l.text)) signDateLine = trimSpan(l)
    else if (PRINT_LINE.test(l.text) && /\d|[〇一二三]/.test(l.text)) printDateLine = trimSpan(l)
  }
  if (titleLine >= 0) skip.add(titleLine)

  const protectedSpans: Span[] = []
  for (const m of text.matchAll(PROTECT)) protectedSpans.push({ start: m.index, end: m.index + m[0].length, text: m[0] })

  return {
    text,
    genre,
    fields,
    date: fields.date ?? today,
    lines,
    title,
    recipientLine,
    attachmentLines,
    ccLine,
    signDateLine,
    printDateLine,
    headings: findHeadings(lines, skip),
    lexicons: { ...EMPTY_LEXICONS, ...input.lexicons },
    untracedFigures: input.untracedFigures ?? [],
    materialPassages: input.materialPassages ?? [],
    typoSensitivity: input.typoSensitivity ?? 'standard',
    protectedSpans,
  }
}
