/**
 * What surrounds the body in each layout: the 公文 版头, 署名/成文日期/附注 and 版记 (GB/T 9704 7.2–7.4),
 * the speech's 楷体 line, the report's byline, the 简报 报头 and 报尾 (conventions §4). An element a
 * document lacks is left out, never printed empty.
 */
import { BorderStyle, LineRuleType, Paragraph, RelativeVerticalPosition, Table, TableAnchorType, TableCell, TableRow, TabStopType, WidthType, type ParagraphChild } from 'docx'
import { attachmentList, printedDate } from '../fields'
import { CHAR, CHAR_SIHAO, FONT, isUpward, RED, RULE, SIZE, TYPE_AREA } from '../layout'
import type { ExportDoc } from '../model'
import { titleLines, widthOf } from '../title'
import { ALIGN, blankLine, EXACT_LINE, run } from './runs'

/** The 发文机关标志's size: 小初 at most, smaller for long names so it stays on one line of the 版心. */
function markSize(text: string): number {
  const maxPt = Math.floor((TYPE_AREA.width / 20 - 8) / Math.max(1, widthOf(text)))
  return Math.min(36, maxPt) * 2
}

const redRule = { bottom: { style: BorderStyle.SINGLE, size: RULE.red, color: RED, space: 11 } }

/** 份号/密级/紧急程度 top left in 3号黑体 (7.2.1–7.2.3), and the draft's sensitivity mark above them. */
function cornerLines(doc: ExportDoc, mark: string | null): Paragraph[] {
  const lines = [mark, doc.fields.secrecy, doc.fields.urgency].filter((x): x is string => Boolean(x))
  return lines.map((t) => new Paragraph({ spacing: EXACT_LINE, children: [run(t, { font: FONT.heading1 })] }))
}

function bigRedLine(text: string, before: number, withRule = false): Paragraph {
  const size = markSize(text)
  return new Paragraph({
    alignment: ALIGN.CENTER,
    ...(withRule ? { border: redRule } : {}),
    spacing: { before, after: 0, line: Math.round(size * 10 * 1.25), lineRule: LineRuleType.EXACT },
    children: [run(text, { font: FONT.title, size, color: RED })],
  })
}

export function titleParagraph(title: string): Paragraph {
  const children: ParagraphChild[] = titleLines(title).map((line, i) => run(line, { font: FONT.title, size: SIZE.erhao }, i > 0 ? { break: 1 } : {}))
  return new Paragraph({ alignment: ALIGN.CENTER, spacing: EXACT_LINE, keepNext: true, keepLines: true, children })
}

const centredKai = (text: string) => new Paragraph({ alignment: ALIGN.CENTER, spacing: EXACT_LINE, children: [run(text, { font: FONT.kai })] })

/** 版头 of a 公文: 标志 35 mm below the 版心's top, 发文字号 two lines under it, the red rule 4 mm below. */
export function gongwenHead(doc: ExportDoc, mark: string | null): Paragraph[] {
  const out = cornerLines(doc, mark)
  const f = doc.fields
  const issuerMark = f.issuerMark ?? (f.issuer ? (doc.genre === '函' || doc.genre === '纪要' ? f.issuer : `${f.issuer}文件`) : undefined)
  if (!issuerMark && !f.docNumber) return out
  if (issuerMark) {
    // 35 mm = 1984 twips from the 版心's top edge, less the corner lines already there.
    const before = Math.max(0, 1984 - out.length * EXACT_LINE.line)
    // Without a 发文字号 the red rule goes under the 标志 itself.
    out.push(bigRedLine(issuerMark, before, !f.docNumber))
  }
  if (f.docNumber) {
    if (issuerMark) out.push(blankLine(), blankLine())
    const upward = isUpward(doc.genre) && f.signer
    out.push(
      upward
        ? new Paragraph({
            spacing: EXACT_LINE,
            indent: { left: CHAR },
            tabStops: [{ type: TabStopType.RIGHT, position: TYPE_AREA.width - CHAR }],
            border: redRule,
            children: [run(f.docNumber), run('\t签发人：'), run(f.signer!, { font: FONT.kai })],
          })
        : new Paragraph({ alignment: ALIGN.CENTER, spacing: EXACT_LINE, border: redRule, children: [run(f.docNumber)] }),
    )
  }
  // The title sits two lines below the red rule (7.3.1).
  out.push(blankLine(), blankLine())
  return out
}

