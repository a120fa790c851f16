/**
 * 审校 of a draft: its text as it will read (title, 主送机关, sections; markers and assemble-mode
 * pack lines removed) checked with the office's lexicons, the draft's locked fields and the
 * figures composition could not trace to a finding — or, for a draft supplied from a record (a
 * 督查通报), the numbers that are not among the record's computed figures.
 */
import { z } from 'zod'
import { CHECK_LIMITS, checkForOffice, TYPO_SENSITIVITIES, type Issue, type MaterialPassage, type OfficeCheckResult, type TypoSensitivity, type UntracedFigure } from '../checks'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { parseInput } from '../core/validation'
import { GONGWEN_GENRES, type Sensitivity } from '../db/schema'
import { effectiveVariables } from '../templates'
import { PACK_LINE, stripMarkers, unmarkedRuns } from './citations'
import { recordOf, unsupportedNumbers } from './record'
import { sensitivePassages } from './sensitivity'
import { loadDraft, templateOf } from './store'
import type { DraftFlag } from './types'
import { draftView, PRINTED_ORDINAL } from './view'

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

/** Where a stretch of the checked text stands in the content it was built from: `at` in the checked
 * text, `from` in versionText(sections) (the text a person edits, comment offsets count in it), or in
 * the title. */
interface Piece {
  at: number
  from: number
  length: number
  part: 'title' | 'body'
}

/** A position in what a person edits: the title, or versionText of the sections. */
export interface ContentSpan {
  part: 'title' | 'body'
  start: number
  end: number
}

interface CheckSection {
  id?: string
  heading: string
  text: string
  printHeading: boolean
  flags: DraftFlag[]
}

/** The text a draft is checked as (title, 主送机关, sections without markers or pack lines), with its
 * pieces and the passages from internal or restricted findings and the untraced figures in it. */
/** A draft supplied from a record (a 督查通报) states the record's counts, not findings' figures. */
type RecordFigures = { figures: Set<string>; quotes: string[] } | null

function checkedText(title: string, recipients: string | undefined, sections: CheckSection[], findingLevels: Map<string, Sensitivity>, titleOf: Map<string, string | undefined>, record: RecordFigures) {
  const pieces: Piece[] = [{ at: 0, from: 0, length: title.length, part: 'title' }]
  let text = title
  const untraced: UntracedFigure[] = []
  const passages: MaterialPassage[] = []
  if (recipients) text += `\n${recipients}：`
  // offsets of versionText: "heading\ntext" (or text alone) per section, joined by a blank line
  let base = 0
  for (const s of sections) {
    const head = s.heading ? s.heading.length + 1 : 0
    const sectionBase = base
    base += head + s.text.length + 2
    // The material pack's own lines (参考写法, 未采用) are about the materials, not text of the draft.
    let lineAt = 0
    const lines = s.text.split('\n').map((line) => {
      const at = lineAt
      lineAt += line.length + 1
      return { line, at }
    }).filter(({ line }) => !PACK_LINE.test(line))
    let first = 0
    let last = lines.length
    while (first < last && !stripMarkers(lines[first]!.line).trim()) first++
    while (last > first && !stripMarkers(lines[last - 1]!.line).trim()) last--
    const kept = lines.slice(first, last)
    if (!kept.length) continue
    text += '\n'
    if (s.printHeading) {
      if (s.heading) pieces.push({ at: text.length, from: sectionBase, length: s.heading.length, part: 'body' })
      text += `${s.heading}\n`
    }
    const start = text.length
    kept.forEach(({ line, at }, k) => {
      if (k > 0) {
        // the line break before this line: after the previous kept line in the source
        const prev = kept[k - 1]!
        pieces.push({ at: text.length, from: sectionBase + head + prev.at + prev.line.length, length: 1, part: 'body' })
        text += '\n'
      }
      for (const [a, b] of unmarkedRuns(line)) {
        pieces.push({ at: text.length, from: sectionBase + head + at + a, length: b - a, part: 'body' })
        text += line.slice(a, b)
      }
    })
    const keptText = kept.map((k) => k.line).join('\n')
    for (const p of sensitivePassages(keptText, findingLevels, { lineText: stripMarkers })) {
      // Named by the materials at the paragraph's level only (a restricted [F1] beside an internal [F3]
      // is 敏感 because of F1), each with its own title.
      const own = p.markers.filter((m) => findingLevels.get(m) === p.sensitivity)
      passages.push({ start: start + p.start, end: start + p.end, sensitivity: p.sensitivity, markers: own, titles: own.map((m) => titleOf.get(m)?.slice(0, 300) ?? '') })
    }
    if (record) {
      // A supplied draft's numbers are traced to its record as the text reads now, so an edit is checked too.
      const body = text.slice(start)
      for (const u of unsupportedNumbers(body, record.figures, (q) => record.quotes.includes(q))) untraced.push({ start: start + u.start, end: start + u.end, text: u.text })
      continue
    }
    for (const f of s.flags) {
      if (f.kind !== 'untraced-figure' || typeof f.figure !== 'string') continue
      for (let i = text.indexOf(f.figure, start); i >= 0; i = text.indexOf(f.figure, i + 1)) {
        untraced.push({ start: i, end: i + f.figure.length, text: f.figure })
      }
    }
  }
  /** A span of the checked text in the content, when both ends fall in one part of it. */
  const locate = (start: number, end: number): ContentSpan | null => {
    const startPiece = pieces.find((p) => p.at <= start && start < p.at + p.length)
    const last = Math.max(start, end - 1)
    const endPiece = pieces.find((p) => p.at <= last && last < p.at + p.length)
    if (!startPiece || !endPiece || startPiece.part !== endPiece.part) return null
    const from = startPiece.from + (start - startPiece.at)
    return { part: startPiece.part, start: from, end: end > start ? endPiece.from + (last - endPiece.at) + 1 : from }
  }
  return { text, untraced, passages, locate }
}

