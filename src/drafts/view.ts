/** The draft as the API shows it: sections from D1, flags and usage summed, length against target. */
import type { Ctx } from '../core/context'
import { addUsage, emptyUsage } from '../llm'
import { effectiveVariables, targetLength } from '../templates'
import { proseLength } from './citations'
import { highestSensitivity } from './disclosure'
import { sensitivityMark, sensitivityNotice } from './disclosure'
import { loadMaterials } from './materials'
import { recordOf } from './record'
import { levelsByMarker, sensitivePassages } from './sensitivity'
import { CLOSING_KEY } from './outline'
import { loadSections, outlineOf, templateOf, type DraftRow, type SectionRow } from './store'
import type { DraftFlag, DraftSectionView, DraftView } from './types'

/** A heading a section prints when its template does not say: one that opens with 一、 or （一）. */
export const PRINTED_ORDINAL = /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])/

export async function draftView(ctx: Ctx, draft: DraftRow, rows?: SectionRow[]): Promise<DraftView> {
  const def = templateOf(draft)
  const vars = effectiveVariables(def, draft.variables)
  const sections = rows ?? (await loadSections(ctx, draft.id))
  const outline = outlineOf(draft)
  const targets = new Map((outline?.sections ?? []).map((s) => [s.id, s.targetChars]))
  const loaded = await loadMaterials(
    ctx,
    draft.materials.filter((m) => m.kind === 'finding').map((m) => m.id),
    draft.materials.filter((m) => m.kind === 'precedent').map((m) => m.id),
  )
  const materials = draft.materials.map((m) => {
    const doc = m.kind === 'finding' ? loaded.findings.get(m.id) : loaded.precedents.get(m.id)
    const sensitivity = doc?.sensitivity ?? null
    return { ...m, title: doc?.title ?? null, sensitivity, mark: sensitivity ? sensitivityMark(sensitivity) : null }
  })
  const sensitivity = highestSensitivity([...materials.map((m) => m.sensitivity), recordOf(draft.flags)?.sensitivity])
  const levels = new Map(materials.flatMap((m) => (m.sensitivity ? [[`${m.kind}:${m.id}`, m.sensitivity] as const] : [])))
  const byMarker = levelsByMarker(draft.materials, levels)
  const flags: DraftFlag[] = [...(draft.flags as DraftFlag[])]
  const restricted = materials.filter((m) => m.sensitivity === 'restricted')
  if (restricted.length) {
    flags.push({
      kind: 'restricted-material',
      message: `本文稿使用了敏感材料：${restricted.map((m) => `[${m.marker}]“${m.title}”`).join('、')}；使用范围须经领导批准，不得对外发布或转发`,
      markers: restricted.map((m) => m.marker),
    })
  }
  const gone = materials.filter((m) => m.title === null)
  if (gone.length) {
    flags.push({
      kind: 'missing-material',
      message: `以下材料已被删除，引用它们的内容需要核实：${gone.map((m) => `[${m.marker}]`).join('、')}`,
      markers: gone.map((m) => m.marker),
    })
  }
  const sectionViews: DraftSectionView[] = sections.map((r) => {
    const ts = def.sections.find((s) => s.key === r.key)
    for (const f of r.flags as DraftFlag[]) flags.push({ ...f, sectionId: r.id })
    const marks = sensitivePassages(r.text, byMarker)
    return {
      id: r.id,
      key: r.key,
      heading: r.heading,
      kind: r.kind,
      printHeading: r.key === CLOSING_KEY ? false : ts ? ts.printHeading : PRINTED_ORDINAL.test(r.heading),
      text: r.text,
      status: r.status,
      citations: r.citations,
      sensitivity: highestSensitivity(r.citations.map((c) => levels.get(`${c.kind}:${c.id}`))),
      marks,
      flags: r.flags as DraftFlag[],
      usage: r.usage ?? emptyUsage(),
      chars: proseLength(r.text),
      targetChars: r.kind === 'written' ? (targets.get(r.id) ?? null) : null,
      attempts: r.attempts,
      error: r.error,
      updatedAt: r.updatedAt,
    }
  })
  const usage = sectionViews.reduce((sum, s) => addUsage(sum, s.usage), emptyUsage())
  const chars = sectionViews.reduce((n, s) => n + s.chars + (s.printHeading ? [...s.heading].length : 0), 0)
  const target = targetLength(def, vars)
  return {
    id: draft.id,
    templateId: draft.templateId,
    templateVersion: draft.templateVersion,
    genre: draft.genre,
    title: draft.title,
    status: draft.status,
    mode: draft.mode,
    composeState: draft.composeState,
    jobId: draft.jobId,
    variables: draft.variables,
    sensitivity,
    sensitivityNotice: sensitivityNotice(sensitivity),
    materials,
    retrieval: draft.retrieval ?? null,
    outline,
    sections: sectionViews,
    flags,
    usage,
    length: { chars, target: target.chars, minutes: target.minutes, ratio: target.chars ? Math.round((chars / target.chars) * 100) / 100 : 0 },
    version: draft.version,
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
  }
}

/** The draft's text: printed headings and sections in order (markers kept; the caller decides). */
export function draftText(view: Pick<DraftView, 'sections'>): string {
  return view.sections
    .filter((s) => s.text)
    .map((s) => (s.printHeading ? `${s.heading}\n${s.text}` : s.text))
    .join('\n\n')
}
