/** Response schemas for the OpenAPI document (inputs come from the domain modules' schemas). */
import { z } from '@hono/zod-openapi'
import { DOC_KINDS, GENRES, SENSITIVITIES, SOURCE_KINDS } from '../db/schema'
import { knowledgeSchemas } from '../knowledge'

export const findingOut = z
  .object({
    id: z.string(),
    surveyId: z.string().nullable(),
    title: z.string(),
    body: z.string(),
    topic: z.string().nullable(),
    tags: z.array(z.string()),
    source: z.object({ kind: z.enum(SOURCE_KINDS), unit: z.string().nullable(), person: z.string().nullable() }),
    observedOn: z.string().nullable(),
    caliber: z.string().nullable(),
    figures: z.array(knowledgeSchemas.figureSchema),
    sensitivity: z.enum(SENSITIVITIES),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Finding')

export const surveyOut = z
  .object({
    id: z.string(),
    title: z.string(),
    topic: z.string().nullable(),
    lead: z.string().nullable(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    description: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Survey')

export const precedentOut = z
  .object({
    id: z.string(),
    genre: z.enum(GENRES),
    title: z.string(),
    issuer: z.string().nullable(),
    docNumber: z.string().nullable(),
    speaker: z.string().nullable(),
    occasion: z.string().nullable(),
    date: z.string().nullable(),
    body: z.string(),
    tags: z.array(z.string()),
    sensitivity: z.enum(SENSITIVITIES),
    fileName: z.string().nullable(),
    hasOriginal: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Precedent')

export const searchResultOut = z
  .object({
    kind: z.enum(DOC_KINDS),
    id: z.string(),
    title: z.string(),
    chunkId: z.string(),
    text: z.string().openapi({ description: '命中的完整段落（chunk）' }),
    snippet: z.string().openapi({ description: '摘要，命中词以 <mark> 标出，其余内容已做 HTML 转义' }),
    headingPath: z.array(z.string()),
    score: z.number(),
    meta: z.record(z.string(), z.unknown()),
  })
  .openapi('SearchResult')

const importItem = z.object({
  file: z.string(),
  line: z.number().optional(),
  id: z.string().optional(),
  title: z.string().optional(),
  reason: z.string().optional(),
  duplicateOf: z.string().optional(),
  recognised: z
    .object({
      title: z.string().optional(),
      issuer: z.string().optional(),
      docNumber: z.string().optional(),
      date: z.string().optional(),
      recipients: z.string().optional(),
      cc: z.string().optional(),
      printedBy: z.string().optional(),
      printDate: z.string().optional(),
    })
    .optional()
    .describe('PDF、OFD、网页：识别出的标题、发文机关、发文字号、成文日期、主送、抄送、印发机关和日期'),
  paragraphs: z.number().optional().describe('读出的段落数'),
  unread: z.array(z.string()).optional().describe('未能读取的部分'),
})

export const importReportOut = z
  .object({
    imported: z.array(importItem),
    skipped: z.array(importItem),
    refused: z.array(importItem),
    summary: z.object({ files: z.number(), imported: z.number(), skipped: z.number(), refused: z.number() }),
  })
  .openapi('ImportReport')
