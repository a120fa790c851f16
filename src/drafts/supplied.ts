/**
 * Drafts whose text another domain composed from its own record — the 督查通报 from the 督办 items
 * (src/ducha/tongbao.ts). Created like any draft (assemble mode, no knowledge materials), outlined
 * from its template, and each written section filled with the supplied text and flags. The result
 * is an ordinary draft: checked, approved and exported like any other.
 *
 * Kept apart from compose on purpose: nothing here calls a model or retrieves materials.
 */
import { and, eq } from 'drizzle-orm'
import { runAudited } from '../core/audit'
import type { Ctx } from '../core/context'
import { draftSections } from '../db/schema'
import { createDraft, getDraft } from './create'
import { proposeOutline } from './outline'
import type { SectionRow } from './store'
import { commitGenerated } from './versions'
import type { DraftFlag, DraftView } from './types'

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
}

export async function createSuppliedDraft(ctx: Ctx, input: SuppliedDraftInput): Promise<DraftView> {
  const created = await createDraft(ctx, {
    templateId: input.templateId,
    title: input.title,
    variables: input.variables,
    materials: { findingIds: [], precedentIds: [] },
    mode: 'assemble',
  })
  await proposeOutline(ctx, created.id)
  // The supplied text is a write that moves the version, like generation: it makes its version.
  await commitGenerated(ctx, created.id, 'compose', (draft, rows) => {
    const now = new Date().toISOString()
    const supplied = (r: SectionRow) => (r.kind === 'written' ? input.sections[r.key] : undefined)
    return {
      writes: rows
        .filter((r) => supplied(r))
        .map((r) =>
          ctx.db
            .update(draftSections)
            .set({ text: supplied(r)!.text, flags: supplied(r)!.flags ?? [], citations: [], status: 'done', error: null, updatedAt: now })
            .where(and(eq(draftSections.id, r.id), eq(draftSections.officeId, ctx.actor.officeId))),
        ),
      sections: rows.map((r) => ({ id: r.id, heading: r.heading, text: supplied(r)?.text ?? r.text })),
      set: { composeState: 'done', flags: [...(draft.flags as DraftFlag[]), ...(input.flags ?? [])] },
    }
  })
  await runAudited(ctx, [{ action: 'draft.supply', targetKind: 'draft', targetId: created.id, detail: { source: input.source, sections: Object.keys(input.sections) } }], [])
  return getDraft(ctx, created.id)
}
