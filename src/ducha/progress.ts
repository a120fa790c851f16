/**
 * Progress and closing: 进展反馈 by a unit's 联络员, the closing report (办结) by the lead unit, the
 * office's 销号 decision on it (a returned report reopens the item), and extension requests.
 */
import { and, desc, eq, inArray } from 'drizzle-orm'
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { duchaExtensions, duchaFeedback, duchaItems, type DuchaAttachment, type DuchaStatus } from '../db/schema'
import { getItem, ITEM_DECIDERS } from './items'
import { closingInput, decisionInput, extensionDecisionInput, extensionInput, feedbackInput, LIMITS } from './schemas'
import { dayOf, isOpen, STATUS_LABELS } from './status'
import { loadItem, unitsOfActor, type ItemRow } from './store'

/**
 * The unit the actor reports for on this item: one of the item's units the actor is a 联络员 of.
 * `leadOnly` for what only the lead unit may do (办结, 延期).
 */
async function reportingUnit(ctx: Ctx, item: ItemRow, asked: string | undefined, leadOnly: boolean): Promise<string> {
  const mine = new Set(await unitsOfActor(ctx))
  const eligible = (leadOnly ? [item.leadUnitId] : [item.leadUnitId, ...item.supportUnitIds]).filter((u) => mine.has(u))
  if (asked) {
    if (!eligible.includes(asked)) {
      throw new AppError('FORBIDDEN', leadOnly ? '只有牵头单位的联络员可以办理此项' : '只能为本人所在单位承办的事项反馈进展')
    }
    return asked
  }
  if (!eligible.length) throw new AppError('FORBIDDEN', leadOnly ? '只有牵头单位的联络员可以办理此项' : '只能为本人所在单位承办的事项反馈进展')
  if (eligible.length > 1) throw new AppError('VALIDATION', '您是该事项多个承办单位的联络员，请指明 unitId', { field: 'unitId', units: eligible })
  return eligible[0]!
}

function decodeBase64(s: string, name: string): Uint8Array {
  try {
    return Uint8Array.from(atob(s.replace(/\s+/g, '')), (c) => c.charCodeAt(0))
  } catch {
    throw new AppError('VALIDATION', `附件“${name}”不是有效的 Base64 内容`, { field: 'attachments' })
  }
}

const safeName = (name: string) => name.replace(/^.*[\\/]/, '').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 120)

/** Puts attachments in R2 under the office before the rows that name them are written. */
async function storeAttachments(ctx: Ctx, itemId: string, feedbackId: string, files: { name: string; contentType: string; dataBase64: string }[]): Promise<DuchaAttachment[]> {
  const out: DuchaAttachment[] = []
  for (const [n, f] of files.entries()) {
    const bytes = decodeBase64(f.dataBase64, f.name)
    if (bytes.byteLength > LIMITS.attachmentBytes) throw new AppError('PAYLOAD_TOO_LARGE', `附件“${f.name}”超过 ${LIMITS.attachmentBytes / 1024} KB`)
    out.push({ key: `offices/${ctx.actor.officeId}/ducha/${itemId}/${feedbackId}/${n}-${safeName(f.name)}`, name: f.name, size: bytes.byteLength, contentType: f.contentType })
  }
  for (const [n, f] of files.entries()) await ctx.env.FILES.put(out[n]!.key, decodeBase64(f.dataBase64, f.name), { httpMetadata: { contentType: f.contentType } })
  return out
}

/** When the rows are not written, the files they would have named go too. */
async function dropAttachments(ctx: Ctx, files: DuchaAttachment[]) {
  if (files.length) await ctx.env.FILES.delete(files.map((f) => f.key)).catch(() => undefined)
}

const inOffice = (ctx: Ctx, id: string) => and(eq(duchaItems.id, id), eq(duchaItems.officeId, ctx.actor.officeId))

