/** Creating, reading and listing drafts. */
import { and, desc, eq, gte, lte, sql } from 'drizzle-orm'
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
import { afterCursor, decodeCursor, toPage, type Page } from '../core/pagination'
import { parseInput } from '../core/validation'
import { drafts, type ComposeMode, type DraftMaterial, type ComposeState, type DraftStatus, type Genre, type Sensitivity } from '../db/schema'
import { effectiveVariables, fill, getTemplate, missingRequired } from '../templates'
import { notify } from '../webhooks'
import { assertProviderMaySee, composePlan } from './compose-mode'
import { loadPicked, partitionForProvider, refOfFinding, refOfPrecedent, retrieveMaterials, withMarkers } from './materials'
import { createDraftInput, draftListQuery, type CreateDraftInput } from './schemas'
import { draftWebhookData, materialLevels, sensitivityOf } from './sensitivity'
import { DRAFT_WRITERS, loadDraft } from './store'
import type { DraftFlag, DraftView } from './types'
import { initialVersion } from './versions'
import { draftView } from './view'

/** Variables whose value names the topic; used to find materials when none were picked. */
const TOPIC_VARIABLES = ['topic', 'subject', 'event']

/**
 * The template a new draft names, with its variables checked against it (unknown names, required
 * ones missing): VALIDATION in Chinese, before anything is written.
 */
export async function templateForDraft(ctx: Ctx, d: Pick<CreateDraftInput, 'templateId' | 'variables'>) {
  const template = await getTemplate(ctx, d.templateId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw new AppError('VALIDATION', `模板“${d.templateId}”不存在`, { field: 'templateId' })
    throw err
  })
  const unknownVars = Object.keys(d.variables).filter((k) => !template.variables.some((v) => v.name === k))
  if (unknownVars.length) {
    throw new AppError('VALIDATION', `模板“${template.name}”没有这些变量：${unknownVars.join('、')}`, { unknown: unknownVars })
  }
  const missing = missingRequired(template, d.variables)
  if (missing.length) {
    throw new AppError('VALIDATION', `缺少必填变量：${missing.map((v) => `${v.label}（${v.name}）`).join('、')}`, {
      missing: missing.map((v) => ({ name: v.name, label: v.label })),
    })
  }
  return template
}

/** The row of a new draft of `template`: title from the template unless given, variables as stored. */
export function newDraftRow(
  ctx: Ctx,
  template: Awaited<ReturnType<typeof templateForDraft>>,
  d: { title?: string; variables: Record<string, string>; mode: ComposeMode; materials: DraftMaterial[]; retrieval: { query: string; limit: number } | null; flags: DraftFlag[] },
) {
  const vars = effectiveVariables(template, d.variables)
  return {
    id: newId('drf'),
    officeId: ctx.actor.officeId,
    templateId: template.id,
    templateVersion: template.version,
    template: template as unknown as Record<string, unknown>,
    genre: template.genre,
    title: d.title ?? (template.title ? fill(template.title, template, vars) : template.name),
    mode: d.mode,
    variables: storedVariables(d.variables),
    materials: d.materials,
    retrieval: d.retrieval,
    flags: d.flags,
    createdBy: ctx.actor.memberId,
  }
}

/** Variables as stored: trimmed, empty ones left out. */
export const storedVariables = (variables: Record<string, string>) =>
  Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v))

