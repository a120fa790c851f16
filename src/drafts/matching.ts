/**
 * Which material belongs to which section: lexical scores over CJK bigrams and the template's
 * keywords for the section. Deterministic, so the outline (and assemble mode) is reproducible.
 */

const HAN_OR_WORD = /\p{Script=Han}+|[\p{L}\p{N}]+/gu

const normalize = (s: string) => s.normalize('NFKC').toLowerCase()

export function bigramSet(text: string): Set<string> {
  const out = new Set<string>()
  for (const run of normalize(text).match(HAN_OR_WORD) ?? []) {
    const chars = [...run]
    if (!/\p{Script=Han}/u.test(run) || chars.length < 2) {
      out.add(run)
      continue
    }
    for (let i = 0; i < chars.length - 1; i++) out.add(chars[i]! + chars[i + 1]!)
  }
  return out
}

/** Share of `query`'s bigrams found in `doc` (0–1). */
export function overlap(query: Set<string>, doc: Set<string>): number {
  if (!query.size) return 0
  let hit = 0
  for (const b of query) if (doc.has(b)) hit++
  return hit / query.size
}

/** Keyword hits, a hit in the title counting double, scaled so that long keyword lists do not win by length. */
export function keywordScore(keywords: string[], title: string, body: string): number {
  if (!keywords.length) return 0
  const t = normalize(title)
  const b = normalize(body)
  let score = 0
  for (const k of keywords) {
    const kk = normalize(k)
    if (t.includes(kk)) score += 2
    else if (b.includes(kk)) score += 1
  }
  return score / Math.sqrt(keywords.length)
}

export interface SectionProfile {
  key: string
  heading: string
  purpose: string
  keywords: string[]
}

export interface MaterialProfile {
  id: string
  title: string
  text: string
}

/** Score of a finding for a section: its keywords, plus how much of the section's heading/purpose it shares. */
export function sectionScore(section: SectionProfile, material: MaterialProfile): number {
  const kw = keywordScore(section.keywords, material.title, material.text)
  const topical = overlap(bigramSet(section.heading + section.purpose), bigramSet(material.title + material.text))
  return kw + topical
}

/**
 * Gives each finding to the section it fits best, and also to the runner-up when that is nearly as
 * good (a finding often holds both a result and a problem). Every finding lands somewhere: with no
 * signal at all it goes to the first section that takes facts. A section left with nothing gets the
 * finding that fits it best, if any fits at all, rather than a 【待补】 while relevant facts exist.
 */
export function assignMaterials(
  sections: SectionProfile[],
  materials: MaterialProfile[],
  opts: { secondRatio?: number; perSection?: number } = {},
): Map<string, string[]> {
  const secondRatio = opts.secondRatio ?? 0.6
  const perSection = opts.perSection ?? 10
  const out = new Map<string, { id: string; score: number }[]>(sections.map((s) => [s.key, []]))
  if (!sections.length) return new Map()
  for (const m of materials) {
    const ranked = sections
      .map((s, i) => ({ key: s.key, score: sectionScore(s, m), i }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
    const [best, second] = ranked
    out.get(best!.key)!.push({ id: m.id, score: best!.score })
    if (second && best!.score > 0 && second.score >= best!.score * secondRatio) {
      out.get(second.key)!.push({ id: m.id, score: second.score })
    }
  }
  for (const s of sections) {
    const list = out.get(s.key)!
    if (list.length) continue
    let best: { id: string; score: number } | null = null
    for (const m of materials) {
      const score = sectionScore(s, m)
      if (score > 0 && (!best || score > best.score)) best = { id: m.id, score }
    }
    if (best) list.push(best)
  }
  const order = new Map(materials.map((m, i) => [m.id, i]))
  return new Map(
    [...out].map(([key, list]) => [
      key,
      list
        .sort((a, b) => b.score - a.score)
        .slice(0, perSection)
        .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
        .map((x) => x.id),
    ]),
  )
}

const OPENING = /开头|前言|导语|开篇/
const ENDING = /结尾|结束语|结语/
/** Below this a passage shares too little with a section to show it as a reference. */
const MIN_PASSAGE_SCORE = 0.1

/**
 * The passage (of any of the given precedents) that best fits a section, if any fits at all. An
 * opening is matched with a precedent's first passage and an ending with its last: there the
 * position says more than the words.
 */
export function bestPassage<P extends { docId: string; seq: number; headingPath: string[]; text: string }>(section: SectionProfile, passages: P[]): P | null {
  let best: P | null = null
  let bestScore = MIN_PASSAGE_SCORE
  const q = bigramSet(section.heading + section.purpose + section.keywords.join(''))
  const last = new Map<string, number>()
  for (const p of passages) last.set(p.docId, Math.max(last.get(p.docId) ?? 0, p.seq))
  for (const p of passages) {
    const heading = p.headingPath.join(' ')
    let score = 2 * overlap(bigramSet(section.heading), bigramSet(heading)) + overlap(q, bigramSet(heading + p.text)) + keywordScore(section.keywords, heading, p.text) / 4
    if (OPENING.test(section.heading) && p.seq === 0) score += 0.5
    if (ENDING.test(section.heading) && p.seq === last.get(p.docId)) score += 0.5
    if (score > bestScore) {
      best = p
      bestScore = score
    }
  }
  return best
}
