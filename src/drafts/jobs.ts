/**
 * Generation jobs: one Workflow instance per job, one job at a time per draft. The job row is the
 * source of truth for progress; the Workflow's own status is consulted only to notice an instance
 * that died without recording it.
 */
import { and, eq, inArray, ne } from 'drizzle-orm'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { composeJobs, draftSections, type ComposeMode } from '../db/schema'
import { llmSettings } from '../llm'
import { assertMaySendAll } from './confidentiality'
import { loadMaterials, refOfFinding, refOfPrecedent } from './materials'
import { ensureOutline } from './outline'
import { generateInput } from './schemas'
import { bumpDraft, DRAFT_WRITERS, loadDraft, loadJob, loadSections, outlineOf, templateOf, type DraftRow, type JobRow } from './store'
import type { JobView } from './types'

/** What a Workflow instance is started with: steps rebuild a Ctx from it (there is no request). */
export interface ComposeParams {
  jobId: string
  draftId: string
  officeId: string
  memberId: string
}

const ACTIVE = ['queued', 'running'] as const
const isActive = (s: string) => (ACTIVE as readonly string[]).includes(s)

/** A job whose Workflow instance errored or was terminated without saying so is marked failed. */
async function reconcile(ctx: Ctx, job: JobRow): Promise<JobRow> {
  if (!isActive(job.status)) return job
  try {
    const status = await (await ctx.env.COMPOSE.get(job.id)).status()
    if (status.status === 'errored' || status.status === 'terminated') {
      await failJob(ctx, { jobId: job.id, error: status.error?.message ?? '生成流程异常终止' })
      return loadJob(ctx, job.id)
    }
  } catch {
    // Instance not found yet (just queued) or the binding is unavailable: keep the row as it is.
  }
  return job
}

export async function assertNoActiveJob(ctx: Ctx, draft: DraftRow): Promise<void> {
  if (!draft.jobId) return
  const job = await reconcile(ctx, await loadJob(ctx, draft.jobId))
  if (isActive(job.status)) {
    throw new AppError('CONFLICT', `这篇文稿正在生成中（任务 ${job.id}），请等完成后再操作`, { jobId: job.id })
  }
}

/** POST /drafts/:id/generate — starts a Workflow for the sections not yet done (or the ones named). */
export async function startGeneration(
  ctx: Ctx,
  draftId: string,
  input: unknown,
): Promise<{ jobId: string; draftId: string; status: 'queued'; mode: ComposeMode; sections: { id: string; heading: string }[] }> {
  requireRole(ctx, ...DRAFT_WRITERS)
  const { sections: wanted } = parseInput(generateInput, input ?? {}, '生成参数')
  let draft = await loadDraft(ctx, draftId)
  await assertNoActiveJob(ctx, draft)
  if (!outlineOf(draft)) {
    await ensureOutline(ctx, draft)
    draft = await loadDraft(ctx, draftId)
  }
  const outline = outlineOf(draft)!
  const rows = await loadSections(ctx, draft.id)
  const written = outline.sections.filter((s) => s.kind === 'written')
  let targets = written
  if (wanted?.length) {
    const unknown = wanted.filter((id) => !written.some((s) => s.id === id))
    if (unknown.length) throw new AppError('VALIDATION', `这些章节不存在或不需要生成：${unknown.join('、')}`, { unknown })
    targets = written.filter((s) => wanted.includes(s.id))
  } else {
    const done = new Set(rows.filter((r) => r.status === 'done').map((r) => r.id))
    targets = written.filter((s) => !done.has(s.id))
  }
  if (!targets.length) throw new AppError('CONFLICT', '所有章节都已生成；如需重新生成，请在 sections 中指定章节')

  const settings = llmSettings(ctx.env)
  const mode: ComposeMode = draft.mode === 'generate' && settings ? 'generate' : 'assemble'
  if (mode === 'generate' && settings) {
    // Refused here, naming the materials, before any Workflow starts or anything is sent.
    const loaded = await loadMaterials(ctx, [...new Set(targets.flatMap((s) => s.findingIds))], [...new Set(targets.flatMap((s) => s.precedentIds))])
    assertMaySendAll(settings.provider.trust, [...loaded.findings.values()].map(refOfFinding), [...loaded.precedents.values()].map(refOfPrecedent))
  }

  const jobId = newId('job')
  const sectionIds = targets.map((s) => s.id)
  await ctx.db.batch([
    ctx.db.insert(composeJobs).values({ id: jobId, officeId: ctx.actor.officeId, draftId: draft.id, memberId: ctx.actor.memberId, mode, status: 'queued', sectionIds }),
    ctx.db
      .update(draftSections)
      .set({ status: 'queued', error: null, jobId, updatedAt: new Date().toISOString() })
      .where(and(eq(draftSections.draftId, draft.id), inArray(draftSections.id, sectionIds))),
    bumpDraft(ctx, draft.id, { jobId, composeState: 'generating' }),
  ])
  const params: ComposeParams = { jobId, draftId: draft.id, officeId: ctx.actor.officeId, memberId: ctx.actor.memberId }
  try {
    await ctx.env.COMPOSE.create({ id: jobId, params })
  } catch (err) {
    await failJob(ctx, { jobId, error: `无法启动生成流程：${err instanceof Error ? err.message : String(err)}` })
    throw new AppError('INTERNAL', '无法启动生成流程，请稍后重试')
  }
  return { jobId, draftId: draft.id, status: 'queued', mode, sections: targets.map((s) => ({ id: s.id, heading: s.heading })) }
}