/** POST /drafts — a draft from a template, its variables and its materials (picked or retrieved). */
export async function createDraft(ctx: Ctx, input: unknown): Promise<DraftView> {
  requireRole(ctx, ...DRAFT_WRITERS)
  const d = parseInput(createDraftInput, input, '文稿')
  const template = await templateForDraft(ctx, d)

  const flags: DraftFlag[] = []
  const plan = composePlan(ctx, d.mode)
  const mode: ComposeMode = plan.mode
  if (plan.fellBack) {
    flags.push({ kind: 'mode-fallback', message: '未配置模型，已改用拼装模式（assemble）：按提纲汇编材料，不调用模型' })
  }

  const picked = await loadPicked(ctx, d.materials?.findingIds ?? [], d.materials?.precedentIds ?? [])
  const pickedFindings = (d.materials?.findingIds ?? []).map((id) => picked.findings.get(id)!)
  const pickedPrecedents = (d.materials?.precedentIds ?? []).map((id) => picked.precedents.get(id)!)
  assertProviderMaySee(plan, [...pickedFindings.map(refOfFinding), ...pickedPrecedents.map(refOfPrecedent)])

  const vars = effectiveVariables(template, d.variables)
  const topic = TOPIC_VARIABLES.map((n) => vars[n]).find(Boolean)
  const retrieval = d.retrieve ?? (!d.materials && topic ? { query: topic.slice(0, 200), limit: 8 } : undefined)
  let retrieved = { findings: [] as { id: string; relevance: number }[], precedentIds: [] as string[] }
  if (retrieval) {
    const found = await retrieveMaterials(ctx, retrieval.query, retrieval.limit, template.genre, topic)
    const relevance = new Map(found.findings.map((f) => [f.id, f.relevance]))
    const more = await loadPicked(ctx, [...relevance.keys()], found.precedentIds)
    let refs = [
      ...[...relevance.keys()].filter((id) => !picked.findings.has(id)).map((id) => refOfFinding(more.findings.get(id)!)),
      ...found.precedentIds.filter((id) => !picked.precedents.has(id)).map((id) => refOfPrecedent(more.precedents.get(id)!)),
    ]
    const withheld = found.withheld.filter((w) => !(w.kind === 'finding' ? picked.findings.has(w.id) : picked.precedents.has(w.id)))
    if (withheld.length) {
      flags.push({
        kind: 'restricted-withheld',
        message: `检索到 ${withheld.length} 份敏感材料，按保密规定未自动纳入；确需使用的，可在提纲中手工添加（添加后在文稿中标为【敏感】）`,
        materials: withheld,
      })
    }
    if (plan.trust) {
      // Retrieved (not chosen) materials the provider may not see are left out and reported.
      const { allowed, refused } = partitionForProvider(plan.trust, refs)
      refs = allowed
      if (refused.length) {
        flags.push({
          kind: 'excluded-materials',
          message: `检索到的 ${refused.length} 条材料因保密规定不能发送给当前模型，未纳入：${refused.map((r) => `“${r.title}”`).join('、')}`,
          materials: refused.map(({ kind, id, title, sensitivity }) => ({ kind, id, title, sensitivity })),
        })
      }
    }
    retrieved = {
      findings: refs.filter((r) => r.kind === 'finding').map((r) => ({ id: r.id, relevance: relevance.get(r.id) ?? 0 })),
      precedentIds: refs.filter((r) => r.kind === 'precedent').map((r) => r.id),
    }
  }

  const materials = withMarkers(
    [],
    [
      ...pickedFindings.map((f) => ({ kind: 'finding' as const, id: f.id, origin: 'picked' as const })),
      ...retrieved.findings.map((f) => ({ kind: 'finding' as const, id: f.id, origin: 'retrieved' as const, relevance: f.relevance })),
      ...pickedPrecedents.map((p) => ({ kind: 'precedent' as const, id: p.id, origin: 'picked' as const })),
      ...retrieved.precedentIds.map((id) => ({ kind: 'precedent' as const, id, origin: 'retrieved' as const })),
    ],
  )
  const draftRow = newDraftRow(ctx, template, { title: d.title, variables: d.variables, mode, materials, retrieval: retrieval ?? null, flags })
  const { id, title, variables } = draftRow
  const insert = ctx.db.insert(drafts).values(draftRow)
  await runAudited(ctx, [{ action: 'draft.create', targetKind: 'draft', targetId: id, detail: { templateId: template.id, mode } }], [
    insert,
    ...(await initialVersion(ctx, id, { title, variables, sections: [] })),
  ])
  const row = await loadDraft(ctx, id)
  await notify(ctx, 'draft.created', await draftWebhookData(ctx, row, { draftId: id, templateId: template.id, status: row.status }))
  return draftView(ctx, row, [])
}

export async function getDraft(ctx: Ctx, id: string): Promise<DraftView> {
  return draftView(ctx, await loadDraft(ctx, id))
}

export interface DraftSummary {
  id: string
  title: string
  templateId: string
  genre: Genre
  status: DraftStatus
  mode: ComposeMode
  composeState: ComposeState
  version: number
  /** The highest sensitivity of the draft's materials, as the draft view shows it. */
  sensitivity: Sensitivity
  author: string | null
  createdAt: string
  updatedAt: string
}

export async function listDrafts(ctx: Ctx, input: unknown): Promise<Page<DraftSummary>> {
  const q = parseInput(draftListQuery, input, '查询参数')
  const cursor = decodeCursor(q.cursor)
  const rows = await ctx.db
    .select({
      id: drafts.id,
      title: drafts.title,
      templateId: drafts.templateId,
      genre: drafts.genre,
      status: drafts.status,
      mode: drafts.mode,
      composeState: drafts.composeState,
      version: drafts.version,
      materials: drafts.materials,
      flags: drafts.flags,
      author: drafts.createdBy,
      createdAt: drafts.createdAt,
      updatedAt: drafts.updatedAt,
    })
    .from(drafts)
    .where(
      and(
        eq(drafts.officeId, ctx.actor.officeId),
        q.status ? eq(drafts.status, q.status) : undefined,
        q.genre ? eq(drafts.genre, q.genre) : undefined,
        q.author ? eq(drafts.createdBy, q.author) : undefined,
        q.title ? sql`instr(${drafts.title}, ${q.title}) > 0` : undefined,
        q.updatedFrom ? gte(drafts.updatedAt, q.updatedFrom) : undefined,
        q.updatedTo ? lte(drafts.updatedAt, q.updatedTo.length === 10 ? `${q.updatedTo}T23:59:59.999Z` : q.updatedTo) : undefined,
        afterCursor(drafts.createdAt, drafts.id, cursor),
      ),
    )
    .orderBy(desc(drafts.createdAt), desc(drafts.id))
    .limit(q.limit + 1)
  const page = toPage(rows, q.limit)
  // One lookup of every material on the page, so the list shows what each draft carries.
  const levels = await materialLevels(ctx, page.items.flatMap((r) => r.materials))
  return { ...page, items: page.items.map(({ materials, flags, ...r }) => ({ ...r, sensitivity: sensitivityOf(materials, levels, flags) })) }
}
