/**
 * Tables and the closed vocabularies (roles, kinds, genres, sensitivities) that drizzle, zod and
 * the domain logic share. Every content table carries `office_id`: the office is the tenant.
 * FTS5 tables are not here (drizzle has no virtual tables): see migrations/0001_search_fts.sql.
 */
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

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

// ── Compose: templates, drafts, their sections and generation jobs ──────────────────────────────

/** Templates shipped in prompts/ are stored under this scope; an office's own rows override them by id. */
export const BUILTIN_SCOPE = '_builtin'

export const templates = sqliteTable(
  'templates',
  {
    /** BUILTIN_SCOPE or the id of the office that added or overrode the template. */
    officeId: text('office_id').notNull(),
    id: text('id').notNull(),
    genre: text('genre', { enum: GENRES }).notNull(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    /** The Markdown the template was read from (prompts/*.md or an office's upload). */
    source: text('source').notNull(),
    definition: text('definition', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.id] })],
)

/** Lifecycle of a draft: 起草 → 审核 → 签发 → 印发, with returns (src/lifecycle/transitions.ts). */
export const DRAFT_STATUSES = ['drafting', 'in_review', 'approved', 'signed', 'issued', 'returned'] as const
export type DraftStatus = (typeof DRAFT_STATUSES)[number]
export const COMPOSE_MODES = ['generate', 'assemble'] as const
export type ComposeMode = (typeof COMPOSE_MODES)[number]
/** Composition progress, kept apart from the lifecycle status. */
export const COMPOSE_STATES = ['new', 'outlined', 'generating', 'done', 'failed'] as const
export type ComposeState = (typeof COMPOSE_STATES)[number]
export const SECTION_STATUSES = ['pending', 'queued', 'running', 'done', 'failed'] as const
export type SectionStatus = (typeof SECTION_STATUSES)[number]
export const SECTION_KINDS = ['written', 'fixed'] as const
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/** A material of a draft and the marker its citations use ([F1], [P1]). */
/** origin and relevance (to the draft's topic, 0–1) are set for materials retrieved by topic (drafts/packs.ts). */
export const MATERIAL_ORIGINS = ['picked', 'retrieved'] as const
export type MaterialOrigin = (typeof MATERIAL_ORIGINS)[number]
export type DraftMaterial = { marker: string; kind: DocKind; id: string; origin?: MaterialOrigin; relevance?: number }
export type Citation = { marker: string; kind: DocKind; id: string }
export type TokenUsage = { promptTokens: number; completionTokens: number; totalTokens: number; calls: number; estimated?: boolean }

