/** Builds the brief for one section: its plan from the outline and only the materials assigned to it. */
import type { Ctx } from '../core/context'
import type { DocKind } from '../db/schema'
import { precedentPassages } from '../knowledge'
import { assembleSection, type MaterialRef, type SectionBrief } from '../llm'
import { effectiveVariables, fill, type TemplateDefinition } from '../templates'
import { figureSources } from './citations'
import { bestPassage } from './matching'
import { loadMaterials, refOfFinding, refOfPrecedent } from './materials'
import { outlineOf, templateOf, type DraftRow } from './store'
import type { OutlineSection } from './types'

export interface PreparedSection {
  brief: SectionBrief
  /** Markers this section may cite. */
  allowed: Map<string, { kind: DocKind; id: string }>
  /** Numbers the section may state. */
  sources: Set<string>
  /** Materials whose text is in the brief (checked against the provider before sending). */
  refs: MaterialRef[]
}

const SOURCE_LABEL = (f: { source: { kind: string; unit: string | null } }) => [f.source.kind, f.source.unit].filter(Boolean).join('·')

export async function prepareSection(
  ctx: Ctx,
  draft: DraftRow,
  item: OutlineSection,
  context: string | null,
): Promise<PreparedSection> {
  const def: TemplateDefinition = templateOf(draft)
  const vars = effectiveVariables(def, draft.variables)
  const ts = def.sections.find((s) => s.key === item.key)
  const markerOf = new Map(draft.materials.map((m) => [`${m.kind}:${m.id}`, m.marker]))
  const [loaded, passages] = await Promise.all([
    loadMaterials(ctx, item.findingIds, item.precedentIds),
    item.precedentIds.length ? precedentPassages(ctx, item.precedentIds) : [],
  ])
  const findings = item.findingIds.map((id) => loaded.findings.get(id)).filter((f) => f !== undefined)
  const profile = {
    key: item.key,
    heading: item.heading,
    purpose: ts ? fill(ts.purpose, def, vars) : item.points.join('；'),
    keywords: ts?.keywords ?? [],
  }
  const passage = bestPassage(profile, passages)
  const precedent = passage ? loaded.precedents.get(passage.docId) : undefined

  const allowed = new Map<string, { kind: DocKind; id: string }>()
  const brief: SectionBrief = {
    draftTitle: draft.title,
    genre: def.genre,
    templateName: def.name,
    instructions: def.instructions,
    heading: item.heading,
    purpose: profile.purpose,
    guidance: ts ? fill(ts.guidance, def, vars) : '',
    points: item.points,
    skeleton: ts?.skeleton ? fill(ts.skeleton, def, vars) : null,
    facts: ts ? ts.facts : true,
    targetChars: item.targetChars,
    variables: def.variables.filter((v) => !v.locked && vars[v.name]).map((v) => ({ label: v.label, value: vars[v.name]! })),
    findings: findings.map((f) => {
      const marker = markerOf.get(`finding:${f.id}`) ?? '?'
      allowed.set(marker, { kind: 'finding', id: f.id })
      return {
        marker,
        id: f.id,
        title: f.title,
        body: f.body,
        source: SOURCE_LABEL(f),
        observedOn: f.observedOn,
        caliber: f.caliber,
        sensitivity: f.sensitivity,
      }
    }),
    passages:
      passage && precedent
        ? [
            {
              marker: markerOf.get(`precedent:${precedent.id}`) ?? '?',
              id: precedent.id,
              title: precedent.title,
              heading: passage.headingPath.join(' / '),
              text: passage.text,
              sensitivity: precedent.sensitivity,
            },
          ]
        : [],
    unused: (outlineOf(draft)?.unused ?? []).filter((u) => u.sectionId === item.id).map(({ marker, title, score }) => ({ marker, title, score })),
    context,
    closing: def.closing,
  }
  for (const p of brief.passages) allowed.set(p.marker, { kind: 'precedent', id: p.id })
  const sources = figureSources([
    ...findings.flatMap((f) => [f.title, f.body, f.caliber ?? '', f.observedOn ?? '', ...f.figures.map((x) => `${x.value}${x.unit}`)]),
    ...Object.values(vars),
    item.heading,
  ])
  const refs = [...findings.map(refOfFinding), ...(precedent ? [refOfPrecedent(precedent)] : [])]
  return { brief, allowed, sources, refs }
}

/** Assemble mode's text for a prepared section. */
export const assembled = (p: PreparedSection) => assembleSection(p.brief)
