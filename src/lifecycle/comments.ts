/**
 * Comments anchored to a span of a saved version (character offsets into the version's text, as
 * GET /drafts/:id/versions/:n returns it), or on the whole draft (a general comment, on the current
 * version unless one is named), with replies and resolution. A general comment is stored with an
 * empty span (start = end = 0, no quote): a span comment always has end > start.
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import { requireRole, WRITERS } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { loadDraft, loadVersion, versionText } from '../drafts'
import { memberNames } from '../offices'
import { draftComments } from '../db/schema'

const COMMENTERS = WRITERS
export const COMMENT_LIMITS = { body: 2000, perDraft: 1000 } as const

/** One schema for the three kinds, so a person hears in Chinese which field is missing, not "Invalid input". */
export const commentInput = z
  .object({
    body: z.string({ error: '请填写批注内容 body' }).trim().min(1, '批注内容不能为空').max(COMMENT_LIMITS.body, `批注不超过 ${COMMENT_LIMITS.body} 字`),
    version: z.number({ error: 'version 应为版本号' }).int().min(1).optional(),
    start: z.number({ error: 'start 应为字符位置' }).int().min(0).optional(),
    end: z.number({ error: 'end 应为字符位置' }).int().min(1).optional(),
    parentId: z.string().max(40).optional(),
  })
  .superRefine((c, issue) => {
    const span = c.start !== undefined || c.end !== undefined
    if (c.parentId !== undefined && (span || c.version !== undefined)) {
      issue.addIssue({ code: 'custom', path: ['parentId'], message: '回复批注只需 parentId 和 body，不能再给出版本或位置' })
    } else if (span && (c.start === undefined || c.end === undefined || c.version === undefined)) {
      const missing = c.version === undefined ? 'version' : c.start === undefined ? 'start' : 'end'
      issue.addIssue({ code: 'custom', path: [missing], message: '批注一段文字须同时给出 version、start、end；针对全文的批注只需 body（可带 version）' })
    }
  })

type CommentRow = typeof draftComments.$inferSelect
/** A comment as people read it: with its author's name (null once the member is gone). */
const view = ({ officeId: _o, ...c }: CommentRow, names: Map<string, string>) => ({ ...c, authorName: names.get(c.authorId) ?? null, general: c.start === c.end })
const namesOf = (ctx: Ctx, rows: CommentRow[]) => memberNames(ctx, rows.map((r) => r.authorId))
const viewOne = async (ctx: Ctx, row: CommentRow) => view(row, await namesOf(ctx, [row]))

export async function addComment(ctx: Ctx, draftId: string, input: unknown) {
  requireRole(ctx, ...COMMENTERS)
  const c = parseInput(commentInput, input, '批注')
  const draft = await loadDraft(ctx, draftId)
  const count = await ctx.db.$count(draftComments, and(eq(draftComments.officeId, ctx.actor.officeId), eq(draftComments.draftId, draftId)))
  if (count >= COMMENT_LIMITS.perDraft) throw new AppError('VALIDATION', `每篇文稿最多 ${COMMENT_LIMITS.perDraft} 条批注`)
  let anchor: { version: number; start: number; end: number; quote: string; parentId: string | null }
  if (c.parentId !== undefined) {
    const parent = await loadComment(ctx, draftId, c.parentId)
    if (parent.parentId) throw new AppError('VALIDATION', '只能回复批注本身，不能回复回复')
    anchor = { version: parent.version, start: parent.start, end: parent.end, quote: parent.quote, parentId: parent.id }
  } else if (c.start === undefined || c.end === undefined || c.version === undefined) {
    // On the whole draft: the version named, or the one the draft is at (which always exists).
    const version = (await loadVersion(ctx, draftId, c.version ?? draft.version)).version
    anchor = { version, start: 0, end: 0, quote: '', parentId: null }
  } else {
    const text = versionText(await loadVersion(ctx, draftId, c.version))
    if (c.end <= c.start || c.end > text.length) {
      throw new AppError('VALIDATION', `批注位置超出第 ${c.version} 版正文范围（0–${text.length}）`, { length: text.length })
    }
    anchor = { version: c.version, start: c.start, end: c.end, quote: text.slice(c.start, c.end), parentId: null }
  }
  const id = newId('cmt')
  await runAudited(ctx, [{ action: 'comment.add', targetKind: 'draft', targetId: draftId, detail: { commentId: id } }], [
    ctx.db.insert(draftComments).values({
      id,
      officeId: ctx.actor.officeId,
      draftId,
      ...anchor,
      body: c.body,
      authorId: ctx.actor.memberId,
      authorRole: ctx.actor.role,
    }),
  ])
  return viewOne(ctx, await loadComment(ctx, draftId, id))
}

async function loadComment(ctx: Ctx, draftId: string, id: string): Promise<CommentRow> {
  const row = await ctx.db
    .select()
    .from(draftComments)
    .where(and(eq(draftComments.id, id), eq(draftComments.draftId, draftId), eq(draftComments.officeId, ctx.actor.officeId)))
    .get()
  if (!row) throw notFound('批注')
  return row
}

const listQuery = z.object({ includeResolved: z.enum(['true', 'false']).default('true') })

/** Top-level comments with their replies, oldest first. */
export async function listComments(ctx: Ctx, draftId: string, input: unknown) {
  const q = parseInput(listQuery, input, '查询参数')
  await loadDraft(ctx, draftId)
  const rows = await ctx.db
    .select()
    .from(draftComments)
    .where(and(eq(draftComments.officeId, ctx.actor.officeId), eq(draftComments.draftId, draftId)))
    .orderBy(asc(draftComments.createdAt), asc(draftComments.id))
  const top = rows.filter((r) => !r.parentId && (q.includeResolved === 'true' || !r.resolvedAt))
  const names = await namesOf(ctx, rows)
  return {
    items: top.map((t) => ({ ...view(t, names), replies: rows.filter((r) => r.parentId === t.id).map((r) => view(r, names)) })),
  }
}

export async function resolveComment(ctx: Ctx, draftId: string, commentId: string) {
  requireRole(ctx, ...COMMENTERS)
  const c = await loadComment(ctx, draftId, commentId)
  if (c.parentId) throw new AppError('VALIDATION', '请解决批注本身，而不是其中的回复')
  if (!c.resolvedAt) {
    await runAudited(ctx, [{ action: 'comment.resolve', targetKind: 'draft', targetId: draftId, detail: { commentId } }], [
      ctx.db
        .update(draftComments)
        .set({ resolvedAt: new Date().toISOString(), resolvedBy: ctx.actor.memberId })
        .where(and(eq(draftComments.id, commentId), isNull(draftComments.resolvedAt))),
    ])
  }
  return viewOne(ctx, await loadComment(ctx, draftId, commentId))
}
