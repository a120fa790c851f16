/**
 * What a person types → search terms and an FTS5 MATCH expression. Every token is emitted inside
 * double quotes and contains only letters and digits, so FTS5 syntax typed by a user (quotes, *,
 * NEAR, AND/OR/NOT, parentheses, column filters) can never make the expression invalid.
 */
import { bigramsOf, isHan, runsOf, scopeToken } from './bigrams'
import { COMMON_BIGRAMS } from './common-bigrams'
import { numeralVariants } from './numerals'
import { BUILTIN_INDEX, synonymsOf, type SynonymIndex } from './synonyms'

export interface QueryTerm {
  /** The term with spaces and punctuation removed, lower-cased: what a passage should contain. */
  compact: string
  /** Written in quotes: wanted as an exact phrase, no partial credit. */
  quoted: boolean
  /** FTS tokens of the term: CJK bigrams, single characters, Latin words. */
  tokens: string[]
  /** Other ways of writing the term (synonyms, Arabic for Chinese numerals), compact. */
  alts: string[]
  /** FTS tokens of the alternatives: they find candidates. */
  altTokens: string[]
  /** Each alternative's own tokens: a passage that has most of one earns partial credit as for the term. */
  altTokenSets: string[][]
}

const QUOTED = /"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』|《([^》]*)》/g
const OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR'])

const tokensOf = (runs: string[]) => runs.flatMap((r) => (isHan(r) ? bigramsOf(r) : [r]))

function termOf(text: string, quoted: boolean, synonyms: SynonymIndex | null): QueryTerm | null {
  const runs = runsOf(text)
  if (!runs.length) return null
  const compact = runs.join('')
  const altForms = [...(synonyms ? synonymsOf(compact, synonyms) : []), ...(numeralVariants(text) ? [numeralVariants(text)] : [])]
  const altRuns = altForms.map((f) => runsOf(f))
  return {
    compact,
    quoted,
    tokens: tokensOf(runs),
    alts: altRuns.map((r) => r.join('')),
    altTokens: altRuns.flatMap(tokensOf),
    altTokenSets: altRuns.map(tokensOf),
  }
}

/** `synonyms`: the office's index (built-in plus its lexicon); null searches without expansion (bench). */
export function parseQuery(q: string, synonyms: SynonymIndex | null = BUILTIN_INDEX): QueryTerm[] {
  const terms: QueryTerm[] = []
  const normalized = q.normalize('NFKC')
  const rest = normalized.replace(QUOTED, (_m, ...groups: (string | undefined)[]) => {
    const inner = groups.slice(0, 5).find((g) => g !== undefined) ?? ''
    const term = termOf(inner, true, synonyms)
    if (term) terms.push(term)
    return ' '
  })
  for (const word of rest.split(/[^\p{L}\p{N}]+/u)) {
    if (!word || OPERATORS.has(word)) continue
    const term = termOf(word, false, synonyms)
    if (term) terms.push(term)
  }
  const seen = new Set<string>()
  return terms.filter((t) => (seen.has(t.compact + t.quoted) ? false : (seen.add(t.compact + t.quoted), true)))
}

const quote = (token: string) => `"${token}"`

/**
 * The MATCH expression: the office (and kind) scope AND any of the terms' tokens. Terms are ORed,
 * not ANDed, so a passage that matches only some of the words is still found; ranking rewards the
 * passages that match more of them. Very common bigrams (COMMON_BIGRAMS) are left out of a term
 * that has rarer ones: they would make FTS5 score most of the index. A lone Han character is a prefix query ("镇"*) because the
 * index holds bigrams plus each run's last character.
 */
export function matchExpression(terms: QueryTerm[], officeId: string, kind?: string, prune = true): string | null {
  // Single characters (a lone 年, a digit) match a large share of the index; when the query has
  // anything longer, they are left to re-ranking instead of candidate retrieval.
  const all = terms.flatMap((t) => [...t.tokens, ...t.altTokens])
  const hasLonger = prune && all.some((token) => [...token].length > 1)
  const parts = new Set<string>()
  for (const t of terms) {
    for (const group of [t.tokens, t.altTokens]) {
      const usable = hasLonger ? group.filter((token) => [...token].length > 1) : group
      const rare = prune ? usable.filter((token) => !COMMON_BIGRAMS.has(token)) : usable
      for (const token of rare.length ? rare : usable) {
        parts.add(isHan(token) && [...token].length === 1 ? `${quote(token)}*` : quote(token))
      }
    }
  }
  if (!parts.size) return null
  const scope = `scope : ${quote(scopeToken(officeId))}` + (kind ? ` AND scope : ${quote('k' + kind)}` : '')
  return `${scope} AND {title heading body} : (${[...parts].join(' OR ')})`
}
