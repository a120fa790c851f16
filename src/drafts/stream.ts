/**
 * Interactive (re)generation of one section with its text streamed: for the editor, outside any
 * Workflow. The events are plain data; the API turns them into SSE. Everything that can refuse
 * (role, tenant, a running job, confidentiality) refuses before the first event.
 */
import { logLine } from '../core/log'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { emptyUsage, type Usage } from '../llm'
import { assembled, prepareSection } from './brief'
import { assertProviderMaySee, composePlan } from './compose-mode'
import { assertNoActiveJob } from './job-state'
import { ensureOutline } from './outline'
import { DRAFT_WRITERS, loadDraft, loadSections } from './store'
import type { DraftFlag, DraftSectionView } from './types'
import { draftView } from './view'
import { chatRequest, contextFor, finishText, markFailed, markRunning, outlineItem, requireClient, saveSection } from './write'

export type SectionStreamEvent =
  | { type: 'start'; sectionId: string; heading: string; mode: 'generate' | 'assemble' }
  | { type: 'delta'; text: string }
  /** The model's stream broke and the call restarted: discard the text received so far. */
  | { type: 'restart'; reason: string }
  /** The validated text (invalid markers removed) replaces what the deltas showed. */
  | { type: 'done'; section: DraftSectionView; flags: DraftFlag[] }
  | { type: 'error'; error: { code: string; message: string } }

export async function streamSection(
  ctx: Ctx,
  input: { draftId: string; sectionId: string; signal?: AbortSignal },
): Promise<AsyncGenerator<SectionStreamEvent>> {
  requireRole(ctx, ...DRAFT_WRITERS)
  let draft = await loadDraft(ctx, input.draftId)
  await assertNoActiveJob(ctx, draft)
  await ensureOutline(ctx, draft)
  draft = await loadDraft(ctx, input.draftId)
  const item = outlineItem(draft, input.sectionId)
  if (item.kind !== 'written') throw new AppError('VALIDATION', `“${item.heading}”是固定内容，不需要生成`)
  const row = (await loadSections(ctx, draft.id)).find((s) => s.id === item.id)
  if (!row) throw new AppError('NOT_FOUND', '章节不存在')
  const plan = composePlan(ctx, draft.mode)
  const mode = plan.mode
  const prepared = await prepareSection(ctx, draft, item, await contextFor(ctx, draft, item))
  assertProviderMaySee(plan, prepared.refs)
  const client = mode === 'generate' ? requireClient(ctx) : null
  await markRunning(ctx, row.id, null)

  return (async function* events(): AsyncGenerator<SectionStreamEvent> {
    let settled = false
    try {
      yield { type: 'start', sectionId: row.id, heading: item.heading, mode }
      let raw = ''
      let usage: Usage = emptyUsage()
      if (client) {
        for await (const ev of client.chatStream(chatRequest(prepared, input.signal))) {
          if (ev.type === 'delta') {
            raw += ev.text
            yield ev
          } else if (ev.type === 'restart') {
            raw = ''
            yield { type: 'restart', reason: ev.reason }
          } else {
            raw = ev.result.text
            usage = ev.result.usage
          }
        }
      } else {
        raw = assembled(prepared)
        for (const part of raw.split(/(?<=\n\n)/)) yield { type: 'delta', text: part }
      }
      const done = finishText(prepared, raw, row.id)
      await saveSection(ctx, draft.id, row, done, usage, null, true)
      settled = true
      const rows = await loadSections(ctx, draft.id)
      const view = await draftView(ctx, await loadDraft(ctx, draft.id), rows)
      yield { type: 'done', section: view.sections.find((s) => s.id === row.id)!, flags: done.flags }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      if (!(err instanceof AppError)) logLine(ctx.env, 'error', `[${ctx.requestId}] section stream`, err)
      settled = true
      // The person hears about the failure even if recording it fails too.
      await markFailed(ctx, row.id, message, true).catch((e: unknown) => logLine(ctx.env, 'error', `[${ctx.requestId}] mark failed`, e))
      yield { type: 'error', error: { code: err instanceof AppError ? err.code : 'INTERNAL', message: err instanceof AppError ? message : '生成失败，请稍后重试' } }
    } finally {
      if (!settled) await markFailed(ctx, row.id, '生成被中断（连接已断开）', true).catch(() => undefined)
    }
  })()
}
