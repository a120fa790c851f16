/** The vocabulary of 审校: levels, categories, issues, rules and the document they run over. */
import type { Genre, TypoSensitivity } from '../db/schema'
import type { TypoSuspect } from './typo-service'

/**
 * `must-fix`: the rule is certain (宁可漏报，不可误报). `suspect`: very likely wrong, a person decides.
 * `hint`: the standard words the rule as 一般/通常, or it is office practice.
 */
export const LEVELS = ['must-fix', 'suspect', 'hint'] as const
export type Level = (typeof LEVELS)[number]

/** How readily the 错别字 model (typos.model) speaks: "standard" (the default) at the threshold where it
 * raises at most 50 suspects per 100,000 characters of clean official text, "sensitive" at the lowest
 * with cross-validated precision ≥ 0.9 on ecspell-odw — more typos found, more false suspects
 * (bench/results/checks.md). */
export { TYPO_SENSITIVITIES, type TypoSensitivity } from '../db/schema'

export const CATEGORIES = [
  'format',
  'genre',
  'numbers',
  'punctuation',
  'typos',
  'repetition',
  'placeholders',
  'lexicons',
  'facts',
  'confidentiality',
] as const
export type Category = (typeof CATEGORIES)[number]

export const CATEGORY_LABELS: Record<Category, string> = {
  format: '格式',
  genre: '文种与行文',
  numbers: '数字用法',
  punctuation: '标点符号',
  typos: '错别字',
  repetition: '重复',
  placeholders: '占位符遗留',
  lexicons: '办公室词库',
  facts: '事实与数据',
  confidentiality: '保密',
}

/** Draft fields that rules read besides the text (all optional). */
export interface CheckFields {
  title?: string
  docNumber?: string
  /** 成文日期, YYYY-MM-DD; also the date on which office lexicons are looked up. */
  date?: string
  /** 印发日期, YYYY-MM-DD. */
  printDate?: string
  recipients?: string[]
  cc?: string[]
  issuer?: string
  signer?: string
  attachments?: string[]
}
export type FieldName = keyof CheckFields

/** A span of a figure in the text that the compose step could not trace to a finding. */
export interface UntracedFigure {
  start: number
  end: number
  text: string
}

/**
 * A passage of the text that comes from material the office holds as internal or restricted (a
 * finding pasted or cited there): the confidentiality rules report each one.
 */
export interface MaterialPassage {
  start: number
  end: number
  sensitivity: 'internal' | 'restricted'
  /** The citation marker(s) of the material, e.g. F3. */
  markers?: string[]
  title?: string
  /** Each marker's material title, in the order of `markers` ('' when unknown); wins over `title`. */
  titles?: string[]
}

export interface FormulationEntry {
  label: string
  items: string[]
  /** Wrong or outdated forms of the label or of the whole formulation. */
  variants?: string[]
  note?: string
}
export interface LeaderEntry {
  name: string
  post: string
  validFrom?: string
  validTo?: string
}
export interface RenamedOrgEntry {
  oldName: string
  newName: string
  renamedOn?: string
}
export interface SensitiveEntry {
  word: string
  level: 'forbidden' | 'caution'
  replacement?: string
  note?: string
}
export interface SynonymEntry {
  term: string
  abbreviations?: string[]
  aliases?: string[]
  formerNames?: string[]
  note?: string
}
export interface ConfusableEntry {
  wrong: string
  right: string
  note?: string
}

/** The office's lexicons in force on the check date (one version per lexicon), merged by kind. */
export interface ActiveLexicons {
  formulations: FormulationEntry[]
  leaders: LeaderEntry[]
  renamedOrgs: RenamedOrgEntry[]
  sensitive: SensitiveEntry[]
  confusables: ConfusableEntry[]
  /** Not used by any check: search expands queries with them (knowledge/synonyms.ts). */
  synonyms: SynonymEntry[]
}

