/** Input schemas of the drafts domain; the API reuses them for OpenAPI. Every list has a limit. */
import { z } from 'zod'
import { dateOrTime } from '../core/dates'
import { COMPOSE_MODES, DRAFT_STATUSES, GENRES } from '../db/schema'

export const LIMITS = {
  findings: 60,
  precedents: 10,
  retrieve: 30,
  sections: 30,
  points: 12,
  variableValue: 2000,
} as const

const id = z.string().min(1).max(40)

export const createDraftInput = z.object({
  templateId: z.string().min(1).max(40),
  title: z.string().trim().min(1).max(200).optional(),
  variables: z.record(z.string().max(40), z.string().max(LIMITS.variableValue)).default({}),
  materials: z
    .object({
      findingIds: z.array(id).max(LIMITS.findings).default([]),
      precedentIds: z.array(id).max(LIMITS.precedents).default([]),
    })
    .optional(),
  retrieve: z
    .object({
      query: z.string().trim().min(1, '请输入检索词').max(200),
      limit: z.number().int().min(1).max(LIMITS.retrieve).default(8),
    })
    .optional(),
  mode: z.enum(COMPOSE_MODES).optional(),
})
export type CreateDraftInput = z.infer<typeof createDraftInput>

export const outlineSectionInput = z.object({
  id: id.optional(),
  key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/).optional(),
  heading: z.string().trim().min(1, '章节标题不能为空').max(100),
  points: z.array(z.string().trim().min(1).max(200)).max(LIMITS.points).default([]),
  findingIds: z.array(id).max(LIMITS.findings).default([]),
  precedentIds: z.array(id).max(LIMITS.precedents).default([]),
  targetChars: z.number().int().min(0).max(20_000).optional(),
})

export const outlineInput = z.object({
  sections: z.array(outlineSectionInput).min(1, '提纲至少要有一个章节').max(LIMITS.sections),
})
export type OutlineInput = z.infer<typeof outlineInput>

export const generateInput = z
  .object({
    /** Only these sections (ids); by default every section not yet done. */
    sections: z.array(id).max(LIMITS.sections).optional(),
  })
  .default({})


export const draftListQuery = z.object({
  status: z.enum(DRAFT_STATUSES).optional(),
  genre: z.enum(GENRES).optional(),
  /** The member who created the draft. */
  author: z.string().max(40).optional(),
  /** Words the title contains. */
  title: z.string().trim().max(100).optional(),
  updatedFrom: dateOrTime.optional(),
  updatedTo: dateOrTime.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
})
