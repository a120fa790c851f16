import { and, desc, eq, gte, lte, ne, sql, type SQL } from 'drizzle-orm'
import { runAudited } from '../core/audit'
import { KNOWLEDGE_WRITERS, requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { newId, sha256Hex } from '../core/ids'
import { afterCursor, decodeCursor, toPage, type Page } from '../core/pagination'
import { parseInput } from '../core/validation'
import { isUniqueFailure } from '../db/client'
import { findings, surveys } from '../db/schema'
import { indexStatements, unindexStatements } from './indexing'
import {
  findingInput,
  findingListQuery,
  findingPatch,
  type FindingInput,
} from './schemas'
import { assertUnclassified } from './screening'

type FindingRow = typeof findings.$inferSelect

export interface Finding {
  id: string
  surveyId: string | null
  title: string
  body: string
  topic: string | null
  tags: string[]
  source: { kind: FindingRow['sourceKind']; unit: string | null; person: string | null }
  observedOn: string | null
  caliber: string | null
  figures: FindingRow['figures']
  sensitivity: FindingRow['sensitivity']
  createdAt: string
  updatedAt: string
}

export function toFinding(r: FindingRow): Finding {
  return {
    id: r.id,
    surveyId: r.surveyId,
    title: r.title,
    body: r.body,
    topic: r.topic,
    tags: r.tags,
    source: { kind: r.sourceKind, unit: r.sourceUnit, person: r.sourcePerson },
    observedOn: r.observedOn,
    caliber: r.caliber,
    figures: r.figures,
    sensitivity: r.sensitivity,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }
}

/** Every free-text field of a finding, for the 密级 screen: a mark hidden in 口径 or a figure counts too. */
const screenedText = (f: FindingInput) =>
  [f.title, f.body, f.caliber, f.topic, f.source.unit, f.source.person, ...f.tags, ...f.figures.map((x) => x.what)]
    .filter(Boolean)
    .join('\n')

const findingHash = (f: Pick<FindingInput, 'title' | 'body'>) => sha256Hex(`${f.title}\n${f.body.replace(/\s+/g, '')}`)

async function assertSurveyInOffice(ctx: Ctx, surveyId: string | null | undefined): Promise<void> {
  if (!surveyId) return
  const row = await ctx.db
    .select({ id: surveys.id })
    .from(surveys)
    .where(and(eq(surveys.id, surveyId), eq(surveys.officeId, ctx.actor.officeId)))
    .get()
  if (!row) throw new AppError('VALIDATION', '所属调研课题不存在', { field: 'surveyId' })
}

async function loadRow(ctx: Ctx, id: string): Promise<FindingRow> {
  const row = await ctx.db
    .select()
    .from(findings)
    .where(and(eq(findings.id, id), eq(findings.officeId, ctx.actor.officeId)))
    .get()
  if (!row) throw notFound('调研发现')
  return row
}

function rowValues(ctx: Ctx, f: FindingInput) {
  return {
    officeId: ctx.actor.officeId,
    surveyId: f.surveyId ?? null,
    title: f.title,
    body: f.body,
    topic: f.topic ?? null,
    tags: f.tags,
    sourceKind: f.source.kind,
    sourceUnit: f.source.unit ?? null,
    sourcePerson: f.source.person ?? null,
    observedOn: f.observedOn ?? null,
    caliber: f.caliber ?? null,
    figures: f.figures,
    sensitivity: f.sensitivity,
  }
}

const indexDoc = (ctx: Ctx, id: string, f: FindingInput) => ({
  officeId: ctx.actor.officeId,
  kind: 'finding' as const,
  docId: id,
  title: f.title,
  body: f.body,
  date: f.observedOn ?? null,
  tags: f.tags,
  sensitivity: f.sensitivity,
})

async function sameContent(ctx: Ctx, contentHash: string): Promise<string | undefined> {
  const row = await ctx.db
    .select({ id: findings.id })
    .from(findings)
    .where(and(eq(findings.officeId, ctx.actor.officeId), eq(findings.contentHash, contentHash)))
    .get()
  return row?.id
}

export type CreateResult<T> = { created: true; item: T } | { created: false; duplicateOf: string }

/** Creates a finding with its chunks and index rows in one batch; the same content twice is not stored. */
export async function createFinding(ctx: Ctx, input: unknown): Promise<Finding> {
  const result = await createFindingOrSkip(ctx, input)
  if (!result.created) {
    throw new AppError('CONFLICT', '相同内容的调研发现已存在', { duplicateOf: result.duplicateOf })
  }
  return result.item
}

export async function createFindingOrSkip(ctx: Ctx, input: unknown): Promise<CreateResult<Finding>> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  const f = parseInput(findingInput, input, '调研发现')
  assertUnclassified(screenedText(f), '调研发现')
  await assertSurveyInOffice(ctx, f.surveyId)
  const contentHash = await findingHash(f)
  const existing = await sameContent(ctx, contentHash)
  if (existing) return { created: false, duplicateOf: existing }
  const id = newId('fnd')
  try {
    await runAudited(ctx, [{ action: 'finding.create', targetKind: 'finding', targetId: id, hashAfter: contentHash }], [
      ctx.db.insert(findings).values({ id, ...rowValues(ctx, f), contentHash, createdBy: ctx.actor.memberId }),
      ...indexStatements(ctx.db, indexDoc(ctx, id, f)),
    ])
  } catch (e) {
    // Someone stored the same content between our check and our write; the batch left nothing.
    const winner = isUniqueFailure(e, 'findings') ? await sameContent(ctx, contentHash) : undefined
    if (winner) return { created: false, duplicateOf: winner }
    throw e
  }
  return { created: true, item: toFinding(await loadRow(ctx, id)) }
}

