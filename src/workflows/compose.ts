/**
 * One Workflow instance per generation job: a step to begin, one retried step per section (the
 * sections of a wave run concurrently), a step to finish. Each section step saves its section to
 * D1 before returning a small summary, so a failure redoes one section and loses nothing written.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from 'cloudflare:workers'
import { NonRetryableError } from 'cloudflare:workflows'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { createDb } from '../db/client'
import { beginJob, composeSection, failJob, finishJob, type ComposeParams } from '../drafts'
import type { Env } from '../env'

export type { ComposeParams }

const SECTION_STEP: WorkflowStepConfig = {
  retries: { limit: 2, delay: '10 seconds', backoff: 'exponential' },
  timeout: '10 minutes',
}
const BOOKKEEPING_STEP: WorkflowStepConfig = { retries: { limit: 3, delay: '2 seconds', backoff: 'exponential' }, timeout: '1 minute' }

/** Errors no retry can fix: refused material, a missing provider, a deleted draft. */
const FATAL = new Set(['VALIDATION', 'NOT_FOUND', 'FORBIDDEN', 'PRECONDITION_FAILED', 'UNAUTHORIZED'])

export class ComposeWorkflow extends WorkflowEntrypoint<Env, ComposeParams> {
  /** Steps run outside any request: they act as the member who started the job, in its office. */
  private ctxFor(p: ComposeParams): Ctx {
    return {
      db: createDb(this.env.DB),
      env: this.env,
      actor: { memberId: p.memberId, officeId: p.officeId, role: 'drafter', platformAdmin: false },
      requestId: p.jobId,
    }
  }

  override async run(event: Readonly<WorkflowEvent<ComposeParams>>, step: WorkflowStep): Promise<{ status: 'done'; sections: number }> {
    const p = event.payload
    const ctx = this.ctxFor(p)
    const { mode, waves } = await step.do('begin', BOOKKEEPING_STEP, () => beginJob(ctx, { jobId: p.jobId }))
    let written = 0
    try {
      for (const wave of waves) {
        const results = await Promise.allSettled(
          wave.map((sectionId) =>
            step.do(`section ${sectionId}`, SECTION_STEP, async (sc) => {
              const attempt = sc?.attempt ?? 1
              const finalAttempt = attempt > (SECTION_STEP.retries?.limit ?? 0)
              try {
                return await composeSection(ctx, { draftId: p.draftId, sectionId, jobId: p.jobId, mode, finalAttempt })
              } catch (err) {
                if (err instanceof AppError && FATAL.has(err.code)) throw new NonRetryableError(err.message, err.code)
                throw err
              }
            }),
          ),
        )
        const failed = results.find((r) => r.status === 'rejected')
        written += results.filter((r) => r.status === 'fulfilled').length
        if (failed) throw failed.reason
      }
    } catch (err) {
      // an error that crossed a step boundary arrives as "AppError: <message>": people see the message only
      const message = (err instanceof Error ? err.message : String(err)).replace(/^(?:[A-Za-z]*Error: )+/, '')
      await step.do('fail', BOOKKEEPING_STEP, () => failJob(ctx, { jobId: p.jobId, error: message }))
      throw err
    }
    await step.do('finish', BOOKKEEPING_STEP, () => finishJob(ctx, { jobId: p.jobId }))
    return { status: 'done', sections: written }
  }
}
