/**
 * Views over a period: a unit's completion and on-time rates, and the 台账 (ledger) as CSV. A period
 * is the items whose deadline falls within [from, to]; at most LIMITS.periodItems are read.
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { parseInput } from '../core/validation'
import { duchaItems } from '../db/schema'
import { mayCarry, SENSITIVITY_LABELS, sensitivityMark } from '../drafts'
import { itemFilter, itemViews, type ItemView } from './items'
import { itemListQuery, LIMITS, periodQuery } from './schemas'
import { completedOnTime, dayOf, isDone, viewStatus } from './status'
import { loadUnits, type ItemRow } from './store'

export async function periodRows(ctx: Ctx, from: string, to: string): Promise<ItemRow[]> {
  const rows = await ctx.db
    .select()
    .from(duchaItems)
    .where(and(eq(duchaItems.officeId, ctx.actor.officeId), gte(duchaItems.deadline, from), lte(duchaItems.deadline, to)))
    .orderBy(asc(duchaItems.deadline), asc(duchaItems.id))
    .limit(LIMITS.periodItems + 1)
  if (rows.length > LIMITS.periodItems) throw new AppError('VALIDATION', `该时段的事项超过 ${LIMITS.periodItems} 项，请缩短时段`, { field: 'to' })
  return rows
}

export interface Tally {
  total: number
  /** 已办结 + 已销号. */
  done: number
  signedOff: number
  /** Items whose deadline has come (on or before min(to, today)): the base of 按期办结率. */
  due: number
  onTime: number
  overdue: number
  open: number
  completionRate: number | null
  onTimeRate: number | null
}

const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null)

export function tally(rows: ItemRow[], to: string, today: string): Tally {
  const cutoff = to < today ? to : today
  const due = rows.filter((r) => r.deadline <= cutoff)
  const t = {
    total: rows.length,
    done: rows.filter((r) => isDone(r.status)).length,
    signedOff: rows.filter((r) => r.status === 'signed_off').length,
    due: due.length,
    onTime: due.filter(completedOnTime).length,
    overdue: rows.filter((r) => viewStatus(r, today) === 'overdue').length,
    open: rows.filter((r) => !isDone(r.status)).length,
  }
  return { ...t, completionRate: rate(t.done, t.total), onTimeRate: rate(t.onTime, t.due) }
}

/** Per lead unit and for the office: completion and 按期办结 over the period. */
export async function unitStats(ctx: Ctx, input: unknown, now = new Date()) {
  const p = parseInput(periodQuery, input, '查询参数')
  const today = dayOf(now)
  const rows = await periodRows(ctx, p.from, p.to)
  const units = await loadUnits(ctx)
  const byUnit = new Map<string, ItemRow[]>()
  for (const r of rows) byUnit.set(r.leadUnitId, [...(byUnit.get(r.leadUnitId) ?? []), r])
  return {
    period: p,
    asOf: today,
    office: tally(rows, p.to, today),
    units: [...byUnit.entries()]
      .map(([unitId, list]) => ({ unitId, name: units.find((u) => u.id === unitId)?.name ?? '（已删除的单位）', ...tally(list, p.to, today) }))
      .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh')),
  }
}

const CSV_COLUMNS: [string, (i: ItemView) => string][] = [
  ['编号', (i) => i.id],
  ['事项名称', (i) => (mayCarry('export', i.sensitivity) === 'marked' ? `${sensitivityMark(i.sensitivity) ?? ''}${i.title}` : i.title)],
  ['类别', (i) => i.category],
  ['具体要求', (i) => i.requirement],
  ['牵头单位', (i) => i.leadUnit.name],
  ['配合单位', (i) => i.supportUnits.map((u) => u.name).join('、')],
  ['责任领导', (i) => i.leader ?? ''],
  ['来源', (i) => sourceLabel(i)],
  ['完成时限', (i) => i.deadline],
  ['原定时限', (i) => i.originalDeadline],
  ['状态', (i) => i.statusLabel],
  ['办结日期', (i) => i.completedOn ?? ''],
  ['销号时间', (i) => i.signedOffAt?.slice(0, 10) ?? ''],
  ['优先级', (i) => ({ high: '高', normal: '中', low: '低' })[i.priority] ?? i.priority],
  ['标签', (i) => i.tags.join('、')],
  ['密级标注', (i) => SENSITIVITY_LABELS[i.sensitivity]],
]

function sourceLabel(i: ItemView): string {
  const s = i.source
  switch (s.kind) {
    case 'instruction':
      return s.instruction ? `${s.instruction.leader} ${s.instruction.date} 批示` : '领导批示'
    case 'draft':
      return `文稿 ${s.id}`
    case 'precedent':
      return `范文 ${s.id}`
    case 'finding':
      return `调研发现 ${s.id}`
    case 'text':
      return '粘贴文本'
    case 'none':
      return ''
    default: {
      const unreachable: never = s.kind
      return unreachable
    }
  }
}

/** Quoted as RFC 4180 wants; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
function cell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The 台账 as CSV (UTF-8 with BOM, so that Excel opens Chinese correctly), filtered like the list. */
export async function exportLedger(ctx: Ctx, input: unknown, now = new Date()): Promise<{ fileName: string; csv: string; rows: number }> {
  const q = parseInput(itemListQuery.omit({ limit: true, cursor: true }), input, '查询参数')
  const where = await itemFilter(ctx, q, now)
  const rows = await ctx.db
    .select()
    .from(duchaItems)
    .where(and(...where))
    .orderBy(asc(duchaItems.deadline), asc(duchaItems.id))
    .limit(LIMITS.periodItems + 1)
  if (rows.length > LIMITS.periodItems) throw new AppError('VALIDATION', `符合条件的事项超过 ${LIMITS.periodItems} 项，请缩小范围后导出`)
  const views = await itemViews(ctx, rows, now)
  const lines = [CSV_COLUMNS.map(([h]) => h).join(','), ...views.map((v) => CSV_COLUMNS.map(([, f]) => cell(f(v))).join(','))]
  const span = q.from || q.to ? `${q.from ?? ''}至${q.to ?? ''}` : dayOf(now)
  return { fileName: `督办事项台账-${span}.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows: views.length }
}
