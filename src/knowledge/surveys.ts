import { and, desc, eq } from 'drizzle-orm'
import { runAudited } from '../core/audit'
import { KNOWLEDGE_WRITERS, requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { newId } from '../core/ids'
import { afterCursor, decodeCursor, toPage, type Page } from '../core/pagination'
import { parseInput } from '../core/validation'
import { findings, surveys } from '../db/schema'
import { surveyInput, surveyListQuery, surveyPatch } from './schemas'

export type Survey = Omit<typeof surveys.$inferSelect, 'officeId'>

const toSurvey = ({ officeId: _office, ...rest }: typeof surveys.$inferSelect): Survey => rest

const inOffice = (ctx: Ctx, id: string) => and(eq(surveys.id, id), eq(surveys.officeId, ctx.actor.officeId))

export async function createSurvey(ctx: Ctx, input: unknown): Promise<Survey> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  const s = parseInput(surveyInput, input, '调研课题')
  const id = newId('srv')
  await runAudited(ctx, [{ action: 'survey.create', targetKind: 'survey', targetId: id }], [
    ctx.db.insert(surveys).values({ id, officeId: ctx.actor.officeId, ...s }),
  ])
  return getSurvey(ctx, id)
}

export async function getSurvey(ctx: Ctx, id: string): Promise<Survey> {
  const row = await ctx.db.select().from(surveys).where(inOffice(ctx, id)).get()
  if (!row) throw notFound('调研课题')
  return toSurvey(row)
}

export async function updateSurvey(ctx: Ctx, id: string, input: unknown): Promise<Survey> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  const patch = parseInput(surveyPatch, input, '调研课题')
  await getSurvey(ctx, id)
  await runAudited(ctx, [{ action: 'survey.update', targetKind: 'survey', targetId: id }], [
    ctx.db
      .update(surveys)
      .set({ ...patch, updatedAt: new Date().toISOString() })
      .where(inOffice(ctx, id)),
  ])
  return getSurvey(ctx, id)
}

export async function deleteSurvey(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  await getSurvey(ctx, id)
  const linked = await ctx.db
    .select({ id: findings.id })
    .from(findings)
    .where(and(eq(findings.officeId, ctx.actor.officeId), eq(findings.surveyId, id)))
    .limit(1)
    .get()
  if (linked) throw new AppError('CONFLICT', '该调研课题下仍有调研发现，请先移除或删除这些发现')
  await runAudited(ctx, [{ action: 'survey.delete', targetKind: 'survey', targetId: id }], [
    ctx.db.delete(surveys).where(inOffice(ctx, id)),
  ])
}

export async function listSurveys(ctx: Ctx, input: unknown): Promise<Page<Survey>> {
  const q = parseInput(surveyListQuery, input, '查询参数')
  const cursor = decodeCursor(q.cursor)
  const rows = await ctx.db
    .select()
    .from(surveys)
    .where(
      and(
        eq(surveys.officeId, ctx.actor.officeId),
        afterCursor(surveys.createdAt, surveys.id, cursor),
      ),
    )
    .orderBy(desc(surveys.createdAt), desc(surveys.id))
    .limit(q.limit + 1)
  return toPage(rows.map(toSurvey), q.limit)
}
