/**
 * Uploaded files → precedent candidates. .docx through mammoth (headings and paragraphs become
 * Markdown), .md and .txt as they are (hard-wrapped text rejoined into paragraphs), JSONL one
 * object per line, read line by line as the importer asks for them (a 20 MB file's documents are
 * never all held), PDF / OFD / saved web pages through readers/. Parsers never throw for a bad
 * file: they return refusals with the file, the line and the reason (in Chinese), so the rest
 * still imports.
 */
import mammoth from 'mammoth'
import { concatBytes } from '../core/bytes'
import { groupLines, joiner, layoutOfText } from '../core/paragraphs'
import { GENRES, type Genre } from '../db/schema'
import { ReadError, readOfd, readPdf, readWebPage, type ReadDocument, type ReadInfo } from './readers/documents'
import { findClassificationMark } from './screening'

export interface ParsedDoc {
  line?: number
  fields: Record<string, unknown>
  /** For PDF, OFD and web pages: what was recognised and what could not be read. */
  info?: ReadInfo
}
export interface ParseRefusal {
  line?: number
  reason: string
}
interface ParseResult {
  docs: ParsedDoc[]
  refused: ParseRefusal[]
  /** The whole file as read, so that all of it is screened (not only what parsed). */
  text?: string
}
/** What parseUpload hands the importer. */
export interface ParsedUpload {
  /** Documents and refusals in the order of the file; a JSONL file's are parsed as they are taken. */
  items: Iterable<ParsedDoc | ParseRefusal>
  /** A 密级 mark anywhere in the file, not only in what parsed. */
  marked: boolean
}

export const IMPORT_EXTENSIONS = ['.docx', '.pdf', '.ofd', '.html', '.htm', '.md', '.markdown', '.txt', '.jsonl'] as const

/** Binary Word and WPS files: no library reads them reliably inside a Worker. */
const OLD_BINARY: Record<string, string> = {
  '.doc': '不支持旧版 Word 文档（.doc），请在 Word 或 WPS 中“另存为” .docx 后再导入',
  '.wps': '不支持 WPS 文字的 .wps 格式，请在 WPS 中“另存为” .docx 后再导入',
  '.et': '不支持 WPS 表格文件，请导入 .docx、PDF 或 OFD 文稿',
  '.xls': '不支持表格文件，请导入 .docx、PDF 或 OFD 文稿',
  '.xlsx': '不支持表格文件，请导入 .docx、PDF 或 OFD 文稿',
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' }
const decodeEntities = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
    return ENTITIES[e] ?? m
  })
const stripTags = (s: string) => decodeEntities(s.replace(/<[^>]+>/g, '')).trim()

/** mammoth's HTML (flat: h1–h6, p, ul/ol/li, table) → Markdown. */
export function htmlToMarkdown(html: string): string {
  const blocks: string[] = []
  const re = /<(h[1-6]|p|li|tr)\b[^>]*>([\s\S]*?)<\/\1>/gi
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const tag = m[1]!.toLowerCase()
    const inner = m[2]!
    if (tag === 'tr') {
      const cells = [...inner.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) => stripTags(c[1]!))
      if (cells.some(Boolean)) blocks.push(cells.join(' | '))
      continue
    }
    const text = stripTags(inner)
    if (!text) continue
    if (tag[0] === 'h') blocks.push(`${'#'.repeat(Number(tag[1]))} ${text}`)
    else if (tag === 'li') blocks.push(`- ${text}`)
    else blocks.push(text)
  }
  return blocks.join('\n\n')
}

const GENRE_HINTS: [RegExp, Genre][] = [
  [/讲话|致辞|发言/, '讲话稿'],
  [/调研报告|调查报告|调研/, '调研报告'],
  [/督查通报|督查情况的通报/, '督查通报'],
  [/专报/, '专报'],
  [/简报/, '简报'],
  [/政务信息|信息$/, '政务信息'],
  [/决议$/, '决议'],
  [/决定$/, '决定'],
  [/命令$|令$/, '命令'],
  [/公报$/, '公报'],
  [/公告$/, '公告'],
  [/通告$/, '通告'],
  [/意见$/, '意见'],
  [/通知$/, '通知'],
  [/通报$/, '通报'],
  [/请示$/, '请示'],
  [/批复$/, '批复'],
  [/议案$/, '议案'],
  [/函$/, '函'],
  [/纪要$/, '纪要'],
  [/报告$/, '报告'],
]

