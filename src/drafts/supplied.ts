/**
 * Drafts whose text another domain composed from its own record — the 督查通报 from the 督办 items
 * (src/ducha/tongbao.ts). The draft row, its outline from the template, its sections filled with the
 * supplied text and flags, its versions and the audit events are written in one D1 batch: the draft
 * exists whole or not at all. The result is an ordinary draft: checked, approved and exported like
 * any other.
 *
 * Kept apart from compose on purpose: nothing here calls a model or retrieves materials.
 */
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { parseInput } from '../core/validation'
import { draftSections, drafts, type ComposeMode, type Sensitivity } from '../db/schema'
import { effectiveVariables } from '../templates'
import { notify } from '../webhooks'
import { contentHash, type DraftContent } from './content'
import { getDraft, newDraftRow, templateForDraft } from './create'
import { buildProposal, fixedText } from './outline'
import { RECORD_FLAG, type RecordFlag } from './record'
import { createDraftInput } from './schemas'
import { draftWebhookData } from './sensitivity'
import { DRAFT_WRITERS, loadDraft, type DraftRow } from './store'
import type { DraftFlag, DraftView, Outline } from './types'
import { snapshotStatement } from './versions'

export interface SuppliedDraftInput {
  templateId: string
  title?: string
  variables: Record<string, string>
  /** Text and flags by template section key; sections not named keep the template's own. */
  sections: Record<string, { text: string; flags?: DraftFlag[] }>
  /** Draft-level notes: where the text came from, what it cites. */
  flags?: DraftFlag[]
  /** Names the supplier in the audit trail, e.g. 'ducha.tongbao'. */
  source: string
  /** generate when a model wrote the supplied text; assemble (the default) when it was assembled. */
  mode?: ComposeMode
  /** The record the text rests on: its sensitivity (the draft carries at least this) and the figures it supports. */
  record?: { sensitivity: Sensitivity; figures: string[]; quotes: string[]; message: string }
}

export async function createSuppliedDraft(ctx: Ctx, input: SuppliedDraftInput): Promise<DraftView> {
  requireRole(ctx, ...DRAFT_WRITERS)
  const d = parseInput(createDraftInput, { templateId: input.templateId, title: input.title, variables: input.variables }, '文稿')
  const template = await templateForDraft(ctx, d)
  const vars = effectiveVariables(template, d.variables)
  const now = new Date().toISOString()
  const record: RecordFlag[] = input.record ? [{ kind: RECORD_FLAG, source: input.source, ...input.record }] : []
  const row = newDraftRow(ctx, template, { title: d.title, variables: d.variables, mode: input.mode ?? 'assemble', materials: [], retrieval: null, flags: [...(input.flags ?? []), ...record] })
  const { id, title, variables } = row
  // No materials: the outline is the template's sections, as proposeOutline would make it.
  const { sections: items } = await buildProposal(ctx, row as unknown as DraftRow, new Map())
  const outline: Outline = { sections: items, unused: [], source: 'proposed', updatedAt: now }
  const rows = items.map((item, seq) => {
    const supplied = item.kind === 'written' ? input.sections[item.key] : undefined
    const text = item.kind === 'fixed' ? fixedText(template, item.key, vars) : (supplied?.text ?? '')
    return {
      id: item.id,
      officeId: ctx.actor.officeId,
      draftId: id,
      seq,
      key: item.key,
      heading: item.heading,
      kind: item.kind,
      text,
      flags: supplied?.flags ?? [],
      status: item.kind === 'fixed' || supplied ? ('done' as const) : ('pending' as const),
    }
  })
  // Version 1 is the draft as created (no sections), version 2 the supplied text, as a composed draft has them.
  const created: DraftContent = { title, variables, sections: [] }
  const composed: DraftContent = { title, variables, sections: rows.map((r) => ({ id: r.id, heading: r.heading, text: r.text })) }
  await runAudited(
    ctx,
    [
      { action: 'draft.create', targetKind: 'draft', targetId: id, detail: { templateId: template.id, mode: row.mode } },
      { action: 'draft.supply', targetKind: 'draft', targetId: id, detail: { source: input.source, sections: Object.keys(input.sections) } },
    ],
    [
      ctx.db.insert(drafts).values({ ...row, outline: outline as unknown as Record<string, unknown>, composeState: 'done', version: 2 }),
      ...rows.map((r) => ctx.db.insert(draftSections).values(r)),
      snapshotStatement(ctx, id, 1, created, await contentHash(created), 'created'),
      snapshotStatement(ctx, id, 2, composed, await contentHash(composed), 'compose'),
    ],
  )
  const stored = await loadDraft(ctx, id)
  await notify(ctx, 'draft.created', await draftWebhookData(ctx, stored, { draftId: id, templateId: template.id, status: stored.status }))
  return getDraft(ctx, id)
}