export const drafts = sqliteTable(
  'drafts',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    templateId: text('template_id').notNull(),
    templateVersion: integer('template_version').notNull(),
    /** The template as it was when the draft was created; later template edits do not move the draft. */
    template: text('template', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    genre: text('genre', { enum: GENRES }).notNull(),
    title: text('title').notNull(),
    mode: text('mode', { enum: COMPOSE_MODES }).notNull(),
    variables: text('variables', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    materials: text('materials', { mode: 'json' }).$type<DraftMaterial[]>().notNull().default(sql`'[]'`),
    retrieval: text('retrieval', { mode: 'json' }).$type<{ query: string; limit: number }>(),
    outline: text('outline', { mode: 'json' }).$type<Record<string, unknown>>(),
    composeState: text('compose_state', { enum: COMPOSE_STATES }).notNull().default('new'),
    jobId: text('job_id'),
    status: text('status', { enum: DRAFT_STATUSES }).notNull().default('drafting'),
    /** Draft-level notes (materials left out, mode fallback); section flags live on the sections. */
    flags: text('flags', { mode: 'json' }).$type<Record<string, unknown>[]>().notNull().default(sql`'[]'`),
    /** Incremented on every save; the ETag, and the version a save must name in If-Match. */
    version: integer('version').notNull().default(1),
    /** 发文字号, assigned from the office's sequence when a 公文 is issued, then locked. */
    docNumber: text('doc_number'),
    issuedAt: text('issued_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('drafts_office_created').on(t.officeId, t.createdAt, t.id),
    index('drafts_office_updated').on(t.officeId, t.updatedAt, t.id),
    uniqueIndex('drafts_office_doc_number').on(t.officeId, t.docNumber),
  ],
)

export const draftSections = sqliteTable(
  'draft_sections',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    draftId: text('draft_id')
      .notNull()
      .references(() => drafts.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** The template section it comes from. */
    key: text('key').notNull(),
    heading: text('heading').notNull(),
    kind: text('kind', { enum: SECTION_KINDS }).notNull(),
    text: text('text').notNull().default(''),
    status: text('status', { enum: SECTION_STATUSES }).notNull().default('pending'),
    citations: text('citations', { mode: 'json' }).$type<Citation[]>().notNull().default(sql`'[]'`),
    flags: text('flags', { mode: 'json' }).$type<Record<string, unknown>[]>().notNull().default(sql`'[]'`),
    usage: text('usage', { mode: 'json' }).$type<TokenUsage>(),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    jobId: text('job_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('draft_sections_draft').on(t.draftId, t.seq)],
)

export const composeJobs = sqliteTable(
  'compose_jobs',
  {
    /** Also the id of the Workflow instance that runs the job. */
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    draftId: text('draft_id')
      .notNull()
      .references(() => drafts.id, { onDelete: 'cascade' }),
    /** The member who started it: steps run outside any request and act as this member. */
    memberId: text('member_id').notNull(),
    mode: text('mode', { enum: COMPOSE_MODES }).notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    sectionIds: text('section_ids', { mode: 'json' }).$type<string[]>().notNull(),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    updatedAt: updatedAt(),
  },
  (t) => [index('compose_jobs_draft').on(t.draftId, t.createdAt)],
)

/** Kinds of office lexicon (审校 词库); each lexicon holds entries of one kind. */
// A text column without a CHECK constraint (migrations/0003): a new kind needs no migration.
export const LEXICON_KINDS = ['formulation', 'leader', 'renamed-org', 'sensitive', 'confusable', 'synonym'] as const
export type LexiconKind = (typeof LEXICON_KINDS)[number]

/** An office lexicon. Its content lives in versions: an update adds a version, old ones stay readable. */
export const lexicons = sqliteTable(
  'lexicons',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    kind: text('kind', { enum: LEXICON_KINDS }).notNull(),
    name: text('name').notNull(),
    latestVersion: integer('latest_version').notNull().default(1),
    archivedAt: text('archived_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('lexicons_office_kind').on(t.officeId, t.kind), uniqueIndex('lexicons_office_name').on(t.officeId, t.name)],
)

/** One version of a lexicon, in force from `valid_from` to `valid_to` (inclusive, open when null). */
export const lexiconVersions = sqliteTable(
  'lexicon_versions',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    lexiconId: text('lexicon_id').notNull().references(() => lexicons.id),
    version: integer('version').notNull(),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
    entries: text('entries', { mode: 'json' }).$type<unknown[]>().notNull(),
    entryCount: integer('entry_count').notNull(),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('lexicon_versions_lexicon_version').on(t.lexiconId, t.version),
    index('lexicon_versions_office_valid').on(t.officeId, t.validFrom),
  ],
)

// ── Audit: a per-office hash chain of every write and transition ─────────────────────────────────

export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    /** 1, 2, 3 … within the office; unique, so two writers cannot both extend the chain. */
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    memberId: text('member_id').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    hashBefore: text('hash_before'),
    hashAfter: text('hash_after'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_office_seq').on(t.officeId, t.seq),
    index('audit_events_office_target').on(t.officeId, t.targetKind, t.targetId),
  ],
)

// ── Outbound webhooks: subscriptions to draft events and the log of their deliveries ─────────────

export const WEBHOOK_EVENTS = [
  'draft.created',
  'draft.updated',
  'draft.submitted',
  'draft.approved',
  'draft.returned',
  'draft.signed',
  'draft.issued',
  /** 催办: an item of the office is due soon or overdue (src/ducha/reminders.ts). */
  'ducha.reminder',
] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const

export const webhookSubscriptions = sqliteTable(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    url: text('url').notNull(),
    /** HMAC-SHA256 key for the signature header; shown once, when the subscription is made. */
    secret: text('secret').notNull(),
    events: text('events', { mode: 'json' }).$type<WebhookEvent[]>().notNull(),
    description: text('description'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_subscriptions_office').on(t.officeId)],
)

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    subscriptionId: text('subscription_id').notNull(),
    event: text('event', { enum: WEBHOOK_EVENTS }).notNull(),
    /** The exact body sent (and signed) on every attempt. */
    body: text('body').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    finishedAt: text('finished_at'),
  },
  (t) => [index('webhook_deliveries_subscription').on(t.officeId, t.subscriptionId, t.createdAt)],
)

export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officeId: text('office_id').notNull(),
    deliveryId: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
  },
  (t) => [index('webhook_attempts_delivery').on(t.deliveryId, t.attempt)],
)

