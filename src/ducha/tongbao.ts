/**
 * 督查通报 from the record: the data source, the assembled text with its citations and figure
 * check, and an ordinary draft of the ducha-tongbao template made through drafts' public
 * createSuppliedDraft (checked, approved and exported like any other draft).
 */
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { parseInput } from '../core/validation'
import { createSuppliedDraft, highestSensitivity, SENSITIVITY_LABELS, type DraftView } from '../drafts'
import { ITEM_WRITERS } from './items'
import { tongbaoInput } from './schemas'
import { tongbaoData, type TongbaoData } from './tongbao-data'
import { checkFigures, recordFigures, writeTongbao, type SectionKey } from './tongbao-write'

export const TONGBAO_TEMPLATE = 'ducha-tongbao'

export interface TongbaoResult {
  data: TongbaoData
  sections: Record<SectionKey, string>
  /** Marker → what it cites. */
  citations: Record<string, { kind: 'ducha_item' | 'ducha_feedback'; id: string }>
  figures: { supported: string[]; flagged: { section: SectionKey; figure: string }[] }
  draft: DraftView | null
}

export async function composeTongbao(ctx: Ctx, input: unknown, now = new Date()): Promise<TongbaoResult> {
  requireRole(ctx, ...ITEM_WRITERS)
  const t = parseInput(tongbaoInput, input, '督查通报')
  if (t.from > t.to) throw new AppError('VALIDATION', '开始日期不能晚于结束日期', { field: 'to' })
  const data = await tongbaoData(ctx, { from: t.from, to: t.to }, now)
  const subject = t.subject ?? `${t.from.slice(0, 4)}年督办事项`
  const sections = writeTongbao(data, { subject, basis: t.basis, deadline: t.deadline })
  const supported = recordFigures(data)
  const flagged = (Object.entries(sections) as [SectionKey, string][]).flatMap(([section, text]) => checkFigures(text, supported).map((figure) => ({ section, figure })))
  const citations: TongbaoResult['citations'] = {}
  for (const i of data.items) citations[i.marker] = { kind: 'ducha_item', id: i.id }
  for (const f of data.typical) citations[f.marker] = { kind: 'ducha_feedback', id: f.id }

  let draft: DraftView | null = null
  if (t.createDraft) {
    const sensitivity = highestSensitivity(data.items.map((i) => i.sensitivity))
    const flagsOf = (section: SectionKey) =>
      flagged.filter((f) => f.section === section).map((f) => ({ kind: 'untraced-figure', message: `数据“${f.figure}”与督办事项台账的统计不符，请核实`, figure: f.figure }))
    draft = await createSuppliedDraft(ctx, {
      templateId: TONGBAO_TEMPLATE,
      variables: { subject, period: `${t.from}至${t.to}`, ...(t.basis ? { basis: t.basis } : {}), ...(t.deadline ? { deadline: t.deadline } : {}) },
      sections: Object.fromEntries((Object.keys(sections) as SectionKey[]).map((k) => [k, { text: sections[k], flags: flagsOf(k) }])),
      flags: [
        {
          kind: 'ducha-sources',
          message: `本文依据督办事项台账（${t.from}至${t.to}）拼装，文中 [D…] 标注所依据的督办事项，[R…] 标注所依据的进展反馈`,
          period: { from: t.from, to: t.to },
          citations,
        },
        ...(sensitivity === 'public'
          ? []
          : [{ kind: 'ducha-sensitivity', sensitivity, message: `本文引用了${SENSITIVITY_LABELS[sensitivity]}督办事项，按${SENSITIVITY_LABELS[sensitivity]}材料管理；敏感事项只计数、不引述` }]),
      ],
      source: 'ducha.tongbao',
    })
  }
  return { data, sections, citations, figures: { supported: [...supported].sort(), flagged }, draft }
}
