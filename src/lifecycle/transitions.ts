/**
 * The approval chain (起草 → 审核 → 签发 → 印发, 《党政机关公文处理工作条例》 第十九–二十二条):
 * which action moves a draft from which state to which, and which role owns it. An approval or a
 * signature records the content hash it saw; 印发 of a 公文 assigns its 发文字号.
 */
import { ROLE_LABEL, STATUS_LABEL } from '../core/field-labels'
import { and, desc, eq, isNull } from 'drizzle-orm'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { contentHash, draftWebhookData, draftWriteStatements, loadContent, loadDraft } from '../drafts'
import type { Statement } from '../db/client'
import { isGuardFailure, isUniqueFailure } from '../db/guard'
import { draftApprovals, GONGWEN_GENRES, type DraftStatus, type Role } from '../db/schema'
import { loadSettings } from '../offices'
import { reviewGate } from './gate'
import { assignDocNumberStatements, nextDocNumber } from './docnumber'
import { notify, notifyChatOfTransition } from '../webhooks'
import { staleConflict } from './store'

export const ACTIONS = ['submit', 'approve', 'return', 'revise', 'sign', 'issue'] as const
export type Action = (typeof ACTIONS)[number]

interface Rule {
  from: DraftStatus[]
  to: DraftStatus
  roles: Role[]
  label: string
}

/** The transition table. `sign` may also start from in_review when the office lets 签发 skip 审核. */
export const TRANSITIONS: Record<Action, Rule> = {
  submit: { from: ['drafting'], to: 'in_review', roles: ['drafter'], label: '提交审核' },
  approve: { from: ['in_review'], to: 'approved', roles: ['reviewer'], label: '审核通过' },
  return: { from: ['in_review', 'approved'], to: 'returned', roles: ['reviewer', 'signer'], label: '退回修改' },
  revise: { from: ['returned'], to: 'drafting', roles: ['drafter'], label: '重新起草' },
  sign: { from: ['approved'], to: 'signed', roles: ['signer'], label: '签发' },
  issue: { from: ['signed'], to: 'issued', roles: ['admin'], label: '登记印发' },
}


const WEBHOOK_FOR: Partial<Record<Action, 'draft.submitted' | 'draft.approved' | 'draft.returned' | 'draft.signed' | 'draft.issued'>> = {
  submit: 'draft.submitted',
  approve: 'draft.approved',
  return: 'draft.returned',
  sign: 'draft.signed',
  issue: 'draft.issued',
}

export const transitionInput = z.object({
  action: z.enum(ACTIONS),
  note: z.string().trim().max(1000).optional(),
})

export const isGongwen = (genre: string) => (GONGWEN_GENRES as readonly string[]).includes(genre)

/**
 * Tries a transition: refuses a role that does not own it (403) or a state it cannot start from (409).
 * `expectedHash` binds it to the content a person was shown (a chat button): if the draft changed
 * since, it is refused (409) and nothing is written.
 */
