import { and, eq, isNull, notInArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { draftWebhookData, loadDraft } from '../drafts'
import type { Statement } from '../db/client'
import { draftApprovals, draftSections, drafts, draftVersions } from '../db/schema'
import { notify } from '../webhooks'
import { contentHash, type DraftContent } from './content'
import { guard, isGuardFailure, isUniqueFailure, loadContent, staleConflict } from './store'
import { snapshotStatement } from './versions'

export const SAVE_LIMITS = { sections: 80, heading: 200, text: 50_000, variables: 50, variable: 2_000 } as const

export const saveInput = z.object({
  title: z.string().trim().min(1, '标题不能为空').max(200).optional(),
  variables: z.record(z.string().max(60), z.string().max(SAVE_LIMITS.variable)).optional(),
  sections: z
    .array(
      z.object({
        id: z.string().max(40).optional(),
        heading: z.string().max(SAVE_LIMITS.heading),
        text: z.string().max(SAVE_LIMITS.text, `每节不超过 ${SAVE_LIMITS.text} 字`),
      }),
    )
    .max(SAVE_LIMITS.sections),
  /** The version this edit is based on, when the caller cannot send If-Match. */
  version: z.number().int().min(1).optional(),
})

/** Who may edit a draft's text. */
export const EDITORS = ['admin', 'drafter', 'reviewer', 'signer'] as const
/** States in which an edit sends the draft back to 起草, superseding approvals. */
const REOPENED_BY_EDIT = new Set(['in_review', 'approved', 'signed', 'returned'])

/** `"7"`, `W/"7"` or `7` → 7. */
export function parseIfMatch(header: string | undefined | null): number | null {
  if (!header) return null
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim())
  return m ? Number(m[1]) : NaN
}

/**
 * Saves a person's edit as a new immutable version. The edit names the version it was made on;
 * if the draft has moved on since, it is refused with 409 and the current version, so no edit is
 * silently lost. A change to approved or signed content sends the draft back to 起草 and marks
 * those approvals superseded.
 */
export async function saveDraft(ctx: Ctx, draftId: string, input: unknown, ifMatch: number | null) {
  requireRole(ctx, ...EDITORS)
  const body = parseInput(saveInput, input, '文稿')
  const base = ifMatch ?? body.version ?? null
  if (base === null) throw new AppError('PRECONDITION_FAILED', '保存时须在 If-Match 头（或 version 字段）中注明所依据的版本号')
  if (Number.isNaN(base)) throw new AppError('VALIDATION', 'If-Match 应为版本号，如 "3"')
  const draft = await loadDraft(ctx, draftId)
  if (draft.status === 'issued') throw new AppError('CONFLICT', '文稿已印发，不能再修改', { status: draft.status })
  if (draft.composeState === 'generating') throw new AppError('CONFLICT', '文稿正在生成，请待生成完成后再保存', { currentVersion: draft.version })
  if (draft.version !== base) throw await staleConflict(ctx, draftId)

  const before = await loadContent(ctx, draft)
  const lockedDocNumber = draft.docNumber
  const ids = new Set(before.sections.map((s) => s.id))
  const sections = body.sections.map((s) => ({ id: s.id && ids.has(s.id) ? s.id : newId('sec'), heading: s.heading, text: s.text }))
  if (body.sections.some((s) => s.id && !ids.has(s.id))) {
    throw new AppError('VALIDATION', '段落 id 不属于该文稿', { unknown: body.sections.filter((s) => s.id && !ids.has(s.id)).map((s) => s.id) })
  }
  const variables = { ...(body.variables ?? draft.variables), ...(lockedDocNumber ? { docNumber: lockedDocNumber } : {}) }
  const after: DraftContent = { title: body.title ?? draft.title, variables, sections }
  const [hashBefore, hashAfter] = await Promise.all([contentHash(before), contentHash(after)])
  const changed = hashBefore !== hashAfter
  const reopen = changed && REOPENED_BY_EDIT.has(draft.status)
  const version = draft.version + 1
  const now = new Date().toISOString()

  const existing = await ctx.db
    .select({ id: draftSections.id, citations: draftSections.citations })
    .from(draftSections)
    .where(eq(draftSections.draftId, draftId))
  const citationsOf = new Map(existing.map((s) => [s.id, s.citations]))
  const statements: Statement[] = [
    guard('(SELECT version FROM drafts WHERE id = ?) = ?', draftId, base),
    ctx.db
      .update(drafts)
      .set({ title: after.title, variables, version, updatedAt: now, ...(reopen ? { status: 'drafting' as const } : {}) })
      .where(and(eq(drafts.id, draftId), eq(drafts.officeId, ctx.actor.officeId))),
    ctx.db
      .delete(draftSections)
      .where(and(eq(draftSections.draftId, draftId), sections.length ? notInArray(draftSections.id, sections.map((s) => s.id)) : sql`1 = 1`)),
  ]
  sections.forEach((s, seq) => {
    // Citations stay with the markers still present in the edited text.
    const citations = (citationsOf.get(s.id) ?? []).filter((c) => s.text.includes(c.marker))
    statements.push(
      ids.has(s.id)
        ? ctx.db.update(draftSections).set({ seq, heading: s.heading, text: s.text, citations, updatedAt: now }).where(eq(draftSections.id, s.id))
        : ctx.db.insert(draftSections).values({
            id: s.id,
            officeId: ctx.actor.officeId,
            draftId,
            seq,
            key: `edit-${seq}`,
            heading: s.heading,
            kind: 'written',
            text: s.text,
            status: 'done',
          }),
    )
  })
  if (reopen) {
    statements.push(
      ctx.db
        .update(draftApprovals)
        .set({ supersededAt: now })
        .where(and(eq(draftApprovals.draftId, draftId), isNull(draftApprovals.supersededAt))),
    )
  }
  // The first save of a composed draft also keeps what it was saved over, so it can be diffed.
  const baseSaved = await ctx.db
    .select({ id: draftVersions.id })
    .from(draftVersions)
    .where(and(eq(draftVersions.draftId, draftId), eq(draftVersions.version, base)))
    .get()
  if (!baseSaved) statements.push(snapshotStatement(ctx, draftId, base, before, hashBefore, 'composed'))
  statements.push(snapshotStatement(ctx, draftId, version, after, hashAfter, 'edit'))
  const event = {
    action: 'draft.save',
    targetKind: 'draft',
    targetId: draftId,
    hashBefore,
    hashAfter,
    detail: { version, ...(reopen ? { reopenedFrom: draft.status } : {}) },
  }
  try {
    await runAudited(ctx, [event], statements)
  } catch (e) {
    if (isGuardFailure(e) || isUniqueFailure(e, 'draft_versions')) throw await staleConflict(ctx, draftId)
    throw e
  }
  await notify(ctx, 'draft.updated', await draftWebhookData(ctx, draftId, { draftId, version, status: reopen ? 'drafting' : draft.status, contentHash: hashAfter }))
  return { version, contentHash: hashAfter, status: reopen ? 'drafting' : draft.status, reopened: reopen }
}
