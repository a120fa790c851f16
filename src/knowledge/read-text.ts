/**
 * The plain text of one document, for 审校 of a file a person opens (not an import: nothing is
 * stored). The importer's readers do the reading; Markdown heading marks the .docx reader adds go.
 */
import { AppError } from '../core/errors'
import { parseUpload, type ParsedDoc, type ParseRefusal } from './parsers'

export const READ_TEXT_EXTENSIONS = ['.docx', '.pdf', '.ofd', '.md', '.txt'] as const

export async function readDocumentText(fileName: string, bytes: ArrayBuffer): Promise<{ title: string; text: string }> {
  const items = [...(await parseUpload(fileName, [new Uint8Array(bytes)])).items]
  const doc = items.find((i): i is ParsedDoc => 'fields' in i)
  const refusal = items.find((i): i is ParseRefusal => 'reason' in i)
  if (!doc) throw new AppError('VALIDATION', refusal?.reason ?? '文件中没有可读的文字')
  const title = typeof doc.fields.title === 'string' ? doc.fields.title : ''
  const body = typeof doc.fields.body === 'string' ? doc.fields.body : ''
  const text = body.replace(/^#{1,6}\s+/gm, '').trim()
  if (!text) throw new AppError('VALIDATION', '文件中没有可读的文字')
  return { title, text: title && !text.startsWith(title) ? `${title}\n${text}` : text }
}
