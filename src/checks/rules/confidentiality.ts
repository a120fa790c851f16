/**
 * 保密: passages that come from material the office holds as restricted (敏感) or internal (内部).
 * The rule cannot know whether using them is approved, only that they are there: a restricted
 * passage is a suspect (a person decides, and the draft may not leave the office as it is), an
 * internal one a hint. The spans come with the request (drafts/check.ts passes them for a draft).
 */
import type { CheckDoc, MaterialPassage, Rule } from '../types'
import { defineRule, SRC } from './define'

const within = (doc: CheckDoc, p: MaterialPassage) => p.start >= 0 && p.end <= doc.text.length && p.start < p.end
/** `[F1]“标题一”、[F4]“标题四”` with each marker's own title, or `[F1]“标题”` from a single title. */
const named = (p: MaterialPassage) =>
  p.titles && p.markers?.length
    ? p.markers.map((m, i) => `[${m}]${p.titles![i] ? `“${p.titles![i]}”` : ''}`).join('、')
    : [p.markers?.length ? p.markers.map((m) => `[${m}]`).join('') : '', p.title ? `“${p.title}”` : ''].join('')

export const confidentialityRules: Rule[] = [
  defineRule(
    {
      id: 'confidentiality.restricted-material',
      category: 'confidentiality',
      level: 'suspect',
      source: `${SRC.office}（敏感材料不得对外发布或转发，使用范围须经领导批准）`,
      title: '本段来自敏感材料',
      description: '文中这一段取自标为“敏感”（restricted）的调研发现：确需使用的，须经领导批准，文稿不得对外发布或转发。',
    },
    (doc) =>
      doc.materialPassages
        .filter((p) => p.sensitivity === 'restricted' && within(doc, p))
        .map((p) => ({ start: p.start, end: p.end, message: `本段来自敏感材料${named(p)}，使用须经批准，不得对外发布或转发` })),
  ),
  defineRule(
    {
      id: 'confidentiality.internal-material',
      category: 'confidentiality',
      level: 'hint',
      source: `${SRC.office}（内部材料仅限本单位内部使用，对外发布前须经审核）`,
      title: '本段来自内部材料',
      description: '文中这一段取自标为“内部”（internal）的调研发现：仅限本单位内部使用，对外发布前须经审核。',
    },
    (doc) =>
      doc.materialPassages
        .filter((p) => p.sensitivity === 'internal' && within(doc, p))
        .map((p) => ({ start: p.start, end: p.end, message: `本段来自内部材料${named(p)}，仅限内部使用，对外发布前须经审核` })),
  ),
]
