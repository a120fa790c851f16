/**
 * 审校 of a draft: its text as it will read (title, 主送机关, sections; markers and assemble-mode
 * reference lines removed) checked with the office's lexicons, the draft's locked fields and the
 * figures composition could not trace to a finding.
 */
import { checkForOffice, type OfficeCheckResult, type TypoSensitivity, type UntracedFigure } from '../checks'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { GONGWEN_GENRES } from '../db/schema'
import { effectiveVariables } from '../templates'
import { stripMarkers } from './citations'
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

export type DraftCheckResult = OfficeCheckResult & { draftId: string; version: number; text: string }

export async function checkDraft(ctx: Ctx, draftId: string, options: { typoSensitivity?: TypoSensitivity } = {}): Promise<DraftCheckResult> {
  const draft = await loadDraft(ctx, draftId)
  const view = await draftView(ctx, draft)
  const vars = effectiveVariables(templateOf(draft), draft.variables)
  const isGongwen = (GONGWEN_GENRES as readonly string[]).includes(draft.genre)

  let text = draft.title
  const untraced: UntracedFigure[] = []
  if (isGongwen && vars.recipients) text += `\n${vars.recipients}：`
  for (const s of view.sections) {
    const body = stripMarkers(s.text)
      .split('\n')
      .filter((line) => !line.startsWith('【参考写法】'))
      .join('\n')
      .trim()
    if (!body) continue
    text += '\n' + (s.printHeading ? `${s.heading}\n` : '')
    const start = text.length
    text += body
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
    typoSensitivity: options.typoSensitivity,
  })
  return { ...result, draftId: draft.id, version: draft.version, text }
}
