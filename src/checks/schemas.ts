/** Input schemas of 审校 and of the office lexicons, with their explicit limits. */
import { z } from 'zod'
import { calendarDate } from '../core/dates'
import { GENRES, LEXICON_KINDS } from '../db/schema'
import { typoSensitivity } from '../offices'
import { CATEGORIES } from './types'

export const CHECK_LIMITS = {
  text: 200_000,
  fixes: 500,
  lexiconEntries: 1000,
  lexiconBytes: 512 * 1024,
  untracedFigures: 2000,
  materialPassages: 2000,
  ruleSelection: 300,
} as const

const short = (max: number) => z.string().trim().min(1).max(max)

export const checkFieldsSchema = z.object({
  title: z.string().max(300).optional(),
  docNumber: z.string().max(60).optional(),
  date: calendarDate.optional(),
  printDate: calendarDate.optional(),
  recipients: z.array(short(100)).max(50).optional(),
  cc: z.array(short(100)).max(100).optional(),
  issuer: z.string().max(100).optional(),
  signer: z.string().max(100).optional(),
  attachments: z.array(short(200)).max(50).optional(),
})

export const untracedFigureSchema = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  text: z.string().max(200),
})

export const materialPassageSchema = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  sensitivity: z.enum(['internal', 'restricted']),
  markers: z.array(z.string().max(10)).max(60).optional(),
  title: z.string().max(300).optional(),
  titles: z.array(z.string().max(300)).max(60).optional(),
})

export const ruleSelectionSchema = z.object({
  only: z.array(z.string().max(80)).max(CHECK_LIMITS.ruleSelection).optional(),
  skip: z.array(z.string().max(80)).max(CHECK_LIMITS.ruleSelection).optional(),
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).optional(),
})

/** The 错别字 model's sensitivity, as a check request or the office settings name it. */
export { typoSensitivity }

export const checkInput = z.object({
  text: z
    .string({ error: '请提供要检查的文本 text' })
    .min(1, '文本不能为空')
    .max(CHECK_LIMITS.text, `文本不能超过 ${CHECK_LIMITS.text} 个字符`),
  genre: z.enum(GENRES).optional(),
  fields: checkFieldsSchema.optional(),
  rules: ruleSelectionSchema.optional(),
  untracedFigures: z.array(untracedFigureSchema).max(CHECK_LIMITS.untracedFigures).optional(),
  materialPassages: z.array(materialPassageSchema).max(CHECK_LIMITS.materialPassages).optional(),
  typoSensitivity: typoSensitivity.optional(),
})
export type CheckInput = z.infer<typeof checkInput>

const fixRef = z.union([
  z.string().min(1).max(200),
  z.object({ ruleId: z.string().max(80), start: z.number().int().min(0), end: z.number().int().min(0), field: z.string().max(40).optional() }),
])

export const fixInput = checkInput.extend({
  fixes: z.array(fixRef).min(1, '请至少选择一处修改').max(CHECK_LIMITS.fixes, `一次最多修改 ${CHECK_LIMITS.fixes} 处`),
})
export type FixInput = z.infer<typeof fixInput>

// ---------------------------------------------------------------- lexicons

const text = (max: number) => z.string().trim().min(1, '不能为空').max(max)

export const formulationEntry = z.object({
  label: text(100),
  items: z.array(text(100)).min(1).max(50),
  variants: z.array(text(100)).max(20).optional(),
  note: z.string().trim().max(200).optional(),
})
export const leaderEntry = z
  .object({ name: text(20), post: text(60), validFrom: calendarDate.optional(), validTo: calendarDate.optional() })
  .refine((e) => !e.validFrom || !e.validTo || e.validFrom <= e.validTo, '任职开始日期不能晚于结束日期')
export const renamedOrgEntry = z.object({ oldName: text(100), newName: text(100), renamedOn: calendarDate.optional() })
export const sensitiveEntry = z.object({
  word: text(50),
  level: z.enum(['forbidden', 'caution']),
  replacement: z.string().trim().max(50).optional(),
  note: z.string().trim().max(200).optional(),
})
export const confusableEntry = z.object({ wrong: text(50), right: text(50), note: z.string().trim().max(200).optional() })

/** 同义词: a term and its 简称, 别称 and 曾用名, which search treats as the same (knowledge/synonyms.ts). */
export const synonymEntry = z
  .object({
    term: text(60),
    abbreviations: z.array(text(60)).max(20).optional(),
    aliases: z.array(text(60)).max(20).optional(),
    formerNames: z.array(text(60)).max(20).optional(),
    note: z.string().trim().max(200).optional(),
  })
  .refine((e) => (e.abbreviations?.length ?? 0) + (e.aliases?.length ?? 0) + (e.formerNames?.length ?? 0) > 0, '至少填写一个简称、别称或曾用名')

export const ENTRY_SCHEMAS = {
  formulation: formulationEntry,
  leader: leaderEntry,
  'renamed-org': renamedOrgEntry,
  sensitive: sensitiveEntry,
  confusable: confusableEntry,
  synonym: synonymEntry,
} as const satisfies Record<(typeof LEXICON_KINDS)[number], z.ZodType>

const validity = {
  validFrom: calendarDate.optional(),
  validTo: calendarDate.nullish(),
  note: z.string().trim().max(500).optional(),
}

export const lexiconCreateInput = z.object({
  kind: z.enum(LEXICON_KINDS),
  name: text(100),
  entries: z.array(z.unknown()).max(CHECK_LIMITS.lexiconEntries, `每个词库最多 ${CHECK_LIMITS.lexiconEntries} 条`),
  ...validity,
})
export type LexiconCreateInput = z.infer<typeof lexiconCreateInput>

export const lexiconUpdateInput = z.object({
  name: text(100).optional(),
  entries: z.array(z.unknown()).max(CHECK_LIMITS.lexiconEntries, `每个词库最多 ${CHECK_LIMITS.lexiconEntries} 条`),
  /** Optimistic concurrency: the version the editor started from. */
  baseVersion: z.number().int().min(1).optional(),
  ...validity,
})

export const lexiconListQuery = z.object({
  kind: z.enum(LEXICON_KINDS).optional(),
  includeArchived: z.enum(['true', 'false']).optional(),
})

export const activeQuery = z.object({ date: calendarDate.optional() })