/** 主送机关: one line below the title, flush left, full-width colon (7.3.2). */
export function recipientsLine(doc: ExportDoc): Paragraph[] {
  const r = doc.fields.recipients?.replace(/[：:]\s*$/, '')
  return r ? [blankLine(), new Paragraph({ spacing: EXACT_LINE, children: [run(`${r}：`)] })] : [blankLine()]
}

/** 附件说明, 署名, 成文日期 and 附注 (7.3.4–7.3.6). */
export function gongwenClose(doc: ExportDoc): Paragraph[] {
  const out: Paragraph[] = []
  const items = attachmentList(doc.fields.attachments)
  if (items.length) {
    out.push(blankLine())
    items.forEach((name, i) => {
      const label = items.length > 1 ? `${i + 1}.${name}` : name
      out.push(
        new Paragraph({
          spacing: EXACT_LINE,
          indent: i === 0 ? { left: 5 * CHAR, hanging: 3 * CHAR } : { left: 5 * CHAR },
          children: [run(i === 0 ? `附件：${label}` : label)],
        }),
      )
    })
  }
  const date = printedDate(doc.fields.date)
  const signature = doc.fields.issuer
  if (signature || date) {
    out.push(blankLine())
    const dateW = date ? widthOf(date) : 0
    if (signature) {
      // The 署名 is centred over the 成文日期, which sits 右空四字 (7.3.5.1).
      const right = date ? Math.max(2, 4 + (dateW - widthOf(signature)) / 2) : 2
      out.push(new Paragraph({ alignment: ALIGN.RIGHT, spacing: EXACT_LINE, indent: { right: Math.round(right * CHAR) }, children: [run(signature)] }))
    }
    if (date) out.push(new Paragraph({ alignment: ALIGN.RIGHT, spacing: EXACT_LINE, indent: { right: 4 * CHAR }, children: [run(date)] }))
  }
  if (doc.fields.note) {
    const note = doc.fields.note.replace(/^[（(]|[)）]$/g, '')
    out.push(new Paragraph({ spacing: EXACT_LINE, indent: { left: 2 * CHAR }, children: [run(`（${note}）`)] }))
  }
  return out
}

const rule = (size: number) => ({ style: BorderStyle.SINGLE, size, color: '000000' })
const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }

