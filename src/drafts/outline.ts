/**
 * Outline first: the template's sections with headings, key points and the materials assigned to
 * each. Proposed deterministically (the same materials give the same outline), edited by people
 * with PUT, and turned into section rows whose ids stay stable across edits.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import type { Statement } from '../db/client'
import { draftSections } from '../db/schema'
import { precedentPassages } from '../knowledge'
import { effectiveVariables, fill, inferTakes, targetLength, type TemplateDefinition, type TemplateSection } from '../templates'
import { assertProviderMaySee, composePlan } from './compose-mode'
import { assertNoActiveJob } from './job-state'
import { bestPassage } from './matching'
import { packMaterials, type PackSection } from './packs'
import { loadMaterials, loadPicked, refOfFinding, refOfPrecedent, withMarkers } from './materials'
import { outlineInput } from './schemas'
import { DRAFT_WRITERS, loadDraft, loadSections, outlineOf, templateOf, type DraftRow, type SectionRow } from './store'
import type { Outline, OutlineSection, UnusedFinding } from './types'
import { commitGenerated, type GeneratedWrite } from './versions'

export const CLOSING_KEY = 'closing'

const profileOf = (s: TemplateSection, def: TemplateDefinition, vars: Record<string, string>): PackSection => {
  const heading = fill(s.heading, def, vars)
  const purpose = fill(s.purpose, def, vars)
  // Drafts keep the template they were made with; those made before 取材 existed infer it.
  return { key: s.key, heading, purpose, keywords: s.keywords, takes: s.takes ?? inferTakes(s.heading, s.purpose) }
}

/** The text of a fixed section (称谓, 引述来文, the closing formula). */
export function fixedText(def: TemplateDefinition, key: string, vars: Record<string, string>): string {
  if (key === CLOSING_KEY) return def.closing ?? ''
  const s = def.sections.find((x) => x.key === key)
  return s?.content ? fill(s.content, def, vars) : ''
}

