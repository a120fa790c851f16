/**
 * PDF, OFD and web pages → precedent candidates, with what was recognised and what could not be
 * read, so that the import report can say so per file.
 */
import { paragraphsFromRuns, type LaidParagraph, type PageRuns } from './layout'
import { readHtml } from './html'
import { readOfdRuns } from './ofd'
import { recogniseOfficial, type Recognised } from './official'
import { ReadError, readPdfRuns } from './pdf'

/** What the import report shows for a file read by one of these readers. */
export interface ReadInfo {
  format: 'pdf' | 'ofd' | 'html'
  pages?: number
  paragraphs: number
  recognised: Recognised
  /** Parts not read, in words for people ("第 3 页没有文字层（可能是扫描图片），未读取"). */
  unread: string[]
}

export interface ReadDocument {
  title?: string
  body: string
  fields: Recognised
  info: ReadInfo
}

export { ReadError }

const MIN_TEXT = 20

function fromLaidOut(format: 'pdf' | 'ofd', pages: PageRuns[]): ReadDocument {
  const { paragraphs, emptyPages } = paragraphsFromRuns(pages)
  const chars = paragraphs.reduce((n, p) => n + p.text.replace(/\s/g, '').length, 0)
  if (chars < MIN_TEXT) {
    throw new ReadError(
      format === 'pdf'
        ? '这个 PDF 没有文字层（可能是扫描件或图片），请先做文字识别（OCR）再导入，或改用 .docx / 带文字的 PDF'
        : '这个 OFD 文件中没有可读取的文字（可能是扫描图片），请先做文字识别（OCR）再导入',
    )
  }
  const { fields, body } = recogniseOfficial(paragraphs)
  const unread: string[] = []
  if (emptyPages.length) {
    const list = emptyPages.length > 10 ? `${emptyPages.slice(0, 10).join('、')} 等 ${emptyPages.length} 页` : emptyPages.join('、')
    unread.push(`第 ${list} 页没有文字层（可能是扫描图片），未读取`)
  }
  return {
    title: fields.title,
    body: toMarkdown(body),
    fields,
    info: { format, pages: pages.length, paragraphs: body.length, recognised: fields, unread },
  }
}

/** Paragraphs separated by blank lines: the chunker and the checks see one paragraph per line. */
const toMarkdown = (paragraphs: LaidParagraph[]) => paragraphs.map((p) => p.text).join('\n\n')

export async function readPdf(bytes: ArrayBuffer): Promise<ReadDocument> {
  return fromLaidOut('pdf', await readPdfRuns(bytes))
}

export function readOfd(bytes: ArrayBuffer): ReadDocument {
  return fromLaidOut('ofd', readOfdRuns(bytes))
}

export async function readWebPage(bytes: ArrayBuffer): Promise<ReadDocument> {
  const a = await readHtml(bytes)
  const text = a.paragraphs.join('')
  if (text.replace(/\s/g, '').length < MIN_TEXT) throw new ReadError('网页中没有找到正文')
  // The article's top heading level becomes ## (the title is the precedent's own # level).
  const top = Math.min(...a.headings.values())
  const body = a.paragraphs.map((p, i) => {
    const level = a.headings.get(i)
    return level ? `${'#'.repeat(Math.min(6, level - top + 2))} ${p}` : p
  })
  // The article itself may carry a 公文's elements (a 通知 published on the portal).
  const official = recogniseOfficial(a.paragraphs.map((t) => ({ text: t, standalone: false, size: 0 }))).fields
  const fields: Recognised = { ...official, title: a.title ?? official.title, date: a.date ?? official.date }
  const unread = a.droppedChars > 0 ? [`网页中导航、页眉页脚、链接列表等约 ${a.droppedChars} 字不属于正文，未导入`] : []
  return {
    title: fields.title,
    body: body.join('\n\n'),
    fields,
    info: { format: 'html', paragraphs: body.length, recognised: fields, unread },
  }
}
