/** Queries of the lifecycle domain, always within the actor's office. */
import { and, asc, eq } from 'drizzle-orm'
import type { TypoSensitivity } from '../checks'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { rawStatement, type Statement } from '../db/client'
import { draftSections, officeSettings } from '../db/schema'
import { loadDraft, type DraftRow } from '../drafts'
import type { DraftContent } from './content'
import type { ReviewGate } from './gate'


export async function loadContent(ctx: Ctx, draft: DraftRow): Promise<DraftContent> {
  const sections = await ctx.db
    .select({ id: draftSections.id, heading: draftSections.heading, text: draftSections.text })
    .from(draftSections)
    .where(and(eq(draftSections.draftId, draft.id), eq(draftSections.officeId, ctx.actor.officeId)))
    .orderBy(asc(draftSections.seq))
  return { title: draft.title, variables: draft.variables, sections }
}

export interface OfficeSettings {
  signRequiresReview: boolean
  docAgencyCode: string | null
  /** The 错别字 model's sensitivity when a check does not name one. */
  typoSensitivity: TypoSensitivity
  /** What 提交审核 does with open issues (gate.ts). */
  reviewGate: ReviewGate
}

export async function loadSettings(ctx: Ctx): Promise<OfficeSettings> {
  const row = await ctx.db.select().from(officeSettings).where(eq(officeSettings.officeId, ctx.actor.officeId)).get()
  return {
    signRequiresReview: row?.signRequiresReview ?? true,
    docAgencyCode: row?.docAgencyCode ?? null,
    typoSensitivity: row?.typoSensitivity ?? 'standard',
    reviewGate: row?.reviewGate ?? 'standard',
  }
}

const GUARD_FAILED = 'wenfu_guard_failed'

/**
 * A statement that aborts its batch unless `condition` holds when the batch runs: D1 has no
 * interactive transactions, so a write that depends on what it read re-checks it inside the
 * batch. (json() of a non-JSON string raises, which rolls the batch back.)
 */
export function guard(condition: string, ...params: unknown[]): Statement {
  return rawStatement(`SELECT CASE WHEN (${condition}) THEN 1 ELSE json('${GUARD_FAILED}') END`, ...params)
}

export const isGuardFailure = (e: unknown) => /malformed JSON/i.test(String((e as Error)?.message ?? e))
export const isUniqueFailure = (e: unknown, table: string) =>
  new RegExp(`UNIQUE constraint failed: ${table}`, 'i').test(String((e as Error)?.message ?? e))

/** The draft moved on while we were writing: the caller answers 409 with what is current now. */
export async function staleConflict(ctx: Ctx, id: string, message = '文稿已被他人修改，请基于最新版本重新保存'): Promise<AppError> {
  const now = await loadDraft(ctx, id)
  return new AppError('CONFLICT', message, { currentVersion: now.version, status: now.status })
}
