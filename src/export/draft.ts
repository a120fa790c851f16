/**
 * A draft as an ExportDoc: the exported version's title, variables and sections (the current
 * draft, or a saved version), fields by the templates' names plus the 发文字号 locked at 印发, the
 * sensitivity of the materials it uses, and with compareTo the tracked changes since version M.
 */
import type { Ctx } from '../core/context'
import { contentHash, draftView, getVersion, listVersions, loadDraft, type DraftView } from '../drafts'
import { memberNames } from '../offices'
import { documentText, ordinalLevel, parseBody, plainInline } from './body'
import { compareBlocks } from './compare'
import { fieldsFromVariables } from './fields'
import type { Block, ExportDoc } from './model'

export interface ExportSection {
  id: string
  heading: string
  text: string
  printHeading: boolean
}

export interface DraftSource {
  draftId: string
  view: DraftView
  version: number
  contentHash: string
  title: string
  variables: Record<string, string>
  sections: ExportSection[]
  /** Who saved the exported version and when (the author and time of its tracked changes). */
  savedBy: string | null
  savedAt: string
}

/** The body as written: printed headings (as `##` when they carry no 序次语) and section texts. */
export function bodyMarkdown(sections: ExportSection[]): string {
  return sections
    .filter((s) => s.text.trim() || s.printHeading)
    .map((s) => {
      const heading = s.printHeading && s.heading.trim() ? (ordinalLevel(plainInline(s.heading.trim())) ? s.heading.trim() : `## ${s.heading.trim()}`) : ''
      return [heading, s.text.trim()].filter(Boolean).join('\n')
    })
    .join('\n\n')
}

export const blocksOf = (sections: ExportSection[]): Block[] => parseBody(documentText(bodyMarkdown(sections)))

const PRINTED_ORDINAL = /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])/

export async function loadSource(ctx: Ctx, draftId: string, version?: number): Promise<DraftSource> {
  const draft = await loadDraft(ctx, draftId)
  const view = await draftView(ctx, draft)
  const printed = new Map(view.sections.map((s) => [s.id, s.printHeading]))
  if (version === undefined || version === draft.version) {
    const sections = view.sections.map((s) => ({ id: s.id, heading: s.heading, text: s.text, printHeading: s.printHeading }))
    const hash = await contentHash({ title: draft.title, variables: draft.variables, sections: sections.map(({ id, heading, text }) => ({ id, heading, text })) })
    return { draftId, view, version: draft.version, contentHash: hash, title: draft.title, variables: draft.variables, sections, savedBy: draft.createdBy, savedAt: draft.updatedAt }
  }
  const v = await getVersion(ctx, draftId, version)
  const sections = v.sections.map((s) => ({ ...s, printHeading: printed.get(s.id) ?? PRINTED_ORDINAL.test(s.heading) }))
  return { draftId, view, version: v.version, contentHash: v.contentHash, title: v.title, variables: v.variables, sections, savedBy: v.createdBy, savedAt: v.createdAt }
}

export async function draftDoc(ctx: Ctx, src: DraftSource, compareTo?: number): Promise<ExportDoc> {
  const draft = await loadDraft(ctx, src.draftId)
  // The view's: its materials and, for a supplied draft, the record it was composed from.
  const sensitivity = src.view.sensitivity
  const doc: ExportDoc = {
    genre: draft.genre,
    title: src.title,
    fields: fieldsFromVariables(src.variables, draft.docNumber),
    blocks: blocksOf(src.sections),
    sensitivity,
  }
  if (compareTo === undefined) return doc
  const before = await getVersion(ctx, src.draftId, compareTo)
  const beforeBlocks = blocksOf(before.sections.map((s) => ({ ...s, printHeading: src.sections.find((x) => x.id === s.id)?.printHeading ?? PRINTED_ORDINAL.test(s.heading) })))
  // The saved version row says who saved it and when; the draft row only knows its creator.
  const saved = (await listVersions(ctx, src.draftId)).items.find((v) => v.version === src.version)
  const by = saved?.createdBy ?? src.savedBy
  const names = await memberNames(ctx, by ? [by] : [])
  const author = (by && names.get(by)) || '文辅'
  const at = saved?.createdAt ?? src.savedAt
  return { ...doc, blocks: compareBlocks(beforeBlocks, doc.blocks), revision: { author, date: at.replace(/\.\d+Z$/, 'Z') } }
}
