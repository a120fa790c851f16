/**
 * 审校 (Check), the public face of the module. `checkText` is pure (the drafts module and bench call
 * it with lexicons they hold); `checkForOffice` and `fixForOffice` load the office's lexicons in
 * force on the check date first.
 */
import type { Ctx } from '../core/context'
import { parseInput } from '../core/validation'
import type { Genre } from '../db/schema'
import { buildDoc, todayInChina } from './doc'
import { issueId, runChecks, type RuleSelection } from './engine'
import { applyFixes, type FixResult } from './fix'
import { loadActiveLexicons } from './lexicons'
import { checkInput, fixInput } from './schemas'
import type { ActiveLexicons, CheckFields, CheckResult, TypoSensitivity, UntracedFigure } from './types'

export interface CheckTextInput {
  text: string
  genre?: Genre
  fields?: CheckFields
  lexicons?: Partial<ActiveLexicons>
  /** Figure spans that the compose step could not trace to a finding (the facts rules report them). */
  untracedFigures?: UntracedFigure[]
  rules?: RuleSelection
  typoSensitivity?: TypoSensitivity
  /** YYYY-MM-DD used when fields.date is absent; defaults to today in China. */
  today?: string
}

/** Runs every rule (or a selection) over a text. Pure and synchronous; validates its input. */
export function checkText(input: CheckTextInput): CheckResult {
  const parsed = parseInput(checkInput, input, '检查请求')
  const doc = buildDoc({ ...parsed, lexicons: input.lexicons }, input.today ?? todayInChina())
  return runChecks(doc, parsed.rules)
}

export interface OfficeCheckResult extends CheckResult {
  lexicons: { date: string; used: { id: string; name: string; kind: string; version: number }[] }
}

/** Checks a text with the office's lexicons in force on fields.date (or today). */
export async function checkForOffice(ctx: Ctx, input: unknown): Promise<OfficeCheckResult> {
  const parsed = parseInput(checkInput, input, '检查请求')
  const date = parsed.fields?.date ?? todayInChina()
  const active = await loadActiveLexicons(ctx, date)
  const result = runChecks(buildDoc({ ...parsed, lexicons: active.lexicons }, date), parsed.rules)
  return { ...result, lexicons: { date, used: active.used } }
}

/** Re-checks the text as it is now and applies the chosen issues' suggestions. */
export async function fixForOffice(ctx: Ctx, input: unknown): Promise<FixResult & { remaining: number }> {
  const parsed = parseInput(fixInput, input, '修改请求')
  const date = parsed.fields?.date ?? todayInChina()
  const active = await loadActiveLexicons(ctx, date)
  const doc = buildDoc({ ...parsed, lexicons: active.lexicons }, date)
  const { issues } = runChecks(doc, parsed.rules)
  const ids = parsed.fixes.map((f) => (typeof f === 'string' ? f : issueId(f.ruleId, f.start, f.end, f.field)))
  const fixed = applyFixes(parsed.text, issues, ids)
  return { ...fixed, remaining: issues.length - fixed.applied.length }
}

export { listRules, type Catalogue } from './catalogue'
export { applyFixes, type AppliedFix, type FixResult } from './fix'
export { warmTypoModel } from './typo-model'
export {
  activeLexicons,
  archiveLexicon,
  createLexicon,
  getLexicon,
  getLexiconVersion,
  LEXICON_WRITERS,
  listLexicons,
  listLexiconVersions,
  loadActiveLexicons,
  updateLexicon,
  type Lexicon,
  type LexiconVersion,
} from './lexicons'
export * as checkSchemas from './schemas'
export { CHECK_LIMITS } from './schemas'
export * from './types'
/** The 错别字 model's raw candidates (used by the bench to score corrections, not only detections). */
export { findTypos, scoreCandidate, typoCandidates } from './typo-model'
export { TYPO_WEIGHTS } from './data/typo-weights'
export { adjustNgrams } from './typo-ngrams'
export { fuzzySyllable } from './typo-tables'