/** 进展反馈 by a 联络员 of one of the item's units; the first one moves 待启动 to 推进中. */
export async function addFeedback(ctx: Ctx, itemId: string, input: unknown, now = new Date()) {
  const f = parseInput(feedbackInput, input, '进展反馈')
  const item = await loadItem(ctx, itemId)
  const unitId = await reportingUnit(ctx, item, f.unitId, false)
  if (!isOpen(item.status)) throw new AppError('CONFLICT', `事项${STATUS_LABELS[item.status]}，不能再反馈进展`)
  if (f.milestone && !item.milestones.some((m) => m.title === f.milestone)) {
    throw new AppError('VALIDATION', `事项没有名为“${f.milestone}”的节点`, { field: 'milestone', milestones: item.milestones.map((m) => m.title) })
  }
  const id = newId('dfb')
  const reportedOn = f.reportedOn ?? dayOf(now)
  const files = await storeAttachments(ctx, itemId, id, f.attachments)
  const milestones = f.milestone ? item.milestones.map((m) => (m.title === f.milestone && !m.reachedOn ? { ...m, reachedOn: reportedOn } : m)) : item.milestones
  try {
    await runAudited(ctx, [{ action: 'ducha.feedback.add', targetKind: 'ducha_item', targetId: itemId, detail: { feedbackId: id, unitId, milestone: f.milestone ?? null, attachments: files.length } }], [
      ctx.db.insert(duchaFeedback).values({ id, officeId: ctx.actor.officeId, itemId, unitId, kind: 'progress', reportedOn, text: f.text, milestone: f.milestone ?? null, attachments: files, memberId: ctx.actor.memberId }),
      ctx.db
        .update(duchaItems)
        .set({ milestones, status: item.status === 'not_started' ? 'in_progress' : item.status, updatedAt: new Date().toISOString() })
        .where(inOffice(ctx, itemId)),
    ])
  } catch (e) {
    await dropAttachments(ctx, files)
    throw e
  }
  return getItem(ctx, itemId, now)
}

/** 办结: the lead unit's closing report; the item waits for the office's 销号. */
export async function submitClosing(ctx: Ctx, itemId: string, input: unknown, now = new Date()) {
  const f = parseInput(closingInput, input, '办结报告')
  const item = await loadItem(ctx, itemId)
  const unitId = await reportingUnit(ctx, item, f.unitId, true)
  if (item.status !== 'not_started' && item.status !== 'in_progress') {
    throw new AppError('CONFLICT', `事项当前为“${STATUS_LABELS[item.status]}”，不能提交办结报告`)
  }
  const id = newId('dfb')
  const reportedOn = f.reportedOn ?? dayOf(now)
  const files = await storeAttachments(ctx, itemId, id, f.attachments)
  try {
    await runAudited(ctx, [{ action: 'ducha.item.complete', targetKind: 'ducha_item', targetId: itemId, detail: { feedbackId: id, unitId, reportedOn } }], [
      ctx.db.insert(duchaFeedback).values({ id, officeId: ctx.actor.officeId, itemId, unitId, kind: 'closing', reportedOn, text: f.text, attachments: files, memberId: ctx.actor.memberId }),
      ctx.db
        .update(duchaItems)
        .set({ status: 'completed', completedOn: reportedOn, updatedAt: new Date().toISOString() })
        .where(and(inOffice(ctx, itemId), inArray(duchaItems.status, ['not_started', 'in_progress']))),
    ])
  } catch (e) {
    await dropAttachments(ctx, files)
    throw e
  }
  return getItem(ctx, itemId, now)
}

/** 销号 (accepted) or return of the latest closing report; a returned report reopens the item. */
export async function decideClosing(ctx: Ctx, itemId: string, input: unknown, now = new Date()) {
  requireRole(ctx, ...ITEM_DECIDERS)
  const d = parseInput(decisionInput, input, '销号决定')
  const item = await loadItem(ctx, itemId)
  if (item.status !== 'completed') throw new AppError('CONFLICT', `事项当前为“${STATUS_LABELS[item.status]}”，没有待审核的办结报告`)
  const report = await ctx.db
    .select()
    .from(duchaFeedback)
    .where(and(eq(duchaFeedback.officeId, ctx.actor.officeId), eq(duchaFeedback.itemId, itemId), eq(duchaFeedback.kind, 'closing')))
    .orderBy(desc(duchaFeedback.createdAt), desc(duchaFeedback.id))
    .get()
  if (!report || report.decision) throw new AppError('CONFLICT', '没有待审核的办结报告')
  if (d.decision === 'returned' && !d.note) throw new AppError('VALIDATION', '退回办结报告须写明理由', { field: 'note' })
  const at = new Date().toISOString()
  const itemSet =
    d.decision === 'accepted'
      ? { status: 'signed_off' as const, signedOffAt: at, updatedAt: at }
      : { status: 'in_progress' as const, completedOn: null, updatedAt: at }
  await runAudited(ctx, [{ action: d.decision === 'accepted' ? 'ducha.item.sign_off' : 'ducha.item.return', targetKind: 'ducha_item', targetId: itemId, detail: { feedbackId: report.id, note: d.note ?? null } }], [
    ctx.db
      .update(duchaFeedback)
      .set({ decision: d.decision, decisionNote: d.note ?? null, decidedBy: ctx.actor.memberId, decidedAt: at })
      .where(and(eq(duchaFeedback.id, report.id), eq(duchaFeedback.officeId, ctx.actor.officeId))),
    ctx.db.update(duchaItems).set(itemSet).where(and(inOffice(ctx, itemId), eq(duchaItems.status, 'completed'))),
  ])
  return getItem(ctx, itemId, now)
}

