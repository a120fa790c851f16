/**
 * The 督查通报 in assemble mode: sections written deterministically from the data source, each
 * statement citing its items [D…] and feedback rows [R…]. Every figure outside quotations, dates
 * and markers must equal a count computed from the items, or it is flagged (checkFigures).
 */
import { unsupportedNumbers } from '../drafts'
import type { TongbaoData } from './tongbao-data'

export type SectionKey = 'opening' | 'overall' | 'problems' | 'requirements'

export interface TongbaoVars {
  subject: string
  basis?: string
  /** 整改时限 as the office writes it (“7月31日前”); a placeholder when not given. */
  deadline?: string
}

/** Markers shown per statement; the full lists are in the data. */
const MARKERS_SHOWN = 12
const OVERDUE_LISTED = 20
const QUOTE_CHARS = 80
const UNITS_LISTED = 10

export const cite = (markers: string[]) =>
  markers.length ? `[${markers.slice(0, MARKERS_SHOWN).join('、')}${markers.length > MARKERS_SHOWN ? '等' : ''}]` : ''

const cnDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`
const pct = (r: number | null) => (r === null ? null : `${Math.round(r * 1000) / 10}%`)
const clip = (s: string) => {
  const t = s.replace(/\s+/g, '')
  return t.length > QUOTE_CHARS ? `${t.slice(0, QUOTE_CHARS - 1)}…` : t
}

function nameOf(data: TongbaoData, marker: string): string {
  const i = data.items.find((x) => x.marker === marker)!
  // Restricted items are counted, never told.
  return i.sensitivity === 'restricted' ? '一项敏感事项（详见督办台账）' : `“${i.title}”`
}

export function writeTongbao(data: TongbaoData, vars: TongbaoVars): Record<SectionKey, string> {
  const o = data.office
  const s = data.byStatus
  const all = data.items.map((i) => i.marker)
  const basis = vars.basis?.trim() || '根据区委工作安排'

  const opening = `${basis}，区委督查室对${vars.subject}推进情况进行了梳理，涉及完成时限在${cnDate(data.period.from)}至${cnDate(data.period.to)}之间的督办事项${o.total}项${cite(all)}。现将有关情况通报如下：`

  const parts: string[] = []
  const counted: [string, string[]][] = [
    ['已销号', s.signed_off],
    ['已办结待销号', s.completed],
    ['推进中', s.in_progress],
    ['待启动', s.not_started],
    ['申请延期', s.extension_requested],
    ['逾期未办结', s.overdue],
  ]
  const listed = counted.filter(([, m]) => m.length).map(([label, m]) => `${label}${m.length}项${cite(m)}`)
  parts.push(
    o.total
      ? `截至${cnDate(data.asOf)}，${o.total}项督办事项中，${listed.join('，')}。` +
          (o.due ? `已到完成时限的${o.due}项中，按期办结${o.onTime}项，按期办结率为${pct(o.onTimeRate)}。` : '本期事项均未到完成时限，按期办结率暂不计算。')
      : '本期没有完成时限在该时段内的督办事项。',
  )
  if (data.units.length) {
    const units = data.units.slice(0, UNITS_LISTED).map((u) => `${u.name}牵头${u.total}项，已办结${u.done}项，${u.due ? `按期办结率${pct(u.onTimeRate)}` : '尚无到期事项'}${cite(u.items)}`)
    parts.push(`分单位看，${units.join('；')}${data.units.length > UNITS_LISTED ? '；其余单位情况见督办台账' : ''}。`)
  }
  if (data.typical.length) {
    const cases = data.typical.map((t) => `${t.unit}在${nameOf(data, t.itemMarker)}中${t.kind === 'closing' ? '按期办结' : '推进有力'}：“${clip(t.text)}”[${t.marker}、${t.itemMarker}]`)
    parts.push(`典型做法：${cases.join('；')}。`)
  }
  const overall = parts.join('\n\n')

  const problems: string[] = []
  if (s.overdue.length) {
    const list = data.overdue.slice(0, OVERDUE_LISTED).map((m) => {
      const i = data.items.find((x) => x.marker === m)!
      return `${i.unit}牵头的${nameOf(data, m)}，完成时限${cnDate(i.deadline)}，已逾期${i.daysOverdue}天[${m}]`
    })
    problems.push(`（一）逾期未办结事项${s.overdue.length}项${cite(data.overdue)}。${list.join('；')}${data.overdue.length > OVERDUE_LISTED ? '；其余逾期事项见督办台账' : ''}。`)
  }
  if (data.returnedReports) problems.push(`（${problems.length ? '二' : '一'}）部分事项办结质量不高，办结报告被退回${data.returnedReports}次。`)
  if (s.extension_requested.length) {
    problems.push(`（${['一', '二', '三'][problems.length]}）申请延期待审批的事项${s.extension_requested.length}项${cite(s.extension_requested)}，相关单位要说明原因、压茬推进。`)
  }
  const problemsText = problems.length ? problems.join('\n\n') : '本期督办事项均在推进或已办结，未发现逾期事项。'

  const deadline = vars.deadline?.trim() || '【待补：整改时限】'
  const requirements = [
    `（一）逾期事项的牵头单位要认真分析原因，制定整改措施，于${deadline}将整改情况书面报区委督查室。`,
    '（二）各责任单位要按要求及时反馈工作进展，事项办结后及时提交办结报告，确保事事有结果、件件有回音。',
    '（三）区委督查室将持续跟踪督办，对无正当理由逾期、敷衍应付的，按有关规定予以通报问责。',
  ].join('\n\n')

  return { opening, overall, problems: problemsText, requirements }
}

/** The numbers the record supports: the counts, rates and days computed from the items. */
export function recordFigures(data: TongbaoData): Set<string> {
  const out = new Set<string>()
  const tallyFigures = (t: TongbaoData['office']) => {
    for (const v of [t.total, t.done, t.signedOff, t.due, t.onTime, t.overdue, t.open]) out.add(String(v))
    const p = pct(t.onTimeRate)
    if (p) out.add(p.replace('%', ''))
  }
  tallyFigures(data.office)
  for (const u of data.units) tallyFigures(u)
  for (const m of Object.values(data.byStatus)) out.add(String(m.length))
  for (const i of data.items) if (i.daysOverdue !== null) out.add(String(i.daysOverdue))
  out.add(String(data.returnedReports))
  return out
}

/** Figures in `text` (outside markers, quotations of the record and dates) that no count supports. */
export function checkFigures(text: string, supported: Set<string>, quotable?: (quote: string) => boolean): string[] {
  return [...new Set(unsupportedNumbers(text, supported, quotable).map((u) => u.text))]
}
