/**
 * Input schemas of the knowledge domain. Domain functions parse their own input with these, so a
 * bot command gets the same validation as the REST API; the API reuses them for OpenAPI.
 * Every string and list has an explicit limit.
 */
import { z } from 'zod'
import { calendarDate } from '../core/dates'
import { GENRES, SENSITIVITIES, SOURCE_KINDS } from '../db/schema'

export const LIMITS = {
  title: 200,
  shortText: 200,
  findingBody: 20_000,
  precedentBody: 400_000,
  tags: 20,
  tag: 40,
  figures: 50,
  listPage: 100,
  query: 200,
} as const

const shortText = z.string().trim().max(LIMITS.shortText)
const tags = z.array(z.string().trim().min(1).max(LIMITS.tag)).max(LIMITS.tags)

export const figureSchema = z.object({
  value: z.number().finite(),
  unit: z.string().trim().max(20),
  what: z.string().trim().min(1).max(LIMITS.shortText),
})

// unit and person are nullable: a stored finding reads back with nulls, and a PATCH merges onto it.
export const sourceSchema = z.object({
  kind: z.enum(SOURCE_KINDS),
  unit: shortText.nullish(),
  person: shortText.nullish(),
})

export const findingInput = z.object({
  surveyId: z.string().max(40).nullish(),
  title: z.string().trim().min(1, '标题不能为空').max(LIMITS.title),
  body: z.string().trim().min(1, '正文不能为空').max(LIMITS.findingBody),
  topic: shortText.nullish(),
  tags: tags.default([]),
  source: sourceSchema,
  observedOn: calendarDate.nullish(),
  caliber: z.string().trim().max(1000).nullish(),
  figures: z.array(figureSchema).max(LIMITS.figures).default([]),
  sensitivity: z.enum(SENSITIVITIES).default('internal'),
})
export type FindingInput = z.infer<typeof findingInput>
export const findingPatch = findingInput.partial()
export type FindingPatch = z.infer<typeof findingPatch>

export const surveyInput = z.object({
  title: z.string().trim().min(1, '课题名称不能为空').max(LIMITS.title),
  topic: shortText.nullish(),
  lead: shortText.nullish(),
  periodStart: calendarDate.nullish(),
  periodEnd: calendarDate.nullish(),
  description: z.string().trim().max(5000).nullish(),
})
export type SurveyInput = z.infer<typeof surveyInput>
export const surveyPatch = surveyInput.partial()

export const precedentInput = z.object({
  genre: z.enum(GENRES),
  title: z.string().trim().min(1, '标题不能为空').max(LIMITS.title),
  issuer: shortText.nullish(),
  docNumber: z.string().trim().max(60).nullish(),
  speaker: shortText.nullish(),
  occasion: shortText.nullish(),
  date: calendarDate.nullish(),
  body: z.string().trim().min(1, '正文不能为空').max(LIMITS.precedentBody),
  tags: tags.default([]),
  sensitivity: z.enum(SENSITIVITIES).default('internal'),
})
export type PrecedentInput = z.infer<typeof precedentInput>
export const precedentPatch = precedentInput.partial()
export type PrecedentPatch = z.infer<typeof precedentPatch>

const limit = z.coerce.number().int().min(1).max(LIMITS.listPage).default(20)
const cursor = z.string().max(200).optional()

export const findingListQuery = z.object({
  surveyId: z.string().max(40).optional(),
  topic: shortText.optional(),
  tag: z.string().max(LIMITS.tag).optional(),
  sourceKind: z.enum(SOURCE_KINDS).optional(),
  sensitivity: z.enum(SENSITIVITIES).optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  limit,
  cursor,
})
export type FindingListQuery = z.infer<typeof findingListQuery>

export const precedentListQuery = z.object({
  genre: z.enum(GENRES).optional(),
  tag: z.string().max(LIMITS.tag).optional(),
  sensitivity: z.enum(SENSITIVITIES).optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  limit,
  cursor,
})
export type PrecedentListQuery = z.infer<typeof precedentListQuery>

export const surveyListQuery = z.object({ limit, cursor })

/** The search's fields; `searchQuery` adds the checks across them. */
export const searchFields = z.object({
  q: z.string().trim().min(1, '请输入检索词').max(LIMITS.query, `检索词不能超过 ${LIMITS.query} 个字符`),
  kind: z.enum(['finding', 'precedent']).optional(),
  genre: z.enum(GENRES).optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  tag: z.string().max(LIMITS.tag).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  /** Synonym expansion (built-in table and the office's synonym lexicons); on unless "false". */
  expand: z.enum(['true', 'false']).optional(),
})
/** A start after the end would silently find nothing: it is refused instead. */
export const dateRangeInOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to
export const DATE_RANGE_MESSAGE = { message: '起始日期不能晚于截止日期', path: ['from'] }
export const searchQuery = searchFields.refine(dateRangeInOrder, DATE_RANGE_MESSAGE)
export type SearchQuery = z.infer<typeof searchQuery>
