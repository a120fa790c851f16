/**
 * OFD (GB/T 33190-2016), the format of the electronic 公文 systems: a zip (read with fflate) whose
 * OFD.xml names each document's Document.xml, which lists its pages' Content.xml. Each TextObject
 * has a Boundary (x y w h, millimetres, y downwards) and TextCode runs placed at X/Y inside it,
 * with DeltaX giving the advance of each character; layout.ts puts them into lines and paragraphs.
 * Workers have no DOMParser: the few elements needed are read with regular expressions.
 */
import { unzipSync } from 'fflate'
import type { PageRuns, TextRun } from './layout'
import { ReadError } from './pdf'

export const OFD_LIMITS = { xmlBytes: 64 * 1024 * 1024 } as const

const decoder = new TextDecoder()

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]
const entity = (s: string) =>
  s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&(#\d+|#x[0-9a-f]+|lt|gt|amp|quot|apos);/gi, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()] ?? m,
    )

/** DeltaX "g 3 10.5 2" (OFD's run-length form) → the advances it stands for. */
function deltas(spec: string | undefined): number[] {
  if (!spec) return []
  const parts = spec.trim().split(/\s+/)
  const out: number[] = []
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 'g') {
      const n = Number(parts[i + 1])
      const d = Number(parts[i + 2])
      for (let k = 0; k < n; k++) out.push(d)
      i += 2
    } else out.push(Number(parts[i]))
  }
  return out.filter(Number.isFinite)
}

const nums = (s: string | undefined) => (s ?? '').trim().split(/\s+/).map(Number)

function pageRuns(xml: string): TextRun[] {
  const runs: TextRun[] = []
  for (const obj of xml.matchAll(/<(?:ofd:)?TextObject\b([^>]*)>([\s\S]*?)<\/(?:ofd:)?TextObject>/g)) {
    const [bx = 0, by = 0] = nums(attr(obj[1]!, 'Boundary'))
    const size = Number(attr(obj[1]!, 'Size')) || 3.5
    for (const code of obj[2]!.matchAll(/<(?:ofd:)?TextCode\b([^>]*)>([\s\S]*?)<\/(?:ofd:)?TextCode>/g)) {
      const text = entity(code[2]!)
      if (!text.trim()) continue
      const dx = deltas(attr(code[1]!, 'DeltaX'))
      const chars = [...text].length
      const advance = dx.slice(0, chars - 1).reduce((a, b) => a + b, 0) + size
      const width = dx.length ? advance : chars * size
      runs.push({ text, x: bx + (Number(attr(code[1]!, 'X')) || 0), y: by + (Number(attr(code[1]!, 'Y')) || 0), width, size })
    }
  }
  return runs
}

const resolve = (base: string, loc: string) => {
  if (loc.startsWith('/')) return loc.slice(1)
  const parts = base.split('/').slice(0, -1)
  for (const seg of loc.split('/')) {
    if (seg === '..') parts.pop()
    else if (seg !== '.' && seg) parts.push(seg)
  }
  return parts.join('/')
}

/** The pages' runs, in the order the document lists its pages. Throws ReadError for people. */
export function readOfdRuns(bytes: ArrayBuffer): PageRuns[] {
  let files: Record<string, Uint8Array>
  // Only the XML parts are inflated (fonts and images are not read), and no more of them than an
  // isolate's memory allows: a zip can claim any size once inflated.
  let inflated = 0
  let tooBig = false
  try {
    files = unzipSync(new Uint8Array(bytes), {
      filter: (f) => {
        if (!/\.xml$/i.test(f.name)) return false
        inflated += f.originalSize
        if (inflated > OFD_LIMITS.xmlBytes) tooBig = true
        return !tooBig
      },
    })
  } catch {
    throw new ReadError('文件已损坏，或不是 OFD 文件')
  }
  if (tooBig) throw new ReadError(`OFD 文件的文字内容超过 ${OFD_LIMITS.xmlBytes / 1024 / 1024} MB，请拆分后导入`)
  const read = (path: string) => {
    const key = Object.keys(files).find((k) => k.toLowerCase() === path.toLowerCase())
    return key ? decoder.decode(files[key]) : undefined
  }
  const root = read('OFD.xml')
  const docRoot = root && /<(?:ofd:)?DocRoot>\s*([^<\s]+)\s*</.exec(root)?.[1]
  const docPath = docRoot ? resolve('OFD.xml', docRoot) : undefined
  const doc = docPath ? read(docPath) : undefined
  if (!doc || !docPath) throw new ReadError('文件已损坏，或不是 OFD 文件（缺少 OFD.xml 或文档描述）')
  const physical = /<(?:ofd:)?PhysicalBox>([^<]+)</.exec(doc)?.[1]
  const [, , width = 210, height = 297] = nums(physical)
  const pages: PageRuns[] = []
  for (const p of doc.matchAll(/<(?:ofd:)?Page\b([^>]*)\/?>/g)) {
    const loc = attr(p[1]!, 'BaseLoc')
    if (!loc) continue
    const xml = read(resolve(docPath, loc))
    pages.push({ runs: xml ? pageRuns(xml) : [], width, height })
  }
  if (!pages.length) throw new ReadError('OFD 文件中没有页面')
  return pages
}
