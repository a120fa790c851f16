/**
 * Positioned text runs (a PDF's or an OFD's) → paragraphs. Runs on one baseline make a line; the
 * lines' geometry says which are full, indented or centred, and core/paragraphs.ts decides where a
 * paragraph ends, across page breaks too. Running headers and footers and page numbers are dropped.
 */
import { groupLines, type LayoutLine } from '../../core/paragraphs'

/** A run of text; `y` grows downwards from the top of the page, in the same unit as `x`, `width` and `size`. */
export interface TextRun {
  text: string
  x: number
  y: number
  width: number
  size: number
}

export interface PageRuns {
  runs: TextRun[]
  width: number
  height: number
}

interface Line {
  text: string
  x: number
  right: number
  y: number
  size: number
  page: number
}

/** A paragraph rebuilt from lines; `standalone` for centred, right-set or larger-type lines (titles, 落款). */
export interface LaidParagraph {
  text: string
  standalone: boolean
  size: number
}

/** Spaces that a PDF puts between Han text and digits or Latin ("示例区 2026 年") are not the author's. */
export function tidySpaces(s: string): string {
  return s
    .replace(/(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’—…])[ \t]+(?=[\p{Script=Han}\p{N}A-Za-z\u3000-\u303f\uff00-\uffef“”‘’《（])/gu, '')
    .replace(/(?<=[\p{N}A-Za-z%])[ \t]+(?=[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’])/gu, '')
    .trim()
}

function linesOf(page: PageRuns, pageNo: number): Line[] {
  const runs = page.runs.filter((r) => r.text.trim()).sort((a, b) => a.y - b.y || a.x - b.x)
  const lines: { runs: TextRun[]; y: number; size: number }[] = []
  for (const r of runs) {
    const line = lines.find((l) => Math.abs(l.y - r.y) <= Math.max(l.size, r.size) * 0.45)
    if (line) line.runs.push(r)
    else lines.push({ runs: [r], y: r.y, size: r.size })
  }
  return lines
    .map((l) => {
      const rs = l.runs.sort((a, b) => a.x - b.x)
      let text = ''
      let right = -Infinity
      for (const r of rs) {
        // A gap of more than a character between runs is kept as a wide space (印发 lines, signatures).
        if (text && r.x - right > r.size * 1.2) text += '\u3000\u3000'
        text += r.text
        right = Math.max(right, r.x + r.width)
      }
      const size = Math.max(...rs.map((r) => r.size))
      return { text, x: rs[0]!.x, right, y: l.y, size, page: pageNo }
    })
    .sort((a, b) => a.y - b.y)
}

const PAGE_NUMBER = /^(?:[—–\-－ ]*\d{1,4}[—–\-－ ]*|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页(?:\s*[，,]?\s*第\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)$/i

const mode = (xs: number[]) => {
  const c = new Map<number, number>()
  for (const x of xs) c.set(x, (c.get(x) ?? 0) + 1)
  return [...c.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0
}

/** The column's left edge: the leftmost start shared by several lines (first-line indents and
 * centred lines start further right, and may well be the commonest start in a short document). */
function leftMargin(xs: number[]): number {
  const c = new Map<number, number>()
  for (const x of xs) c.set(x, (c.get(x) ?? 0) + 1)
  const enough = Math.max(2, xs.length * 0.05)
  const shared = [...c].filter(([, n]) => n >= enough).map(([x]) => x)
  return shared.length ? Math.min(...shared) : Math.min(...xs)
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0
}

/**
 * Drops page numbers at the top or bottom of a page, and running headers or footers: the same first
 * or last line (digits aside) on at least half of the pages, when there are two or more.
 */
function dropFurniture(pages: Line[][]): { pages: Line[][]; dropped: number } {
  let dropped = 0
  const edgeKey = (l: Line) => l.text.replace(/\d+/g, '#').replace(/\s+/g, '')
  const counts = new Map<string, number>()
  for (const lines of pages) {
    const keys = new Set([lines[0], lines[lines.length - 1]].filter(Boolean).map((l) => edgeKey(l!)))
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  const running = new Set([...counts].filter(([, n]) => pages.length >= 2 && n >= Math.max(2, pages.length / 2)).map(([k]) => k))
  const out = pages.map((lines) =>
    lines.filter((l, i) => {
      const edge = i === 0 || i === lines.length - 1 || i === 1 || i === lines.length - 2
      const drop = edge && (PAGE_NUMBER.test(l.text.trim()) || ((i === 0 || i === lines.length - 1) && running.has(edgeKey(l))))
      if (drop) dropped++
      return !drop
    }),
  )
  return { pages: out, dropped }
}

/** Lines of all pages, in reading order, into paragraphs. */
export function paragraphsFromRuns(pages: PageRuns[]): { paragraphs: LaidParagraph[]; dropped: number; emptyPages: number[] } {
  const raw = pages.map((p, i) => linesOf(p, i + 1))
  const emptyPages = raw.flatMap((lines, i) => (lines.length ? [] : [i + 1]))
  const { pages: kept, dropped } = dropFurniture(raw)
  const lines = kept.flat()
  if (!lines.length) return { paragraphs: [], dropped, emptyPages }
  const body = mode(lines.map((l) => Math.round(l.size)))
  const bodyLines = lines.filter((l) => Math.round(l.size) === body)
  const left = leftMargin(bodyLines.map((l) => Math.round(l.x)))
  const right = percentile(bodyLines.map((l) => l.right), 0.9)
  const spacing = mode(bodyLines.slice(1).map((l, i) => (l.page === bodyLines[i]!.page ? Math.round(l.y - bodyLines[i]!.y) : 0)).filter((d) => d > 0))
  const layout: (LayoutLine & { size: number })[] = []
  lines.forEach((l, i) => {
    const prev = lines[i - 1]
    // A wider gap than the text's line spacing is a paragraph break (space before a heading or block).
    if (prev && prev.page === l.page && spacing && l.y - prev.y > spacing * 1.6) layout.push({ text: '', full: false, nearlyFull: false, indented: false, size: 0 })
    const em = l.size
    const offset = l.x - left
    const standalone = Math.round(l.size) > body * 1.15 || offset > em * 3.5
    layout.push({
      text: l.text,
      full: l.right >= right - em * 0.6,
      nearlyFull: l.right >= right - em * 1.6,
      indented: offset >= em * 0.8,
      centered: standalone,
      size: l.size,
    })
  })
  const paragraphs = groupLines(layout).map((idx) => {
    let text = ''
    for (const i of idx) {
      const t = layout[i]!.text.trim()
      text += text ? (/[A-Za-z]$/.test(text) && /^[A-Za-z]/.test(t) ? ' ' : '') + t : t
    }
    return { text: tidySpaces(text), standalone: !!layout[idx[0]!]!.centered, size: layout[idx[0]!]!.size }
  })
  return { paragraphs: paragraphs.filter((p) => p.text), dropped, emptyPages }
}
