/**
 * 分解立项: proposals from a 纪要, a speech or a 通知 (pasted, a draft, a precedent). Assemble mode
 * only: deterministic extraction (extract/). Each proposal points at its span in the returned text;
 * a person confirms, edits or drops each, and the confirmed ones are posted to /ducha/items with the
 * source and span, which keeps the link.
 */
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { parseInput } from '../core/validation'
import { extractProposals, type Proposal } from './extract'
import { ITEM_WRITERS } from './items'
import { LIMITS, proposalInput } from './schemas'
import { sourceText } from './sources'
import { dayOf } from './status'
import { loadUnits } from './store'

export interface ProposalResult {
  mode: 'assemble'
  baseDate: string
  source: { kind: 'text' | 'draft' | 'precedent'; id: string | null }
  /** The text the spans point into (a draft's sections joined as draftText gives them). */
  textLength: number
  proposals: (Proposal & { quote: string; source: { kind: string; id?: string; span: { start: number; end: number } } | { kind: 'text'; quote: string } })[]
  omitted: number
}

export async function proposeItems(ctx: Ctx, input: unknown, now = new Date()): Promise<ProposalResult> {
  requireRole(ctx, ...ITEM_WRITERS)
  const p = parseInput(proposalInput, input, '分解立项')
  let text: string
  let date: string | null = null
  let source: ProposalResult['source']
  if (p.draftId) {
    text = (await sourceText(ctx, 'draft', p.draftId)).text
    source = { kind: 'draft', id: p.draftId }
  } else if (p.precedentId) {
    const s = await sourceText(ctx, 'precedent', p.precedentId)
    text = s.text
    date = s.date
    source = { kind: 'precedent', id: p.precedentId }
  } else {
    text = p.text!
    source = { kind: 'text', id: null }
  }
  // A precedent speaks from its own date; otherwise the request's, otherwise today.
  const baseDate = p.baseDate ?? (date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : dayOf(now))
  const units = await loadUnits(ctx)
  const { proposals, omitted } = extractProposals(text.slice(0, LIMITS.proposalText), { baseDate, units, maxProposals: LIMITS.proposals })
  return {
    mode: 'assemble',
    baseDate,
    source,
    textLength: text.length,
    proposals: proposals.map((x) => {
      const quote = text.slice(x.span.start, x.span.end)
      // Ready to post back to /ducha/items once a person has confirmed it.
      const itemSource = source.kind === 'text' ? { kind: 'text' as const, quote } : { kind: source.kind, id: source.id!, span: x.span }
      return { ...x, quote, source: itemSource }
    }),
    omitted,
  }
}
