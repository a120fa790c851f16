import { and, eq, isNull } from 'drizzle-orm'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import { DATE_VARIABLES, docDateProblem } from '../core/calendar'
import { requireRole, WRITERS } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { contentHash, draftWebhookData, draftWriteStatements, loadContent, loadDraft, type DraftContent } from '../drafts'
import { isGuardFailure, isUniqueFailure } from '../db/guard'
import { draftApprovals } from '../db/schema'
import { notify } from '../webhooks'
import { staleConflict } from './store'

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
export const EDITORS = WRITERS
/** States in which an edit sends the draft back to 起草, superseding approvals. */
const REOPENED_BY_EDIT = new Set(['in_review', 'approved', 'signed', 'returned'])

/**
 * The 要素 a save sends: at most SAVE_LIMITS.variables, and a date a person changed must name a real
 * day (a value stored before is kept as it is, so an old draft still saves).
 */
function checkVariables(next: Record<string, string>, stored: Record<string, string>) {
  if (Object.keys(next).length > SAVE_LIMITS.variables) throw new AppError('VALIDATION', `要素不超过 ${SAVE_LIMITS.variables} 项`, { field: 'variables' })
  for (const name of DATE_VARIABLES) {
    const value = next[name]?.trim()
    if (!value || value === stored[name]?.trim()) continue
    const problem = docDateProblem('成文日期', value)
    if (problem) throw new AppError('VALIDATION', problem, { field: `variables.${name}` })
  }
}

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
  if (body.variables) checkVariables(body.variables, draft.variables)
  const variables = { ...(body.variables ?? draft.variables), ...(lockedDocNumber ? { docNumber: lockedDocNumber } : {}) }
  const after: DraftContent = { title: body.title ?? draft.title, variables, sections }
  const [hashBefore, hashAfter] = await Promise.all([contentHash(before), contentHash(after)])
  const changed = hashBefore !== hashAfter
  const reopen = changed && REOPENED_BY_EDIT.has(draft.status)
  const now = new Date().toISOString()

  const { statements, version } = await draftWriteStatements(ctx, draft, {
    expect: { version: base, status: draft.status },
    ...(reopen ? { status: 'drafting' as const } : {}),
    content: { before, after, reason: 'edit' },
  })
  if (reopen) {
    statements.push(
      ctx.db
        .update(draftApprovals)
        .set({ supersededAt: now })
        .where(and(eq(draftApprovals.draftId, draftId), isNull(draftApprovals.supersededAt))),
    )
  }
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
