/** 督办事项: creating (one, or confirmed proposals together), editing, reading and listing. */
import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
import { afterCursor, decodeCursor, toPage, type Page } from '../core/pagination'
import { parseInput } from '../core/validation'
import { duchaExtensions, duchaFeedback, duchaItems, type DuchaSource, type Sensitivity } from '../db/schema'
import { highestSensitivity } from '../drafts'
import { itemBatchInput, itemInput, itemListQuery, itemPatch, type ItemInput, type ItemListQuery } from './schemas'
import { quoteOf, sourceText } from './sources'
import { addDays, dayOf, DONE_STATUSES, OPEN_STATUSES, STATUS_LABELS, viewStatus, type ViewStatus } from './status'
import { dueWithinDays, loadItem, loadUnits, resolveUnit, unitNames, type ItemRow, type UnitRow } from './store'

/** Who sets up and edits items: the office's staff. Readers and unit liaisons read and report. */
export const ITEM_WRITERS = ['admin', 'drafter', 'reviewer', 'signer'] as const
/** Who decides on closing reports (销号) and extensions. */
export const ITEM_DECIDERS = ['admin', 'reviewer', 'signer'] as const

export interface ItemView {
  id: string
  title: string
  requirement: string
  category: string
  source: DuchaSource
  leadUnit: { id: string; name: string }
  supportUnits: { id: string; name: string }[]
  leader: string | null
  deadline: string
  originalDeadline: string
  recurrence: string | null
  milestones: ItemRow['milestones']
  priority: string
  status: ViewStatus
  statusLabel: string
  storedStatus: string
  tags: string[]
  sensitivity: Sensitivity
  completedOn: string | null
  signedOffAt: string | null
  createdBy: string | null
  createdAt: string
  updatedAt: string
}