export async function getFinding(ctx: Ctx, id: string): Promise<Finding> {
  return toFinding(await loadRow(ctx, id))
}

export async function updateFinding(ctx: Ctx, id: string, input: unknown): Promise<Finding> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  const patch = parseInput(findingPatch, input, '调研发现')
  const currentRow = await loadRow(ctx, id)
  const current = toFinding(currentRow)
  const merged = parseInput(findingInput, {
    ...current,
    ...patch,
    source: { ...current.source, ...patch.source },
  })
  assertUnclassified(screenedText(merged), '调研发现')
  await assertSurveyInOffice(ctx, merged.surveyId)
  const contentHash = await findingHash(merged)
  const duplicate = await ctx.db
    .select({ id: findings.id })
    .from(findings)
    .where(and(eq(findings.officeId, ctx.actor.officeId), eq(findings.contentHash, contentHash), ne(findings.id, id)))
    .get()
  if (duplicate) throw new AppError('CONFLICT', '相同内容的调研发现已存在', { duplicateOf: duplicate.id })
  const event = { action: 'finding.update', targetKind: 'finding', targetId: id, hashBefore: currentRow.contentHash, hashAfter: contentHash }
  await runAudited(ctx, [event], [
    ctx.db
      .update(findings)
      .set({ ...rowValues(ctx, merged), contentHash, updatedAt: new Date().toISOString() })
      .where(and(eq(findings.id, id), eq(findings.officeId, ctx.actor.officeId))),
    ...unindexStatements(ctx.db, id),
    ...indexStatements(ctx.db, indexDoc(ctx, id, merged)),
  ])
  return toFinding(await loadRow(ctx, id))
}

export async function deleteFinding(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...KNOWLEDGE_WRITERS)
  const row = await loadRow(ctx, id)
  await runAudited(ctx, [{ action: 'finding.delete', targetKind: 'finding', targetId: id, hashBefore: row.contentHash }], [
    ...unindexStatements(ctx.db, id),
    ctx.db.delete(findings).where(and(eq(findings.id, id), eq(findings.officeId, ctx.actor.officeId))),
  ])
}

export async function listFindings(ctx: Ctx, input: unknown): Promise<Page<Finding>> {
  const q = parseInput(findingListQuery, input, '查询参数')
  const cursor = decodeCursor(q.cursor)
  const where: (SQL | undefined)[] = [eq(findings.officeId, ctx.actor.officeId)]
  if (q.surveyId) where.push(eq(findings.surveyId, q.surveyId))
  if (q.topic) where.push(eq(findings.topic, q.topic))
  if (q.sourceKind) where.push(eq(findings.sourceKind, q.sourceKind))
  if (q.sensitivity) where.push(eq(findings.sensitivity, q.sensitivity))
  if (q.from) where.push(gte(findings.observedOn, q.from))
  if (q.to) where.push(lte(findings.observedOn, q.to))
  if (q.tag) where.push(sql`EXISTS (SELECT 1 FROM json_each(${findings.tags}) WHERE value = ${q.tag})`)
  where.push(afterCursor(findings.createdAt, findings.id, cursor))
  const rows = await ctx.db
    .select()
    .from(findings)
    .where(and(...where))
    .orderBy(desc(findings.createdAt), desc(findings.id))
    .limit(q.limit + 1)
  return toPage(rows.map(toFinding), q.limit)
}
