/** The catalogue: every rule of 审校, in a fixed order, and its public description. */
import { confidentialityRules } from './rules/confidentiality'
import { factRules } from './rules/facts'
import { formatRules } from './rules/format'
import { genreRules } from './rules/genre'
import { lexiconRules } from './rules/lexicons'
import { numberRules } from './rules/numbers'
import { placeholderRules } from './rules/placeholders'
import { punctuationRules } from './rules/punctuation'
import { ordinalAndNestingRules } from './rules/punctuation-ordinal'
import { repetitionRules } from './rules/repetition'
import { typoRules } from './rules/typos'
import { CATEGORIES, CATEGORY_LABELS, type Category, type Rule, type RuleMeta } from './types'

export const RULES: readonly Rule[] = [
  ...formatRules,
  ...genreRules,
  ...numberRules,
  ...punctuationRules,
  ...ordinalAndNestingRules,
  ...typoRules,
  ...repetitionRules,
  ...placeholderRules,
  ...lexiconRules,
  ...factRules,
  ...confidentialityRules,
]

const seen = new Set<string>()
for (const r of RULES) {
  if (seen.has(r.id)) throw new Error(`duplicate rule id ${r.id}`)
  if (!r.id.startsWith(`${r.category}.`)) throw new Error(`rule ${r.id} is not under its category ${r.category}`)
  seen.add(r.id)
}

export const RULE_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]))

export interface Catalogue {
  count: number
  categories: { id: Category; label: string; count: number }[]
  rules: RuleMeta[]
}

export function listRules(): Catalogue {
  const rules = RULES.map(({ id, category, level, source, title, description }) => ({ id, category, level, source, title, description }))
  return {
    count: rules.length,
    categories: CATEGORIES.map((id) => ({ id, label: CATEGORY_LABELS[id], count: rules.filter((r) => r.category === id).length })),
    rules,
  }
}
