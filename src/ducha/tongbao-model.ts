/**
 * The 督查通报 written by a model from the data source (tongbao-data.ts). The model sees the
 * counts, the items and the typical feedback its provider may receive (restricted items never,
 * internal ones only by an internal provider: those are given as markers and statuses, without a
 * word of their content), and writes the four sections as JSON. Its citations are then checked like
 * compose's: every marker must name a row of the data source, or it is removed and reported; every
 * number is checked against the counts by tongbao.ts; a quotation is the record's own words only if
 * it is found verbatim in a feedback row or an item title it was given.
 */
import { AppError } from '../core/errors'
import { mayReceive, type LlmClient, type MaterialRef, type ProviderTrust, type Usage } from '../llm'
import { STATUS_LABELS } from './status'
import type { TongbaoData } from './tongbao-data'
import type { SectionKey, TongbaoVars } from './tongbao-write'

export const SECTION_KEYS: SectionKey[] = ['opening', 'overall', 'problems', 'requirements']

const pct = (r: number | null) => (r === null ? '不计算（无到期事项）' : `${Math.round(r * 1000) / 10}%`)

const SYSTEM = `你是区委督查室的文字工作者，根据督办事项台账起草督查通报。
规则：
1. 只写下面给出的事项、反馈和统计数字；不得编造事项、单位、做法或数字。
2. 文中出现的数字只能是“统计数字”中给出的数（日期除外）；不要自行计算新的数。
3. 每句陈述后用方括号标注所依据的事项和反馈，如 [D1、D3]、[R1、D2]；只能使用给出的编号。
4. 引用反馈原文时用“”照录原文，不改一字。
5. 标为“内容不发送”的事项只计数，不写其任何情况。
只输出 JSON：{"opening":"开头段","overall":"总体情况","problems":"存在的问题","requirements":"下步要求"}，不要输出任何其他文字。`

export interface ModelPrompt {
  messages: { role: 'system' | 'user'; content: string }[]
  materials: MaterialRef[]
  /** What a quotation may quote: feedback rows and item titles that were given. */
  quotable: string[]
  /** The markers the model may cite: every item (counted, if not told) and the feedback rows it was given. */
  markers: Set<string>
}

export function tongbaoPrompt(data: TongbaoData, vars: TongbaoVars, trust: ProviderTrust): ModelPrompt {
  const o = data.office
  const shown = new Set(data.items.filter((i) => mayReceive(trust, i.sensitivity)).map((i) => i.marker))
  const materials: MaterialRef[] = []
  const quotable: string[] = []
  const lines: string[] = [
    `通报主题：${vars.subject}`,
    `督查依据：${vars.basis?.trim() || '根据区委工作安排'}`,
    `时段（完成时限）：${data.period.from} 至 ${data.period.to}；统计截至 ${data.asOf}`,
    `整改时限：${vars.deadline?.trim() || '（未定，写作【待补：整改时限】）'}`,
    '',
    '统计数字：',
    `督办事项总数 ${o.total}；已办结（含销号）${o.done}；已销号 ${o.signedOff}；已到完成时限 ${o.due}；按期办结 ${o.onTime}；按期办结率 ${pct(o.onTimeRate)}；逾期未办结 ${o.overdue}；办结报告被退回 ${data.returnedReports} 次`,
    `按状态：${(Object.keys(data.byStatus) as (keyof TongbaoData['byStatus'])[]).map((s) => `${STATUS_LABELS[s]} ${data.byStatus[s].length}`).join('；')}`,
    ...data.units.map((u) => `${u.name}：牵头 ${u.total}，已办结 ${u.done}，到期 ${u.due}，按期办结 ${u.onTime}，按期办结率 ${pct(u.onTimeRate)}，逾期 ${u.overdue}（${u.items.join('、')}）`),
    '',
    '事项：',
  ]
  for (const i of data.items) {
    const overdue = i.daysOverdue !== null ? `，已逾期 ${i.daysOverdue} 天` : ''
    if (shown.has(i.marker)) {
      lines.push(`[${i.marker}] ${i.unit}牵头｜${STATUS_LABELS[i.status]}｜完成时限 ${i.deadline}${overdue}｜“${i.title}”`)
      materials.push({ kind: 'ducha_item', id: i.id, title: i.title, sensitivity: i.sensitivity })
      quotable.push(i.title)
    } else {
      lines.push(`[${i.marker}] ${STATUS_LABELS[i.status]}${overdue}（内容不发送）`)
    }
  }
  const feedback = data.typical.filter((f) => shown.has(f.itemMarker))
  if (feedback.length) lines.push('', '典型做法（进展反馈和办结报告原文）：')
  for (const f of feedback) {
    const item = data.items.find((i) => i.marker === f.itemMarker)!
    lines.push(`[${f.marker}] 对应 [${f.itemMarker}]，${f.unit}，${f.kind === 'closing' ? '办结报告' : '进展反馈'}，${f.reportedOn}：“${f.text}”`)
    materials.push({ kind: 'ducha_feedback', id: f.id, title: `${item.title}的反馈`, sensitivity: item.sensitivity })
    quotable.push(f.text)
  }
  return {
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: lines.join('\n') },
    ],
    materials,
    quotable,
    markers: new Set([...data.items.map((i) => i.marker), ...feedback.map((f) => f.marker)]),
  }
}

