/**
 * Material packs that fit (issue #12): each finding goes to at most one section, the one whose
 * purpose (取材: 背景, 成绩, 问题 …) it fits best; a retrieved finding below the relevance floor is
 * not used but listed as 未采用 with its score. Deterministic and lexical, like matching.ts, so the
 * same materials give the same pack. Measured in bench/compose/packs.mjs.
 */
import type { SectionPurpose } from '../templates'
import { bigramSet, overlap, sectionScore, type MaterialProfile, type SectionProfile } from './matching'

/**
 * Words that show what a finding is about. Counted in its title (double) and body; a finding may
 * be several kinds at once (a result with a remaining problem), and the section that takes its
 * strongest kind gets it.
 */
const CUES: Record<SectionPurpose, string[]> = {
  背景: ['共有', '总量', '总数', '户籍', '常住', '人口', '面积', '辖区', '下辖', '现有', '分布', '结构', '占全区', '基本情况', '底数', '规模', '总体'],
  成绩: ['实现', '提升', '提高', '增长', '完成', '达到', '建成', '累计', '覆盖', '下降', '压减', '缩短', '办结', '成效', '试点', '推行', '运行', '上线', '首批', '获评', '率先', '好评', '满意度'],
  问题: ['问题', '不足', '短板', '难', '仍', '偏高', '偏低', '滞后', '薄弱', '隐患', '缺少', '缺乏', '不到位', '不够', '不均衡', '反映', '突出', '困难', '矛盾', '未', '尚', '风险', '空置', '流失', '依赖', '重复', '多头', '推诿', '拖欠', '有待'],
  对策: ['建议', '希望', '应当', '应该', '可以考虑', '探索', '推广', '借鉴', '呼吁', '期待', '亟需', '亟待', '需要'],
  部署: ['下一步', '计划', '将', '拟', '部署', '安排', '启动', '年底前', '前完成', '目标', '任务', '专项行动', '清单'],
  保障: ['责任', '考核', '督查', '督办', '队伍', '力量', '人员', '编制', '经费', '资金', '保障', '协同', '跨部门', '牵头', '培训', '作风', '机制'],
}

export type PurposeScores = Record<SectionPurpose, number>

/** How strongly a finding reads as each kind: cue hits, title counting double, scaled to the strongest kind (0–1). */
export function purposeScores(title: string, body: string, tags: string[] = []): PurposeScores {
  const raw = {} as PurposeScores
  let max = 0
  for (const [kind, cues] of Object.entries(CUES) as [SectionPurpose, string[]][]) {
    let n = 0
    for (const c of cues) {
      if (title.includes(c)) n += 2
      if (body.includes(c)) n += 1
    }
    // A person's tag naming the kind (问题, 成绩 …) is the strongest signal there is.
    if (tags.includes(kind)) n += 6
    raw[kind] = n
    max = Math.max(max, n)
  }
  for (const k of Object.keys(raw) as SectionPurpose[]) raw[k] = max ? raw[k] / max : 0
  return raw
}

/** Share of the topic's bigrams in the finding, its title, tags and topic field weighing more than its body (0–1). */
export function topicRelevance(topic: string, m: { title: string; text: string; tags?: string[]; topic?: string | null }): number {
  const q = bigramSet(topic)
  if (!q.size) return 0
  const head = overlap(q, bigramSet([m.title, ...(m.tags ?? []), m.topic ?? ''].join(' ')))
  const body = overlap(q, bigramSet(m.text))
  return Math.round(Math.max(head, 0.6 * head + 0.4 * body, 0.8 * body) * 1000) / 1000
}

export interface PackSection extends SectionProfile {
  takes: SectionPurpose[]
}

export interface PackMaterial extends MaterialProfile {
  tags: string[]
  /** Relevance to the draft's topic (0–1); null when a person picked it (always used). */
  relevance: number | null
}

export interface UnusedMaterial {
  id: string
  /** The relevance that fell below the floor. */
  score: number
  /** The section it would have gone to. */
  sectionKey: string | null
}

export interface Pack {
  /** Section key → finding ids, in the order the materials were given. */
  assigned: Map<string, string[]>
  unused: UnusedMaterial[]
}

/** A retrieved finding below this share of the topic is not used. Chosen on the training half of the bench cases. */
export const RELEVANCE_FLOOR = 0.25

/** How well a finding fits a section: its kind against the section's purpose first, then the section's words. */
export function sectionFit(section: PackSection, m: PackMaterial, kinds: PurposeScores, wordsMax: number): number {
  const purpose = section.takes.length ? Math.max(...section.takes.map((k) => kinds[k])) : 0
  const words = wordsMax > 0 ? sectionScore(section, m) / wordsMax : 0
  return 2 * purpose + words
}

/**
 * Gives each finding to the one section it fits best, or lists it as unused when it was retrieved
 * and falls below the floor. A section left with nothing gets 【待补】 rather than a finding that
 * belongs elsewhere: a pack that repeats itself is what people complained of.
 */
export function packMaterials(sections: PackSection[], materials: PackMaterial[], opts: { floor?: number; perSection?: number } = {}): Pack {
  const floor = opts.floor ?? RELEVANCE_FLOOR
  const perSection = opts.perSection ?? 10
  const assigned = new Map<string, { id: string; fit: number; i: number }[]>(sections.map((s) => [s.key, []]))
  const unused: UnusedMaterial[] = []
  materials.forEach((m, i) => {
    const kinds = purposeScores(m.title, m.text, m.tags)
    const wordsMax = Math.max(0, ...sections.map((s) => sectionScore(s, m)))
    let best: { key: string; fit: number } | null = null
    for (const s of sections) {
      const fit = sectionFit(s, m, kinds, wordsMax)
      if (!best || fit > best.fit) best = { key: s.key, fit }
    }
    if (m.relevance !== null && m.relevance < floor) {
      unused.push({ id: m.id, score: m.relevance, sectionKey: best?.key ?? null })
      return
    }
    if (best) assigned.get(best.key)!.push({ id: m.id, fit: best.fit, i })
  })
  const out = new Map<string, string[]>()
  for (const [key, list] of assigned) {
    const kept = [...list].sort((a, b) => b.fit - a.fit || a.i - b.i)
    for (const extra of kept.slice(perSection)) unused.push({ id: extra.id, score: materials[extra.i]!.relevance ?? 0, sectionKey: key })
    out.set(
      key,
      kept
        .slice(0, perSection)
        .sort((a, b) => a.i - b.i)
        .map((x) => x.id),
    )
  }
  return { assigned: out, unused }
}
