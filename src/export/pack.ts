/**
 * 送审包: the document, its 事实依据表 and 审校报告 as .docx, and manifest.json with the version and
 * content hash of what was packed and the approvals bound to it, so that what a reviewer signs off
 * can be matched to what was exported. Zipped with fflate (UTF-8 names).
 */
import { strToU8, zipSync, type Zippable } from 'fflate'
import { sha256Hex } from '../core/ids'

export interface PackFile {
  name: string
  bytes: Uint8Array
}

export interface PackManifest {
  [k: string]: unknown
  files?: { name: string; bytes: number; sha256: string }[]
}

export async function buildPack(files: PackFile[], manifest: PackManifest): Promise<Uint8Array> {
  const listed = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: f.bytes.length, sha256: await sha256Hex(f.bytes) })))
  const zip: Zippable = {}
  for (const f of files) zip[f.name] = [f.bytes, { level: 6 }]
  zip['manifest.json'] = [strToU8(JSON.stringify({ ...manifest, files: listed }, null, 2)), { level: 6 }]
  return zipSync(zip)
}
