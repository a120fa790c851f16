/**
 * The texts items come from — a draft, a precedent, a finding — read through their modules' public
 * functions, with the sensitivity they carry. Spans point into exactly the text returned here.
 */
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import type { Sensitivity } from '../db/schema'
import { draftText, getDraft, highestSensitivity } from '../drafts'
import { getFinding, getPrecedent } from '../knowledge'

export interface SourceText {
  text: string
  sensitivity: Sensitivity
  /** The date the text speaks from, when it has one (a precedent's date). */
  date: string | null
  title: string
}

export async function sourceText(ctx: Ctx, kind: 'draft' | 'precedent' | 'finding', id: string): Promise<SourceText> {
  switch (kind) {
    case 'draft': {
      const d = await getDraft(ctx, id)
      return { text: draftText(d), sensitivity: highestSensitivity(d.materials.map((m) => m.sensitivity)), date: null, title: d.title }
    }
    case 'precedent': {
      const p = await getPrecedent(ctx, id)
      return { text: p.body, sensitivity: p.sensitivity, date: p.date, title: p.title }
    }
    case 'finding': {
      const f = await getFinding(ctx, id)
      return { text: f.body, sensitivity: f.sensitivity, date: f.observedOn, title: f.title }
    }
    default: {
      const unreachable: never = kind
      return unreachable
    }
  }
}

/** The words a span covers, or VALIDATION when it does not lie inside the text. */
export function quoteOf(text: string, span: { start: number; end: number }): string {
  if (span.start >= span.end || span.end > text.length) {
    throw new AppError('VALIDATION', `出处位置（${span.start}–${span.end}）超出原文范围（共 ${text.length} 字）`, { field: 'source.span' })
  }
  return text.slice(span.start, span.end)
}