/** The genre a title implies (关于……的通知 → 通知), or null. */
export function guessGenre(title: string): Genre | null {
  const t = title.replace(/[（(][^）)]*[）)]$/, '').trim()
  for (const [re, genre] of GENRE_HINTS) if (re.test(t)) return genre
  return null
}

const DOC_NUMBER = /[\p{Script=Han}]{1,12}〔(\d{4})〕\d{1,5}号/u
const CN_DATE = /(\d{4})年(\d{1,2})月(\d{1,2})日/

/** The 成文日期 near the end of a document, as YYYY-MM-DD. */
function trailingDate(body: string): string | null {
  const tail = body.split('\n').filter((l) => l.trim()).slice(-4)
  for (const line of tail.reverse()) {
    const m = CN_DATE.exec(line.trim())
    if (m && line.trim().length <= 16) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  }
  return null
}

function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')
}

/** Title, 发文字号 and date read from a document's own text, filled in where the text shows them. */
function describeText(body: string, fileName: string): Record<string, unknown> {
  // Lines are trimmed but blank lines stay: they separate Markdown paragraphs.
  const text = body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  const lines = text.split('\n').filter(Boolean)
  const first = (lines[0] ?? '').replace(/^#+\s*/, '')
  const title = first && [...first].length <= 60 && !/[。；]$/.test(first) ? first : baseName(fileName)
  const rest = first === title ? text.replace(/^[^\n]*/, '') : text
  const head = lines.slice(0, 6).join('\n')
  return {
    title,
    body: rest.trim() || text,
    docNumber: DOC_NUMBER.exec(head)?.[0] ?? undefined,
    date: trailingDate(body) ?? undefined,
  }
}

async function parseDocx(bytes: ArrayBuffer, fileName: string): Promise<ParseResult> {
  try {
    // Vitest (Node build) reads `buffer`, wrangler's bundle (browser build) reads `arrayBuffer`.
    const input = { arrayBuffer: bytes, buffer: new Uint8Array(bytes) } as unknown as { arrayBuffer: ArrayBuffer }
    const { value } = await mammoth.convertToHtml(input)
    const md = htmlToMarkdown(value)
    if (!md.trim()) return { docs: [], refused: [{ reason: '文档中没有可读取的文字' }] }
    return { docs: [{ fields: describeText(md, fileName) }], refused: [], text: md }
  } catch {
    // mammoth's messages ("Corrupted zip: can't find end of central directory", "Could not find
    // file in options") are for programmers; what a person can act on is this.
    return { docs: [], refused: [{ reason: '文件已损坏，或不是 .docx 文件（如是旧版 .doc，请另存为 .docx）' }] }
  }
}

/** Hard-wrapped plain text (copied out of a PDF, an e-mail) → one paragraph per line; other text as it is. */
export function rejoinPlainText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const layout = layoutOfText(lines)
  if (!layout) return text
  return groupLines(layout)
    .map((idx) => idx.reduce((acc, i) => {
      const t = lines[i]!.trim()
      return acc ? acc + joiner(acc, t) + t : t
    }, ''))
    .join('\n\n')
}

function fromReader(doc: ReadDocument, fileName: string): ParseResult {
  const f = doc.fields
  return {
    docs: [
      {
        fields: { title: doc.title || baseName(fileName), body: doc.body, docNumber: f.docNumber, date: f.date, issuer: f.issuer },
        info: doc.info,
      },
    ],
    refused: [],
    text: `${doc.title ?? ''}\n${doc.body}`,
  }
}

async function readWith(read: () => Promise<ReadDocument> | ReadDocument, fileName: string, what: string): Promise<ParseResult> {
  try {
    return fromReader(await read(), fileName)
  } catch (e) {
    if (e instanceof ReadError) return { docs: [], refused: [{ reason: e.message }] }
    return { docs: [], refused: [{ reason: `文件已损坏，或不是 ${what} 文件` }] }
  }
}

/**
 * The lines of a UTF-8 file given in pieces, decoded one at a time: a line is joined only when it
 * spans pieces (a newline byte never occurs inside a UTF-8 sequence, so lines split cleanly).
 */
