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
})

export const importReportOut = z
  .object({
    imported: z.array(importItem),
    skipped: z.array(importItem),
    refused: z.array(importItem),
    summary: z.object({ files: z.number(), imported: z.number(), skipped: z.number(), refused: z.number() }),
  })
  .openapi('ImportReport')
