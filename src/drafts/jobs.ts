/**
 * Generation jobs: one Workflow instance per job, one job at a time per draft. The job row is the
 * source of truth for progress; the Workflow's own status is consulted only to notice an instance
 * that died without recording it.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { composeJobs, draftSections, type ComposeMode } from '../db/schema'
import { assertProviderMaySee, composePlan } from './compose-mode'
import { assertNoActiveJob, failJob, reconcile } from './job-state'
import { loadMaterials, refOfFinding, refOfPrecedent } from './materials'
import { ensureOutline } from './outline'
import { generateInput } from './schemas'
import { DRAFT_WRITERS, loadDraft, loadJob, loadSections, outlineOf, templateOf } from './store'
import { commitGenerated } from './versions'
import type { JobView } from './types'

/** What a Workflow instance is started with: steps rebuild a Ctx from it (there is no request). */
export interface ComposeParams {
  jobId: string
  draftId: string
  officeId: string
  memberId: string
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

  const plan = composePlan(ctx, draft.mode)
  const mode = plan.mode
  if (mode === 'generate') {
    // Refused here, naming the materials, before any Workflow starts or anything is sent.
    const loaded = await loadMaterials(ctx, [...new Set(targets.flatMap((s) => s.findingIds))], [...new Set(targets.flatMap((s) => s.precedentIds))])
    assertProviderMaySee(plan, [...[...loaded.findings.values()].map(refOfFinding), ...[...loaded.precedents.values()].map(refOfPrecedent)])
  }

  const jobId = newId('job')
  const sectionIds = targets.map((s) => s.id)
  await commitGenerated(ctx, draft.id, 'compose', (_draft, sections) => ({
    writes: [
      ctx.db.insert(composeJobs).values({ id: jobId, officeId: ctx.actor.officeId, draftId: draft.id, memberId: ctx.actor.memberId, mode, status: 'queued', sectionIds }),
      ctx.db
        .update(draftSections)
        .set({ status: 'queued', error: null, jobId, updatedAt: new Date().toISOString() })
        .where(and(eq(draftSections.draftId, draft.id), inArray(draftSections.id, sectionIds))),
    ],
    sections,
    set: { jobId, composeState: 'generating' },
  }))
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
  const now = new Date().toISOString()
  await commitGenerated(ctx, job.draftId, 'compose', (_draft, sections) => ({
    writes: [ctx.db.update(composeJobs).set({ status: 'done', finishedAt: now, updatedAt: now }).where(eq(composeJobs.id, job.id))],
    sections,
    set: { composeState: sections.every((r) => r.status === 'done') ? 'done' : 'outlined' },
  }))
  return { status: 'done' }
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