/** A lead unit asks for more time; the item shows 申请延期 until the office decides. */
export async function requestExtension(ctx: Ctx, itemId: string, input: unknown, now = new Date()) {
  const x = parseInput(extensionInput, input, '延期申请')
  const item = await loadItem(ctx, itemId)
  const unitId = await reportingUnit(ctx, item, undefined, true)
  if (item.status !== 'not_started' && item.status !== 'in_progress') {
    throw new AppError('CONFLICT', `事项当前为“${STATUS_LABELS[item.status]}”，不能申请延期`)
  }
  if (x.requestedDeadline <= item.deadline) throw new AppError('VALIDATION', `申请的期限须晚于现期限 ${item.deadline}`, { field: 'requestedDeadline' })
  const id = newId('dex')
  await runAudited(ctx, [{ action: 'ducha.extension.request', targetKind: 'ducha_item', targetId: itemId, detail: { extensionId: id, requestedDeadline: x.requestedDeadline } }], [
    ctx.db.insert(duchaExtensions).values({
      id,
      officeId: ctx.actor.officeId,
      itemId,
      unitId,
      previousDeadline: item.deadline,
      requestedDeadline: x.requestedDeadline,
      reason: x.reason,
      statusBefore: item.status,
      requestedBy: ctx.actor.memberId,
    }),
    ctx.db
      .update(duchaItems)
      .set({ status: 'extension_requested', updatedAt: new Date().toISOString() })
      .where(and(inOffice(ctx, itemId), eq(duchaItems.status, item.status))),
  ])
  return getItem(ctx, itemId, now)
}

/** The office grants (the deadline moves; the original stays on record) or refuses. */
export async function decideExtension(ctx: Ctx, itemId: string, extensionId: string, input: unknown, now = new Date()) {
  requireRole(ctx, ...ITEM_DECIDERS)
  const d = parseInput(extensionDecisionInput, input, '延期决定')
  const item = await loadItem(ctx, itemId)
  const ext = await ctx.db
    .select()
    .from(duchaExtensions)
    .where(and(eq(duchaExtensions.id, extensionId), eq(duchaExtensions.itemId, itemId), eq(duchaExtensions.officeId, ctx.actor.officeId)))
    .get()
  if (!ext) throw notFound('延期申请')
  if (ext.state !== 'pending') throw new AppError('CONFLICT', '该延期申请已经处理')
  const at = new Date().toISOString()
  const back: DuchaStatus = ext.statusBefore
  await runAudited(ctx, [{ action: d.decision === 'granted' ? 'ducha.extension.grant' : 'ducha.extension.refuse', targetKind: 'ducha_item', targetId: itemId, detail: { extensionId, from: item.deadline, to: d.decision === 'granted' ? ext.requestedDeadline : item.deadline } }], [
    ctx.db
      .update(duchaExtensions)
      .set({ state: d.decision, decidedBy: ctx.actor.memberId, decidedAt: at, decisionNote: d.note ?? null })
      .where(and(eq(duchaExtensions.id, extensionId), eq(duchaExtensions.state, 'pending'))),
    ctx.db
      .update(duchaItems)
      .set({ status: back, ...(d.decision === 'granted' ? { deadline: ext.requestedDeadline } : {}), updatedAt: at })
      .where(and(inOffice(ctx, itemId), eq(duchaItems.status, 'extension_requested'))),
  ])
  return getItem(ctx, itemId, now)
}

/** An attachment of a feedback row, read from R2 (only within the office). */
export async function feedbackAttachment(ctx: Ctx, itemId: string, feedbackId: string, n: number) {
  await loadItem(ctx, itemId)
  const row = await ctx.db
    .select()
    .from(duchaFeedback)
    .where(and(eq(duchaFeedback.id, feedbackId), eq(duchaFeedback.itemId, itemId), eq(duchaFeedback.officeId, ctx.actor.officeId)))
    .get()
  const a = row?.attachments[n]
  if (!a) throw notFound('附件')
  const obj = await ctx.env.FILES.get(a.key)
  if (!obj) throw notFound('附件')
  return { name: a.name, contentType: a.contentType, body: obj.body }
}
