import { and, desc, eq, gte, lte, ne, sql, type SQL } from 'drizzle-orm'
import { runAudited } from '../core/audit'
import { KNOWLEDGE_WRITERS, requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { newId, sha256Hex } from '../core/ids'
import { afterCursor, decodeCursor, toPage, type Page } from '../core/pagination'
import { parseInput } from '../core/validation'
import { isUniqueFailure } from '../db/client'
import { precedents } from '../db/schema'
import { getFile } from '../storage/files'
import { indexStatements, unindexStatements } from './indexing'
import { precedentInput, precedentListQuery, precedentPatch, type PrecedentInput } from './schemas'
import { assertUnclassified } from './screening'
import type { CreateResult } from './findings'

type PrecedentRow = typeof precedents.$inferSelect
export type Precedent = Omit<PrecedentRow, 'officeId' | 'contentHash' | 'fileKey' | 'createdBy'> & {
  hasOriginal: boolean
}

export function toPrecedent(r: PrecedentRow): Precedent {
  const { officeId: _o, contentHash: _h, fileKey, createdBy: _c, ...rest } = r
  return { ...rest, hasOriginal: Boolean(fileKey) }
}

/** Every free-text field of a precedent, for the 密级 screen. */
const screenedText = (p: PrecedentInput) =>
  [p.title, p.body, p.issuer, p.docNumber, p.speaker, p.occasion, ...p.tags].filter(Boolean).join('\n')

/** Whitespace does not make content different: the same text pasted twice is one precedent. */
export const precedentHash = (body: string) => sha256Hex(body.replace(/\s+/g, ''))

const inOffice = (ctx: Ctx, id: string) => and(eq(precedents.id, id), eq(precedents.officeId, ctx.actor.officeId))

async function loadRow(ctx: Ctx, id: string): Promise<PrecedentRow> {
  const row = await ctx.db.select().from(precedents).where(inOffice(ctx, id)).get()
  if (!row) throw notFound('范文')
  return row
}

const indexDoc = (ctx: Ctx, id: string, p: PrecedentInput) => ({
  officeId: ctx.actor.officeId,
  kind: 'precedent' as const,
  docId: id,
  title: p.title,
  body: p.body,
  genre: p.genre,
  date: p.date ?? null,
  tags: p.tags,
  sensitivity: p.sensitivity,
})

async function sameContent(ctx: Ctx, contentHash: string): Promise<string | undefined> {
  const row = await ctx.db
    .select({ id: precedents.id })
    .from(precedents)
    .where(and(eq(precedents.officeId, ctx.actor.officeId), eq(precedents.contentHash, contentHash)))
    .get()
  return row?.id
}

export interface OriginalFile {
  key: string
  name: string
}

export async function createPrecedent(ctx: Ctx, input: unknown): Promise<Precedent> {
  const result = await createPrecedentOrSkip(ctx, input)
  if (!result.created) throw new AppError('CONFLICT', '相同内容的范文已存在', { duplicateOf: result.duplicateOf })
  return result.item
}

/** Creates a precedent unless the same content is already stored; `original` names its file in R2. */
export async function createPrecedentOrSkip(
  ctx: Ctx,
  input: unknown,
  original?: OriginalFile,
): Promise<CreateResult<Precedent>> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  const p = parseInput(precedentInput, input, '范文')
  assertUnclassified(screenedText(p), '范文')
  const contentHash = await precedentHash(p.body)
  const existing = await sameContent(ctx, contentHash)
  if (existing) return { created: false, duplicateOf: existing }
  const id = newId('pre')
  try {
    await runAudited(ctx, [{ action: 'precedent.create', targetKind: 'precedent', targetId: id, hashAfter: contentHash }], [
      ctx.db.insert(precedents).values({
        id,
        officeId: ctx.actor.officeId,
        ...p,
        contentHash,
        fileKey: original?.key ?? null,
        fileName: original?.name ?? null,
        createdBy: ctx.actor.memberId,
      }),
      ...indexStatements(ctx.db, indexDoc(ctx, id, p)),
    ])
  } catch (e) {
    // Someone stored the same content between our check and our write; the batch left nothing.
    const winner = isUniqueFailure(e, 'precedents') ? await sameContent(ctx, contentHash) : undefined
    if (winner) return { created: false, duplicateOf: winner }
    throw e
  }
  return { created: true, item: toPrecedent(await loadRow(ctx, id)) }
}