// ── Lifecycle: versions, comments, approvals, office settings and 发文字号 sequences ─────────────

/** An immutable snapshot of a draft at a save, with the hash an approval binds to. */
export const draftVersions = sqliteTable(
  'draft_versions',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    draftId: text('draft_id').notNull(),
    version: integer('version').notNull(),
    contentHash: text('content_hash').notNull(),
    title: text('title').notNull(),
    variables: text('variables', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    sections: text('sections', { mode: 'json' }).$type<{ id: string; heading: string; text: string }[]>().notNull(),
    /** What made it: a person's save, a generation, a transition that locked a field. */
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('draft_versions_draft_version').on(t.draftId, t.version), index('draft_versions_office').on(t.officeId, t.draftId)],
)

export const draftComments = sqliteTable(
  'draft_comments',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    draftId: text('draft_id').notNull(),
    /** The version whose text the anchor's offsets point into. */
    version: integer('version').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    quote: text('quote').notNull(),
    body: text('body').notNull(),
    parentId: text('parent_id'),
    authorId: text('author_id').notNull(),
    authorRole: text('author_role', { enum: ROLES }).notNull(),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    createdAt: createdAt(),
  },
  (t) => [index('draft_comments_draft').on(t.officeId, t.draftId, t.createdAt)],
)

export const APPROVAL_KINDS = ['approve', 'sign'] as const

/** A reviewer's approval or a signer's signature, bound to the content hash it saw. */
export const draftApprovals = sqliteTable(
  'draft_approvals',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    draftId: text('draft_id').notNull(),
    kind: text('kind', { enum: APPROVAL_KINDS }).notNull(),
    memberId: text('member_id').notNull(),
    version: integer('version').notNull(),
    contentHash: text('content_hash').notNull(),
    note: text('note'),
    createdAt: createdAt(),
    /** Set when an edit changed the content this approval saw. */
    supersededAt: text('superseded_at'),
  },
  (t) => [index('draft_approvals_draft').on(t.officeId, t.draftId)],
)

/** How readily the 错别字 model speaks (checks/types.ts says what each level means). */
/** What 提交审核 does with open issues (lifecycle/gate.ts): standard refuses must-fix and warns on 【待补】. */
export const REVIEW_GATES = ['standard', 'strict', 'warn'] as const
export type ReviewGate = (typeof REVIEW_GATES)[number]

export const TYPO_SENSITIVITIES = ['standard', 'sensitive'] as const
export type TypoSensitivity = (typeof TYPO_SENSITIVITIES)[number]

