/** The body's blocks as docx paragraphs and tables (GB/T 9704 7.3.3): 左空二字, 回行顶格, fonts per level. */
import { BorderStyle, LineRuleType, Paragraph, Table, TableCell, TableRow, VerticalAlign, WidthType, type ParagraphChild } from 'docx'
import { plainInline, splitRunIn } from '../body'
import { CHAR, FONT, SIZE, TYPE_AREA } from '../layout'
import type { ChangedBlock, Revision } from '../model'
import { ALIGN, changedRuns, EXACT_LINE, nextRevisionId, run, type RunStyle } from './runs'

export interface BodyOptions {
  /** Many offices bold the “1.” level; the standard does not (conventions §0). */
  boldLevel3?: boolean
}

export function headingStyle(level: 1 | 2 | 3 | 4, opts: BodyOptions = {}): RunStyle {
  if (level === 1) return { font: FONT.heading1 }
  if (level === 2) return { font: FONT.heading2 }
  return { font: FONT.body, bold: level === 3 && Boolean(opts.boldLevel3) }
}

/** The paragraph mark of a wholly inserted or deleted paragraph is tracked too, so accepting removes it. */
function markRevision(b: ChangedBlock, rev: Revision | undefined) {
  if (!rev || !b.change) return {}
  const mark = { id: nextRevisionId(), author: rev.author, date: rev.date }
  return { run: b.change === 'insert' ? { insertion: mark } : { deletion: mark } }
}

function textRuns(b: ChangedBlock & { text: string }, style: RunStyle, rev: Revision | undefined): ParagraphChild[] {
  if (rev && b.spans) return changedRuns(b.spans.map((s) => ({ ...s, text: plainInline(s.text) })), style, rev)
  const text = plainInline(b.text)
  if (rev && b.change) return changedRuns([{ op: b.change, text }], style, rev)
  if (b.kind === 'heading') {
    const [head, rest] = splitRunIn(text)
    return rest ? [run(head, style), run(rest)] : [run(text, style)]
  }
  return [run(text, style)]
}

const bodyParagraph = (children: ParagraphChild[], extra: Record<string, unknown> = {}) =>
  new Paragraph({
    alignment: ALIGN.JUSTIFIED,
    spacing: EXACT_LINE,
    indent: { firstLine: 2 * CHAR, firstLineChars: 200 },
    children,
    ...extra,
  })

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '000000' }

function table(rows: string[][]): Table {
  const cols = Math.max(1, ...rows.map((r) => r.length))
  const width = Math.floor(TYPE_AREA.width / cols)
  return new Table({
    width: { size: TYPE_AREA.width, type: WidthType.DXA },
    columnWidths: new Array(cols).fill(width),
    borders: { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder, insideHorizontal: cellBorder, insideVertical: cellBorder },
    rows: rows.map(
      (r, i) =>
        new TableRow({
          tableHeader: i === 0,
          children: Array.from({ length: cols }, (_, c) =>
            new TableCell({
              width: { size: width, type: WidthType.DXA },
              verticalAlign: VerticalAlign.CENTER,
              children: plainInline(r[c] ?? '').split('\n').map(
                (line) =>
                  new Paragraph({
                    alignment: i === 0 ? ALIGN.CENTER : ALIGN.LEFT,
                    spacing: { line: 400, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
                    children: [run(line, { size: SIZE.sihao, font: i === 0 ? FONT.heading1 : FONT.body })],
                  }),
              ),
            }),
          ),
        }),
    ),
  })
}

export function blockElements(blocks: ChangedBlock[], rev: Revision | undefined, opts: BodyOptions = {}): (Paragraph | Table)[] {
  // A table deleted since version M is left out: Word has no tracked deletion of a whole table here.
  return blocks.filter((b) => !(b.kind === 'table' && b.change === 'delete')).map((b) => {
    if (b.kind === 'table') return table(b.rows)
    const style = b.kind === 'heading' ? headingStyle(b.level, opts) : {}
    return bodyParagraph(textRuns(b, style, rev), { ...markRevision(b, rev), ...(b.kind === 'heading' ? { keepNext: b.level <= 2, outlineLevel: b.level - 1 } : {}) })
  })
}

export { bodyParagraph }
