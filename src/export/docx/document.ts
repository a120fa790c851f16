/** An ExportDoc as a GB/T 9704 .docx: page, grid, styles, footers and the layout's frames around the body. */
import { Document, Footer, Packer, PageNumber, Paragraph, type ISectionOptions, type Table } from 'docx'
import { CHAR_SIHAO, FONT, layoutOf, LINE_PITCH, PAGE, SIZE } from '../layout'
import type { ExportDoc } from '../model'
import { blockElements, type BodyOptions } from './blocks'
import { briefingHead, briefingTail, gongwenClose, gongwenHead, gongwenImprint, recipientsLine, reportHead, speechHead, titleParagraph } from './frames'
import { postProcess } from './postprocess'
import { ALIGN, fontOf, resetRevisionIds, run } from './runs'

/** “— N —” in 4号半角宋体: odd pages 右空一字, even pages 左空一字 (7.5). */
function pageFooter(odd: boolean): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: odd ? ALIGN.RIGHT : ALIGN.LEFT,
        indent: odd ? { right: CHAR_SIHAO } : { left: CHAR_SIHAO },
        spacing: { before: 0, after: 0, line: 240 },
        children: [run('— ', { font: FONT.pageNumber, size: SIZE.sihao }), run('', { font: FONT.pageNumber, size: SIZE.sihao }, { children: [PageNumber.CURRENT] }), run(' —', { font: FONT.pageNumber, size: SIZE.sihao })],
      }),
    ],
  })
}

const bodyRun = { font: fontOf(FONT.body), size: SIZE.sanhao, color: '000000' }
const styleRun = (font: string, size: number = SIZE.sanhao) => ({ font: fontOf(font), size, color: '000000', bold: false, italics: false })

/** Every style docx writes names its fonts, so nothing falls back to a theme or to Calibri. */
const STYLES = {
  paragraphStyles: [{ id: 'Normal', name: 'Normal', run: { ...bodyRun, characterSpacing: -5 }, paragraph: { spacing: { line: LINE_PITCH, lineRule: 'exact' as const, before: 0, after: 0 } } }],
  default: {
    document: { run: bodyRun, paragraph: { spacing: { line: LINE_PITCH, lineRule: 'exact' as const, before: 0, after: 0 } } },
    title: { run: styleRun(FONT.title, SIZE.erhao) },
    heading1: { run: styleRun(FONT.heading1) },
    heading2: { run: styleRun(FONT.heading2) },
    heading3: { run: styleRun(FONT.body) },
    heading4: { run: styleRun(FONT.body) },
    heading5: { run: styleRun(FONT.body) },
    heading6: { run: styleRun(FONT.body) },
    strong: { run: { ...styleRun(FONT.body), bold: true } },
    listParagraph: { run: styleRun(FONT.body) },
    caption: { run: styleRun(FONT.body) },
    bibliography: { run: styleRun(FONT.body) },
    hyperlink: { run: styleRun(FONT.body) },
    footnoteReference: { run: styleRun(FONT.body) },
    footnoteText: { run: styleRun(FONT.body, SIZE.xiaosi) },
    footnoteTextChar: { run: styleRun(FONT.body, SIZE.xiaosi) },
    endnoteReference: { run: styleRun(FONT.body) },
    endnoteText: { run: styleRun(FONT.body, SIZE.xiaosi) },
    endnoteTextChar: { run: styleRun(FONT.body, SIZE.xiaosi) },
    lineNumber: { run: styleRun(FONT.body, SIZE.xiaosi) },
  },
}

export interface DocxOptions extends BodyOptions {
  /** 【内部】/【敏感】 when the document carries marked material (drafts/disclosure.ts). */
  mark?: string | null
}

function children(doc: ExportDoc, opts: DocxOptions): (Paragraph | Table)[] {
  const mark = opts.mark ?? null
  const body = blockElements(doc.blocks, doc.revision, opts)
  const layout = layoutOf(doc.genre)
  switch (layout) {
    case 'gongwen':
      return [...gongwenHead(doc, mark), titleParagraph(doc.title), ...recipientsLine(doc), ...body, ...gongwenClose(doc), ...gongwenImprint(doc)]
    case 'speech':
      return [...speechHead(doc, mark), ...body]
    case 'report':
      return [...reportHead(doc, mark), ...body]
    case 'briefing':
      return [...briefingHead(doc, mark), ...body, ...briefingTail(doc)]
    case 'plain':
      return [...(mark ? [new Paragraph({ children: [run(mark, { font: FONT.heading1 })] })] : []), titleParagraph(doc.title), new Paragraph({ children: [run('')] }), ...body]
    default: {
      const unreachable: never = layout
      return unreachable
    }
  }
}

export function buildDocument(doc: ExportDoc, opts: DocxOptions = {}): Document {
  resetRevisionIds()
  const section: ISectionOptions = {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        // The footer sits in the 35 mm bottom edge so that its 一字线 falls about 7 mm below the 版心 (7.5).
        margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: 851, footer: 1418 },
      },
      // A line grid of 22 lines; the 28 characters come from the runs' spacing (runs.ts BODY_SPACING).
      grid: { type: 'lines', linePitch: LINE_PITCH },
    },
    footers: { default: pageFooter(true), even: pageFooter(false) },
    children: children(doc, opts),
  }
  return new Document({
    creator: '文辅 Wenfu',
    title: doc.title,
    evenAndOddHeaderAndFooters: true,
    styles: STYLES,
    features: doc.revision ? { trackRevisions: false } : undefined,
    sections: [section],
  })
}

/** The .docx bytes: docx writes the package, postProcess removes what it cannot leave out. */
export async function renderDocx(doc: ExportDoc, opts: DocxOptions = {}): Promise<Uint8Array> {
  const bytes = new Uint8Array(await Packer.toArrayBuffer(buildDocument(doc, opts)))
  return postProcess(bytes)
}
