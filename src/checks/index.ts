/**
 * 审校 (Check), the public face of the module. `checkText` is pure (the drafts module and bench call
 * it with lexicons they hold); `checkForOffice` and `fixForOffice` load the office's lexicons in
 * force on the check date, and its default typo sensitivity when the request names none, first.
 */
import { eq } from 'drizzle-orm'
import type { Ctx } from '../core/context'
import { parseInput } from '../core/validation'
import { officeSettings, type Genre } from '../db/schema'
import { todayInChina } from './doc'
import { issueId, type RuleSelection } from './engine'
import { applyFixes, type FixResult } from './fix'
import { loadActiveLexicons } from './lexicons'
import { checkInput, fixInput } from './schemas'
import type { ActiveLexicons, CheckFields, CheckResult, TypoSensitivity, UntracedFigure } from './types'
import { checkGivenText } from './unwrapped'

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
  return checkGivenText({ ...parsed, lexicons: input.lexicons }, input.today ?? todayInChina(), parsed.rules)
}

export interface OfficeCheckResult extends CheckResult {
  lexicons: { date: string; used: { id: string; name: string; kind: string; version: number }[] }
  /** The 错别字 model's sensitivity used: the request's, or the office's default. */
  typoSensitivity: TypoSensitivity
}

/** The office's default sensitivity of the 错别字 model (PUT /admin/settings), for checks that name
 * none. Read here rather than through lifecycle/, which depends on this module. */
async function officeTypoSensitivity(ctx: Ctx): Promise<TypoSensitivity> {
  const row = await ctx.db.select({ value: officeSettings.typoSensitivity }).from(officeSettings).where(eq(officeSettings.officeId, ctx.actor.officeId)).get()
  return row?.value ?? 'standard'
}

/** The office's lexicons in force on the check date and the sensitivity to use, read together. */
async function officeContext(ctx: Ctx, date: string, requested: TypoSensitivity | undefined) {
  const [active, typoSensitivity] = await Promise.all([loadActiveLexicons(ctx, date), requested ?? officeTypoSensitivity(ctx)])
  return { active, typoSensitivity }
}

/** Checks a text with the office's lexicons in force on fields.date (or today). */
export async function checkForOffice(ctx: Ctx, input: unknown): Promise<OfficeCheckResult> {
  const parsed = parseInput(checkInput, input, '检查请求')
  const date = parsed.fields?.date ?? todayInChina()
  const { active, typoSensitivity } = await officeContext(ctx, date, parsed.typoSensitivity)
  const result = checkGivenText({ ...parsed, typoSensitivity, lexicons: active.lexicons }, date, parsed.rules)
  return { ...result, lexicons: { date, used: active.used }, typoSensitivity }
}

/** Re-checks the text as it is now and applies the chosen issues' suggestions. */
export async function fixForOffice(ctx: Ctx, input: unknown): Promise<FixResult & { remaining: number }> {
  const parsed = parseInput(fixInput, input, '修改请求')
  const date = parsed.fields?.date ?? todayInChina()
  const { active, typoSensitivity } = await officeContext(ctx, date, parsed.typoSensitivity)
  const { issues } = checkGivenText({ ...parsed, typoSensitivity, lexicons: active.lexicons }, date, parsed.rules)
  const ids = parsed.fixes.map((f) => (typeof f === 'string' ? f : issueId(f.ruleId, f.start, f.end, f.field)))
  const fixed = applyFixes(parsed.text, issues, ids)
  return { ...fixed, remaining: issues.length - fixed.applied.length }
}

export { listRules, type Catalogue } from './catalogue'
export { todayInChina } from './doc'
export { applyFixes, type AppliedFix, type FixResult } from './fix'
export { warmTypoModel } from './typo-model'
export {
  activeLexicons,
  activeSynonymEntries,
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