export async function buildProposal(ctx: Ctx, draft: DraftRow, keepIds: Map<string, string>): Promise<{ sections: OutlineSection[]; unused: UnusedFinding[] }> {
  const def = templateOf(draft)
  const vars = effectiveVariables(def, draft.variables)
  const findingIds = draft.materials.filter((m) => m.kind === 'finding').map((m) => m.id)
  const precedentIds = draft.materials.filter((m) => m.kind === 'precedent').map((m) => m.id)
  const [loaded, passages] = await Promise.all([
    loadMaterials(ctx, findingIds, []),
    precedentIds.length ? precedentPassages(ctx, precedentIds) : [],
  ])
  const findings = findingIds.map((id) => loaded.findings.get(id)).filter((f) => f !== undefined)
  const factSections = def.sections.filter((s) => s.kind === 'written' && s.facts)
  const material = new Map(draft.materials.filter((m) => m.kind === 'finding').map((m) => [m.id, m]))
  const pack = packMaterials(
    factSections.map((s) => profileOf(s, def, vars)),
    findings.map((f) => {
      const m = material.get(f.id)
      return { id: f.id, title: f.title, text: `${f.body} ${f.tags.join(' ')}`, tags: f.tags, relevance: m?.origin === 'retrieved' ? (m.relevance ?? 0) : null }
    }),
  )
  const assignment = pack.assigned
  const target = targetLength(def, vars).chars
  const items: OutlineSection[] = def.sections.map((s) => {
    const profile = profileOf(s, def, vars)
    const assigned = assignment.get(s.key) ?? []
    const passage = s.kind === 'written' ? bestPassage(profile, passages) : null
    const titles = assigned.map((id) => loaded.findings.get(id)!.title)
    return {
      id: keepIds.get(s.key) ?? newId('sec'),
      key: s.key,
      heading: profile.heading,
      kind: s.kind,
      points: s.kind === 'fixed' ? [] : titles.length ? titles.slice(0, 8) : s.points.length ? s.points.map((p) => fill(p, def, vars)) : [profile.purpose].filter(Boolean),
      findingIds: assigned,
      precedentIds: passage ? [passage.docId] : [],
      targetChars: s.kind === 'written' ? Math.max(60, Math.round(s.share * target)) : 0,
    }
  })
  if (def.closing) {
    items.push({ id: keepIds.get(CLOSING_KEY) ?? newId('sec'), key: CLOSING_KEY, heading: '结束语', kind: 'fixed', points: [], findingIds: [], precedentIds: [], targetChars: 0 })
  }
  const idOfKey = new Map(items.map((i) => [i.key, i.id]))
  const unused: UnusedFinding[] = pack.unused.map((u) => ({
    findingId: u.id,
    marker: material.get(u.id)?.marker ?? '?',
    title: loaded.findings.get(u.id)?.title ?? '',
    score: u.score,
    sectionId: u.sectionKey ? (idOfKey.get(u.sectionKey) ?? null) : null,
  }))
  return { sections: items, unused }
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/**
 * Writes an outline: section rows are inserted, updated in place (same id) or deleted, in one
 * batch with the draft. A written section whose plan changed goes back to pending; its text stays
 * until it is generated again.
 */
export async function applyOutline(ctx: Ctx, draft: DraftRow, items: OutlineSection[], source: Outline['source'], materials = draft.materials, unused: UnusedFinding[] = []) {
  const now = new Date().toISOString()
  const outline: Outline = { sections: items, unused, source, updatedAt: now }
  await commitGenerated(ctx, draft.id, 'outline', (current, rows) => outlineWrite(ctx, current, rows, outline, materials))
  return outline
}

/** The section rows an outline makes, and the sections as they will read after it. */
function outlineWrite(ctx: Ctx, draft: DraftRow, rows: SectionRow[], outline: Outline, materials: DraftRow['materials']): GeneratedWrite {
  const items = outline.sections
  const def = templateOf(draft)
  const vars = effectiveVariables(def, draft.variables)
  const existing = new Map(rows.map((s) => [s.id, s]))
  const previous = new Map((outlineOf(draft)?.sections ?? []).map((s) => [s.id, s]))
  const now = outline.updatedAt
  const writes: Statement[] = []
  const after: GeneratedWrite['sections'] = []
  items.forEach((item, seq) => {
    const row = existing.get(item.id)
    const fixed = item.kind === 'fixed'
    const fixedValues = fixed ? { text: fixedText(def, item.key, vars), status: 'done' as const, citations: [], flags: [] } : {}
    after.push({ id: item.id, heading: item.heading, text: fixedValues.text ?? row?.text ?? '' })
    if (!row) {
      writes.push(
        ctx.db.insert(draftSections).values({
          id: item.id,
          officeId: ctx.actor.officeId,
          draftId: draft.id,
          seq,
          key: item.key,
          heading: item.heading,
          kind: item.kind,
          status: 'pending',
          ...fixedValues,
        }),
      )
      return
    }
    const before = previous.get(item.id)
    const changed =
      !before || before.heading !== item.heading || !sameList(before.points, item.points) || !sameList(before.findingIds, item.findingIds) || !sameList(before.precedentIds, item.precedentIds)
    writes.push(
      ctx.db
        .update(draftSections)
        .set({
          seq,
          key: item.key,
          heading: item.heading,
          ...(fixed ? fixedValues : changed && row.status !== 'pending' ? { status: 'pending' as const } : {}),
          updatedAt: now,
        })
        .where(eq(draftSections.id, item.id)),
    )
  })
  const keep = new Set(items.map((i) => i.id))
  const gone = [...existing.keys()].filter((id) => !keep.has(id))
  if (gone.length) writes.push(ctx.db.delete(draftSections).where(and(eq(draftSections.draftId, draft.id), inArray(draftSections.id, gone))))
  return { writes, sections: after, set: { outline: outline as unknown as Record<string, unknown>, materials, composeState: 'outlined' } }
}

/** POST /drafts/:id/outline — (re)proposes the outline from the template and the draft's materials. */
export async function proposeOutline(ctx: Ctx, draftId: string): Promise<Outline> {
  requireRole(ctx, ...DRAFT_WRITERS)
  const draft = await loadDraft(ctx, draftId)
  await assertNoActiveJob(ctx, draft)
  const keepIds = new Map((await loadSections(ctx, draft.id)).map((s) => [s.key, s.id]))
  const proposal = await buildProposal(ctx, draft, keepIds)
  return applyOutline(ctx, draft, proposal.sections, 'proposed', draft.materials, proposal.unused)
}

/** PUT /drafts/:id/outline — replaces the outline with a person's edit. */
export async function editOutline(ctx: Ctx, draftId: string, input: unknown): Promise<Outline> {
  requireRole(ctx, ...DRAFT_WRITERS)
  const o = parseInput(outlineInput, input, '提纲')
  const draft = await loadDraft(ctx, draftId)
  await assertNoActiveJob(ctx, draft)
  const def = templateOf(draft)
  const sections = await loadSections(ctx, draft.id)
  const byId = new Map(sections.map((s) => [s.id, s]))
  const unknown = o.sections.filter((s) => s.id && !byId.has(s.id)).map((s) => s.id!)
  if (unknown.length) throw new AppError('VALIDATION', `提纲中的章节不属于这篇文稿：${unknown.join('、')}`, { unknown })
  const ids = o.sections.map((s) => s.id).filter(Boolean)
  if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION', '提纲中有重复的章节 id')

  const findingIds = [...new Set(o.sections.flatMap((s) => s.findingIds))]
  const precedentIds = [...new Set(o.sections.flatMap((s) => s.precedentIds))]
  const loaded = await loadPicked(ctx, findingIds, precedentIds)
  assertProviderMaySee(composePlan(ctx, draft.mode), [...[...loaded.findings.values()].map(refOfFinding), ...[...loaded.precedents.values()].map(refOfPrecedent)])
  const materials = withMarkers(draft.materials, [
    ...findingIds.map((id) => ({ kind: 'finding' as const, id, origin: 'picked' as const })),
    ...precedentIds.map((id) => ({ kind: 'precedent' as const, id, origin: 'picked' as const })),
  ])
  const vars = effectiveVariables(def, draft.variables)
  const target = targetLength(def, vars).chars
  const previous = new Map((outlineOf(draft)?.sections ?? []).map((s) => [s.id, s]))
  const usedKeys = new Set<string>()
  const items: OutlineSection[] = o.sections.map((s, i) => {
    const row = s.id ? byId.get(s.id) : undefined
    const templateSection = def.sections.find((t) => t.key === (row?.key ?? s.key))
    let key = row?.key ?? s.key ?? `custom-${i + 1}`
    while (usedKeys.has(key)) key = `${key}-${i + 1}`
    usedKeys.add(key)
    const kind = row?.kind ?? (key === CLOSING_KEY && def.closing ? 'fixed' : templateSection?.kind ?? 'written')
    return {
      id: row?.id ?? newId('sec'),
      key,
      heading: s.heading,
      kind,
      points: s.points,
      // a material named twice in one section is used once
      findingIds: kind === 'fixed' ? [] : [...new Set(s.findingIds)],
      precedentIds: kind === 'fixed' ? [] : [...new Set(s.precedentIds)],
      targetChars:
        kind === 'fixed' ? 0 : s.targetChars ?? previous.get(row?.id ?? '')?.targetChars ?? Math.max(60, Math.round((templateSection?.share ?? 0.15) * target)),
    }
  })
  // What the person put into a section is used now; the rest of 未采用 stays listed.
  const unused = (outlineOf(draft)?.unused ?? [])
    .filter((u) => !findingIds.includes(u.findingId))
    .map((u) => (items.some((i) => i.id === u.sectionId) ? u : { ...u, sectionId: null }))
  return applyOutline(ctx, draft, items, 'edited', materials, unused)
}

/** Generation needs an outline; one is proposed when the person went straight to generate. */
export async function ensureOutline(ctx: Ctx, draft: DraftRow): Promise<Outline> {
  const current = outlineOf(draft)
  if (current) return current
  const keepIds = new Map((await loadSections(ctx, draft.id)).map((s) => [s.key, s.id]))
  const proposal = await buildProposal(ctx, draft, keepIds)
  return applyOutline(ctx, draft, proposal.sections, 'proposed', draft.materials, proposal.unused)
}

