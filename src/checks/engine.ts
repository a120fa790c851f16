/** Runs the catalogue over a CheckDoc: completes, filters, sorts and de-duplicates the issues. */
import { RULES } from './catalogue'
import {
  CATEGORIES,
  LEVELS,
  type Category,
  type CheckDoc,
  type CheckResult,
  type Hit,
  type Issue,
  type Level,
  type Rule,
  type TypoModelState,
} from './types'

export interface RuleSelection {
  only?: string[]
  skip?: string[]
  categories?: Category[]
}

const LEVEL_RANK: Record<Level, number> = { 'must-fix': 3, suspect: 2, hint: 1 }
const EXCERPT_MAX = 60
/** A panel offers a handful of choices; the model keeps at most a few per span anyway. */
const MAX_CANDIDATES = 8
/** Categories whose rules read running text: they never report inside URLs, e-mail addresses or code. */
const TEXT_CATEGORIES = new Set<Category>(['numbers', 'punctuation', 'typos', 'repetition'])

export function selectRules(sel: RuleSelection = {}): Rule[] {
  const only = sel.only?.length ? new Set(sel.only) : undefined
  const skip = new Set(sel.skip ?? [])
  const cats = sel.categories?.length ? new Set(sel.categories) : undefined
  return RULES.filter((r) => (!only || only.has(r.id)) && !skip.has(r.id) && (!cats || cats.has(r.category)))
}

export const issueId = (ruleId: string, start: number, end: number, field?: string) =>
  `${ruleId}@${start}-${end}${field ? `:${field}` : ''}`

export function excerptOf(s: string): string {
  return [...s].length > EXCERPT_MAX ? `${[...s].slice(0, EXCERPT_MAX).join('')}…` : s
}

function toIssue(doc: CheckDoc, rule: Rule, h: Hit): Issue | undefined {
  const host = h.field ? doc.fields[h.field] : doc.text
  if (typeof host !== 'string') return undefined
  const start = Math.max(0, Math.min(h.start, host.length))
  const end = Math.max(start, Math.min(h.end, host.length))
  if (!h.field && TEXT_CATEGORIES.has(rule.category) && doc.protectedSpans.some((p) => start < p.end && p.start < end)) {
    return undefined
  }
  const issue: Issue = {
    id: issueId(rule.id, start, end, h.field),
    ruleId: rule.id,
    category: rule.category,
    level: rule.level,
    start,
    end,
    excerpt: excerptOf(host.slice(start, end)),
    message: h.message,
    source: rule.source,
  }
  if (h.suggestion !== undefined) issue.suggestion = h.suggestion
  const candidates = h.candidates?.filter((c, i, all) => c !== host.slice(start, end) && c !== h.suggestion && all.indexOf(c) === i)
  if (candidates?.length) issue.candidates = candidates.slice(0, MAX_CANDIDATES)
  if (h.field) issue.field = h.field
  return issue
}

const overlaps = (a: Issue, b: Issue) =>
  a.field === b.field && (a.start === b.start && a.end === b.end ? true : a.start < b.end && b.start < a.end)

/**
 * Two issues on the same span, or overlapping issues of one category, are one finding: the higher
 * level wins, then the rule earlier in the catalogue. Issues of different categories may overlap.
 */
function dedupe(issues: Issue[], order: Map<string, number>): Issue[] {
  const better = (a: Issue, b: Issue) =>
    LEVEL_RANK[a.level] !== LEVEL_RANK[b.level] ? LEVEL_RANK[a.level] > LEVEL_RANK[b.level] : order.get(a.ruleId)! <= order.get(b.ruleId)!
  const kept: Issue[] = []
  const open: Issue[] = [] // kept issues whose span may still overlap later ones
  for (const issue of issues) {
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.end <= issue.start && open[i]!.start < issue.start) open.splice(i, 1)
    const rival = open.find(
      (k) => overlaps(k, issue) && (k.category === issue.category || (k.start === issue.start && k.end === issue.end)),
    )
    if (!rival) {
      kept.push(issue)
      open.push(issue)
    } else if (better(issue, rival)) {
      kept[kept.indexOf(rival)] = issue
      open[open.indexOf(rival)] = issue
    }
  }
  return kept
}

/** Said when the rules that need the 错别字 model were selected but its Worker did not answer. */
export function typoModelNotice(skipped: readonly Rule[]): string {
  return `错别字模型暂时无法使用，本次未运行依赖它的 ${skipped.length} 条规则（${skipped.map((r) => r.id).join('、')}），其余规则已照常检查。请稍后重新检查。`
}

export function runChecks(doc: CheckDoc, selection?: RuleSelection): CheckResult {
  const selected = selectRules(selection)
  const skipped = doc.model ? [] : selected.filter((r) => r.needsModel)
  const rules = skipped.length ? selected.filter((r) => !r.needsModel) : selected
  const typoModel: TypoModelState = skipped.length ? 'unavailable' : selected.some((r) => r.needsModel) ? 'used' : 'not-needed'
  const order = new Map(RULES.map((r, i) => [r.id, i]))
  const raw: Issue[] = []
  for (const rule of rules) {
    for (const h of rule.check(doc)) {
      const issue = toIssue(doc, rule, h)
      if (issue) raw.push(issue)
    }
  }
  // field issues first (they sit "above" the text), then by position
  raw.sort(
    (a, b) =>
      (a.field ?? '').localeCompare(b.field ?? '') ||
      a.start - b.start ||
      b.end - a.end ||
      LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
      order.get(a.ruleId)! - order.get(b.ruleId)!,
  )
  const issues = dedupe(raw, order)
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>
  for (const i of issues) {
    byLevel[i.level]++
    byCategory[i.category]++
  }
  return {
    issues,
    stats: { characters: doc.text.length, rulesRun: rules.length, issues: issues.length, byLevel, byCategory },
    typoModel,
    notices: skipped.length ? [typoModelNotice(skipped)] : [],
  }
}