function* utf8Lines(pieces: readonly Uint8Array[]): Generator<{ line: number; text: string }> {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })
  let pending: Uint8Array[] = []
  let line = 0
  const take = (last: Uint8Array) => {
    const text = decoder.decode(pending.length ? concatBytes([...pending, last]) : last)
    pending = []
    line++
    return { line, text: line === 1 ? text.replace(/^\uFEFF/, '') : text }
  }
  for (const piece of pieces) {
    let start = 0
    for (let nl = piece.indexOf(0x0a); nl !== -1; nl = piece.indexOf(0x0a, start)) {
      yield take(piece.subarray(start, nl))
      start = nl + 1
    }
    if (start < piece.length) pending.push(piece.subarray(start))
  }
  yield take(new Uint8Array(0))
}

function parseJsonlLine(raw: string, line: number): ParsedDoc | ParseRefusal | null {
  if (!raw.trim()) return null
  let obj: unknown
  try {
    obj = JSON.parse(raw)
  } catch {
    return { line, reason: '不是有效的 JSON' }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return { line, reason: '每行应为一个 JSON 对象' }
  const o = obj as Record<string, unknown>
  const body = o.body ?? o.content
  if (typeof o.title !== 'string' || typeof body !== 'string') return { line, reason: '缺少 title 或 body/content 字段' }
  const year = typeof o.year === 'number' || typeof o.year === 'string' ? String(o.year) : null
  return {
    line,
    fields: {
      title: o.title,
      body,
      genre: o.genre,
      date: o.date ?? (year && /^\d{4}$/.test(year) ? `${year}-01-01` : undefined),
      issuer: o.issuer,
      docNumber: o.docNumber,
      speaker: o.speaker,
      occasion: o.occasion,
      tags: o.tags,
    },
  }
}

/** A JSONL file, screened line by line first, then parsed line by line as its documents are taken. */
function parseJsonl(pieces: readonly Uint8Array[]): ParsedUpload {
  let marked = false
  for (const { text } of utf8Lines(pieces)) {
    if (findClassificationMark(text) !== null) {
      marked = true
      break
    }
  }
  function* items() {
    for (const { line, text } of utf8Lines(pieces)) {
      const item = parseJsonlLine(text, line)
      if (item) yield item
    }
  }
  return { items: items(), marked }
}

export function extensionOf(name: string): string {
  const m = /\.[^.\\/]+$/.exec(name.toLowerCase())
  return m ? m[0] : ''
}

/** Parses one uploaded file; an unsupported type is one refusal. */
export async function parseUpload(fileName: string, pieces: readonly Uint8Array[]): Promise<ParsedUpload> {
  if (extensionOf(fileName) === '.jsonl') return parseJsonl(pieces)
  const { docs, refused, text } = await parseWhole(fileName, concatBytes(pieces))
  return { items: [...refused, ...docs], marked: findClassificationMark(text ?? '') !== null }
}

/** A file that is one document: read whole. */
async function parseWhole(fileName: string, view: Uint8Array): Promise<ParseResult> {
  const ext = extensionOf(fileName)
  const bytes = exactBuffer(view)
  switch (ext) {
    case '.docx':
      return parseDocx(bytes, fileName)
    case '.pdf':
      return readWith(() => readPdf(bytes), fileName, 'PDF')
    case '.ofd':
      return readWith(() => readOfd(bytes), fileName, 'OFD')
    case '.html':
    case '.htm':
      return readWith(() => readWebPage(bytes), fileName, '网页（HTML）')
    case '.md':
    case '.markdown':
    case '.txt': {
      const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes).replace(/^\uFEFF/, '')
      if (!text.trim()) return { docs: [], refused: [{ reason: '文件为空' }] }
      if (text.includes('\uFFFD')) return { docs: [], refused: [{ reason: '文件不是 UTF-8 编码，请另存为 UTF-8 后再导入' }] }
      return { docs: [{ fields: describeText(ext === '.txt' ? rejoinPlainText(text) : text, fileName) }], refused: [], text }
    }
    default:
      if (OLD_BINARY[ext]) return { docs: [], refused: [{ reason: OLD_BINARY[ext] }] }
      return { docs: [], refused: [{ reason: `不支持的文件类型“${ext || '无扩展名'}”，支持 ${IMPORT_EXTENSIONS.join('、')}` }] }
  }
}

/** The view's bytes as an ArrayBuffer of exactly their length (the readers take an ArrayBuffer). */
const exactBuffer = (view: Uint8Array): ArrayBuffer =>
  view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? (view.buffer as ArrayBuffer) : (view.slice().buffer as ArrayBuffer)

export const isGenre = (g: unknown): g is Genre => typeof g === 'string' && (GENRES as readonly string[]).includes(g)
