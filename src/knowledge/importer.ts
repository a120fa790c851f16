import { logLine } from '../core/log'
import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import { KNOWLEDGE_WRITERS, requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { sha256HexOfPieces } from '../core/ids'
import { parseInput } from '../core/validation'
import { GENRES, precedents, SENSITIVITIES } from '../db/schema'
import { contentTypeFor, originalKey, putFile } from '../storage/files'
import { createFindingOrSkip } from './findings'
import { extensionOf, guessGenre, isGenre, parseUpload, type ParsedDoc } from './parsers'
import type { Recognised } from './readers/official'
import { createPrecedentOrSkip } from './precedents'
import { LIMITS } from './schemas'
import { assertUnclassified } from './screening'

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

/** An uploaded file as the request stream delivered it (api/upload.ts). */
export interface UploadedFile {
  name: string
  size: number
  /**
   * Its bytes, in the pieces they arrived in. The importer empties the list when it reaches the
   * file, so that an upload holds less and less as it is imported. A JSONL file is read, hashed
   * and stored from the pieces; only a file that is one document (.docx, PDF …) is joined.
   */
  chunks: Uint8Array[]
}

/**
 * Why an item was not stored, for the report. A failure that is not the item's fault (D1, R2) is
 * logged with the request id and reported in general words: the item's batch left nothing behind.
 */
function reasonOf(ctx: Ctx, e: unknown, what = '保存失败（数据库出错），本条未导入，请稍后重试'): string {
  if (e instanceof AppError) {
    const issues = (e.details as { issues?: { path: string; message: string }[] } | undefined)?.issues
    return issues?.length ? `${e.message}（${issues.map((i) => `${i.path}: ${i.message}`).join('；')}）` : e.message
  }
  logLine(ctx.env, 'error', `[${ctx.requestId}] import item failed`, e)
  return `${what}（请求号 ${ctx.requestId}）`
}

/** Whether a precedent of the office still names this original: another import may share its bytes. */
async function originalInUse(ctx: Ctx, key: string): Promise<boolean> {
  const row = await ctx.db
    .select({ id: precedents.id })
    .from(precedents)
    .where(and(eq(precedents.officeId, ctx.actor.officeId), eq(precedents.fileKey, key)))
    .get()
  return row !== undefined
}

/**
 * Imports precedents from uploaded files. Each file and each JSONL line stands alone: what cannot
 * be parsed, validated or written is reported by file and line with the reason, the rest is stored;
 * the same content is skipped (content hash); every original is kept in R2. Each document is
 * written in one D1 batch (row, chunks, search rows, audit event), so it is stored whole or not at
 * all; an original is kept only while a stored document names it.
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
    if (file.size > IMPORT_LIMITS.fileBytes) {
      report.refused.push({ file: file.name, reason: `文件超过 ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB` })
      continue
    }
    const pieces = file.chunks.splice(0)
    let parsed: Awaited<ReturnType<typeof parseUpload>>
    try {
      parsed = await parseUpload(file.name, pieces)
    } catch (e) {
      report.refused.push({ file: file.name, reason: reasonOf(ctx, e, '无法读取该文件') })
      continue
    }
    // 涉密不上网: a file bearing a 密级 mark anywhere is never kept, not even as the original of
    // its unmarked documents (those are imported without one).
    const keepOriginal = !parsed.marked
    // Where the original goes, worked out when the file's first document comes up (a file of
    // refusals only needs no key).
    let key: string | null = null
    let preexisting = false
    let stored = !keepOriginal
    let createdFromFile = 0
    let originalFailure: string | null = null
    let storageDown = false
    for (const item of parsed.items) {
      if ('reason' in item) {
        report.refused.push({ file: file.name, line: item.line, reason: item.reason })
        continue
      }
      const doc = item
      const f = doc.fields
      const refuse = (reason: string) => report.refused.push({ file: file.name, line: doc.line, title: String(f.title ?? ''), reason })
      if (storageDown) continue
      if (originalFailure) {
        refuse(originalFailure)
        continue
      }
      if (key === null) {
        key = originalKey(ctx.actor.officeId, await sha256HexOfPieces(pieces), file.name)
        // The same bytes map to the same key: an original already kept for an earlier import stays.
        try {
          preexisting = keepOriginal && (await ctx.env.FILES.head(key)) !== null
        } catch (e) {
          // One refusal for the file; its documents are passed over (its bad lines still reported).
          report.refused.push({ file: file.name, reason: reasonOf(ctx, e, '文件存储暂不可用，本文件未导入，请稍后重试') })
          storageDown = true
          continue
        }
        stored ||= preexisting
      }
      try {
        // Before the genre: a marked document is refused for its mark, whatever else is wrong.
        assertUnclassified(`${String(f.title ?? '')}\n${String(f.body ?? '')}`, '范文')
      } catch (e) {
        refuse(reasonOf(ctx, e))
        continue
      }
      const genre = isGenre(f.genre) ? f.genre : (opts.genre ?? guessGenre(String(f.title ?? '')))
      if (!genre) {
        refuse(`无法从标题判断文种，请指定文种（--genre，可选：${GENRES.join('、')}）`)
        continue
      }
      const input = {
        ...Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== null)),
        genre,
        tags: Array.isArray(f.tags) ? f.tags : opts.tags,
        sensitivity: opts.sensitivity,
      }
      if (keepOriginal && !stored) {
        try {
          await putFile(ctx.env.FILES, key, pieces, contentTypeFor(extensionOf(file.name)))
          stored = true
        } catch (e) {
          // No document may name an original that is not there: the rest of the file waits for a retry.
          originalFailure = reasonOf(ctx, e, '原件无法保存到文件存储，本文件未导入，请稍后重试')
          refuse(originalFailure)
          continue
        }
      }
      try {
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
        refuse(reasonOf(ctx, e))
      }
    }
    // Nothing of this file was kept: neither is its original, unless a concurrent import of the
    // same bytes stored a document that names it.
    if (key !== null && keepOriginal && !preexisting && stored && createdFromFile === 0) {
      try {
        if (!(await originalInUse(ctx, key))) await ctx.env.FILES.delete(key)
      } catch (e) {
        logLine(ctx.env, 'error', `[${ctx.requestId}] unused original ${key} not removed`, e)
      }
    }
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
      report.refused.push({ ...where, reason: reasonOf(ctx, e) })
    }
  }
  report.summary.imported = report.imported.length
  report.summary.skipped = report.skipped.length
  report.summary.refused = report.refused.length
  return report
}