/** Per-office configuration of the approval chain and document numbering. */
export const officeSettings = sqliteTable('office_settings', {
  officeId: text('office_id').primaryKey().references(() => offices.id),
  /** Whether 签发 requires a standing 审核 approval first. */
  signRequiresReview: integer('sign_requires_review', { mode: 'boolean' }).notNull().default(true),
  /** 机关代字 of the office's 发文字号, e.g. 示区委办发. */
  docAgencyCode: text('doc_agency_code'),
  /** The 错别字 model's sensitivity when a check does not name one. */
  typoSensitivity: text('typo_sensitivity', { enum: TYPO_SENSITIVITIES }).notNull().default('standard'),
  /** What 提交审核 does with open issues (lifecycle/gate.ts REVIEW_GATES): standard refuses must-fix and warns on 【待补】. */
  reviewGate: text('review_gate', { enum: REVIEW_GATES }).notNull().default('standard'),
  updatedAt: updatedAt(),
})

/** The last 发文字号 number used per office, 机关代字 and year. */
export const docNumberSequences = sqliteTable(
  'doc_number_sequences',
  {
    officeId: text('office_id').notNull().references(() => offices.id),
    agencyCode: text('agency_code').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.agencyCode, t.year] })],
)

// ── 督查督办: units, tracked items, feedback, extensions, reminders (src/ducha/) ─────────────────

export const DUCHA_CATEGORIES = ['会议决定', '文件部署', '领导批示', '重点工作', '群众反映'] as const
export type DuchaCategory = (typeof DUCHA_CATEGORIES)[number]
/** Stored statuses; 逾期 (overdue) is computed from the deadline and never stored. */
export const DUCHA_STATUSES = ['not_started', 'in_progress', 'completed', 'signed_off', 'extension_requested'] as const
export type DuchaStatus = (typeof DUCHA_STATUSES)[number]
export const DUCHA_PRIORITIES = ['high', 'normal', 'low'] as const
export const DUCHA_SOURCE_KINDS = ['draft', 'precedent', 'finding', 'instruction', 'text', 'none'] as const
export const DUCHA_RECURRENCES = ['weekly', 'monthly', 'quarterly', 'semester', 'yearly'] as const
export const DUCHA_FEEDBACK_KINDS = ['progress', 'closing'] as const
export const DUCHA_DECISIONS = ['accepted', 'returned'] as const
export const DUCHA_EXTENSION_STATES = ['pending', 'granted', 'refused'] as const
export const DUCHA_REMINDER_KINDS = ['due_soon', 'overdue'] as const

export type DuchaFormerName = { name: string; from?: string | null; until?: string | null }
export type DuchaMilestone = { title: string; due?: string | null; reachedOn?: string | null }
export type DuchaSource = {
  kind: (typeof DUCHA_SOURCE_KINDS)[number]
  id?: string | null
  span?: { start: number; end: number } | null
  quote?: string | null
  instruction?: { leader: string; date: string; text: string } | null
}
export type DuchaAttachment = { key: string; name: string; size: number; contentType: string }

/** The district's responsible units: office data, managed by admins. */
export const duchaUnits = sqliteTable(
  'ducha_units',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    name: text('name').notNull(),
    shortName: text('short_name'),
    formerNames: text('former_names', { mode: 'json' }).$type<DuchaFormerName[]>().notNull().default(sql`'[]'`),
    kind: text('kind'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('ducha_units_office_name').on(t.officeId, t.name), index('ducha_units_office_created').on(t.officeId, t.createdAt, t.id)],
)

