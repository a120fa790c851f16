/** Response schemas for the OpenAPI document (inputs come from the domain modules' schemas). */
import { z } from '@hono/zod-openapi'
import type { ZodType } from 'zod'
import { CATEGORIES, LEVELS, LEXICON_KINDS, TYPO_MODEL_STATES, TYPO_SENSITIVITIES, type OfficeCheckResult } from '../checks'
import { DOC_KINDS, knowledgeSchemas, SENSITIVITIES, SOURCE_KINDS, type Finding, type ImportReport, type Precedent, type SearchResult, type Survey } from '../knowledge'
import { GENRES } from '../templates'

/**
 * Ties a response schema to the domain type it describes, checked by tsc: `Describes<typeof out, T>`
 * fails to compile when a value of T would not fit the schema (an enum narrower than the tuple, a
 * field the domain may leave null declared as always present).
 */
export type Describes<S extends ZodType, T extends z.output<S>> = T

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

const countOf = <T extends readonly string[]>(keys: T) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<T[number], z.ZodNumber>)

export const issueOut = z
  .object({
    id: z.string().openapi({ description: '问题标识（规则号@起-止），用于 /check/fix', example: 'format.doc-number.ordinal@12-13' }),
    ruleId: z.string(),
    category: z.enum(CATEGORIES),
    level: z.enum(LEVELS).openapi({ description: 'must-fix 必须修改；suspect 疑似，需人工判断；hint 提示' }),
    start: z.number().openapi({ description: '在 text 中的起始位置（JavaScript 字符串下标，UTF-16）' }),
    end: z.number(),
    excerpt: z.string(),
    message: z.string(),
    suggestion: z.string().optional().openapi({ description: '确定的修改（替换 start–end 的内容）；只有确定时才给出' }),
    candidates: z
      .array(z.string())
      .optional()
      .openapi({
        description: '可能的改法（替换 start–end 的内容），最可能的在前，由人选择；用于不确定的问题（如疑似错别字），不会被 /check/fix 应用',
        example: ['持续'],
      }),
    source: z.string().openapi({ description: '依据的标准条款或本办规则' }),
    field: z.string().optional().openapi({ description: '问题位于文稿信息字段（如 docNumber）而不在正文时，位置相对该字段' }),
  })
  .openapi('CheckIssue')

export const checkOut = z
  .object({
    issues: z.array(issueOut),
    stats: z.object({
      characters: z.number(),
      rulesRun: z.number(),
      issues: z.number(),
      byLevel: countOf(LEVELS),
      byCategory: countOf(CATEGORIES),
    }),
    lexicons: z.object({
      date: z.string().openapi({ description: '查词库所用的日期（成文日期或今天）' }),
      used: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(LEXICON_KINDS), version: z.number() })),
    }),
    typoSensitivity: z.enum(TYPO_SENSITIVITIES).openapi({ description: '错别字模型所用的灵敏度：请求给出的，或本办公室的默认设置（/admin/settings）' }),
    typoModel: z.enum(TYPO_MODEL_STATES).openapi({
      description: '错别字模型是否参与了本次检查：used 已使用；unavailable 暂时无法使用（依赖它的规则未运行，见 notices）；not-needed 所选规则不需要它',
    }),
    notices: z.array(z.string()).openapi({ description: '关于本次检查本身的说明（如错别字模型暂时无法使用）' }),
  })
  .openapi('CheckResult')

/** tsc holds each response schema above to the domain type it describes (see Describes). */
export type SchemasContract = [
  Describes<typeof findingOut, Finding>,
  Describes<typeof surveyOut, Survey>,
  Describes<typeof precedentOut, Precedent>,
  Describes<typeof searchResultOut, SearchResult>,
  Describes<typeof importReportOut, ImportReport>,
  Describes<typeof checkOut, OfficeCheckResult>,
]
