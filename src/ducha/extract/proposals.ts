/**
 * 分解立项 in assemble mode: every clause that assigns work (a task verb, and a unit or a deadline)
 * becomes a proposal with its span in the text, its registry units and its parsed deadline.
 * Deterministic and pure, so the same text always gives the same proposals; nothing is proposed
 * that the text does not say.
 */
import { parseDeadline, type Recurrence } from './dates'
import { aliasesOf, assignRoles, findUnits, findUnregistered, type RegistryUnit, type UnitRoles } from './units'
import { splitClauses, stripLead } from './sentences'

export interface Proposal {
  title: string
  requirement: string
  leadUnit: string | null
  supportUnits: string[]
  deadline: string | null
  recurrence: Recurrence | null
  span: { start: number; end: number }
  /** What a person should look at before confirming: a unit outside the registry, a former name. */
  notes: string[]
}

/**
 * Verbs that assign work. 要 only as a modal (要加快, 要在), never inside 重要/主要/需要/要求/要点.
 */
const TASK_VERB =
  /(?<![重主需纪])要(?![求点素闻])|负责|牵头|抓紧|完成|落实|推进|制定|出台|开展|建立|确保|组织|做好|加快|研究|提出|形成|报送|印发|实施|实现|核实|拿出|推出|下达|召开|整改|配合|会同|督办|盘点|梳理|排查|保障|实行|加强|请/

/** Clauses that report, judge or record rather than assign. */
const NOT_A_TASK = [
  /听取|汇报了|的汇报|传达学习|通报了/,
  /^(?:会议|会上)?(?:认为|指出|同意|审议了)(?!.*(?:请|由))/,
  /^(?:回顾|过去|去年|今年以来|总之|同志们)/,
  /^关于[^，]*的通知/,
]

export interface ExtractOptions {
  baseDate: string
  units: RegistryUnit[]
  /** Upper bound on proposals from one text; the rest are left out and counted. */
  maxProposals?: number
}

const TITLE_MAX = 40

/** A short title: the clause from its first task verb, without the units' names in front. */
function titleOf(core: string): string {
  const t = core
    .replace(/^由/, '')
    .replace(/^(?:请)?[^，]*?(?:要|负责|牵头)(?:在|于)?/, (m) => (m.length <= 30 ? '' : m))
    .replace(/^[，、\s]+/, '')
  const title = t || core
  return title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title
}

type Alias = ReturnType<typeof aliasesOf>[number]

/**
 * A proposal for one task clause `core` at `span`: its registry units (roles from the words around
 * them unless `roles` are given, e.g. a model's, already matched to the units the clause names), its
 * deadline parsed against the base date, and the notes a person should read before confirming.
 */
export function proposalFor(
  core: string,
  span: { start: number; end: number },
  opts: { baseDate: string; aliases: Alias[]; title?: string; roles?: UnitRoles },
): Proposal {
  const mentions = findUnits(core, opts.aliases)
  const unregistered = mentions.length ? [] : findUnregistered(core, mentions)
  const due = parseDeadline(core, opts.baseDate)
  const roles = opts.roles ?? assignRoles(core, mentions)
  const notes: string[] = []
  for (const u of unregistered) notes.push(`“${u.name}”不在单位名录中，请补充名录或改选责任单位`)
  for (const m of mentions) if (m.by === 'former') notes.push(`“${m.as}”是“${m.unit}”的原名称，已按现名称对应`)
  if (!roles.lead) notes.push('未识别出牵头单位，请人工指定')
  if (!due) notes.push('未识别出完成时限，请人工填写')
  return {
    title: opts.title ?? titleOf(core),
    requirement: core,
    leadUnit: roles.lead,
    supportUnits: roles.support,
    deadline: due?.deadline ?? null,
    recurrence: due?.recurrence ?? null,
    span,
    notes,
  }
}

/** Whether a clause assigns work: a task verb, not a report or judgement, and a unit (registered or not) or a deadline. */
function isTask(core: string, aliases: Alias[], baseDate: string): boolean {
  if (NOT_A_TASK.some((re) => re.test(core))) return false
  if (!TASK_VERB.test(core)) return false
  const mentions = findUnits(core, aliases)
  return Boolean(mentions.length || findUnregistered(core, mentions).length || parseDeadline(core, baseDate))
}

export function extractProposals(text: string, opts: ExtractOptions): { proposals: Proposal[]; omitted: number } {
  const aliases = aliasesOf(opts.units)
  const proposals: Proposal[] = []
  let omitted = 0
  for (const clause of splitClauses(text)) {
    const { text: core, cut } = stripLead(clause.text)
    if (!isTask(core, aliases, opts.baseDate)) continue
    if (proposals.length >= (opts.maxProposals ?? Infinity)) {
      omitted++
      continue
    }
    proposals.push(proposalFor(core, { start: clause.start + cut, end: clause.end }, { baseDate: opts.baseDate, aliases }))
  }
  return { proposals, omitted }
}
