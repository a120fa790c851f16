/**
 * The state of generation jobs, apart from starting them: whether a draft has one running, and
 * recording a failure. Both the job runner (jobs.ts) and the outline (outline.ts) need it, so it
 * lives here rather than in either of them.
 */
import { and, eq, inArray, ne } from 'drizzle-orm'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { composeJobs, draftSections } from '../db/schema'
import { loadJob, type DraftRow, type JobRow } from './store'
import { commitGenerated } from './versions'

const ACTIVE = ['queued', 'running'] as const
export const isActive = (s: string) => (ACTIVE as readonly string[]).includes(s)

/** A job whose Workflow instance errored or was terminated without saying so is marked failed. */
export async function reconcile(ctx: Ctx, job: JobRow): Promise<JobRow> {
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

/** The job failed: sections it did not finish are marked failed; finished ones stay saved. */
export async function failJob(ctx: Ctx, input: { jobId: string; error: string }): Promise<{ status: 'failed' }> {
  const job = await loadJob(ctx, input.jobId)
  const now = new Date().toISOString()
  await commitGenerated(ctx, job.draftId, 'compose', (_draft, sections) => ({
    writes: [
      ctx.db.update(composeJobs).set({ status: 'failed', error: input.error.slice(0, 1000), finishedAt: now, updatedAt: now }).where(eq(composeJobs.id, job.id)),
      ctx.db
        .update(draftSections)
        .set({ status: 'failed', updatedAt: now })
        .where(and(eq(draftSections.draftId, job.draftId), inArray(draftSections.id, job.sectionIds), ne(draftSections.status, 'done'))),
    ],
    sections,
    set: { composeState: 'failed' },
  }))
  return { status: 'failed' }
}
