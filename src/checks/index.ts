/**
 * 审校 (Check), the public face of the module. `checkText` is pure (the bench and tests call it with
 * lexicons they hold, and the 错别字 model's answer when they have one); `checkTextWith` asks a
 * TypoService first; `checkForOffice` and `fixForOffice` load the office's lexicons in force on the
 * check date, and its default typo sensitivity when the request names none, and ask the checker
 * Worker over env.CHECKER (typo-service.ts). Without the checker the rules that need the model are
 * skipped and the result says so.
 */
import { logLine } from '../core/log'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { parseInput } from '../core/validation'
import type { Genre, LexiconKind } from '../db/schema'
import { loadSettings } from '../offices'
import { RULE_BY_ID } from './catalogue'
import { buildDoc, todayInChina } from './doc'
import { issueId, runChecks, type RuleSelection } from './engine'
import { applyFixes, type FixResult } from './fix'
import { loadActiveLexicons } from './lexicons'
import { withModelFacts } from './model-facts'
import { checkInput, fixInput } from './schemas'
import { bindingTypoService, type TypoService } from './typo-service'
import type { ActiveLexicons, CheckFields, CheckResult, MaterialPassage, ModelFacts, TypoSensitivity, UntracedFigure } from './types'
import { checkGivenText, unwrappedDoc } from './unwrapped'

export interface CheckTextInput {
  text: string
  genre?: Genre
  fields?: CheckFields
  lexicons?: Partial<ActiveLexicons>
  /** Figure spans that the compose step could not trace to a finding (the facts rules report them). */
  untracedFigures?: UntracedFigure[]
  /** Passages that come from internal or restricted findings (the confidentiality rules report them). */
  materialPassages?: MaterialPassage[]
  rules?: RuleSelection
  typoSensitivity?: TypoSensitivity
  /** YYYY-MM-DD used when fields.date is absent; defaults to today in China. */
  today?: string
}

/** Runs every rule (or a selection) over a text. Pure and synchronous; validates its input. The
 * rules that need the 错别字 model run only when `model` (its answer) is given. */
export function checkText(input: CheckTextInput & { model?: ModelFacts }): CheckResult {
  const parsed = parseInput(checkInput, input, '检查请求')
  // The model's answer, when given, was computed on the text as given: check that text as it is.
  if (input.model) return runChecks({ ...buildDoc({ ...parsed, lexicons: input.lexicons }, input.today ?? todayInChina()), model: input.model }, parsed.rules)
  return checkGivenText({ ...parsed, lexicons: input.lexicons }, input.today ?? todayInChina(), parsed.rules)
}

/** checkText with the model's answer from `typo` (the checker Worker's binding, or the model in-process). */
export async function checkTextWith(typo: TypoService, input: CheckTextInput): Promise<CheckResult> {
  const parsed = parseInput(checkInput, input, '检查请求')
  const { doc, restore } = unwrappedDoc({ ...parsed, lexicons: input.lexicons }, input.today ?? todayInChina())
  return restore(runChecks(await withModelFacts(typo, doc, parsed.rules), parsed.rules))
}

/** The checker Worker behind env.CHECKER. */
const typoService = (ctx: Ctx) => bindingTypoService(ctx.env.CHECKER)
/** Logs a check that went on without the model. */
const unavailableLog = (ctx: Ctx) => (reason: string) =>
  logLine(ctx.env, 'warn', JSON.stringify({ event: 'typo-model-unavailable', requestId: ctx.requestId, reason }))

export interface OfficeCheckResult extends CheckResult {
  lexicons: { date: string; used: { id: string; name: string; kind: LexiconKind; version: number }[] }
  /** The 错别字 model's sensitivity used: the request's, or the office's default. */
  typoSensitivity: TypoSensitivity
}

/** The office's default sensitivity of the 错别字 model (PUT /admin/settings), for checks that name none. */
const officeTypoSensitivity = async (ctx: Ctx): Promise<TypoSensitivity> => (await loadSettings(ctx)).typoSensitivity

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
  const { doc, restore } = unwrappedDoc({ ...parsed, typoSensitivity, lexicons: active.lexicons }, date)
  const result = restore(runChecks(await withModelFacts(typoService(ctx), doc, parsed.rules, unavailableLog(ctx)), parsed.rules))
  return { ...result, lexicons: { date, used: active.used }, typoSensitivity }
}

/** Re-checks the text as it is now and applies the chosen issues' suggestions. */
export async function fixForOffice(ctx: Ctx, input: unknown): Promise<FixResult & { remaining: number }> {
  const parsed = parseInput(fixInput, input, '修改请求')
  const date = parsed.fields?.date ?? todayInChina()
  const { active, typoSensitivity } = await officeContext(ctx, date, parsed.typoSensitivity)
  const { doc, restore } = unwrappedDoc({ ...parsed, typoSensitivity, lexicons: active.lexicons }, date)
  const { issues, typoModel } = restore(runChecks(await withModelFacts(typoService(ctx), doc, parsed.rules, unavailableLog(ctx)), parsed.rules))
  const ids = parsed.fixes.map((f) => (typeof f === 'string' ? f : issueId(f.ruleId, f.start, f.end, f.field)))
  // a fix of a rule that could not run is not stale: say why it cannot be applied now
  const waiting = typoModel === 'unavailable' ? ids.filter((id) => RULE_BY_ID.get(id.split('@')[0]!)?.needsModel) : []
  if (waiting.length) throw new AppError('UPSTREAM', `错别字模型暂时无法使用，有 ${waiting.length} 处修改无法确认，请稍后再试`, { waiting })
  const fixed = applyFixes(parsed.text, issues, ids)
  return { ...fixed, remaining: issues.length - fixed.applied.length }
}

export { listRules, type Catalogue } from './catalogue'
export { todayInChina } from './doc'
export { applyFixes, type AppliedFix, type FixResult } from './fix'
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
export { LEXICON_KINDS } from '../db/schema'
export { CHECK_LIMITS } from './schemas'
export * from './types'
export { bindingTypoService, TypoUnavailable, type CheckerBinding, type TypoAnalysis, type TypoRequest, type TypoService, type TypoSuspect } from './typo-service'
