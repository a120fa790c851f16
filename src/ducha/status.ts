/**
 * What an item's status is on a given day. 逾期 is computed from the deadline, never stored: an open
 * item whose deadline is before today is overdue. Days are Beijing days (UTC+8), the offices' own.
 */
import type { DuchaStatus } from '../db/schema'

export const OPEN_STATUSES = ['not_started', 'in_progress', 'extension_requested'] as const satisfies readonly DuchaStatus[]
export const DONE_STATUSES = ['completed', 'signed_off'] as const satisfies readonly DuchaStatus[]

export type ViewStatus = DuchaStatus | 'overdue'

export const STATUS_LABELS: Record<ViewStatus, string> = {
  not_started: '待启动',
  in_progress: '推进中',
  completed: '已办结',
  signed_off: '已销号',
  extension_requested: '申请延期',
  overdue: '逾期',
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000

/** The Beijing calendar day of `now`, YYYY-MM-DD. */
export function dayOf(now: Date): string {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10)
}

export function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`)
  t.setUTCDate(t.getUTCDate() + n)
  return t.toISOString().slice(0, 10)
}

export const isOpen = (s: DuchaStatus) => (OPEN_STATUSES as readonly string[]).includes(s)
export const isDone = (s: DuchaStatus) => (DONE_STATUSES as readonly string[]).includes(s)

/** The status a person sees today: the stored one, or 逾期 for an open item past its deadline. */
export function viewStatus(item: { status: DuchaStatus; deadline: string }, today: string): ViewStatus {
  return isOpen(item.status) && item.deadline < today ? 'overdue' : item.status
}

/** 按期办结: reported done on or before the deadline in force (a granted extension moves it). */
export function completedOnTime(item: { status: DuchaStatus; deadline: string; completedOn: string | null }): boolean {
  return isDone(item.status) && !!item.completedOn && item.completedOn <= item.deadline
}
