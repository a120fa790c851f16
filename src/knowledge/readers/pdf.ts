/**
 * PDF with a text layer, read in the Worker by unpdf (Mozilla's pdf.js built for serverless
 * runtimes): each page's text runs with their positions go to layout.ts. A PDF without any text
 * is a scan and needs OCR first; it is refused rather than imported empty.
 */
import { getDocumentProxy } from 'unpdf'
import type { PageRuns } from './layout'

export const PDF_LIMITS = { pages: 500 } as const

export class ReadError extends Error {}

interface PdfTextItem {
  str: string
  transform: number[]
  width: number
  height: number
}

/** The pages' runs, top-down coordinates. Throws ReadError with a message for people. */
export async function readPdfRuns(bytes: ArrayBuffer): Promise<PageRuns[]> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>
  try {
    // verbosity 0: pdf.js's warnings ("Indexing all PDF objects") are not for the log
    pdf = await getDocumentProxy(new Uint8Array(bytes.slice(0)), { verbosity: 0 })
  } catch (e) {
    const name = (e as { name?: string })?.name
    if (name === 'PasswordException') throw new ReadError('PDF 文件设有密码，请先解除密码保护后再导入')
    throw new ReadError('文件已损坏，或不是 PDF 文件')
  }
  try {
    if (pdf.numPages > PDF_LIMITS.pages) throw new ReadError(`PDF 超过 ${PDF_LIMITS.pages} 页（本文件 ${pdf.numPages} 页），请拆分后导入`)
    const pages: PageRuns[] = []
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p)
      const { width, height } = page.getViewport({ scale: 1 })
      const content = await page.getTextContent()
      const runs = (content.items as PdfTextItem[])
        .filter((it) => typeof it.str === 'string' && it.str.trim())
        .map((it) => {
          const size = Math.hypot(it.transform[0]!, it.transform[1]!) || it.height || 12
          return { text: it.str, x: it.transform[4]!, y: height - it.transform[5]!, width: it.width, size }
        })
      pages.push({ runs, width, height })
      page.cleanup()
    }
    return pages
  } catch (e) {
    if (e instanceof ReadError) throw e
    throw new ReadError('PDF 文件部分内容无法读取，文件可能已损坏')
  } finally {
    await pdf.cleanup()
  }
}
