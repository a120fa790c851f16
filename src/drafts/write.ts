/**
 * Writing one section: by the model or by the assemble writer, then the same checks for both —
 * markers validated, figures traced — and the section saved to D1 at once.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { draftSections, type ComposeMode, type TokenUsage } from '../db/schema'
import { addUsage, createLlmClient, emptyUsage, type ChatRequest, type LlmClient } from '../llm'
import { assembled, prepareSection, type PreparedSection } from './brief'
import { proseLength, stripMarkers, untracedFigures, validateMarkers } from './citations'
import { sectionMessages } from './prompts'
import { loadDraft, loadSections, outlineOf, templateOf, type DraftRow, type SectionRow } from './store'
import { commitGenerated } from './versions'
import type { DraftFlag, OutlineSection } from './types'

export interface Finished {
  text: string
  citations: ReturnType<typeof validateMarkers>['citations']
  flags: DraftFlag[]
}

/** Validates markers (removing and reporting invalid ones) and flags figures no finding holds. */
export function finishText(prepared: PreparedSection, raw: string, sectionId: string): Finished {
  const { text, citations, invalid } = validateMarkers(raw.trim(), prepared.allowed)
  const flags: DraftFlag[] = [
    ...invalid.map((marker) => ({
      kind: 'invalid-marker',
      sectionId,
      marker,
      message: `引用标记 [${marker}] 不对应本节的任何材料，已删除`,
    })),
    ...untracedFigures(text, prepared.sources).map((figure) => ({
      kind: 'untraced-figure',
      sectionId,
      figure,
      message: `“${figure}”在本节的调研材料中找不到出处，请核实并补充来源`,
    })),
  ]
  return { text, citations, flags }
}

/** Sections written after the others get the others' text, without markers, for continuity. */
export async function contextFor(ctx: Ctx, draft: DraftRow, item: OutlineSection): Promise<string | null> {
  const ts = templateOf(draft).sections.find((s) => s.key === item.key)
  if (!ts?.after) return null
  const rows = await loadSections(ctx, draft.id)
  const text = rows
    .filter((r) => r.id !== item.id && r.kind === 'written' && r.text)
    .map((r) => `${r.heading}\n${stripMarkers(r.text)}`)
    .join('\n\n')
  return text ? [...text].slice(0, 6000).join('') : null
}

export function outlineItem(draft: DraftRow, sectionId: string): OutlineSection {
  const item = outlineOf(draft)?.sections.find((s) => s.id === sectionId)
  if (!item) throw new AppError('NOT_FOUND', '章节不存在')
  return item
}

export function chatRequest(prepared: PreparedSection, signal?: AbortSignal): ChatRequest {
  return {
    messages: sectionMessages(prepared.brief),
    materials: prepared.refs,
    // Chinese runs at roughly 1–1.5 tokens per character; leave room, but bound the cost.
    maxTokens: Math.min(8000, Math.max(400, Math.round(prepared.brief.targetChars * 2.5))),
    temperature: 0.4,
    signal,
  }
}

export function requireClient(ctx: Ctx): LlmClient {
  const client = createLlmClient(ctx.env)
  if (!client) throw new AppError('PRECONDITION_FAILED', '未配置模型（OPENAI_BASE_URL、WENFU_MODEL），只能使用拼装模式')
  return client
}

export async function markRunning(ctx: Ctx, sectionId: string, jobId: string | null): Promise<void> {
  await ctx.db
    .update(draftSections)
    .set({ status: 'running', attempts: sql`${draftSections.attempts} + 1`, jobId, error: null, updatedAt: new Date().toISOString() })
    .where(and(eq(draftSections.id, sectionId), eq(draftSections.officeId, ctx.actor.officeId)))
}

export async function markFailed(ctx: Ctx, sectionId: string, message: string, final: boolean): Promise<void> {
  await ctx.db
    .update(draftSections)
    .set({ status: final ? 'failed' : 'running', error: message.slice(0, 500), updatedAt: new Date().toISOString() })
    .where(and(eq(draftSections.id, sectionId), eq(draftSections.officeId, ctx.actor.officeId)))
}

/** Saves a finished section with the version it makes, in one batch. */
/**
 * Saves one section's generated text as a new version. `finishDraft` (the interactive stream, which
 * has no job to finish) marks the draft composed in the same version when this was the last section
 * left, so a stream adds exactly one version.
 */
export async function saveSection(ctx: Ctx, draftId: string, row: SectionRow, done: Finished, usage: TokenUsage, jobId: string | null, finishDraft = false) {
  const total = addUsage(row.usage ?? emptyUsage(), usage)
  await commitGenerated(ctx, draftId, 'generate', (_draft, sections) => ({
    ...(finishDraft && sections.every((s) => s.id === row.id || s.status === 'done') ? { set: { composeState: 'done' as const } } : {}),
    writes: [
      ctx.db
        .update(draftSections)
        .set({
          text: done.text,
          citations: done.citations,
          flags: done.flags,
          usage: total,
          status: 'done',
          error: null,
          jobId,
          updatedAt: new Date().toISOString(),
        })
        .where(and(eq(draftSections.id, row.id), eq(draftSections.officeId, ctx.actor.officeId))),
    ],
    sections: sections.map((s) => (s.id === row.id ? { ...s, text: done.text } : s)),
  }))
}

export interface SectionSummary {
  sectionId: string
  status: 'done' | 'skipped'
  chars: number
  invalidMarkers: number
  untracedFigures: number
  usage: TokenUsage
}

/**
 * One Workflow step: writes one section and saves it. Replaying a step whose section this job
 * already saved returns the saved result instead of calling the model again.
 */
export async function composeSection(
  ctx: Ctx,
  input: { draftId: string; sectionId: string; jobId: string; mode: ComposeMode; finalAttempt: boolean },
): Promise<SectionSummary> {
  const draft = await loadDraft(ctx, input.draftId)
  const row = (await loadSections(ctx, draft.id)).find((s) => s.id === input.sectionId)
  const item = outlineOf(draft)?.sections.find((s) => s.id === input.sectionId)
  if (!row || !item) return { sectionId: input.sectionId, status: 'skipped', chars: 0, invalidMarkers: 0, untracedFigures: 0, usage: emptyUsage() }
  const summary = (done: { text: string; flags: Record<string, unknown>[] }, usage: TokenUsage): SectionSummary => ({
    sectionId: row.id,
    status: 'done',
    chars: proseLength(done.text),
    invalidMarkers: done.flags.filter((f) => f.kind === 'invalid-marker').length,
    untracedFigures: done.flags.filter((f) => f.kind === 'untraced-figure').length,
    usage,
  })
  if (row.status === 'done' && row.jobId === input.jobId) return summary(row, row.usage ?? emptyUsage())

  const prepared = await prepareSection(ctx, draft, item, await contextFor(ctx, draft, item))
  await markRunning(ctx, row.id, input.jobId)
  try {
    let raw: string
    let usage = emptyUsage()
    if (input.mode === 'generate') {
      const result = await requireClient(ctx).chat(chatRequest(prepared))
      raw = result.text
      usage = result.usage
    } else {
      raw = assembled(prepared)
    }
    const done = finishText(prepared, raw, row.id)
    await saveSection(ctx, draft.id, row, done, usage, input.jobId)
    return summary(done, usage)
  } catch (err) {
    await markFailed(ctx, row.id, err instanceof Error ? err.message : String(err), input.finalAttempt)
    throw err
  }
}
