/**
 * Runs and paragraphs with every font named on the run itself: Word and WPS pick a run's font per
 * script (ascii, hAnsi, eastAsia), and full-width quotes, dashes and ellipses fall in ranges Word
 * gives the hAnsi font unless told otherwise, so all three (and cs) name the same font and the run
 * hints eastAsia. No theme font is ever referenced.
 */
import { AlignmentType, DeletedTextRun, InsertedTextRun, LineRuleType, Paragraph, TextRun, type IRunOptions, type ParagraphChild } from 'docx'
import { CHAR, FONT, LINE_PITCH, SIZE } from '../layout'
import type { Revision, Span } from '../model'

export const fontOf = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name, hint: 'eastAsia' })

/**
 * Character spacing of 3号 runs, in twips: 16 pt less 0.25 pt puts 28 characters on a 156 mm line
 * (8844 / 315 = 28.08). Word and LibreOffice both honour it, where a docGrid of linesAndChars is
 * read differently by the two (LibreOffice lays characters into grid cells, Word narrows the pitch).
 */
export const BODY_SPACING = -5

export interface RunStyle {
  font?: string
  size?: number
  bold?: boolean
  color?: string
}

/** A run with its font and size always explicit (3号仿宋 unless told otherwise). */
export function run(text: string, style: RunStyle = {}, extra: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, ...runProps(style), ...extra })
}

function runProps(style: RunStyle) {
  const size = style.size ?? SIZE.sanhao
  return {
    font: fontOf(style.font ?? FONT.body),
    size,
    bold: style.bold ?? false,
    color: style.color ?? '000000',
    ...(size === SIZE.sanhao ? { characterSpacing: BODY_SPACING } : {}),
  }
}

let revisionId = 1
/** Revision ids must be unique within the document; the counter resets per document. */
export const resetRevisionIds = () => {
  revisionId = 1
}

/** Runs of a paragraph whose text changed: insertions and deletions carry the version's author and time. */
export function changedRuns(spans: Span[], style: RunStyle, rev: Revision): ParagraphChild[] {
  return spans
    .filter((s) => s.text)
    .map((s) => {
      const base = { text: s.text, ...runProps(style) }
      if (s.op === 'insert') return new InsertedTextRun({ ...base, id: revisionId++, author: rev.author, date: rev.date })
      if (s.op === 'delete') return new DeletedTextRun({ ...base, id: revisionId++, author: rev.author, date: rev.date })
      return new TextRun(base)
    })
}

export const nextRevisionId = () => revisionId++

/** Exact line spacing of one grid line (28.95 pt): 22 lines fill the 版心. */
export const EXACT_LINE = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const

export const blankLine = () => new Paragraph({ spacing: EXACT_LINE, children: [run('')] })

export const ALIGN = AlignmentType
/** n characters of 3号 in twips, and in the hundredths of a character Word's *Chars attributes take. */
export const chars = (n: number) => n * CHAR