/** 联络员: members who report for a unit. A member may serve more than one unit. */
export const duchaUnitMembers = sqliteTable(
  'ducha_unit_members',
  {
    officeId: text('office_id').notNull().references(() => offices.id),
    unitId: text('unit_id').notNull(),
    memberId: text('member_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.memberId] }), index('ducha_unit_members_member').on(t.officeId, t.memberId)],
)

/** 督办事项. `deadline` moves only by a granted extension; `originalDeadline` stays as first set. */
export const duchaItems = sqliteTable(
  'ducha_items',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    title: text('title').notNull(),
    requirement: text('requirement').notNull(),
    category: text('category', { enum: DUCHA_CATEGORIES }).notNull(),
    source: text('source', { mode: 'json' }).$type<DuchaSource>().notNull(),
    sourceKind: text('source_kind', { enum: DUCHA_SOURCE_KINDS }).notNull(),
    sourceId: text('source_id'),
    leadUnitId: text('lead_unit_id').notNull(),
    supportUnitIds: text('support_unit_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    leader: text('leader'),
    deadline: text('deadline').notNull(),
    originalDeadline: text('original_deadline').notNull(),
    recurrence: text('recurrence', { enum: DUCHA_RECURRENCES }),
    milestones: text('milestones', { mode: 'json' }).$type<DuchaMilestone[]>().notNull().default(sql`'[]'`),
    priority: text('priority', { enum: DUCHA_PRIORITIES }).notNull().default('normal'),
    status: text('status', { enum: DUCHA_STATUSES }).notNull().default('not_started'),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** The highest sensitivity of its source: decides what a reminder may carry (drafts/disclosure.ts). */
    sensitivity: text('sensitivity', { enum: SENSITIVITIES }).notNull().default('internal'),
    /** The day the unit reported it done (办结), and when the office signed it off (销号). */
    completedOn: text('completed_on'),
    signedOffAt: text('signed_off_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ducha_items_office_created').on(t.officeId, t.createdAt, t.id),
    index('ducha_items_office_deadline').on(t.officeId, t.deadline),
    index('ducha_items_office_unit').on(t.officeId, t.leadUnitId),
  ],
)

/** 进展反馈 and closing reports (办结报告) with the office's decision on the latter. */
export const duchaFeedback = sqliteTable(
  'ducha_feedback',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    itemId: text('item_id').notNull(),
    unitId: text('unit_id').notNull(),
    kind: text('kind', { enum: DUCHA_FEEDBACK_KINDS }).notNull(),
    reportedOn: text('reported_on').notNull(),
    text: text('text').notNull(),
    milestone: text('milestone'),
    attachments: text('attachments', { mode: 'json' }).$type<DuchaAttachment[]>().notNull().default(sql`'[]'`),
    memberId: text('member_id').notNull(),
    decision: text('decision', { enum: DUCHA_DECISIONS }),
    decisionNote: text('decision_note'),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [index('ducha_feedback_item').on(t.officeId, t.itemId, t.createdAt, t.id)],
)

/** A unit's request for more time and the office's decision. */
export const duchaExtensions = sqliteTable(
  'ducha_extensions',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    itemId: text('item_id').notNull(),
    unitId: text('unit_id').notNull(),
    previousDeadline: text('previous_deadline').notNull(),
    requestedDeadline: text('requested_deadline').notNull(),
    reason: text('reason').notNull(),
    /** The status the item returns to when the request is decided. */
    statusBefore: text('status_before', { enum: DUCHA_STATUSES }).notNull(),
    state: text('state', { enum: DUCHA_EXTENSION_STATES }).notNull().default('pending'),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [index('ducha_extensions_item').on(t.officeId, t.itemId, t.createdAt)],
)

/** One row per reminder sent: (item, day) is unique, so a retried run never reminds twice. */
export const duchaReminders = sqliteTable(
  'ducha_reminders',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    itemId: text('item_id').notNull(),
    day: text('day').notNull(),
    kind: text('kind', { enum: DUCHA_REMINDER_KINDS }).notNull(),
    deadline: text('deadline').notNull(),
    deliveryIds: text('delivery_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('ducha_reminders_item_day').on(t.officeId, t.itemId, t.day), index('ducha_reminders_office_day').on(t.officeId, t.day)],
)

/** The office's 督查 settings: how many days ahead an item counts as due soon. */
export const duchaSettings = sqliteTable('ducha_settings', {
  officeId: text('office_id').primaryKey().references(() => offices.id),
  dueWithinDays: integer('due_within_days').notNull().default(7),
  updatedAt: updatedAt(),
})

/** Chat platforms the bots speak (src/bots/types.ts BOT_PLATFORMS). */
export const CHAT_PLATFORMS = ['slack', 'wecom'] as const
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number]

/** A chat user (Slack user id in a team, WeCom userid in a corp) acting as a member. */
export const botLinks = sqliteTable(
  'bot_links',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    memberId: text('member_id').notNull().references(() => members.id),
    platform: text('platform', { enum: CHAT_PLATFORMS }).notNull(),
    /** Slack team id, or WeCom CorpID */
    tenant: text('tenant').notNull(),
    userId: text('user_id').notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('bot_links_user').on(t.platform, t.tenant, t.userId), index('bot_links_office_member').on(t.officeId, t.memberId)],
)

/** Platform delivery keys already handled (Slack trigger ids, WeCom MsgIds), until they expire. */
export const botDedupe = sqliteTable(
  'bot_dedupe',
  {
    key: text('key').primaryKey(),
    /** Unix milliseconds */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('bot_dedupe_expires').on(t.expiresAt)],
)

/** ducha_reminder: a 催办 to a 联络员 of the item's unit; its draft_id column holds the ducha item id. */
export const BOT_NOTIFICATION_KINDS = ['transition', 'compose', 'ducha_reminder'] as const
export type BotNotificationKind = (typeof BOT_NOTIFICATION_KINDS)[number]

/** One chat message to one linked member, delivered by a Workflow (src/bots/delivery.ts). */
export const botNotifications = sqliteTable(
  'bot_notifications',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    memberId: text('member_id').notNull(),
    platform: text('platform', { enum: CHAT_PLATFORMS }).notNull(),
    tenant: text('tenant').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: BOT_NOTIFICATION_KINDS }).notNull(),
    /** draft.submitted … draft.issued, compose.finished, or ducha.reminder */
    event: text('event').notNull(),
    /** The draft the message is about (kinds transition and compose). */
    draftId: text('draft_id'),
    /** The ducha item a reminder is about (kind ducha_reminder). */
    itemId: text('item_id'),
    jobId: text('job_id'),
    /** The content hash the message's buttons are bound to. */
    contentHash: text('content_hash'),
    /** Who caused the event. */
    actorId: text('actor_id'),
    note: text('note'),
    /** Where the platform takes a late answer (Slack response_url), for results of commands. */
    replyUrl: text('reply_url'),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    finishedAt: text('finished_at'),
  },
  (t) => [
    index('bot_notifications_office').on(t.officeId, t.status, t.createdAt),
    // Each message is about one thing: a reminder about an item, every other kind about a draft.
    check(
      'bot_notifications_subject',
      sql`(${t.kind} = 'ducha_reminder' AND ${t.itemId} IS NOT NULL AND ${t.draftId} IS NULL) OR (${t.kind} <> 'ducha_reminder' AND ${t.draftId} IS NOT NULL AND ${t.itemId} IS NULL)`,
    ),
  ],
)

/** How a browser session was opened: a personal token, the local bootstrap token, or Cloudflare Access. */
export const SESSION_VIAS = ['token', 'bootstrap', 'access'] as const
export type SessionVia = (typeof SESSION_VIAS)[number]

/** 工作台 sessions (src/core/sessions.ts). `id` is the SHA-256 of the cookie's secret, never the secret. */
export const webSessions = sqliteTable(
  'web_sessions',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    memberId: text('member_id').notNull(),
    via: text('via', { enum: SESSION_VIAS }).notNull(),
    /** The hash of the token signed in with: the session lives only while that token does. */
    tokenHash: text('token_hash'),
    email: text('email'),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('web_sessions_member').on(t.officeId, t.memberId), index('web_sessions_token').on(t.tokenHash)],
)

/** E-mails verified by Cloudflare Access, and the member each one is (src/core/access.ts). */
export const accessIdentities = sqliteTable(
  'access_identities',
  {
    email: text('email').primaryKey(),
    officeId: text('office_id').notNull().references(() => offices.id),
    memberId: text('member_id').notNull().references(() => members.id),
    createdAt: createdAt(),
  },
  (t) => [index('access_identities_member').on(t.officeId, t.memberId)],
)
