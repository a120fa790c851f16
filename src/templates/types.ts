import { SECTION_KINDS, type Genre } from '../db/schema'

/**
 * Variables that people always fill in and a model never writes (《党政机关公文处理工作条例》第九条
 * elements). The names are the export's field names.
 */
/** Where a template comes from: the builtin prompts/*.md, or the office's own edit. */
export const TEMPLATE_ORIGINS = ['builtin', 'office'] as const

export const LOCKED_FIELDS = ['issuer', 'docNumber', 'signer', 'recipients', 'date', 'cc'] as const
export type LockedField = (typeof LOCKED_FIELDS)[number]

export { SECTION_KINDS }
export type SectionKind = (typeof SECTION_KINDS)[number]

export interface TemplateVariable {
  name: string
  label: string
  required: boolean
  locked: boolean
  default?: string
  description?: string
}

/**
 * What kind of finding a section is written from (its purpose, machine-readable): 背景 the situation
 * and its figures, 成绩 results and practices, 问题 problems and their causes, 对策 suggestions,
 * 部署 tasks and arrangements, 保障 responsibilities, coordination and supervision.
 */
export const SECTION_PURPOSES = ['背景', '成绩', '问题', '对策', '部署', '保障'] as const
export type SectionPurpose = (typeof SECTION_PURPOSES)[number]

export interface TemplateSection {
  /** Stable key within the template (slug), e.g. "basic", "problems". */
  key: string
  heading: string
  kind: SectionKind
  /** Whether the heading is printed in the text (序次语 headings are; 称谓/开头/结尾 are not). */
  printHeading: boolean
  purpose: string
  guidance: string
  points: string[]
  /** Fixed sections: their text, with {variables}. */
  content: string | null
  /** Written sections: a skeleton with {variables} that assemble mode starts from. */
  skeleton: string | null
  /** The section states facts, so findings are assigned to it. */
  facts: boolean
  /** Share of the draft's target length (0–1); the shares of written sections add up to 1. */
  share: number
  /** Words that say which findings belong here (used to assign materials in the outline). */
  keywords: string[]
  /** The kinds of finding the section is written from (取材); inferred from its heading and 用途 when not given. */
  takes: SectionPurpose[]
  /** Written after the other sections, with their text as context (a summary, an 按语). */
  after: boolean
}

export interface TemplateLength {
  /** Speeches: characters per speaking minute … */
  charsPerMinute: number | null
  /** … times the minutes in this variable. */
  minutesVariable: string | null
  /** Otherwise (or as a fallback) a fixed target in characters. */
  targetChars: number
}

export interface TemplateDefinition {
  id: string
  genre: Genre
  name: string
  /** The draft's default title, with {variables}: 关于{subject}的通知. */
  title: string | null
  version: number
  description: string
  /** The genre's closing formula (特此通知。 妥否，请批示。 …), appended after the last section. */
  closing: string | null
  length: TemplateLength
  /** 写作要求: the genre's rules, given to the model with every section. */
  instructions: string
  variables: TemplateVariable[]
  sections: TemplateSection[]
}

export interface Template extends TemplateDefinition {
  /** builtin: shipped in prompts/; office: added or overridden by this office. */
  origin: (typeof TEMPLATE_ORIGINS)[number]
  updatedAt: string
}
