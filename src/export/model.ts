/**
 * The document an export renders: genre, title, the fields people fill (the templates' locked
 * variables, by the same names), and the body as blocks. Everything that renders (docx, HTML,
 * Markdown) starts from this, so a draft and a POST /export request come out alike.
 */
import { z } from 'zod'
import { GENRES, SENSITIVITIES, type Sensitivity } from '../db/schema'
import type { CharOp } from '../lifecycle'

export const EXPORT_LIMITS = { title: 200, field: 2_000, body: 300_000, attachments: 20 } as const

const field = z.string().trim().max(EXPORT_LIMITS.field).optional()

/** Field names shared with the templates' locked variables (prompts/*.md, templates/types.ts LOCKED_FIELDS). */
export const exportFieldsSchema = z.object({
  issuer: field,
  /** 发文机关标志 when it is not 发文机关 + “文件”. */
  issuerMark: field,
  docNumber: field,
  signer: field,
  recipients: field,
  date: field,
  attachments: z.union([z.string().trim().max(EXPORT_LIMITS.field), z.array(z.string().trim().max(500)).max(EXPORT_LIMITS.attachments)]).optional(),
  note: field,
  cc: field,
  printer: field,
  printDate: field,
  secrecy: field,
  urgency: field,
  speaker: field,
  occasion: field,
  issueNo: field,
  /** 简报名称 (报头); defaults to the genre. */
  briefName: field,
  /** 简报 报尾: 报, 送, 发 and 印数. */
  reportTo: field,
  sendTo: field,
  distribute: field,
  copies: field,
})
export type ExportFields = z.infer<typeof exportFieldsSchema>
export const FIELD_NAMES = Object.keys(exportFieldsSchema.shape) as (keyof ExportFields)[]

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; rows: string[][] }

/** A tracked change inside a paragraph, from version M to the exported version. */
export type Span = CharOp
export type ChangedBlock = Block & { change?: 'insert' | 'delete'; spans?: Span[] }

export interface Revision {
  author: string
  /** ISO time of the exported version's save. */
  date: string
}

export interface ExportDoc {
  genre: string
  title: string
  fields: ExportFields
  blocks: ChangedBlock[]
  sensitivity: Sensitivity
  /** Present when the blocks carry tracked changes. */
  revision?: Revision
}

export const exportRequestSchema = z.object({
  genre: z.enum(GENRES),
  title: z.string().trim().min(1, '标题不能为空').max(EXPORT_LIMITS.title),
  body: z.string().max(EXPORT_LIMITS.body, `正文不超过 ${EXPORT_LIMITS.body} 字`),
  fields: exportFieldsSchema.default({}),
  format: z.enum(['docx', 'md', 'html']),
  sensitivity: z.enum(SENSITIVITIES).default('public'),
  allowPlaceholders: z.boolean().default(false),
})
export type ExportRequest = z.infer<typeof exportRequestSchema>
