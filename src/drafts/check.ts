/**
 * 审校 of a draft: its text as it will read (title, 主送机关, sections; markers and assemble-mode
 * pack lines removed) checked with the office's lexicons, the draft's locked fields and the
 * figures composition could not trace to a finding — or, for a draft supplied from a record (a
 * 督查通报), the numbers that are not among the record's computed figures.
 */
import { CHECK_LIMITS, checkForOffice, type MaterialPassage, type OfficeCheckResult, type TypoSensitivity, type UntracedFigure } from '../checks'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { GONGWEN_GENRES, type Sensitivity } from '../db/schema'
import { effectiveVariables } from '../templates'
import { PACK_LINE, stripMarkers } from './citations'
import { recordOf, unsupportedNumbers } from './record'
import { sensitivePassages } from './sensitivity'
import { loadDraft, templateOf } from './store'
import type { DraftFlag } from './types'
import { draftView } from './view'

/** 2026年5月12日 / 2026-5-12 → 2026-05-12; anything else is left out of the fields. */
function isoDate(s: string | undefined): string | undefined {
  const m = s && /^(\d{4})\s*(?:年|-|\/|\.)\s*(\d{1,2})\s*(?:月|-|\/|\.)\s*(\d{1,2})\s*日?$/.exec(s.trim())
  if (!m) return undefined
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  return Number.isNaN(Date.parse(iso)) ? undefined : iso
}

const list = (s: string | undefined) =>
  s
    ? s
        .split(/[，,、；;\n]/)
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined

export type DraftCheckResult = OfficeCheckResult & { draftId: string; version: number; text: string; sensitivity: Sensitivity }

export async function checkDraft(ctx: Ctx, draftId: string, options: { typoSensitivity?: TypoSensitivity } = {}): Promise<DraftCheckResult> {
  const draft = await loadDraft(ctx, draftId)
  const view = await draftView(ctx, draft)
  const vars = effectiveVariables(templateOf(draft), draft.variables)
  const isGongwen = (GONGWEN_GENRES as readonly string[]).includes(draft.genre)

  let text = draft.title
  const untraced: UntracedFigure[] = []
  const passages: MaterialPassage[] = []
  // Only findings are sources of the draft's text; precedents appear only in reference lines, which are not checked.
  const findingLevels = new Map(view.materials.filter((m) => m.kind === 'finding' && m.sensitivity).map((m) => [m.marker, m.sensitivity!]))
  const titleOf = new Map(view.materials.map((m) => [m.marker, m.title ?? undefined]))
  // A draft supplied from a record (a 督查通报) states the record's counts, not findings' figures.
  const record = recordOf(draft.flags)
  const supported = record ? new Set(record.figures) : null
  if (isGongwen && vars.recipients) text += `\n${vars.recipients}：`
  for (const s of view.sections) {
    // The material pack's own lines (参考写法, 未采用) are about the materials, not text of the draft.
    const lines = s.text.split('\n').filter((line) => !PACK_LINE.test(line))
    let first = 0
    let last = lines.length
    while (first < last && !stripMarkers(lines[first]!).trim()) first++
    while (last > first && !stripMarkers(lines[last - 1]!).trim()) last--
    const kept = lines.slice(first, last)
    const body = kept.map(stripMarkers).join('\n')
    if (!body) continue
    text += '\n' + (s.printHeading ? `${s.heading}\n` : '')
    const start = text.length
    text += body
    for (const p of sensitivePassages(kept.join('\n'), findingLevels, { lineText: stripMarkers })) {
      passages.push({ start: start + p.start, end: start + p.end, sensitivity: p.sensitivity, markers: p.markers, title: titleOf.get(p.markers[0]!)?.slice(0, 300) })
    }
    if (supported) {
      // A supplied draft's numbers are traced to its record as the text reads now, so an edit is checked too.
      for (const u of unsupportedNumbers(body, supported, (q) => record!.quotes.includes(q))) untraced.push({ start: start + u.start, end: start + u.end, text: u.text })
      continue
    }
    for (const f of s.flags as DraftFlag[]) {
      if (f.kind !== 'untraced-figure' || typeof f.figure !== 'string') continue
      for (let i = text.indexOf(f.figure, start); i >= 0; i = text.indexOf(f.figure, i + 1)) {
        untraced.push({ start: i, end: i + f.figure.length, text: f.figure })
      }
    }
  }
  if (!view.sections.some((s) => s.text.trim())) throw new AppError('PRECONDITION_FAILED', '文稿还没有正文，请先生成或撰写后再检查')

  const fields = {
    title: draft.title,
    docNumber: vars.docNumber,
    date: isoDate(vars.date),
    recipients: list(vars.recipients),
    cc: list(vars.cc),
    issuer: vars.issuer,
    signer: vars.signer,
  }
  const result = await checkForOffice(ctx, {
    text,
    genre: draft.genre,
    fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length))),
    untracedFigures: untraced,
    materialPassages: passages.slice(0, CHECK_LIMITS.materialPassages),
    typoSensitivity: options.typoSensitivity,
  })
  return { ...result, draftId: draft.id, version: draft.version, text, sensitivity: view.sensitivity }
}