/** A row of the 版记/报尾: 4号仿宋, 左右各空一字, wrapped lines aligned after the label's colon. */
function footRow(children: ParagraphChild[], opts: { hangChars?: number; tabRight?: boolean } = {}): TableRow {
  const hang = (opts.hangChars ?? 0) * CHAR_SIHAO
  return new TableRow({
    children: [
      new TableCell({
        width: { size: TYPE_AREA.width, type: WidthType.DXA },
        margins: { left: 0, right: 0, top: 40, bottom: 40 },
        children: [
          new Paragraph({
            spacing: { line: 400, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
            indent: { left: CHAR_SIHAO + hang, right: CHAR_SIHAO, hanging: hang },
            tabStops: opts.tabRight ? [{ type: TabStopType.RIGHT, position: TYPE_AREA.width - CHAR_SIHAO }] : [],
            children,
          }),
        ],
      }),
    ],
  })
}

/**
 * The 版记 as a table floating at the bottom of the last page's 版心: its last rule coincides with
 * the 版心's bottom edge (7.4.1) however long the body is. Thick rules above and below, thin between.
 */
function bottomTable(rows: TableRow[]): Table {
  return new Table({
    width: { size: TYPE_AREA.width, type: WidthType.DXA },
    columnWidths: [TYPE_AREA.width],
    float: {
      horizontalAnchor: TableAnchorType.MARGIN,
      verticalAnchor: TableAnchorType.MARGIN,
      relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
      absoluteHorizontalPosition: 0,
    },
    borders: { top: rule(RULE.thick), bottom: rule(RULE.thick), insideHorizontal: rule(RULE.thin), left: none, right: none, insideVertical: none },
    rows,
  })
}

const sihao = (t: string) => run(t, { size: SIZE.sihao })

export function gongwenImprint(doc: ExportDoc): (Table | Paragraph)[] {
  const f = doc.fields
  const rows: TableRow[] = []
  if (f.cc) rows.push(footRow([sihao(`抄送：${f.cc.replace(/[。.]$/, '')}。`)], { hangChars: 3 }))
  const printDate = printedDate(f.printDate)
  if (f.printer || printDate) rows.push(footRow([sihao(f.printer ?? ''), ...(printDate ? [sihao(`\t${printDate}印发`)] : [])], { tabRight: true }))
  return rows.length ? [bottomTable(rows), anchorParagraph()] : []
}

/** A floating table needs a paragraph after it; this one takes no visible space. */
const anchorParagraph = () => new Paragraph({ spacing: { line: 20, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, children: [run('', { size: 2 })] })

export function speechHead(doc: ExportDoc, mark: string | null): Paragraph[] {
  const f = doc.fields
  const out = [...cornerLines(doc, mark), titleParagraph(doc.title)]
  if (f.occasion && !doc.title.includes(f.occasion)) out.push(centredKai(`——在${f.occasion.replace(/^在|上$/g, '')}上的讲话`))
  if (f.speaker) out.push(centredKai(f.speaker))
  const date = printedDate(f.date)
  if (date) out.push(centredKai(`（${date}）`))
  out.push(blankLine())
  return out
}

export function reportHead(doc: ExportDoc, mark: string | null): Paragraph[] {
  const f = doc.fields
  const out = [...cornerLines(doc, mark), titleParagraph(doc.title)]
  if (f.issuer) out.push(centredKai(f.issuer))
  const date = printedDate(f.date)
  if (date) out.push(centredKai(`（${date}）`))
  out.push(blankLine())
  return out
}

/** 报头: the name in large red type, 期号, 编印单位 left and date right over a red rule. */
export function briefingHead(doc: ExportDoc, mark: string | null): Paragraph[] {
  const f = doc.fields
  const out = cornerLines(doc, mark)
  out.push(bigRedLine(f.briefName ?? doc.genre, Math.max(0, 1134 - out.length * EXACT_LINE.line)))
  if (f.issueNo) {
    const no = /期/.test(f.issueNo) ? f.issueNo : `第${f.issueNo.replace(/^第/, '')}期`
    out.push(new Paragraph({ alignment: ALIGN.CENTER, spacing: EXACT_LINE, children: [run(no)] }))
  }
  const date = printedDate(f.date)
  out.push(
    new Paragraph({
      spacing: EXACT_LINE,
      tabStops: [{ type: TabStopType.RIGHT, position: TYPE_AREA.width }],
      border: redRule,
      children: [run(f.issuer ?? ''), ...(date ? [run(`\t${date}`)] : [])],
    }),
  )
  out.push(blankLine(), titleParagraph(doc.title), blankLine())
  return out
}

/** 报尾: 报、送、发 and 印数 under a rule at the bottom of the last page. */
export function briefingTail(doc: ExportDoc): (Table | Paragraph)[] {
  const f = doc.fields
  const rows: TableRow[] = []
  const lines: [string, string | undefined][] = [
    ['报', f.reportTo],
    ['送', f.sendTo],
    ['发', f.distribute],
  ]
  for (const [label, value] of lines) if (value) rows.push(footRow([sihao(`${label}：${value}`)], { hangChars: 2 }))
  if (!rows.length && f.recipients) rows.push(footRow([sihao(`报送：${f.recipients}`)], { hangChars: 3 }))
  if (f.copies) rows.push(footRow([sihao(`\t（共印${f.copies.replace(/[份]$/, '')}份）`)], { tabRight: true }))
  return rows.length ? [bottomTable(rows), anchorParagraph()] : []
}