export const EMPTY_LEXICONS: ActiveLexicons = {
  formulations: [],
  leaders: [],
  renamedOrgs: [],
  sensitive: [],
  confusables: [],
  synonyms: [],
}

export interface Span {
  start: number
  end: number
  text: string
}

export type HeadingLevel = 1 | 2 | 3 | 4

export interface Heading {
  level: HeadingLevel
  /** The ordinal value (一 → 1). */
  ordinal: number
  /** Span of the marker itself, e.g. "（一）". */
  start: number
  end: number
  line: number
}

/** What every rule receives: the text, its lines and the elements found in it, all precomputed once. */
export interface CheckDoc {
  text: string
  genre: Genre | undefined
  /** The genre given, or the one the title ends with. */
  fields: CheckFields
  /** YYYY-MM-DD: fields.date or today. */
  date: string
  lines: Span[]
  title: Span | undefined
  recipientLine: Span | undefined
  attachmentLines: Span[]
  ccLine: Span | undefined
  /** Lines that are a date alone (成文日期) or end in 印发 (印发日期). */
  signDateLine: Span | undefined
  printDateLine: Span | undefined
  headings: Heading[]
  lexicons: ActiveLexicons
  untracedFigures: UntracedFigure[]
  materialPassages: MaterialPassage[]
  typoSensitivity: TypoSensitivity
  /** Spans no text rule should touch: URLs, e-mail addresses, inline code. */
  protectedSpans: Span[]
  /** What the 错别字 model's Worker answered for this text (model-facts.ts); absent when it was not
   * asked or could not answer — the rules that need it are then not run. */
  model?: ModelFacts
}

/** The model's answer as the rules read it. */
export interface ModelFacts {
  suspects: TypoSuspect[]
  /** Words of the model's dictionary, among the strings the rules asked about. */
  words: { has(s: string): boolean }
}

/** What a rule reports; the engine adds the rule's metadata, the excerpt and the id. */
export interface Hit {
  start: number
  end: number
  message: string
  /** Replacement for [start, end) — only when the fix is certain. */
  suggestion?: string
  /** Likely replacements for [start, end), best first, when the rule is not certain which (if any) is
   * right: choices for a person, never applied by /check/fix. */
  candidates?: string[]
  /** Set when the span is inside a field value instead of the text. */
  field?: FieldName
}

export interface RuleMeta {
  id: string
  category: Category
  level: Level
  /** The clause of the standard or the office rule. */
  source: string
  title: string
  description: string
  /** The rule reads doc.model (the 错别字 model's suspects or its dictionary): it runs only when the
   * checker Worker answered. */
  needsModel?: boolean
}

export interface Rule extends RuleMeta {
  check: (doc: CheckDoc) => Hit[]
}

export interface Issue {
  /** `${ruleId}@${start}-${end}` (with `:${field}` for field issues): stable while the text is. */
  id: string
  ruleId: string
  category: Category
  level: Level
  start: number
  end: number
  excerpt: string
  message: string
  suggestion?: string
  /** Likely corrections of a suspect, best first (Hit.candidates): a person picks one. */
  candidates?: string[]
  source: string
  field?: FieldName
}

export interface CheckStats {
  characters: number
  rulesRun: number
  issues: number
  byLevel: Record<Level, number>
  byCategory: Record<Category, number>
}

/** Whether the 错别字 model took part: `used`; `unavailable` — its Worker could not be reached, the
 * rules that need it were not run and `notices` says so; `not-needed` — no selected rule needs it. */
export const TYPO_MODEL_STATES = ['used', 'unavailable', 'not-needed'] as const
export type TypoModelState = (typeof TYPO_MODEL_STATES)[number]

export interface CheckResult {
  issues: Issue[]
  stats: CheckStats
  typoModel: TypoModelState
  /** Messages for people about the check itself (Chinese), e.g. that the model was unavailable. */
  notices: string[]
}