export async function getPrecedent(ctx: Ctx, id: string): Promise<Precedent> {
  return toPrecedent(await loadRow(ctx, id))
}

/** The R2 key of the precedent's uploaded original, or NOT_FOUND. */
export async function precedentOriginal(ctx: Ctx, id: string): Promise<OriginalFile> {
  const row = await loadRow(ctx, id)
  if (!row.fileKey) throw new AppError('NOT_FOUND', '该范文没有上传原件')
  return { key: row.fileKey, name: row.fileName ?? 'original' }
}

/** The uploaded original with its stored content type, for download. */
export async function openPrecedentOriginal(ctx: Ctx, id: string): Promise<{ name: string; body: ReadableStream; contentType: string }> {
  const original = await precedentOriginal(ctx, id)
  const object = await getFile(ctx.env.FILES, original.key)
  if (!object) throw new AppError('NOT_FOUND', '原件已不在存储中')
  return { name: original.name, body: object.body, contentType: object.httpMetadata?.contentType ?? 'application/octet-stream' }
}

export async function updatePrecedent(ctx: Ctx, id: string, input: unknown): Promise<Precedent> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  const patch = parseInput(precedentPatch, input, '范文')
  const current = await loadRow(ctx, id)
  const merged = parseInput(precedentInput, { ...toPrecedent(current), ...patch }, '范文')
  assertUnclassified(screenedText(merged), '范文')
  const contentHash = await precedentHash(merged.body)
  const duplicate = await ctx.db
    .select({ id: precedents.id })
    .from(precedents)
    .where(and(eq(precedents.officeId, ctx.actor.officeId), eq(precedents.contentHash, contentHash), ne(precedents.id, id)))
    .get()
  if (duplicate) throw new AppError('CONFLICT', '相同内容的范文已存在', { duplicateOf: duplicate.id })
  const event = { action: 'precedent.update', targetKind: 'precedent', targetId: id, hashBefore: current.contentHash, hashAfter: contentHash }
  await runAudited(ctx, [event], [
    ctx.db
      .update(precedents)
      .set({ ...merged, contentHash, updatedAt: new Date().toISOString() })
      .where(inOffice(ctx, id)),
    ...unindexStatements(ctx.db, id),
    ...indexStatements(ctx.db, indexDoc(ctx, id, merged)),
  ])
  return toPrecedent(await loadRow(ctx, id))
}

export async function deletePrecedent(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  const row = await loadRow(ctx, id)
  await runAudited(ctx, [{ action: 'precedent.delete', targetKind: 'precedent', targetId: id, hashBefore: row.contentHash }], [
    ...unindexStatements(ctx.db, id),
    ctx.db.delete(precedents).where(inOffice(ctx, id)),
  ])
}

export async function listPrecedents(ctx: Ctx, input: unknown): Promise<Page<Precedent>> {
  const q = parseInput(precedentListQuery, input, '查询参数')
  const cursor = decodeCursor(q.cursor)
  const where: (SQL | undefined)[] = [eq(precedents.officeId, ctx.actor.officeId)]
  if (q.genre) where.push(eq(precedents.genre, q.genre))
  if (q.sensitivity) where.push(eq(precedents.sensitivity, q.sensitivity))
  if (q.from) where.push(gte(precedents.date, q.from))
  if (q.to) where.push(lte(precedents.date, q.to))
  if (q.tag) where.push(sql`EXISTS (SELECT 1 FROM json_each(${precedents.tags}) WHERE value = ${q.tag})`)
  where.push(afterCursor(precedents.createdAt, precedents.id, cursor))
  const rows = await ctx.db
    .select()
    .from(precedents)
    .where(and(...where))
    .orderBy(desc(precedents.createdAt), desc(precedents.id))
    .limit(q.limit + 1)
  return toPage(rows.map(toPrecedent), q.limit)
}
