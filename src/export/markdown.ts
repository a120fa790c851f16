/**
 * Markdown as written: the title, 主送机关, the body in its own Markdown (headings as `##`/`###`
 * where the source used them), 附件 and 署名. Citation markers only when asked for: a file that
 * leaves Wenfu carries none by default.
 */
import { stripCitations } from './body'
import { attachmentList, printedDate } from './fields'
import { layoutOf } from './layout'
import type { ExportFields } from './model'

export interface MarkdownSource {
  genre: string
  title: string
  fields: ExportFields
  /** The body as written (sections' headings and texts, or a request's body). */
  body: string
  mark?: string | null
}

export function renderMarkdown(src: MarkdownSource, { citations = false } = {}): string {
  const f = src.fields
  const out: string[] = []
  if (src.mark) out.push(src.mark, '')
  out.push(`# ${src.title}`, '')
  const gongwen = layoutOf(src.genre) === 'gongwen'
  if (gongwen && f.docNumber) out.push(f.docNumber, '')
  if (gongwen && f.recipients) out.push(`${f.recipients.replace(/[：:]\s*$/, '')}：`, '')
  out.push((citations ? src.body : stripCitations(src.body)).trim(), '')
  const items = attachmentList(f.attachments)
  if (gongwen && items.length) out.push(`附件：${items.map((n, i) => (items.length > 1 ? `${i + 1}.${n}` : n)).join('\n　　　')}`, '')
  const date = printedDate(f.date)
  if (gongwen && (f.issuer || date)) out.push([f.issuer, date].filter(Boolean).join('  \n'), '')
  if (gongwen && f.note) out.push(`（${f.note.replace(/^[（(]|[)）]$/g, '')}）`, '')
  return out.join('\n').replace(/\n{3,}/g, '\n\n')
}