export function itemView(row: ItemRow, names: Map<string, string>, today: string): ItemView {
  const status = viewStatus(row, today)
  return {
    id: row.id,
    title: row.title,
    requirement: row.requirement,
    category: row.category,
    source: row.source,
    leadUnit: { id: row.leadUnitId, name: names.get(row.leadUnitId) ?? '（已删除的单位）' },
    supportUnits: row.supportUnitIds.map((id) => ({ id, name: names.get(id) ?? '（已删除的单位）' })),
    leader: row.leader,
    deadline: row.deadline,
    originalDeadline: row.originalDeadline,
    recurrence: row.recurrence,
    milestones: row.milestones,
    priority: row.priority,
    status,
    statusLabel: STATUS_LABELS[status],
    storedStatus: row.status,
    tags: row.tags,
    sensitivity: row.sensitivity,
    completedOn: row.completedOn,
    signedOffAt: row.signedOffAt,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export async function itemViews(ctx: Ctx, rows: ItemRow[], now = new Date()): Promise<ItemView[]> {
  const names = await unitNames(ctx, rows.flatMap((r) => [r.leadUnitId, ...r.supportUnitIds]))
  const today = dayOf(now)
  return rows.map((r) => itemView(r, names, today))
}

/** Resolves units and the source (verifying the span and keeping its words) into a row to insert. */
async function rowOf(ctx: Ctx, units: UnitRow[], i: ItemInput, at: string): Promise<typeof duchaItems.$inferInsert> {
  const lead = resolveUnit(units, i.leadUnit, `${at}leadUnit`)
  const support = [...new Set(i.supportUnits.map((s, k) => resolveUnit(units, s, `${at}supportUnits.${k}`).id))].filter((u) => u !== lead.id)
  let source: DuchaSource
  /** Set when the source is a stored text with a sensitivity of its own. */
  let sensitivity: Sensitivity | null = null
  switch (i.source.kind) {
    case 'draft':
    case 'precedent':
    case 'finding': {
      const src = await sourceText(ctx, i.source.kind, i.source.id)
      const span = i.source.span ?? null
      source = { kind: i.source.kind, id: i.source.id, span, quote: span ? quoteOf(src.text, span) : null }
      sensitivity = src.sensitivity
      break
    }
    case 'instruction':
      source = { kind: 'instruction', instruction: i.source.instruction }
      break
    case 'text':
      source = { kind: 'text', quote: i.source.quote }
      break
    case 'none':
      source = { kind: 'none' }
      break
    default: {
      const unreachable: never = i.source
      return unreachable
    }
  }
  // An item may be marked above its source's sensitivity, never below it; without a stored
  // source it is internal unless marked otherwise.
  const marked = sensitivity ? highestSensitivity([sensitivity, i.sensitivity]) : (i.sensitivity ?? 'internal')
  return {
    id: newId('dui'),
    officeId: ctx.actor.officeId,
    title: i.title,
    requirement: i.requirement,
    category: i.category,
    source,
    sourceKind: source.kind,
    sourceId: source.id ?? null,
    leadUnitId: lead.id,
    supportUnitIds: support,
    leader: i.leader ?? null,
    deadline: i.deadline,
    originalDeadline: i.deadline,
    recurrence: i.recurrence ?? null,
    milestones: i.milestones.map((m) => ({ title: m.title, due: m.due ?? null, reachedOn: null })),
    priority: i.priority,
    tags: i.tags,
    sensitivity: marked,
    createdBy: ctx.actor.memberId,
  }
}

export async function createItem(ctx: Ctx, input: unknown): Promise<ItemView> {
  requireRole(ctx, ...ITEM_WRITERS)
  const i = parseInput(itemInput, input, '督办事项')
  const row = await rowOf(ctx, await loadUnits(ctx), i, '')
  await runAudited(ctx, [{ action: 'ducha.item.create', targetKind: 'ducha_item', targetId: row.id, detail: { title: row.title, source: row.sourceKind, sourceId: row.sourceId } }], [
    ctx.db.insert(duchaItems).values(row),
  ])
  return (await itemViews(ctx, [await loadItem(ctx, row.id)]))[0]!
}

/** Confirmed proposals become items together: all of them, or none when one is wrong. */
export async function createItems(ctx: Ctx, input: unknown): Promise<{ items: ItemView[] }> {
  requireRole(ctx, ...ITEM_WRITERS)
  const { items } = parseInput(itemBatchInput, input, '督办事项')
  const units = await loadUnits(ctx)
  const rows: (typeof duchaItems.$inferInsert)[] = []
  for (const [k, i] of items.entries()) rows.push(await rowOf(ctx, units, i, `items.${k}.`))
  await runAudited(
    ctx,
    rows.map((r) => ({ action: 'ducha.item.create', targetKind: 'ducha_item', targetId: r.id, detail: { title: r.title, source: r.sourceKind, sourceId: r.sourceId } })),
    rows.map((r) => ctx.db.insert(duchaItems).values(r)),
  )
  const saved = await ctx.db
    .select()
    .from(duchaItems)
    .where(and(eq(duchaItems.officeId, ctx.actor.officeId), inArray(duchaItems.id, rows.map((r) => r.id))))
  const order = new Map(rows.map((r, k) => [r.id, k]))
  saved.sort((a, b) => order.get(a.id)! - order.get(b.id)!)
  return { items: await itemViews(ctx, saved) }
}

export async function updateItem(ctx: Ctx, id: string, input: unknown): Promise<ItemView> {
  requireRole(ctx, ...ITEM_WRITERS)
  const p = parseInput(itemPatch, input, '督办事项')
  const current = await loadItem(ctx, id)
  if (current.status === 'signed_off') throw new AppError('CONFLICT', '事项已销号，不能再修改')
  const units = await loadUnits(ctx)
  const set: Partial<typeof duchaItems.$inferInsert> = { updatedAt: new Date().toISOString() }
  if (p.title !== undefined) set.title = p.title
  if (p.requirement !== undefined) set.requirement = p.requirement
  if (p.category !== undefined) set.category = p.category
  if (p.leader !== undefined) set.leader = p.leader
  if (p.priority !== undefined) set.priority = p.priority
  if (p.tags !== undefined) set.tags = p.tags
  if (p.milestones !== undefined) {
    // Milestones already reached keep the day they were reached.
    set.milestones = p.milestones.map((m) => ({ title: m.title, due: m.due ?? null, reachedOn: current.milestones.find((c) => c.title === m.title)?.reachedOn ?? null }))
  }
  const leadId = p.leadUnit !== undefined ? resolveUnit(units, p.leadUnit, 'leadUnit').id : current.leadUnitId
  if (p.leadUnit !== undefined) set.leadUnitId = leadId
  if (p.supportUnits !== undefined || p.leadUnit !== undefined) {
    const support = p.supportUnits !== undefined ? p.supportUnits.map((s, k) => resolveUnit(units, s, `supportUnits.${k}`).id) : current.supportUnitIds
    set.supportUnitIds = [...new Set(support)].filter((u) => u !== leadId)
  }
  await runAudited(ctx, [{ action: 'ducha.item.update', targetKind: 'ducha_item', targetId: id, detail: { fields: Object.keys(p) } }], [
    ctx.db.update(duchaItems).set(set).where(and(eq(duchaItems.id, id), eq(duchaItems.officeId, ctx.actor.officeId))),
  ])
  return (await itemViews(ctx, [await loadItem(ctx, id)]))[0]!
}

/** One item with its feedback and extension requests, oldest first. */
export async function getItem(ctx: Ctx, id: string, now = new Date()) {
  const row = await loadItem(ctx, id)
  const [view] = await itemViews(ctx, [row], now)
  const feedback = await ctx.db
    .select()
    .from(duchaFeedback)
    .where(and(eq(duchaFeedback.officeId, ctx.actor.officeId), eq(duchaFeedback.itemId, id)))
    .orderBy(duchaFeedback.createdAt, duchaFeedback.id)
  const extensions = await ctx.db
    .select()
    .from(duchaExtensions)
    .where(and(eq(duchaExtensions.officeId, ctx.actor.officeId), eq(duchaExtensions.itemId, id)))
    .orderBy(duchaExtensions.createdAt)
  return {
    ...view!,
    feedback: feedback.map(({ officeId: _o, ...f }) => ({ ...f, attachments: f.attachments.map(({ key: _k, ...a }, n) => ({ ...a, n })) })),
    extensions: extensions.map(({ officeId: _o, ...e }) => e),
  }
}

/** The conditions of an item list or export: unit, leader, source, status (incl. 逾期), period. */
export async function itemFilter(ctx: Ctx, q: Omit<ItemListQuery, 'limit' | 'cursor'>, now: Date): Promise<SQL[]> {
  const where: SQL[] = [eq(duchaItems.officeId, ctx.actor.officeId)]
  const today = dayOf(now)
  if (q.unit) {
    const unit = resolveUnit(await loadUnits(ctx), q.unit, 'unit')
    // Supporting units are a JSON array; json_each is the way to ask SQLite whether it holds the id.
    const supports = sql`exists (select 1 from json_each(${duchaItems.supportUnitIds}) where json_each.value = ${unit.id})`
    where.push(q.unitRole === 'lead' ? eq(duchaItems.leadUnitId, unit.id) : or(eq(duchaItems.leadUnitId, unit.id), supports)!)
  }
  if (q.leader) where.push(eq(duchaItems.leader, q.leader))
  if (q.sourceKind) where.push(eq(duchaItems.sourceKind, q.sourceKind))
  if (q.sourceId) where.push(eq(duchaItems.sourceId, q.sourceId))
  if (q.category) where.push(eq(duchaItems.category, q.category))
  if (q.from) where.push(gte(duchaItems.deadline, q.from))
  if (q.to) where.push(lte(duchaItems.deadline, q.to))
  if (q.tag) where.push(sql`exists (select 1 from json_each(${duchaItems.tags}) where json_each.value = ${q.tag})`)
  switch (q.status) {
    case undefined:
      break
    case 'overdue':
      where.push(inArray(duchaItems.status, [...OPEN_STATUSES]), lt(duchaItems.deadline, today))
      break
    case 'open':
      where.push(inArray(duchaItems.status, [...OPEN_STATUSES]))
      break
    case 'due_soon':
      where.push(inArray(duchaItems.status, [...OPEN_STATUSES]), gte(duchaItems.deadline, today), lte(duchaItems.deadline, addDays(today, await dueWithinDays(ctx))))
      break
    case 'done':
      where.push(inArray(duchaItems.status, [...DONE_STATUSES]))
      break
    case 'not_started':
    case 'in_progress':
    case 'extension_requested':
      // The stored open statuses, as a person sees them: not yet overdue.
      where.push(eq(duchaItems.status, q.status), gte(duchaItems.deadline, today))
      break
    default:
      where.push(eq(duchaItems.status, q.status))
  }
  return where
}

export async function listItems(ctx: Ctx, input: unknown, now = new Date()): Promise<Page<ItemView>> {
  const q = parseInput(itemListQuery, input, '查询参数')
  const cursor = decodeCursor(q.cursor)
  const where = await itemFilter(ctx, q, now)
  const rows = await ctx.db
    .select()
    .from(duchaItems)
    .where(and(...where, afterCursor(duchaItems.createdAt, duchaItems.id, cursor)))
    .orderBy(desc(duchaItems.createdAt), desc(duchaItems.id))
    .limit(q.limit + 1)
  const page = toPage(rows, q.limit)
  return { items: await itemViews(ctx, page.items, now), nextCursor: page.nextCursor }
}

/** How many items match the list's filters in each of the headline states: open, 逾期, 临期, done. */
export async function countItems(ctx: Ctx, input: unknown, now = new Date()): Promise<Record<'open' | 'overdue' | 'due_soon' | 'done', number>> {
  const { status: _s, ...q } = parseInput(itemListQuery, input, '查询参数')
  const out = { open: 0, overdue: 0, due_soon: 0, done: 0 }
  for (const status of Object.keys(out) as (keyof typeof out)[]) {
    const row = await ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(duchaItems)
      .where(and(...(await itemFilter(ctx, { ...q, status }, now))))
      .get()
    out[status] = row?.n ?? 0
  }
  return out
}