export async function transitionDraft(ctx: Ctx, draftId: string, input: unknown, options: { expectedHash?: string } = {}) {
  const { action, note } = parseInput(transitionInput, input, '流转操作')
  const rule = TRANSITIONS[action]
  const draft = await loadDraft(ctx, draftId)
  if (!rule.roles.includes(ctx.actor.role)) {
    throw new AppError('FORBIDDEN', `“${rule.label}”须由${rule.roles.map((r) => ROLE_LABEL[r]).join('或')}操作`, { action, role: ctx.actor.role })
  }
  const content = await loadContent(ctx, draft)
  const hash = await contentHash(content)
  // Before the state: a press on a message about content that has changed since says so, whatever the state now.
  if (options.expectedHash !== undefined && options.expectedHash !== hash) {
    throw new AppError('CONFLICT', '文稿在消息发出后已被修改，请打开文稿查看最新内容后再操作', { status: draft.status, action })
  }
  const settings = await loadSettings(ctx)
  const from = action === 'sign' && !settings.signRequiresReview ? [...rule.from, 'in_review' as const] : rule.from
  if (!from.includes(draft.status)) {
    throw new AppError('CONFLICT', `文稿当前为“${STATUS_LABEL[draft.status]}”，不能“${rule.label}”`, { status: draft.status, action })
  }
  if (draft.composeState === 'generating') throw new AppError('CONFLICT', '文稿正在生成，请待生成完成后再流转')
  // The gate before review: refuses (412) here, before anything is written, or reports what it found.
  const gate = action === 'submit' || action === 'approve' || action === 'sign' ? await reviewGate(ctx, draftId, action, settings.reviewGate) : null

  if (action === 'sign' && settings.signRequiresReview) {
    const approval = await ctx.db
      .select({ contentHash: draftApprovals.contentHash })
      .from(draftApprovals)
      .where(and(eq(draftApprovals.draftId, draftId), eq(draftApprovals.kind, 'approve'), isNull(draftApprovals.supersededAt)))
      .orderBy(desc(draftApprovals.createdAt))
      .get()
    if (!approval || approval.contentHash !== hash) {
      throw new AppError('CONFLICT', '签发须基于审核通过的内容，当前内容未经审核或审核后已被修改')
    }
  }

  const now = new Date().toISOString()
  for (let attempt = 1; ; attempt++) {
    let detail: Record<string, unknown> = { from: draft.status, to: rule.to, version: draft.version, ...(note ? { note } : {}) }
    let hashAfter = hash
    let docNumber: string | null = null
    const expect = { version: draft.version, status: draft.status }
    let write: Awaited<ReturnType<typeof draftWriteStatements>>
    const own: Statement[] = []
    if (action === 'issue' && isGongwen(draft.genre)) {
      const next = await nextDocNumber(ctx, settings.docAgencyCode)
      docNumber = next.docNumber
      // The number is locked into the document: a new version carries it in its variables.
      const locked = { ...content, variables: { ...content.variables, docNumber } }
      hashAfter = await contentHash(locked)
      write = await draftWriteStatements(ctx, draft, {
        expect,
        status: rule.to,
        set: { docNumber, issuedAt: now },
        content: { before: content, after: locked, reason: 'issue' },
      })
      own.push(...assignDocNumberStatements(ctx, next))
      detail = { ...detail, docNumber, version: write.version }
    } else {
      write = await draftWriteStatements(ctx, draft, { expect, status: rule.to, ...(action === 'issue' ? { set: { issuedAt: now } } : {}) })
    }
    if (action === 'approve' || action === 'sign') {
      own.push(
        ctx.db.insert(draftApprovals).values({
          id: newId('apr'),
          officeId: ctx.actor.officeId,
          draftId,
          kind: action,
          memberId: ctx.actor.memberId,
          version: draft.version,
          contentHash: hash,
          note: note ?? null,
        }),
      )
    }
    const statements = [...write.statements, ...own]
    try {
      await runAudited(ctx, [{ action: `draft.${action}`, targetKind: 'draft', targetId: draftId, hashBefore: hash, hashAfter, detail }], statements)
    } catch (e) {
      // Another issue took this number first: take the next one.
      if (docNumber && (isGuardFailure(e) || isUniqueFailure(e, 'drafts')) && attempt < 8) {
        const now2 = await loadDraft(ctx, draftId)
        if (now2.status === draft.status && now2.version === draft.version) continue
      }
      if (isGuardFailure(e) || isUniqueFailure(e, 'draft_versions')) throw await staleConflict(ctx, draftId, '文稿状态或内容已变化，请刷新后重试')
      throw e
    }
    const event = WEBHOOK_FOR[action]
    if (event) await notify(ctx, event, await draftWebhookData(ctx, draftId, { draftId, action, status: rule.to, contentHash: hashAfter, ...(docNumber ? { docNumber } : {}) }))
    await notifyChatOfTransition(ctx, { draftId, status: rule.to, authorId: draft.createdBy, contentHash: hashAfter, note: note ?? null })
    return { id: draftId, status: rule.to, action, contentHash: hashAfter, version: write.version, docNumber, ...(gate ? { gate } : {}) }
  }
}

/** The approvals and signatures a draft has had, superseded ones marked. */
export async function listApprovals(ctx: Ctx, draftId: string) {
  await loadDraft(ctx, draftId)
  const rows = await ctx.db
    .select()
    .from(draftApprovals)
    .where(and(eq(draftApprovals.officeId, ctx.actor.officeId), eq(draftApprovals.draftId, draftId)))
    .orderBy(desc(draftApprovals.createdAt))
  return { items: rows.map(({ officeId: _o, ...r }) => r) }
}
