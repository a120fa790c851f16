/**
 * The data source of the 督查通报 (prompts/ducha-tongbao.md): the items of a period (deadline in
 * [from, to]) grouped by status and by lead unit, with counts, 按期办结率, the overdue list and
 * typical cases from the feedback. Every figure the 通报 states is one of these counts.
 */
import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Ctx } from '../core/context'
import { duchaFeedback, type Sensitivity } from '../db/schema'
import { completedOnTime, dayOf, viewStatus, type ViewStatus } from './status'
import { loadUnits, type ItemRow } from './store'
import { periodRows, tally, type Tally } from './views'

export interface CitedItem {
  marker: string
  id: string
  title: string
  unit: string
  deadline: string
  status: ViewStatus
  sensitivity: Sensitivity
  completedOn: string | null
  daysOverdue: number | null
}

export interface CitedFeedback {
  marker: string
  id: string
  itemId: string
  itemMarker: string
  unit: string
  kind: 'progress' | 'closing'
  reportedOn: string
  text: string
}

export interface TongbaoData {
  period: { from: string; to: string }
  asOf: string
  office: Tally
  byStatus: Record<ViewStatus, string[]>
  units: (Tally & { unitId: string; name: string; items: string[] })[]
  items: CitedItem[]
  overdue: string[]
  returnedReports: number
  typical: CitedFeedback[]
}

/** Typical cases: accepted closing reports of items done on time, then milestone reports; newest first. */
const TYPICAL_CASES = 3

export async function tongbaoData(ctx: Ctx, period: { from: string; to: string }, now: Date): Promise<TongbaoData> {
  const today = dayOf(now)
  const rows = await periodRows(ctx, period.from, period.to)
  const units = await loadUnits(ctx)
  const unitName = (id: string) => units.find((u) => u.id === id)?.shortName ?? units.find((u) => u.id === id)?.name ?? '（已删除的单位）'
  const items: CitedItem[] = rows.map((r, k) => {
    const status = viewStatus(r, today)
    return {
      marker: `D${k + 1}`,
      id: r.id,
      title: r.title,
      unit: unitName(r.leadUnitId),
      deadline: r.deadline,
      status,
      sensitivity: r.sensitivity,
      completedOn: r.completedOn,
      daysOverdue: status === 'overdue' ? Math.round((Date.parse(today) - Date.parse(r.deadline)) / 86_400_000) : null,
    }
  })
  const byStatus = { not_started: [], in_progress: [], extension_requested: [], overdue: [], completed: [], signed_off: [] } as Record<ViewStatus, string[]>
  for (const i of items) byStatus[i.status].push(i.marker)
  const byUnit = new Map<string, ItemRow[]>()
  for (const r of rows) byUnit.set(r.leadUnitId, [...(byUnit.get(r.leadUnitId) ?? []), r])
  const markerOf = new Map(items.map((i) => [i.id, i.marker]))

  const feedback = rows.length ? await feedbackOf(ctx, rows.map((r) => r.id)) : []
  const onTimeIds = new Set(rows.filter(completedOnTime).map((r) => r.id))
  const candidates = [
    ...feedback.filter((f) => f.kind === 'closing' && f.decision === 'accepted' && onTimeIds.has(f.itemId)),
    ...feedback.filter((f) => f.kind === 'progress' && f.milestone),
  ]
  const typical: CitedFeedback[] = []
  for (const f of candidates) {
    if (typical.length >= TYPICAL_CASES || typical.some((t) => t.itemId === f.itemId)) continue
    const item = items.find((i) => i.id === f.itemId)!
    // Restricted items are never quoted in a 通报; they are counted, not told.
    if (item.sensitivity === 'restricted') continue
    typical.push({ marker: `R${typical.length + 1}`, id: f.id, itemId: f.itemId, itemMarker: item.marker, unit: unitName(f.unitId), kind: f.kind, reportedOn: f.reportedOn, text: f.text })
  }

  return {
    period,
    asOf: today,
    office: tally(rows, period.to, today),
    byStatus,
    units: [...byUnit.entries()]
      .map(([unitId, list]) => ({ unitId, name: unitName(unitId), items: list.map((r) => markerOf.get(r.id)!), ...tally(list, period.to, today) }))
      .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh')),
    items,
    overdue: items.filter((i) => i.status === 'overdue').sort((a, b) => b.daysOverdue! - a.daysOverdue!).map((i) => i.marker),
    returnedReports: feedback.filter((f) => f.kind === 'closing' && f.decision === 'returned').length,
    typical,
  }
}

async function feedbackOf(ctx: Ctx, itemIds: string[]) {
  const out: (typeof duchaFeedback.$inferSelect)[] = []
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < itemIds.length; i += 90) {
    out.push(
      ...(await ctx.db
        .select()
        .from(duchaFeedback)
        .where(and(eq(duchaFeedback.officeId, ctx.actor.officeId), inArray(duchaFeedback.itemId, itemIds.slice(i, i + 90))))
        .orderBy(desc(duchaFeedback.createdAt), desc(duchaFeedback.id))),
    )
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
}
