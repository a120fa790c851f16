/**
 * 分解立项: proposals from a 纪要, a speech or a 通知 (pasted, a draft, a precedent). With a model
 * configured (and allowed to see the source: restricted text never, internal text only by an
 * internal provider) the model names the tasks and proposals-model.ts checks each against the text;
 * otherwise, or when the model fails, times out or answers out of format, the deterministic
 * extraction (extract/) runs and the result says why. Each proposal points at its span in the
 * returned text; a person confirms, edits or drops each, and the confirmed ones are posted to
 * /ducha/items with the source and span, which keeps the link.
 */
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { parseInput } from '../core/validation'
import type { Sensitivity } from '../db/schema'
import { assertProviderMaySee, composePlan, SENSITIVITY_LABELS } from '../drafts'
import { createLlmClient, emptyUsage, mayReceive, type MaterialRef, type Usage } from '../llm'
import { extractProposals, type Proposal } from './extract'
import { ITEM_WRITERS } from './items'
import { modelProposals, type DroppedProposal } from './proposals-model'
import { LIMITS, proposalInput } from './schemas'
import { sourceText } from './sources'
import { dayOf } from './status'
import { loadUnits } from './store'

export interface ProposalFallback {
  /** no-provider: generate asked for, none configured; confidentiality: the source may not go to this provider; upstream: the call failed or timed out; invalid-answer: the answer was not the JSON asked for. */
  reason: 'no-provider' | 'confidentiality' | 'upstream' | 'invalid-answer'
  message: string
}

export interface ProposalResult {
  mode: 'assemble' | 'generate'
  /** Why the deterministic extraction ran although a model was asked for or configured; null when it did not. */
  fallback: ProposalFallback | null
  baseDate: string
  source: { kind: 'text' | 'draft' | 'precedent'; id: string | null; sensitivity: Sensitivity }
  /** The text the spans point into (a draft's sections joined as draftText gives them). */
  textLength: number
  proposals: (Proposal & { quote: string; source: { kind: string; id?: string; span: { start: number; end: number } } | { kind: 'text'; quote: string } })[]
  omitted: number
  /** What the model proposed that did not hold against the text (generate mode only). */
  dropped: DroppedProposal[]
  model: string | null
  usage: Usage
}

export async function proposeItems(ctx: Ctx, input: unknown, now = new Date()): Promise<ProposalResult> {
  requireRole(ctx, ...ITEM_WRITERS)
  const p = parseInput(proposalInput, input, '分解立项')
  let text: string
  let date: string | null = null
  let source: ProposalResult['source']
  let title = '粘贴的文本'
  if (p.draftId) {
    const s = await sourceText(ctx, 'draft', p.draftId)
    text = s.text
    title = s.title
    source = { kind: 'draft', id: p.draftId, sensitivity: s.sensitivity }
  } else if (p.precedentId) {
    const s = await sourceText(ctx, 'precedent', p.precedentId)
    text = s.text
    date = s.date
    title = s.title
    source = { kind: 'precedent', id: p.precedentId, sensitivity: s.sensitivity }
  } else {
    text = p.text!
    // Pasted text is as sensitive as the request says; a 纪要 is internal unless said otherwise.
    source = { kind: 'text', id: null, sensitivity: p.sensitivity }
  }
  // A precedent speaks from its own date; otherwise the request's, otherwise today.
  const baseDate = p.baseDate ?? (date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : dayOf(now))
  const units = await loadUnits(ctx)
  const scanned = text.slice(0, LIMITS.proposalText)
  const material: MaterialRef = { kind: source.kind, id: source.id ?? 'text', title, sensitivity: source.sensitivity }

  const plan = composePlan(ctx, p.mode)
  let fallback: ProposalFallback | null = plan.fellBack ? { reason: 'no-provider', message: '未配置模型，已按规则提取（拼装模式）' } : null
  let found: { proposals: Proposal[]; omitted: number; dropped: DroppedProposal[]; model: string | null; usage: Usage } | null = null
  if (plan.mode === 'generate' && plan.trust) {
    // Asked for the model by name: refused, naming the source, as compose refuses. Otherwise the rules run instead.
    if (p.mode === 'generate') assertProviderMaySee(plan, [material])
    if (!mayReceive(plan.trust, source.sensitivity)) {
      fallback = {
        reason: 'confidentiality',
        message: `原文为${SENSITIVITY_LABELS[source.sensitivity]}材料，按保密规定不发送给当前模型（${plan.trust === 'internal' ? '内部' : '外部'}模型），已按规则提取`,
      }
    } else {
      try {
        found = await modelProposals(createLlmClient(ctx.env)!, scanned, { baseDate, units, maxProposals: LIMITS.proposals, material })
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'UPSTREAM') throw err
        const invalid = (err.details as { kind?: string } | undefined)?.kind === 'invalid-answer'
        fallback = { reason: invalid ? 'invalid-answer' : 'upstream', message: `${err.message}，已改用规则提取（拼装模式）` }
      }
    }
  }
  found ??= { ...extractProposals(scanned, { baseDate, units, maxProposals: LIMITS.proposals }), dropped: [], model: null, usage: emptyUsage() }
  return {
    mode: found.model ? 'generate' : 'assemble',
    fallback,
    baseDate,
    source,
    textLength: text.length,
    proposals: found.proposals.map((x) => {
      const quote = text.slice(x.span.start, x.span.end)
      // Ready to post back to /ducha/items once a person has confirmed it.
      const itemSource = source.kind === 'text' ? { kind: 'text' as const, quote } : { kind: source.kind, id: source.id!, span: x.span }
      return { ...x, quote, source: itemSource }
    }),
    omitted: found.omitted,
    dropped: found.dropped,
    model: found.model,
    usage: found.usage,
  }
}
