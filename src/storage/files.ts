import { streamOf } from '../core/bytes'
/** Originals and exports in R2, keyed under the office so that no key crosses offices. */
export function originalKey(officeId: string, contentHash: string, fileName: string): string {
  const safe = fileName.replace(/^.*[\\/]/, '').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 120)
  return `offices/${officeId}/originals/${contentHash}/${safe}`
}

const CONTENT_TYPES: Record<string, string> = {
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.md': 'text/markdown; charset=utf-8',
  '.markdown': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.jsonl': 'application/jsonl; charset=utf-8',
  '.pdf': 'application/pdf',
  '.ofd': 'application/ofd',
  '.html': 'text/html',
  '.htm': 'text/html',
}

export function contentTypeFor(ext: string): string {
  return CONTENT_TYPES[ext] ?? 'application/octet-stream'
}

/** Stores a file given as the pieces it arrived in, streamed to R2 (no joined copy of it). */
export async function putFile(bucket: R2Bucket, key: string, pieces: readonly Uint8Array[], contentType: string): Promise<void> {
  const { stream, written } = streamOf(pieces)
  await Promise.all([bucket.put(key, stream, { httpMetadata: { contentType } }), written])
}

export async function getFile(bucket: R2Bucket, key: string): Promise<R2ObjectBody | null> {
  return bucket.get(key)
}
