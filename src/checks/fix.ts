/** Applies chosen fixes to a text: only certain ones (with a suggestion), right to left, never overlapping. */
import { AppError } from '../core/errors'
import type { Issue } from './types'

export interface AppliedFix {
  id: string
  ruleId: string
  start: number
  end: number
  before: string
  after: string
}

export interface FixResult {
  text: string
  applied: AppliedFix[]
}

/**
 * `chosen` are issue ids from a check of this very text. An id that the check no longer reports is
 * stale (the text changed since) → CONFLICT; an issue without a suggestion cannot be applied →
 * VALIDATION; two chosen fixes that overlap → CONFLICT, since applying one moves the other.
 */
export function applyFixes(text: string, issues: Issue[], chosen: string[]): FixResult {
  const byId = new Map(issues.map((i) => [i.id, i]))
  const picked: Issue[] = []
  const stale: string[] = []
  const noSuggestion: string[] = []
  for (const id of new Set(chosen)) {
    const issue = byId.get(id)
    if (!issue) stale.push(id)
    else if (issue.suggestion === undefined || issue.field) noSuggestion.push(id)
    else picked.push(issue)
  }
  if (stale.length) {
    throw new AppError('CONFLICT', `有 ${stale.length} 处问题在当前文本中已不存在（文本可能已修改），请重新检查后再选择`, { stale })
  }
  if (noSuggestion.length) {
    throw new AppError('VALIDATION', `有 ${noSuggestion.length} 处问题没有确定的修改建议，需要人工修改`, { noSuggestion })
  }
  picked.sort((a, b) => a.start - b.start || a.end - b.end)
  for (let i = 1; i < picked.length; i++) {
    const a = picked[i - 1]!
    const b = picked[i]!
    if (b.start < a.end || (a.start === b.start && a.end === b.end)) {
      throw new AppError('CONFLICT', `所选修改“${a.excerpt}”与“${b.excerpt}”位置重叠，请分两次修改`, { overlapping: [a.id, b.id] })
    }
  }
  let out = text
  for (let i = picked.length - 1; i >= 0; i--) {
    const f = picked[i]!
    out = out.slice(0, f.start) + f.suggestion! + out.slice(f.end)
  }
  return {
    text: out,
    applied: picked.map((f) => ({ id: f.id, ruleId: f.ruleId, start: f.start, end: f.end, before: text.slice(f.start, f.end), after: f.suggestion! })),
  }
}
