/**
 * Finding the registry's units in a sentence — by full name, short name or a former name — and
 * telling the lead unit from the supporting ones by the words around them (牵头、负责 / 配合、会同).
 */

export interface RegistryUnit {
  name: string
  shortName?: string | null
  formerNames?: { name: string; until?: string | null }[]
}

export interface UnitMention {
  /** The registry's current name. */
  unit: string
  /** The words as written, which may be a short or a former name. */
  as: string
  start: number
  end: number
  /** How the text names it: by its current name, its short name, or a name it had before. */
  by: 'name' | 'short' | 'former'
}

interface Alias {
  text: string
  unit: string
  by: UnitMention['by']
}

/** Aliases longest first, so that 区委办公室 wins over 区委办 at the same place. */
export function aliasesOf(units: RegistryUnit[]): Alias[] {
  const out: Alias[] = []
  for (const u of units) {
    out.push({ text: u.name, unit: u.name, by: 'name' })
    if (u.shortName) out.push({ text: u.shortName, unit: u.name, by: 'short' })
    for (const f of u.formerNames ?? []) out.push({ text: f.name, unit: u.name, by: 'former' })
  }
  return out.filter((a) => a.text.length >= 2).sort((a, b) => b.text.length - a.text.length)
}

/** Words before a unit that make it the addressee of a report, not a responsible unit (报区委办审定). */
const ADDRESSEE_BEFORE = /(?:报|报送|送|交|向|呈)$/

/** Every registry unit named in `text`, left to right, without overlaps. */
export function findUnits(text: string, aliases: Alias[]): UnitMention[] {
  const taken = new Array<boolean>(text.length).fill(false)
  const found: UnitMention[] = []
  for (const a of aliases) {
    let from = 0
    for (;;) {
      const at = text.indexOf(a.text, from)
      if (at < 0) break
      from = at + 1
      const end = at + a.text.length
      if (taken.slice(at, end).some(Boolean)) continue
      if (ADDRESSEE_BEFORE.test(text.slice(Math.max(0, at - 2), at))) continue
      for (let i = at; i < end; i++) taken[i] = true
      found.push({ unit: a.unit, as: a.text, start: at, end, by: a.by })
    }
  }
  return found.sort((x, y) => x.start - y.start)
}

/**
 * Unit-like names that are not in the registry (区统计局、区委督查室) standing as the subject of a
 * task (followed by 要/负责/牵头…): a sign that the sentence assigns work, reported so that a person
 * can add the unit to the registry or pick another.
 */
const UNREGISTERED = /(?<![报送交向])(区委?[\p{Script=Han}]{1,6}?(?:局|委员会|委|办公室|办|室|部|中心|分局))(?=要|负责|牵头|跟踪|配合|会同)/gu

export function findUnregistered(text: string, known: UnitMention[]): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = []
  for (const m of text.matchAll(UNREGISTERED)) {
    const start = m.index!
    const end = start + m[1]!.length
    if (known.some((k) => k.start < end && start < k.end)) continue
    out.push({ name: m[1]!, start, end })
  }
  return out
}

const SUPPORT_AFTER = /^[，、\s]*(?:等单位|等部门)?[，、\s]*(?:配合|协助|协同|参与)/
const LEAD_AFTER = /^[，、\s]*(?:牵头|负责|主抓)/
const SUPPORT_BEFORE = /(?:会同|协同|联合|配合|协助)[^，。；]*$/

export interface UnitRoles {
  lead: string | null
  support: string[]
}

/**
 * The lead and supporting units of one task clause. A unit followed by 牵头/负责 leads; units
 * followed by 配合/协助, or listed after 会同, support; otherwise the first unit named leads and the
 * others listed with it (区发改委、区财政局要…) support.
 */
export function assignRoles(text: string, mentions: UnitMention[]): UnitRoles {
  if (!mentions.length) return { lead: null, support: [] }
  // A list joined by 、 shares what follows its last member (区公安分局、开发区管委会配合).
  const groups: UnitMention[][] = []
  for (const m of mentions) {
    const g = groups[groups.length - 1]
    const prev = g?.[g.length - 1]
    if (prev && /^[、和及与]$/.test(text.slice(prev.end, m.start))) g!.push(m)
    else groups.push([m])
  }
  let lead: string | null = null
  const support: string[] = []
  const undecided: UnitMention[][] = []
  for (const g of groups) {
    const after = text.slice(g[g.length - 1]!.end)
    const beforeText = text.slice(0, g[0]!.start)
    if (SUPPORT_AFTER.test(after) || SUPPORT_BEFORE.test(beforeText)) support.push(...g.map((m) => m.unit))
    else if (!lead && LEAD_AFTER.test(after)) {
      lead = g[0]!.unit
      support.push(...g.slice(1).map((m) => m.unit))
    } else undecided.push(g)
  }
  for (const g of undecided) {
    if (!lead) {
      lead = g[0]!.unit
      support.push(...g.slice(1).map((m) => m.unit))
    } else support.push(...g.map((m) => m.unit))
  }
  const unique = [...new Set(support)].filter((u) => u !== lead)
  return { lead, support: unique }
}
