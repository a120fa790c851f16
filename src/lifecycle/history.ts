/**
 * A draft's 流转记录: who moved it along the approval chain and when (提交审核, 审核通过, 退回修改
 * with the reviewer's note, 重新起草, 签发, 登记印发), read from the audit trail that every
 * transition appends to (transitions.ts). Anyone who may read the draft may read its record.
 */
import { eventsOfTargets } from '../core/audit'
import type { Ctx } from '../core/context'
import { loadDraft } from '../drafts'
import { memberNames } from '../offices'
import { ACTIONS, TRANSITIONS, type Action } from './transitions'

export interface FlowEntry {
  at: string
  action: Action | 'create'
  label: string
  memberId: string
  /** The member's name, or null when the member is gone. */
  memberName: string | null
  role: string
  note: string | null
  docNumber: string | null
}

const FLOW_ACTIONS = ['draft.create', ...ACTIONS.map((a) => `draft.${a}`)]
const HISTORY_LIMIT = 200
/** Drafts one audit lookup asks about (D1 binds at most 100 parameters a statement). */
const TARGETS_AT_ONCE = 90

function entryOf(e: Awaited<ReturnType<typeof eventsOfTargets>>[number], names: Map<string, string>): FlowEntry {
  const action = e.action.slice('draft.'.length) as FlowEntry['action']
  const detail = e.detail ?? {}
  return {
    at: e.at,
    action,
    label: action === 'create' ? '新建文稿' : TRANSITIONS[action].label,
    memberId: e.memberId,
    memberName: names.get(e.memberId) ?? null,
    role: e.role,
    note: typeof detail.note === 'string' && detail.note ? detail.note : null,
    docNumber: typeof detail.docNumber === 'string' ? detail.docNumber : null,
  }
}

/** The draft's 流转记录, newest first (at most 200 entries). */
export async function draftHistory(ctx: Ctx, draftId: string): Promise<FlowEntry[]> {
  await loadDraft(ctx, draftId)
  const events = await eventsOfTargets(ctx, 'draft', [draftId], FLOW_ACTIONS, HISTORY_LIMIT)
  const names = await memberNames(ctx, events.map((e) => e.memberId))
  return events.map((e) => entryOf(e, names))
}

/**
 * The 退回 a drafter still has to answer: the latest return of each draft, unless the draft was
 * submitted again after it. Only drafts (of the actor's office) back in 起草 or 退回 are asked about.
 */
export async function openReturns(ctx: Ctx, drafts: { id: string; status: string }[]): Promise<Map<string, FlowEntry>> {
  const ids = drafts.filter((d) => d.status === 'returned' || d.status === 'drafting').map((d) => d.id)
  // a page of drafts in lookups of TARGETS_AT_ONCE, each taking enough events for every draft in it
  const chunks = Array.from({ length: Math.ceil(ids.length / TARGETS_AT_ONCE) }, (_, i) => ids.slice(i * TARGETS_AT_ONCE, (i + 1) * TARGETS_AT_ONCE))
  const events = (await Promise.all(chunks.map((c) => eventsOfTargets(ctx, 'draft', c, ['draft.return', 'draft.submit'], c.length * 20)))).flat()
  const latest = new Map<string, (typeof events)[number]>()
  for (const e of events) if (!latest.has(e.targetId)) latest.set(e.targetId, e)
  const returns = [...latest.values()].filter((e) => e.action === 'draft.return')
  const names = await memberNames(ctx, returns.map((e) => e.memberId))
  return new Map(returns.map((e) => [e.targetId, entryOf(e, names)]))
}

/** The 退回 of one draft the drafter still has to answer, or null. */
export async function openReturn(ctx: Ctx, draft: { id: string; status: string }): Promise<FlowEntry | null> {
  return (await openReturns(ctx, [draft])).get(draft.id) ?? null
}
