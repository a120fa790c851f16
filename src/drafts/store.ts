/** Queries of the drafts domain: drafts, their sections and generation jobs, always within the office. */
import { and, asc, eq, like } from 'drizzle-orm'
import { WRITERS } from '../core/auth'
import type { Ctx } from '../core/context'
import { notFound } from '../core/errors'
import { composeJobs, draftSections, drafts } from '../db/schema'
import type { TemplateDefinition } from '../templates'
import type { Outline } from './types'

export type DraftRow = typeof drafts.$inferSelect
export type SectionRow = typeof draftSections.$inferSelect
export type JobRow = typeof composeJobs.$inferSelect

/** Roles that may compose; readers only read. */
export const DRAFT_WRITERS = WRITERS

export async function loadDraft(ctx: Ctx, id: string): Promise<DraftRow> {
  const row = await ctx.db
    .select()
    .from(drafts)
    .where(and(eq(drafts.id, id), eq(drafts.officeId, ctx.actor.officeId)))
    .get()
  if (!row) throw notFound('文稿')
  return row
}

/**
 * The office's drafts whose id starts with `prefix` (the short number chat messages show: the first
 * characters of the id after `drf_`), at most `limit`; more than one means the number is ambiguous.
 */
export async function draftIdsByPrefix(ctx: Ctx, prefix: string, limit = 2): Promise<string[]> {
  if (!/^[0-9a-z]{4,16}$/.test(prefix)) return []
  const rows = await ctx.db
    .select({ id: drafts.id })
    .from(drafts)
    .where(and(eq(drafts.officeId, ctx.actor.officeId), like(drafts.id, `drf_${prefix}%`)))
    .limit(limit)
  return rows.map((r) => r.id)
}

export async function loadSections(ctx: Ctx, draftId: string): Promise<SectionRow[]> {
  return ctx.db
    .select()
    .from(draftSections)
    .where(and(eq(draftSections.draftId, draftId), eq(draftSections.officeId, ctx.actor.officeId)))
    .orderBy(asc(draftSections.seq))
}

export async function loadJob(ctx: Ctx, id: string): Promise<JobRow> {
  const row = await ctx.db
    .select()
    .from(composeJobs)
    .where(and(eq(composeJobs.id, id), eq(composeJobs.officeId, ctx.actor.officeId)))
    .get()
  if (!row) throw notFound('生成任务')
  return row
}

export const templateOf = (row: DraftRow) => row.template as unknown as TemplateDefinition
export const outlineOf = (row: DraftRow) => (row.outline as unknown as Outline | null) ?? null