/** First step: the job runs. Sections that wait for the others (依赖：全文) form a second wave. */
export async function beginJob(ctx: Ctx, input: { jobId: string }): Promise<{ mode: ComposeMode; waves: string[][] }> {
  const job = await loadJob(ctx, input.jobId)
  const draft = await loadDraft(ctx, job.draftId)
  const now = new Date().toISOString()
  await ctx.db.update(composeJobs).set({ status: 'running', startedAt: job.startedAt ?? now, updatedAt: now }).where(eq(composeJobs.id, job.id))
  const def = templateOf(draft)
  const keyOf = new Map((outlineOf(draft)?.sections ?? []).map((s) => [s.id, s.key]))
  const after = (id: string) => def.sections.find((s) => s.key === keyOf.get(id))?.after ?? false
  const waves = [job.sectionIds.filter((id) => !after(id)), job.sectionIds.filter(after)].filter((w) => w.length)
  return { mode: job.mode, waves }
}

export async function finishJob(ctx: Ctx, input: { jobId: string }): Promise<{ status: 'done' }> {
  const job = await loadJob(ctx, input.jobId)
  const rows = await loadSections(ctx, job.draftId)
  const allDone = rows.every((r) => r.status === 'done')
  const now = new Date().toISOString()
  await ctx.db.batch([
    ctx.db.update(composeJobs).set({ status: 'done', finishedAt: now, updatedAt: now }).where(eq(composeJobs.id, job.id)),
    bumpDraft(ctx, job.draftId, { composeState: allDone ? 'done' : 'outlined' }),
  ])
  return { status: 'done' }
}

/** The job failed: sections it did not finish are marked failed; finished ones stay saved. */
export async function failJob(ctx: Ctx, input: { jobId: string; error: string }): Promise<{ status: 'failed' }> {
  const job = await loadJob(ctx, input.jobId)
  const now = new Date().toISOString()
  await ctx.db.batch([
    ctx.db.update(composeJobs).set({ status: 'failed', error: input.error.slice(0, 1000), finishedAt: now, updatedAt: now }).where(eq(composeJobs.id, job.id)),
    ctx.db
      .update(draftSections)
      .set({ status: 'failed', updatedAt: now })
      .where(and(eq(draftSections.draftId, job.draftId), inArray(draftSections.id, job.sectionIds), ne(draftSections.status, 'done'))),
    bumpDraft(ctx, job.draftId, { composeState: 'failed' }),
  ])
  return { status: 'failed' }
}

export async function getJob(ctx: Ctx, id: string): Promise<JobView> {
  const job = await reconcile(ctx, await loadJob(ctx, id))
  const rows = new Map((await loadSections(ctx, job.draftId)).map((r) => [r.id, r]))
  return {
    id: job.id,
    draftId: job.draftId,
    status: job.status,
    mode: job.mode,
    sections: job.sectionIds.map((sid) => {
      const r = rows.get(sid)
      return { id: sid, heading: r?.heading ?? '（已删除）', status: r?.status ?? 'failed', error: r?.error ?? null }
    }),
    error: job.error,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  }
}