/** [D1、D2] 【D1,R2】 ［d3］ … — the forms a model writes a record marker in. */
const MARKER_GROUP = /[[［【]\s*([DRdr]\s*\d{1,4}(?:\s*[,，、;；]\s*[DRdr]\s*\d{1,4})*)\s*(等)?\s*[\]］】]/g

/** Markers normalised to [D1、R2]; those naming no row of the data source are removed and returned. */
export function validateRecordMarkers(text: string, known: Set<string>): { text: string; invalid: string[] } {
  const invalid: string[] = []
  const out = text.replace(MARKER_GROUP, (_m, inner: string, etc: string | undefined) => {
    const kept: string[] = []
    for (const raw of inner.split(/[,，、;；]/)) {
      const marker = raw.replace(/\s+/g, '').toUpperCase()
      if (known.has(marker)) {
        if (!kept.includes(marker)) kept.push(marker)
      } else if (!invalid.includes(marker)) invalid.push(marker)
    }
    return kept.length ? `[${kept.join('、')}${etc ?? ''}]` : ''
  })
  return { text: out, invalid }
}

function parseSections(text: string): Record<SectionKey, string> {
  const body = text.replace(/^\s*```(?:json)?\s*/i, '').replace(/\s*```\s*$/, '')
  const from = body.indexOf('{')
  const to = body.lastIndexOf('}')
  let parsed: Record<string, unknown> | null = null
  try {
    parsed = from >= 0 && to > from ? (JSON.parse(body.slice(from, to + 1)) as Record<string, unknown>) : null
  } catch {
    parsed = null
  }
  if (!parsed || SECTION_KEYS.some((k) => typeof parsed![k] !== 'string' || !(parsed![k] as string).trim())) {
    throw new AppError('UPSTREAM', '模型的回答不是约定的 JSON 格式（缺少通报的某一部分）', { kind: 'invalid-answer' })
  }
  return Object.fromEntries(SECTION_KEYS.map((k) => [k, (parsed![k] as string).trim()])) as Record<SectionKey, string>
}

export interface ModelTongbao {
  sections: Record<SectionKey, string>
  invalidMarkers: Record<SectionKey, string[]>
  quotable: string[]
  usage: Usage
  model: string
}

export async function modelTongbao(client: LlmClient, data: TongbaoData, vars: TongbaoVars): Promise<ModelTongbao> {
  const prompt = tongbaoPrompt(data, vars, client.provider.trust)
  const answer = await client.chat({ messages: prompt.messages, materials: prompt.materials, temperature: 0.3 })
  const raw = parseSections(answer.text)
  const sections = {} as Record<SectionKey, string>
  const invalidMarkers = {} as Record<SectionKey, string[]>
  for (const k of SECTION_KEYS) {
    const v = validateRecordMarkers(raw[k], prompt.markers)
    sections[k] = v.text
    invalidMarkers[k] = v.invalid
  }
  return { sections, invalidMarkers, quotable: prompt.quotable, usage: answer.usage, model: answer.model }
}
