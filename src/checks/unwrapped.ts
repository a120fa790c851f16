/**
 * Checks run on the text with its soft wraps removed (core/paragraphs.ts), so that a bracket, a
 * quote or a sentence broken over two printed lines is seen whole, and a wrapped line is never
 * taken for a heading. Every span is then put back into the text exactly as it was given: the
 * editor highlights it there and /check/fix applies the fix there.
 */
import { toOriginalSpan, toUnwrappedOffset, unwrapText } from '../core/paragraphs'
import { buildDoc, type DocInput } from './doc'
import { excerptOf, issueId, runChecks, type RuleSelection } from './engine'
import type { CheckDoc, CheckResult } from './types'

/**
 * The document the rules run over (the text unwrapped), and how to put the result's spans back into
 * the text as given. The caller runs the rules in between, with the 错别字 model's answer when it
 * has one (the model too reads the unwrapped text).
 */
export function unwrappedDoc(input: DocInput, today: string): { doc: CheckDoc; restore: <R extends CheckResult>(result: R) => R } {
  const u = unwrapText(input.text)
  if (!u.unwrapped) return { doc: buildDoc(input, today), restore: (result) => result }
  const untracedFigures = input.untracedFigures?.map((f) => {
    const start = toUnwrappedOffset(u, f.start)
    const end = Math.max(start, toUnwrappedOffset(u, f.end))
    return { start, end, text: u.text.slice(start, end) }
  })
  const doc = buildDoc({ ...input, text: u.text, untracedFigures }, today)
  const restore = <R extends CheckResult>(result: R): R => {
    const issues = result.issues.map((issue) => {
      if (issue.field) return issue
      const { start, end } = toOriginalSpan(u, issue.start, issue.end)
      // The excerpt too is the text as given (it may hold the soft line break).
      return { ...issue, id: issueId(issue.ruleId, start, end), start, end, excerpt: excerptOf(input.text.slice(start, end)) }
    })
    return { ...result, issues, stats: { ...result.stats, characters: input.text.length } }
  }
  return { doc, restore }
}

/** Every rule over the text as given, soft wraps understood (no 错别字 model). */
export function checkGivenText(input: DocInput, today: string, rules?: RuleSelection): CheckResult {
  const { doc, restore } = unwrappedDoc(input, today)
  return restore(runChecks(doc, rules))
}
