/**
 * Tables and the closed vocabularies (roles, kinds, genres, sensitivities) that drizzle, zod and
 * the domain logic share. Every content table carries `office_id`: the office is the tenant.
 * FTS5 tables are not here (drizzle has no virtual tables): see migrations/0001_search_fts.sql.
 */
import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

export const ROLES = ['admin', 'drafter', 'reviewer', 'signer', 'reader'] as const
export type Role = (typeof ROLES)[number]

export const SENSITIVITIES = ['public', 'internal', 'restricted'] as const
export type Sensitivity = (typeof SENSITIVITIES)[number]

export const SOURCE_KINDS = ['座谈', '走访', '问卷', '统计数据', '会议', '文件'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

/** The 15 法定文种 of 《党政机关公文处理工作条例》 第八条. */
export const GONGWEN_GENRES = [
  '决议', '决定', '命令', '公报', '公告', '通告', '意见', '通知', '通报', '报告', '请示', '批复', '议案', '函', '纪要',
] as const
/** Working genres of a 党委办公室 that are not 法定公文. */
export const WORKING_GENRES = ['讲话稿', '调研报告', '政务信息', '简报', '专报', '督查通报'] as const
export const GENRES = [...WORKING_GENRES, ...GONGWEN_GENRES] as const
export type Genre = (typeof GENRES)[number]

export const DOC_KINDS = ['finding', 'precedent'] as const
export type DocKind = (typeof DOC_KINDS)[number]

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)
const updatedAt = () => text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)

export const offices = sqliteTable('offices', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  code: text('code').notNull().unique(),
  createdAt: createdAt(),
})

export const members = sqliteTable(
  'members',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('members_office').on(t.officeId)],
)

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    memberId: text('member_id').notNull().references(() => members.id),
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('api_tokens_office').on(t.officeId)],
)

export const surveys = sqliteTable(
  'surveys',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    title: text('title').notNull(),
    topic: text('topic'),
    lead: text('lead'),
    periodStart: text('period_start'),
    periodEnd: text('period_end'),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('surveys_office').on(t.officeId)],
)

export type Figure = { value: number; unit: string; what: string }

export const findings = sqliteTable(
  'findings',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    surveyId: text('survey_id').references(() => surveys.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    topic: text('topic'),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    sourceKind: text('source_kind', { enum: SOURCE_KINDS }).notNull(),
    sourceUnit: text('source_unit'),
    sourcePerson: text('source_person'),
    observedOn: text('observed_on'),
    caliber: text('caliber'),
    figures: text('figures', { mode: 'json' }).$type<Figure[]>().notNull().default(sql`'[]'`),
    sensitivity: text('sensitivity', { enum: SENSITIVITIES }).notNull().default('internal'),
    contentHash: text('content_hash').notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('findings_office_created').on(t.officeId, t.createdAt, t.id),
    index('findings_survey').on(t.officeId, t.surveyId),
    uniqueIndex('findings_office_hash').on(t.officeId, t.contentHash),
  ],
)

export const precedents = sqliteTable(
  'precedents',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    genre: text('genre', { enum: GENRES }).notNull(),
    title: text('title').notNull(),
    issuer: text('issuer'),
    docNumber: text('doc_number'),
    speaker: text('speaker'),
    occasion: text('occasion'),
    date: text('date'),
    body: text('body').notNull(),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    sensitivity: text('sensitivity', { enum: SENSITIVITIES }).notNull().default('internal'),
    contentHash: text('content_hash').notNull(),
    /** R2 key of the uploaded original, when imported from a file. */
    fileKey: text('file_key'),
    fileName: text('file_name'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('precedents_office_created').on(t.officeId, t.createdAt, t.id),
    uniqueIndex('precedents_office_hash').on(t.officeId, t.contentHash),
  ],
)

/**
 * Paragraph- and heading-aware slices of findings and precedents: the unit of search and citation.
 * `id` is the rowid of the FTS table `chunks_fts`. Filter columns are copied from the parent so that
 * search filters never join the parent tables.
 */
export const chunks = sqliteTable(
  'chunks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: text('office_id').notNull().references(() => offices.id),
    kind: text('kind', { enum: DOC_KINDS }).notNull(),
    docId: text('doc_id').notNull(),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    headingPath: text('heading_path', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    text: text('text').notNull(),
    genre: text('genre'),
    date: text('date'),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    sensitivity: text('sensitivity', { enum: SENSITIVITIES }).notNull(),
  },
  (t) => [uniqueIndex('chunks_doc_seq').on(t.docId, t.seq), index('chunks_office_kind').on(t.officeId, t.kind)],
)

