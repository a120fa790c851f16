/**
 * Paragraph- and heading-aware chunking. A chunk is the unit of search and citation: a few
 * paragraphs under one heading path, about CHUNK_TARGET characters, never cutting a sentence.
 * Headings are Markdown headings or the 公文 序次语 lines (一、 （一） 1. （1）) when they stand
 * alone as short lines (GB/T 9704 7.3.3 heading levels).
 */

export interface Chunk {
  seq: number
  headingPath: string[]
  text: string
}

const CHUNK_TARGET = 360
const CHUNK_MAX = 720
/**
 * A longer "heading" is a paragraph marked up as one: every chunk under a heading carries its
 * path (and the search row its bigrams), so an unbounded one would pass D1's 2 MB value limit.
 */
const HEADING_MAX = 200

const MD_HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/
const MD_HEADING_MARK = /^#{1,6}\s+/
const SEQ_HEADINGS: [RegExp, number][] = [
  [/^[一二三四五六七八九十百]+、/, 1],
  [/^[（(][一二三四五六七八九十百]+[）)]/, 2],
  // Not a decimal number: "2.5亿元……" is text.
  [/^\d{1,2}[.．](?!\d)/, 3],
  [/^[（(]\d{1,2}[）)]/, 4],
]
const SENTENCE_END = /(?<=[。！？；!?;])/u

function seqLevel(line: string): number | null {
  for (const [re, level] of SEQ_HEADINGS) if (re.test(line)) return level
  return null
}

/** A heading: Markdown (`md`: number of #), 序次语 (`seq`: 1 for 一、 … 4 for （1）), or both ("## 一、"). */
interface Heading {
  md?: number
  seq?: number
  text: string
}

/** A short stand-alone 序次语 line without sentence-final punctuation is a heading. */
function headingOf(line: string): Heading | null {
  const md = MD_HEADING.exec(line)
  if (md) {
    const text = md[2]!.replace(/[*_`]/g, '').trim()
    if ([...text].length > HEADING_MAX) return null
    return { md: md[1]!.length, seq: seqLevel(text) ?? undefined, text }
  }
  const seq = seqLevel(line)
  if (seq !== null && [...line].length <= 40 && !/[。；！？]$/.test(line)) return { seq, text: line }
  return null
}

/**
 * Whether `next` ends the section of `open`: a heading of the same or a higher level in the same
 * numbering. A 序次语 line nests under a plain Markdown heading (a document title), and a plain
 * Markdown heading ends 序次语 sections.
 */
function closes(next: Heading, open: Heading): boolean {
  if (next.seq !== undefined && open.seq !== undefined) return open.seq >= next.seq
  if (next.md !== undefined && open.md !== undefined) return open.md >= next.md
  return next.md !== undefined && open.md === undefined
}

function splitLongParagraph(p: string): string[] {
  if ([...p].length <= CHUNK_MAX) return [p]
  const parts: string[] = []
  let cur = ''
  for (const sentence of p.split(SENTENCE_END)) {
    if (cur && [...cur].length + [...sentence].length > CHUNK_TARGET) {
      parts.push(cur)
      cur = ''
    }
    cur += sentence
    while ([...cur].length > CHUNK_MAX) {
      // A "sentence" longer than the maximum (a table row, a list without stops): cut it.
      const chars = [...cur]
      parts.push(chars.slice(0, CHUNK_TARGET).join(''))
      cur = chars.slice(CHUNK_TARGET).join('')
    }
  }
  if (cur) parts.push(cur)
  return parts
}

/** Splits markdown or plain text into chunks; an empty text gives no chunks. */
export function chunkText(text: string): Chunk[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const chunks: Chunk[] = []
  const path: Heading[] = []
  let buffer: string[] = []
  let bufferLen = 0

  const flush = () => {
    if (!buffer.length) return
    chunks.push({ seq: chunks.length, headingPath: path.map((h) => h.text), text: buffer.join('\n') })
    buffer = []
    bufferLen = 0
  }

  for (const raw of lines) {
    const line = raw.trim()
    if (!line) continue
    const heading = headingOf(line)
    if (heading) {
      flush()
      while (path.length && closes(heading, path[path.length - 1]!)) path.pop()
      path.push(heading)
      continue
    }
    for (const part of splitLongParagraph(line.replace(MD_HEADING_MARK, ''))) {
      const len = [...part].length
      if (bufferLen && bufferLen + len > CHUNK_TARGET) flush()
      buffer.push(part)
      bufferLen += len
    }
  }
  flush()
  return chunks
}
