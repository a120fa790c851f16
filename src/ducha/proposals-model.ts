/**
 * 分解立项 with a model: the model reads the text and names the tasks it assigns, as JSON; nothing
 * it says is taken on trust. Each proposal must point at its words in the text (a span, or a verbatim
 * quote that is found there), and those words must hold the requirement's key words, or the proposal
 * is dropped and reported. The requirement kept is the text's own words; units are matched to the
 * registry and must be named in those words; the deadline is parsed from them by the deterministic
 * parser (extract/dates.ts), never taken from the model.
 */
import { z } from 'zod'
import { AppError } from '../core/errors'
import type { LlmClient, MaterialRef, Usage } from '../llm'
import { aliasesOf, findUnits, proposalFor, splitClauses, stripLead, type Proposal, type RegistryUnit } from './extract'

export interface DroppedProposal {
  reason: 'no-span' | 'span-mismatch' | 'duplicate' | 'invalid'
  title: string | null
  quote: string | null
  message: string
}

export interface ModelProposals {
  proposals: Proposal[]
  dropped: DroppedProposal[]
  omitted: number
  usage: Usage
  model: string
}

const answerItem = z.object({
  title: z.string().trim().min(1).max(200),
  requirement: z.string().trim().min(1).max(4000),
  leadUnit: z.string().trim().max(60).nullish(),
  supportUnits: z.array(z.string().trim().max(60)).max(20).nullish(),
  quote: z.string().max(4000).nullish(),
  span: z.object({ start: z.number().int().min(0), end: z.number().int().min(1) }).nullish(),
})

/** Share of the requirement's key words (Han bigrams) its span must hold; of the title's, looser. */
const REQUIREMENT_COVERAGE = 0.8
const TITLE_COVERAGE = 0.6
const TITLE_MAX = 40

const SYSTEM = `你是区委督查室的工作人员，负责把会议纪要、领导讲话和通知中布置的工作分解为督办事项。
只找原文明确布置了工作任务的句子（有责任单位或完成时限的要求），不要总结、推断或补充原文没有的任务；汇报、议定、表态、形势判断都不是任务。
对每项任务输出：title（不超过20字的事项名称，用原文的词）、requirement（原文中布置该任务的句子，一字不改地照录）、quote（同 requirement，原文照录）、leadUnit（原文中负责或牵头的单位，照原文写）、supportUnits（原文中配合的单位）。
只输出 JSON，格式为 {"items":[{"title":"…","requirement":"…","quote":"…","leadUnit":"…","supportUnits":["…"]}]}，不要输出任何其他文字。没有任务时输出 {"items":[]}。`

function userPrompt(text: string, units: RegistryUnit[]): string {
  const names = units.map((u) => [u.name, u.shortName, ...(u.formerNames ?? []).map((f) => f.name)].filter(Boolean).join('／')).join('；')
  return `单位名录（全称／简称／曾用名）：${names || '（空）'}\n\n原文：\n${text}`
}

/** Han bigrams of a text: its key words, without punctuation, digits or spacing. */
function bigrams(text: string): string[] {
  const out: string[] = []
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2))
  return out
}

function coverage(of: string, within: string): number {
  const need = [...new Set(bigrams(of))]
  if (!need.length) return 0
  const have = new Set(bigrams(within))
  return need.filter((b) => have.has(b)).length / need.length
}

