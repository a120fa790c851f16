import { z } from 'zod'
import { KNOWLEDGE_WRITERS, requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { sha256Hex } from '../core/ids'
import { parseInput } from '../core/validation'
import { GENRES, SENSITIVITIES } from '../db/schema'
import { contentTypeFor, originalKey, putFile } from '../storage/files'
import { createFindingOrSkip } from './findings'
import { extensionOf, guessGenre, isGenre, parseUpload, type ParsedDoc } from './parsers'
import type { Recognised } from './readers/official'
import { createPrecedentOrSkip } from './precedents'
import { LIMITS } from './schemas'
import { assertUnclassified, findClassificationMark } from './screening'

export const IMPORT_LIMITS = { files: 50, fileBytes: 20 * 1024 * 1024, findingsPerBatch: 200 } as const

export interface ImportItem {
  file: string
  line?: number
  id?: string
  title?: string
  reason?: string
  duplicateOf?: string
  /** PDF, OFD, web pages: title, date, 发文字号 … as recognised, the paragraphs read, the parts not read. */
  recognised?: Recognised
  paragraphs?: number
  unread?: string[]
}
export interface ImportReport {
  imported: ImportItem[]
  skipped: ImportItem[]
  refused: ImportItem[]
  summary: { files: number; imported: number; skipped: number; refused: number }
}

export const importOptions = z.object({
  genre: z.enum(GENRES).optional(),
  sensitivity: z.enum(SENSITIVITIES).default('internal'),
  tags: z.array(z.string().trim().min(1).max(LIMITS.tag)).max(LIMITS.tags).default([]),
})

const readInfo = (doc: ParsedDoc) =>
  doc.info ? { recognised: doc.info.recognised, paragraphs: doc.info.paragraphs, unread: doc.info.unread } : {}

export interface UploadedFile {
  name: string
  bytes: ArrayBuffer
}

function reasonOf(e: unknown): string {
  if (e instanceof AppError) {
    const issues = (e.details as { issues?: { path: string; message: string }[] } | undefined)?.issues
    return issues?.length ? `${e.message}（${issues.map((i) => `${i.path}: ${i.message}`).join('；')}）` : e.message
  }
  throw e
}

/**
 * Imports precedents from uploaded files. Each file and each JSONL line stands alone: what cannot
 * be parsed or validated is reported by file and line with the reason, the rest is stored; the
 * same content is skipped (content hash); every original is kept in R2.
 */
export async function importPrecedents(ctx: Ctx, files: UploadedFile[], options: unknown): Promise<ImportReport> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  const opts = parseInput(importOptions, options, '导入选项')
  if (!files.length) throw new AppError('VALIDATION', '请至少上传一个文件（字段名 files）')
  if (files.length > IMPORT_LIMITS.files) {
    throw new AppError('VALIDATION', `一次最多导入 ${IMPORT_LIMITS.files} 个文件，本次 ${files.length} 个`)
  }
  const report: ImportReport = {
    imported: [],
    skipped: [],
    refused: [],
    summary: { files: files.length, imported: 0, skipped: 0, refused: 0 },
  }
  for (const file of files) {
    if (file.bytes.byteLength > IMPORT_LIMITS.fileBytes) {
      report.refused.push({ file: file.name, reason: `文件超过 ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB` })
      continue
    }
    const parsed = await parseUpload(file.name, file.bytes)
    for (const r of parsed.refused) report.refused.push({ file: file.name, line: r.line, reason: r.reason })
    if (!parsed.docs.length) continue
    // 涉密不上网: a file bearing a 密级 mark anywhere is never kept, not even as the original of
    // its unmarked documents (those are imported without one).
    const keepOriginal = findClassificationMark(parsed.text ?? '') === null
    const key = originalKey(ctx.actor.officeId, await sha256Hex(file.bytes), file.name)
    // The same bytes map to the same key: an original already kept for an earlier import stays.
    const preexisting = keepOriginal && (await ctx.env.FILES.head(key)) !== null
    let stored = !keepOriginal || preexisting
    let createdFromFile = 0
    for (const doc of parsed.docs) {
      const f = doc.fields
      try {
        // Before the genre: a marked document is refused for its mark, whatever else is wrong.
        assertUnclassified(`${String(f.title ?? '')}\n${String(f.body ?? '')}`, '范文')
      } catch (e) {
        report.refused.push({ file: file.name, line: doc.line, title: String(f.title ?? ''), reason: reasonOf(e) })
        continue
      }
      const genre = isGenre(f.genre) ? f.genre : (opts.genre ?? guessGenre(String(f.title ?? '')))
      if (!genre) {
        report.refused.push({
          file: file.name,
          line: doc.line,
          title: String(f.title ?? ''),
          reason: `无法从标题判断文种，请指定文种（--genre，可选：${GENRES.join('、')}）`,
        })
        continue
      }
      const input = {
        ...Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== null)),
        genre,
        tags: Array.isArray(f.tags) ? f.tags : opts.tags,
        sensitivity: opts.sensitivity,
      }
      try {
        if (keepOriginal && !stored) {
          await putFile(ctx.env.FILES, key, file.bytes, contentTypeFor(extensionOf(file.name)))
          stored = true
        }
        const result = await createPrecedentOrSkip(ctx, input, keepOriginal ? { key, name: file.name } : undefined)
        if (result.created) {
          createdFromFile++
          report.imported.push({ file: file.name, line: doc.line, id: result.item.id, title: result.item.title, ...readInfo(doc) })
        } else {
          report.skipped.push({
            file: file.name,
            line: doc.line,
            title: String(f.title),
            reason: '内容与已有范文相同',
            duplicateOf: result.duplicateOf,
          })
        }
      } catch (e) {
        report.refused.push({ file: file.name, line: doc.line, title: String(f.title ?? ''), reason: reasonOf(e) })
      }
    }
    // Nothing of this file was kept: neither is its original.
    if (keepOriginal && !preexisting && stored && createdFromFile === 0) await ctx.env.FILES.delete(key)
  }
  report.summary.imported = report.imported.length
  report.summary.skipped = report.skipped.length
  report.summary.refused = report.refused.length
  return report
}

const findingBatch = z.object({ items: z.array(z.unknown()).min(1).max(IMPORT_LIMITS.findingsPerBatch) })

/** Adds many findings; each item stands alone, as in importPrecedents. */
export async function importFindings(ctx: Ctx, input: unknown): Promise<ImportReport> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  const { items } = parseInput(findingBatch, input, '批量调研发现')
  const report: ImportReport = {
    imported: [],
    skipped: [],
    refused: [],
    summary: { files: 0, imported: 0, skipped: 0, refused: 0 },
  }
  for (const [i, item] of items.entries()) {
    const where = { file: 'items', line: i + 1 }
    try {
      const result = await createFindingOrSkip(ctx, item)
      if (result.created) report.imported.push({ ...where, id: result.item.id, title: result.item.title })
      else report.skipped.push({ ...where, reason: '内容与已有调研发现相同', duplicateOf: result.duplicateOf })
    } catch (e) {
      report.refused.push({ ...where, reason: reasonOf(e) })
    }
  }
  report.summary.imported = report.imported.length
  report.summary.skipped = report.skipped.length
  report.summary.refused = report.refused.length
  return report
}

