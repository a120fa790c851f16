/** Input schemas of the 督查 domain; the API reuses them for OpenAPI. Every list and string has a limit. */
import { z } from 'zod'
import { COMPOSE_MODES, DUCHA_CATEGORIES, DUCHA_PRIORITIES, DUCHA_RECURRENCES, DUCHA_STATUSES, SENSITIVITIES } from '../db/schema'

export const LIMITS = {
  unitsPerOffice: 500,
  name: 60,
  formerNames: 10,
  title: 200,
  requirement: 4000,
  supportUnits: 20,
  milestones: 20,
  tags: 20,
  feedbackText: 4000,
  attachments: 3,
  /** Decoded bytes of one attachment; the JSON body as a whole stays under the API's 1 MB. */
  attachmentBytes: 512 * 1024,
  proposalText: 50_000,
  proposals: 100,
  batchItems: 50,
  listPage: 100,
  /** Rows a statistics view, a 台账 export or a 通报 reads for one period. */
  periodItems: 5000,
  dueWithinDays: 60,
} as const

// Date.parse rolls a day past the month's end over (2026-02-30 is 3 月 2 日): the day must read back the same.
const isRealDay = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`)
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s
}
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine(isRealDay, '不是有效的日期')
const id = z.string().min(1).max(40)
const name = z.string().trim().min(1, '名称不能为空').max(LIMITS.name)
/** A unit by its registry id (dun_…) or by any of its names (full, short, former). */
const unitRef = z.string().trim().min(1).max(LIMITS.name)

export const unitInput = z.object({
  name,
  shortName: name.optional(),
  formerNames: z
    .array(z.object({ name, from: isoDay.nullish(), until: isoDay.nullish() }))
    .max(LIMITS.formerNames)
    .default([]),
  kind: z.string().trim().max(20).optional(),
})
export const unitPatch = unitInput.partial()

export const memberLinkInput = z.object({ memberId: id })

const milestone = z.object({ title: z.string().trim().min(1).max(200), due: isoDay.nullish() })

export const sourceInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('draft'), id, span: z.object({ start: z.number().int().min(0), end: z.number().int().min(1) }) }),
  z.object({ kind: z.literal('precedent'), id, span: z.object({ start: z.number().int().min(0), end: z.number().int().min(1) }) }),
  z.object({ kind: z.literal('finding'), id, span: z.object({ start: z.number().int().min(0), end: z.number().int().min(1) }).optional() }),
  z.object({
    kind: z.literal('instruction'),
    instruction: z.object({ leader: z.string().trim().min(1).max(60), date: isoDay, text: z.string().trim().min(1).max(2000) }),
  }),
  z.object({ kind: z.literal('text'), quote: z.string().trim().min(1).max(2000) }),
  z.object({ kind: z.literal('none') }),
])

export const itemInput = z.object({
  title: z.string().trim().min(1, '标题不能为空').max(LIMITS.title),
  requirement: z.string().trim().min(1, '具体要求不能为空').max(LIMITS.requirement),
  category: z.enum(DUCHA_CATEGORIES),
  source: sourceInput.default({ kind: 'none' }),
  leadUnit: unitRef,
  supportUnits: z.array(unitRef).max(LIMITS.supportUnits).default([]),
  leader: z.string().trim().max(60).optional(),
  deadline: isoDay,
  recurrence: z.enum(DUCHA_RECURRENCES).optional(),
  milestones: z.array(milestone).max(LIMITS.milestones).default([]),
  priority: z.enum(DUCHA_PRIORITIES).default('normal'),
  tags: z.array(z.string().trim().min(1).max(30)).max(LIMITS.tags).default([]),
  /** At least the source's own sensitivity; an item may be marked higher, never lower. */
  sensitivity: z.enum(SENSITIVITIES).optional(),
})
export type ItemInput = z.infer<typeof itemInput>

export const itemBatchInput = z.object({ items: z.array(itemInput).min(1, '至少一项').max(LIMITS.batchItems) })

/** The deadline moves only by a granted extension, so it is not editable here. */
export const itemPatch = z
  .object({
    title: itemInput.shape.title,
    requirement: itemInput.shape.requirement,
    category: itemInput.shape.category,
    leadUnit: unitRef,
    supportUnits: itemInput.shape.supportUnits,
    leader: z.string().trim().max(60).nullable(),
    milestones: itemInput.shape.milestones,
    priority: itemInput.shape.priority,
    tags: itemInput.shape.tags,
  })
  .partial()

/** Stored statuses, plus 逾期, all open, all done, and due within the office's N days (催办). */
export const VIEW_STATUSES = [...DUCHA_STATUSES, 'overdue', 'open', 'done', 'due_soon'] as const

export const itemListQuery = z.object({
  unit: unitRef.optional(),
  /** lead: only items the unit leads; any (default): also those it supports. */
  unitRole: z.enum(['lead', 'any']).default('any'),
  leader: z.string().trim().max(60).optional(),
  sourceKind: z.enum(['draft', 'precedent', 'finding', 'instruction', 'text', 'none']).optional(),
  sourceId: id.optional(),
  status: z.enum(VIEW_STATUSES).optional(),
  category: z.enum(DUCHA_CATEGORIES).optional(),
  /** Period: items whose deadline falls within [from, to]. */
  from: isoDay.optional(),
  to: isoDay.optional(),
  tag: z.string().max(30).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.listPage).default(20),
  cursor: z.string().max(200).optional(),
})
export type ItemListQuery = z.infer<typeof itemListQuery>

export const periodQuery = z
  .object({ from: isoDay, to: isoDay })
  .refine((p) => p.from <= p.to, { message: '开始日期不能晚于结束日期', path: ['to'] })

const attachmentInput = z.object({
  name: z.string().trim().min(1).max(120),
  contentType: z.string().max(100).default('application/octet-stream'),
  dataBase64: z.string().max(Math.ceil((LIMITS.attachmentBytes * 4) / 3) + 4, `附件不能超过 ${LIMITS.attachmentBytes / 1024} KB`),
})

export const feedbackInput = z.object({
  /** The unit reporting; may be omitted when the member serves exactly one of the item's units. */
  unitId: id.optional(),
  reportedOn: isoDay.optional(),
  text: z.string().trim().min(1, '反馈内容不能为空').max(LIMITS.feedbackText),
  milestone: z.string().trim().max(200).optional(),
  attachments: z.array(attachmentInput).max(LIMITS.attachments).default([]),
})

export const closingInput = feedbackInput.omit({ milestone: true })

export const decisionInput = z.object({
  decision: z.enum(['accepted', 'returned']),
  note: z.string().trim().max(1000).optional(),
})

export const extensionInput = z.object({
  requestedDeadline: isoDay,
  reason: z.string().trim().min(1, '请说明延期理由').max(1000),
})

export const extensionDecisionInput = z.object({
  decision: z.enum(['granted', 'refused']),
  note: z.string().trim().max(1000).optional(),
})

export const settingsInput = z.object({ dueWithinDays: z.number().int().min(1).max(LIMITS.dueWithinDays) })

export const proposalInput = z
  .object({
    text: z.string().max(LIMITS.proposalText, `文本不能超过 ${LIMITS.proposalText} 字`).optional(),
    draftId: id.optional(),
    precedentId: id.optional(),
    baseDate: isoDay.optional(),
    /** generate: the model proposes, each proposal checked against the text; assemble: the rules. Default: generate when a model is configured. */
    mode: z.enum(COMPOSE_MODES).optional(),
    /** Of pasted text (a draft or precedent has its own): decides which model may read it. */
    sensitivity: z.enum(SENSITIVITIES).default('internal'),
  })
  .refine((p) => [p.text, p.draftId, p.precedentId].filter((x) => x !== undefined).length === 1, {
    message: 'text、draftId、precedentId 须且只须提供一项',
    path: ['text'],
  })

export const tongbaoInput = z.object({
  from: isoDay,
  to: isoDay,
  subject: z.string().trim().min(1).max(100).optional(),
  /** 督查依据, e.g. 根据区委工作安排. */
  basis: z.string().trim().max(100).optional(),
  /** 整改时限 as the office writes it (7月31日前); a 【待补】 placeholder when absent. */
  deadline: z.string().trim().max(40).optional(),
  /** Also create an ordinary draft of the ducha-tongbao template with the composed text. */
  createDraft: z.boolean().default(true),
  /** generate: the model writes from the record, citations and figures checked; assemble: the deterministic writer. Default: generate when a model is configured. */
  mode: z.enum(COMPOSE_MODES).optional(),
})
