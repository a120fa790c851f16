/**
 * The import's multipart/form-data body, read from the request stream part by part
 * (@remix-run/multipart-parser) instead of `Request.formData()`. formData() has workerd hold every
 * part of the form and hands each file out as one more copy; here each part is kept as views of the
 * body's bytes (copied once into blocks, see Blocks), and no other copy is made of a JSONL file.
 *
 * The whole form is read before anything is imported: the options (genre, sensitivity, tags) may
 * follow the files — the CLI and browsers send them last — and a sensitivity that applied only to
 * the files after it could let 敏感 material in as 内部; the 50-file limit is also checked before
 * the first write. A part that will not be imported (past the file limit, or over the per-file
 * size) is counted and dropped at once.
 */
import { getMultipartBoundary, MultipartParseError, MultipartParser } from '@remix-run/multipart-parser'
import { HTTPException } from 'hono/http-exception'
import { AppError } from '../core/errors'
import type { UploadedFile } from '../knowledge'
import { payloadTooLarge } from './middleware'

export interface UploadLimits {
  /** The body limit; a body without Content-Length is counted against it here (bodyLimit lets it through). */
  maxBytes: number
  maxFiles: number
  fileBytes: number
}

export interface MultipartUpload {
  /** Every file part in order; one past `maxFiles` or over `fileBytes` keeps its name and size, not its bytes. */
  files: UploadedFile[]
  /** The first value of each text field. */
  fields: Record<string, string>
}

const FILE_FIELDS = new Set(['files', 'file'])

/** Reads a multipart/form-data request: 400/415 (in Chinese, see api/errors.ts) for anything else. */
export async function readMultipartUpload(req: Request, limits: UploadLimits): Promise<MultipartUpload> {
  const type = req.headers.get('content-type') ?? ''
  // 415 → "导入接口须以 multipart/form-data 上传文件…，收到的是 …" (api/errors.ts bodyAdvice).
  if (!/^multipart\/form-data\b/i.test(type)) throw new HTTPException(415)
  const boundary = getMultipartBoundary(type)
  if (!boundary || !req.body) throw new HTTPException(400)

  const parser = new MultipartParser(boundary, { maxFileSize: limits.maxBytes, maxTotalSize: limits.maxBytes })
  const upload: MultipartUpload = { files: [], fields: {} }
  const blocks = new Blocks()
  const reader = req.body.getReader()
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limits.maxBytes) {
        await reader.cancel()
        throw payloadTooLarge(limits.maxBytes)
      }
      for (const piece of blocks.place(value)) for (const part of parser.write(piece)) take(part, upload, limits)
    }
    parser.finish()
  } catch (e) {
    if (e instanceof AppError || e instanceof HTTPException) throw e
    // A malformed body (MultipartParseError), or part headers that are not UTF-8 (TypeError).
    if (e instanceof MultipartParseError || e instanceof TypeError) throw new HTTPException(400)
    throw e
  } finally {
    reader.releaseLock()
  }
  return upload
}

/**
 * The body copied into blocks of 256 KB as it arrives: the parts the parser hands out are views of
 * the blocks, so holding them holds their bytes and little more. workerd hands a chunked body over
 * in pieces of about 2 KB, each in a buffer of 4 KB of its own (measured): kept as they came, a
 * chunked upload would hold twice its size.
 */
class Blocks {
  static readonly SIZE = 256 * 1024
  private block = new Uint8Array(Blocks.SIZE)
  private used = 0

  /** `chunk`'s bytes as views of the blocks (two when it crosses into a new block). */
  public *place(chunk: Uint8Array): Generator<Uint8Array> {
    for (let at = 0; at < chunk.length; ) {
      if (this.used === this.block.length) {
        this.block = new Uint8Array(Blocks.SIZE)
        this.used = 0
      }
      const n = Math.min(chunk.length - at, this.block.length - this.used)
      this.block.set(chunk.subarray(at, at + n), this.used)
      yield this.block.subarray(this.used, this.used + n)
      this.used += n
      at += n
    }
  }
}

type Part = ReturnType<MultipartParser['write']> extends Generator<infer P> ? P : never

function take(part: Part, upload: MultipartUpload, limits: UploadLimits): void {
  const name = part.name ?? ''
  if (FILE_FIELDS.has(name)) {
    if (!part.isFile) throw new AppError('VALIDATION', '字段 files 应为文件')
    const keep = upload.files.length < limits.maxFiles && part.size <= limits.fileBytes
    // `content` is the parser's list of pieces of this part; it starts a new list for the next one.
    upload.files.push({ name: part.filename || 'upload', size: part.size, chunks: keep ? part.content : [] })
    return
  }
  if (part.isText && name && !(name in upload.fields)) upload.fields[name] = part.text
}
