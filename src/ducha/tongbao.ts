/**
 * 督查通报 from the record: the data source, the text — written by the model when one is configured
 * (tongbao-model.ts), else assembled (tongbao-write.ts), and assembled too when the model fails —
 * with its citations and figure check, and an ordinary draft of the ducha-tongbao template made
 * through drafts' public createSuppliedDraft (checked, approved and exported like any other draft).
 * The draft carries the record: the highest sensitivity of the items it counts, and the figures
 * the items support, against which the draft check traces every number.
 */
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { logLine } from '../core/log'
import { parseInput } from '../core/validation'
import { composePlan, createSuppliedDraft, highestSensitivity, SENSITIVITY_LABELS, type DraftFlag, type DraftView } from '../drafts'
import { createLlmClient, emptyUsage, type Usage } from '../llm'
import { ITEM_WRITERS } from './items'
import { tongbaoInput } from './schemas'
import { tongbaoData, type TongbaoData } from './tongbao-data'
import { modelTongbao, SECTION_KEYS } from './tongbao-model'
import { checkFigures, recordFigures, writeTongbao, type SectionKey } from './tongbao-write'

export const TONGBAO_TEMPLATE = 'ducha-tongbao'

export interface TongbaoResult {
  mode: 'assemble' | 'generate'
  /** Why the text was assembled although a model was asked for or configured; null when it was not. */
  fallback: { reason: 'no-provider' | 'upstream' | 'invalid-answer'; message: string } | null
  data: TongbaoData
  sections: Record<SectionKey, string>
  /** Marker → what it cites. */
  citations: Record<string, { kind: 'ducha_item' | 'ducha_feedback'; id: string }>
  figures: { supported: string[]; flagged: { section: SectionKey; figure: string }[] }
  /** Markers the model wrote that name no row of the record, removed from the text. */
  invalidMarkers: { section: SectionKey; marker: string }[]
  model: string | null
  usage: Usage
  draft: DraftView | null
}

export async function composeTongbao(ctx: Ctx, input: unknown, now = new Date()): Promise<TongbaoResult> {
  requireRole(ctx, ...ITEM_WRITERS)
  const t = parseInput(tongbaoInput, input, '督查通报')
  if (t.from > t.to) throw new AppError('VALIDATION', '开始日期不能晚于结束日期', { field: 'to' })
  const data = await tongbaoData(ctx, { from: t.from, to: t.to }, now)
  const subject = t.subject ?? `${t.from.slice(0, 4)}年督办事项`
  const vars = { subject, basis: t.basis, deadline: t.deadline }

  const plan = composePlan(ctx, t.mode)
  let fallback: TongbaoResult['fallback'] = plan.fellBack ? { reason: 'no-provider', message: '未配置模型，已改用拼装模式（assemble）' } : null
  let written: Awaited<ReturnType<typeof modelTongbao>> | null = null
  if (plan.mode === 'generate') {
    try {
      written = await modelTongbao(createLlmClient(ctx.env)!, data, vars)
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'UPSTREAM') throw err
      logLine(ctx.env, 'warn', `ducha.tongbao: model failed, assembled instead (${ctx.requestId})`, err)
      const invalid = (err.details as { kind?: string } | undefined)?.kind === 'invalid-answer'
      fallback = { reason: invalid ? 'invalid-answer' : 'upstream', message: `${err.message}，已改用拼装模式（assemble）` }
    }
  }
  const sections = written?.sections ?? writeTongbao(data, vars)
  const supported = recordFigures(data)
  // Assembled text quotes only the record; a model's quotation counts as the record's words only if found in what it was given.
  const quotable = written ? (q: string) => q.length > 0 && written!.quotable.some((s) => s.includes(q)) : undefined
  const flagged = SECTION_KEYS.flatMap((section) => checkFigures(sections[section], supported, quotable).map((figure) => ({ section, figure })))
  // The quotations that are the record's words, so that the draft check treats them as this check does.
  const quotes = [...new Set(SECTION_KEYS.flatMap((k) => [...sections[k].matchAll(/“([^”]*)”/g)].map((m) => m[1]!)))].filter((q) => !quotable || quotable(q))
  const invalidMarkers = written ? SECTION_KEYS.flatMap((section) => written!.invalidMarkers[section].map((marker) => ({ section, marker }))) : []
  const citations: TongbaoResult['citations'] = {}
  for (const i of data.items) citations[i.marker] = { kind: 'ducha_item', id: i.id }
  for (const f of data.typical) citations[f.marker] = { kind: 'ducha_feedback', id: f.id }
  const mode = written ? 'generate' : 'assemble'

  let draft: DraftView | null = null
  if (t.createDraft) {
    const sensitivity = highestSensitivity(data.items.map((i) => i.sensitivity))
    const flagsOf = (section: SectionKey): DraftFlag[] => [
      ...flagged.filter((f) => f.section === section).map((f) => ({ kind: 'untraced-figure', message: `数据“${f.figure}”与督办事项台账的统计不符，请核实`, figure: f.figure })),
      ...invalidMarkers.filter((m) => m.section === section).map((m) => ({ kind: 'invalid-marker', message: `模型标注的“${m.marker}”不是本期台账中的事项或反馈，已删除`, marker: m.marker })),
    ]
    draft = await createSuppliedDraft(ctx, {
      templateId: TONGBAO_TEMPLATE,
      variables: { subject, period: `${t.from}至${t.to}`, ...(t.basis ? { basis: t.basis } : {}), ...(t.deadline ? { deadline: t.deadline } : {}) },
      sections: Object.fromEntries(SECTION_KEYS.map((k) => [k, { text: sections[k], flags: flagsOf(k) }])),
      mode,
      flags: [
        {
          kind: 'ducha-sources',
          message: `本文依据督办事项台账（${t.from}至${t.to}）${written ? '由模型起草' : '拼装'}，文中 [D…] 标注所依据的督办事项，[R…] 标注所依据的进展反馈`,
          period: { from: t.from, to: t.to },
          citations,
        },
        ...(fallback ? [{ kind: 'mode-fallback', message: fallback.message }] : []),
      ],
      record: {
        sensitivity,
        figures: [...supported].sort(),
        quotes,
        message:
          sensitivity === 'public'
            ? '文中数字按督办事项台账的统计核对'
            : `本文引用了${SENSITIVITY_LABELS[sensitivity]}督办事项，按${SENSITIVITY_LABELS[sensitivity]}材料管理；敏感事项只计数、不引述；文中数字按督办事项台账的统计核对`,
      },
      source: 'ducha.tongbao',
    })
  }
  return {
    mode,
    fallback,
    data,
    sections,
    citations,
    figures: { supported: [...supported].sort(), flagged },
    invalidMarkers,
    model: written?.model ?? null,
    usage: written?.usage ?? emptyUsage(),
    draft,
  }
}
