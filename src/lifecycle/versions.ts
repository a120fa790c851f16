import { and, desc, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { loadDraft } from '../drafts'
import type { Statement } from '../db/client'
import { draftVersions } from '../db/schema'
import { versionText, type DraftContent } from './content'
import { diffText, type ParagraphOp } from './diff'

export type VersionRow = typeof draftVersions.$inferSelect

export function snapshotStatement(
  ctx: Ctx,
  draftId: string,
  version: number,
  content: DraftContent,
  hash: string,
  reason: string,
): Statement {
  return ctx.db.insert(draftVersions).values({
    id: newId('ver'),
    officeId: ctx.actor.officeId,
    draftId,
    version,
    contentHash: hash,
    title: content.title,
    variables: content.variables,
    sections: content.sections,
    reason,
    createdBy: ctx.actor.memberId,
  })
}

export async function listVersions(ctx: Ctx, draftId: string) {
  await loadDraft(ctx, draftId)
  const rows = await ctx.db
    .select({
      version: draftVersions.version,
      contentHash: draftVersions.contentHash,
      title: draftVersions.title,
      reason: draftVersions.reason,
      createdBy: draftVersions.createdBy,
      createdAt: draftVersions.createdAt,
    })
    .from(draftVersions)
    .where(and(eq(draftVersions.officeId, ctx.actor.officeId), eq(draftVersions.draftId, draftId)))
    .orderBy(desc(draftVersions.version))
  return { items: rows }
}

export async function loadVersion(ctx: Ctx, draftId: string, version: number): Promise<VersionRow> {
  await loadDraft(ctx, draftId)
  const row = await ctx.db
    .select()
    .from(draftVersions)
    .where(and(eq(draftVersions.officeId, ctx.actor.officeId), eq(draftVersions.draftId, draftId), eq(draftVersions.version, version)))
    .get()
  if (!row) throw notFound(`第 ${version} 版`)
  return row
}

export async function getVersion(ctx: Ctx, draftId: string, version: unknown) {
  const n = parseInput(z.coerce.number().int().min(1), version, '版本号')
  const { officeId: _o, id: _id, ...v } = await loadVersion(ctx, draftId, n)
  return { ...v, text: versionText(v) }
}

const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })

/** Paragraph- and character-level differences between two saved versions. */
export async function diffVersions(ctx: Ctx, draftId: string, input: unknown): Promise<{ from: number; to: number; changes: ParagraphOp[]; stats: Record<string, number> }> {
  const q = parseInput(diffQuery, input, '查询参数')
  if (q.from === q.to) throw new AppError('VALIDATION', '请选择两个不同的版本进行比较')
  const [a, b] = await Promise.all([loadVersion(ctx, draftId, q.from), loadVersion(ctx, draftId, q.to)])
  const changes = diffText(versionText(a), versionText(b))
  const stats = { equal: 0, insert: 0, delete: 0, replace: 0 }
  for (const c of changes) stats[c.op]++
  return { from: q.from, to: q.to, changes, stats }
}

