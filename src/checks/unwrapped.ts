/**
 * Checks run on the text with its soft wraps removed (core/paragraphs.ts), so that a bracket, a
 * quote or a sentence broken over two printed lines is seen whole, and a wrapped line is never
 * taken for a heading. Every span is then put back into the text exactly as it was given: the
 * editor highlights it there and /check/fix applies the fix there.
 */
import { toOriginalSpan, toUnwrappedOffset, unwrapText } from '../core/paragraphs'
import { buildDoc, type DocInput } from './doc'
import { excerptOf, issueId, runChecks, type RuleSelection } from './engine'
import type { CheckResult } from './types'

export function checkGivenText(input: DocInput, today: string, rules?: RuleSelection): CheckResult {
  const u = unwrapText(input.text)
  if (!u.unwrapped) return runChecks(buildDoc(input, today), rules)
  const untracedFigures = input.untracedFigures?.map((f) => {
    const start = toUnwrappedOffset(u, f.start)
    const end = Math.max(start, toUnwrappedOffset(u, f.end))
    return { start, end, text: u.text.slice(start, end) }
  })
  const result = runChecks(buildDoc({ ...input, text: u.text, untracedFigures }, today), rules)
  const issues = result.issues.map((issue) => {
    if (issue.field) return issue
    const { start, end } = toOriginalSpan(u, issue.start, issue.end)
    // The excerpt too is the text as given (it may hold the soft line break).
    return { ...issue, id: issueId(issue.ruleId, start, end), start, end, excerpt: excerptOf(input.text.slice(start, end)) }
  })
  return { issues, stats: { ...result.stats, characters: input.text.length } }
}