/** The model's answer as JSON: fences and text around the object are tolerated, nothing else. */
export function parseAnswer(text: string): unknown[] {
  const body = text.replace(/^\s*```(?:json)?\s*/i, '').replace(/\s*```\s*$/, '')
  const from = body.search(/[[{]/)
  const to = Math.max(body.lastIndexOf('}'), body.lastIndexOf(']'))
  let parsed: unknown
  try {
    parsed = from >= 0 && to > from ? JSON.parse(body.slice(from, to + 1)) : undefined
  } catch {
    parsed = undefined
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown })?.items
  if (!Array.isArray(items)) throw new AppError('UPSTREAM', '模型的回答不是约定的 JSON 格式', { kind: 'invalid-answer' })
  return items
}

/** Where the proposal's words are: the span it gives if it lies in the text, else its quote found verbatim. */
function locate(text: string, item: z.infer<typeof answerItem>): { start: number; end: number } | null {
  const s = item.span
  if (s && s.start < s.end && s.end <= text.length) return s
  for (const q of [item.quote, item.requirement]) {
    const t = q?.trim()
    if (!t) continue
    const at = text.indexOf(t)
    if (at >= 0) return { start: at, end: at + t.length }
  }
  return null
}

/** The span widened to the whole clauses it touches, without their leading framing (会议要求，), as the extractor cuts them. */
function clauseSpan(text: string, span: { start: number; end: number }): { start: number; end: number } {
  const touched = splitClauses(text).filter((c) => c.start < span.end && span.start < c.end)
  if (!touched.length) return span
  const first = touched[0]!
  return { start: first.start + stripLead(first.text).cut, end: touched[touched.length - 1]!.end }
}

export interface ModelExtractOptions {
  baseDate: string
  units: RegistryUnit[]
  maxProposals: number
  /** The source, checked against the provider's trust by the client before anything is sent. */
  material: MaterialRef
  signal?: AbortSignal
}

export async function modelProposals(client: LlmClient, text: string, opts: ModelExtractOptions): Promise<ModelProposals> {
  const answer = await client.chat({
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: userPrompt(text, opts.units) },
    ],
    materials: [opts.material],
    temperature: 0,
    signal: opts.signal,
  })
  const aliases = aliasesOf(opts.units)
  const registry = new Map(aliases.map((a) => [a.text, a.unit]))
  const proposals: Proposal[] = []
  const dropped: DroppedProposal[] = []
  let omitted = 0
  for (const raw of parseAnswer(answer.text)) {
    const parsed = answerItem.safeParse(raw)
    if (!parsed.success) {
      dropped.push({ reason: 'invalid', title: null, quote: null, message: '模型给出的条目缺少事项名称或具体要求，已舍弃' })
      continue
    }
    const item = parsed.data
    const at = locate(text, item)
    if (!at) {
      dropped.push({ reason: 'no-span', title: item.title, quote: item.quote ?? null, message: '原文中找不到这条建议所依据的文字，已舍弃' })
      continue
    }
    const words = text.slice(at.start, at.end)
    if (coverage(item.requirement, words) < REQUIREMENT_COVERAGE || coverage(item.title, words) < TITLE_COVERAGE) {
      dropped.push({ reason: 'span-mismatch', title: item.title, quote: words.slice(0, 200), message: '建议的具体要求与其所指的原文不符，已舍弃' })
      continue
    }
    const span = clauseSpan(text, at)
    if (proposals.some((p) => p.span.start < span.end && span.start < p.span.end)) {
      dropped.push({ reason: 'duplicate', title: item.title, quote: words.slice(0, 200), message: '与前一条建议指向同一段原文，已合并' })
      continue
    }
    if (proposals.length >= opts.maxProposals) {
      omitted++
      continue
    }
    const core = text.slice(span.start, span.end)
    // The model's roles count only for registry units the words themselves name.
    const named = new Set(findUnits(core, aliases).map((m) => m.unit))
    const resolve = (name: string | null | undefined) => {
      const unit = name ? registry.get(name.trim()) : undefined
      return unit && named.has(unit) ? unit : null
    }
    const lead = resolve(item.leadUnit)
    const support = [...new Set((item.supportUnits ?? []).map(resolve).filter((u): u is string => u !== null && u !== lead))]
    const title = item.title.length > TITLE_MAX ? `${item.title.slice(0, TITLE_MAX - 1)}…` : item.title
    const proposal = proposalFor(core, span, { baseDate: opts.baseDate, aliases, title, roles: lead ? { lead, support } : undefined })
    if (item.leadUnit && !lead) proposal.notes.unshift(`模型所列牵头单位“${item.leadUnit}”不在名录中或不见于原文，已按原文判断`)
    proposals.push(proposal)
  }
  proposals.sort((a, b) => a.span.start - b.span.start)
  return { proposals, dropped, omitted, usage: answer.usage, model: answer.model }
}