/** What the check of a draft needs besides its text: genre, locked fields, material levels. */
async function checkContext(ctx: Ctx, draftId: string) {
  const draft = await loadDraft(ctx, draftId)
  const view = await draftView(ctx, draft)
  const vars = effectiveVariables(templateOf(draft), draft.variables)
  const isGongwen = (GONGWEN_GENRES as readonly string[]).includes(draft.genre)
  // Only findings are sources of the draft's text; precedents appear only in reference lines, which are not checked.
  const findingLevels = new Map(view.materials.filter((m) => m.kind === 'finding' && m.sensitivity).map((m) => [m.marker, m.sensitivity!]))
  const titleOf = new Map(view.materials.map((m) => [m.marker, m.title ?? undefined]))
  const fields = {
    title: draft.title,
    docNumber: vars.docNumber,
    date: isoDate(vars.date),
    recipients: list(vars.recipients),
    cc: list(vars.cc),
    issuer: vars.issuer,
    signer: vars.signer,
  }
  const supplied = recordOf(draft.flags)
  const record: RecordFigures = supplied ? { figures: new Set(supplied.figures), quotes: supplied.quotes } : null
  return { draft, view, recipients: isGongwen ? vars.recipients : undefined, findingLevels, titleOf, fields, record }
}

async function runDraftCheck(ctx: Ctx, c: Awaited<ReturnType<typeof checkContext>>, built: ReturnType<typeof checkedText>, title: string, typoSensitivity?: TypoSensitivity) {
  const fields = { ...c.fields, title }
  return checkForOffice(ctx, {
    text: built.text,
    genre: c.draft.genre,
    fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length))),
    untracedFigures: built.untraced,
    materialPassages: built.passages.slice(0, CHECK_LIMITS.materialPassages),
    typoSensitivity,
  })
}

export async function checkDraft(ctx: Ctx, draftId: string, options: { typoSensitivity?: TypoSensitivity } = {}): Promise<DraftCheckResult> {
  const c = await checkContext(ctx, draftId)
  const sections = c.view.sections.map((s) => ({ ...s, flags: s.flags as DraftFlag[] }))
  const built = checkedText(c.draft.title, c.recipients, sections, c.findingLevels, c.titleOf, c.record)
  if (!c.view.sections.some((s) => s.text.trim())) throw new AppError('PRECONDITION_FAILED', '文稿还没有正文，请先生成或撰写后再检查')
  const result = await runDraftCheck(ctx, c, built, c.draft.title, options.typoSensitivity)
  return { ...result, draftId: c.draft.id, version: c.draft.version, text: built.text, sensitivity: c.view.sensitivity }
}

export const contentCheckInput = z.object({
  title: z.string().trim().min(1, '标题不能为空').max(200),
  sections: z
    .array(z.object({ id: z.string().max(40).optional(), heading: z.string().max(200), text: z.string().max(50_000, '每节不超过 50000 字') }))
    .max(80, '每篇最多 80 节'),
  typoSensitivity: z.enum(TYPO_SENSITIVITIES).optional(),
})

export type ContentCheckResult = Omit<OfficeCheckResult, 'issues'> & {
  draftId: string
  /** The saved version the content was edited from. */
  version: number
  issues: (Issue & { at: ContentSpan | null })[]
}

/**
 * Checks what a person is editing (title and sections, not yet saved) as checkDraft checks the saved
 * draft — the draft's genre, locked fields, materials and untraced figures — and places each issue in
 * that content: `at` is a span of the title or of versionText(sections), null for the issues in the
 * draft's fields or in the 主送机关 line, which the editor does not hold.
 */
export async function checkDraftContent(ctx: Ctx, draftId: string, input: unknown): Promise<ContentCheckResult> {
  const body = parseInput(contentCheckInput, input, '检查请求')
  const c = await checkContext(ctx, draftId)
  const known = new Map(c.view.sections.map((s) => [s.id, s]))
  const sections = body.sections.map((s) => {
    const saved = s.id ? known.get(s.id) : undefined
    return { ...s, printHeading: saved ? saved.printHeading : PRINTED_ORDINAL.test(s.heading), flags: saved ? (saved.flags as DraftFlag[]) : [] }
  })
  const built = checkedText(body.title, c.recipients, sections, c.findingLevels, c.titleOf, c.record)
  const result = await runDraftCheck(ctx, c, built, body.title, body.typoSensitivity)
  return {
    ...result,
    draftId: c.draft.id,
    version: c.draft.version,
    issues: result.issues.map((i) => ({ ...i, at: i.field ? null : built.locate(i.start, i.end) })),
  }
}
