/** 格式: 结构层次序数 (GB/T 9704-2012 7.3.3) — “一、”“（一）”“1.”“（1）” in order, without skips or jumps. */
import type { CheckDoc, Hit, Rule } from '../types'
import { SRC } from './define'
import { format } from './format-rule'

const LEVEL_MARK = ['', '一、', '（一）', '1.', '（1）']

export const headingRules: Rule[] = [
  format(
    {
      id: 'format.heading.skip',
      level: 'suspect',
      source: `${SRC.gb9704} 7.3.3`,
      title: '层次序数跳号',
      description: '同一层级的序数应连续，如“一、”之后是“二、”，不跳到“三、”。',
    },
    (doc) => walkHeadings(doc).skip,
  ),
  format(
    {
      id: 'format.heading.repeat',
      level: 'suspect',
      source: `${SRC.gb9704} 7.3.3`,
      title: '层次序数重复',
      description: '同一层级下出现两个相同序数，如两个“（二）”。',
    },
    (doc) => walkHeadings(doc).repeat,
  ),
  format(
    {
      id: 'format.heading.start',
      level: 'suspect',
      source: `${SRC.gb9704} 7.3.3`,
      title: '层次序数不从“一”或“1”开始',
      description: '每一组同级序数从“一”“（一）”“1.”“（1）”开始。',
    },
    (doc) => walkHeadings(doc).start,
  ),
  format(
    {
      id: 'format.heading.level-jump',
      level: 'suspect',
      source: `${SRC.gb9704} 7.3.3`,
      title: '层次越级',
      description: '结构层次依次为“一、”“（一）”“1.”“（1）”，不越级使用（只有两层时可用“一、”“1.”）。',
    },
    (doc) => walkHeadings(doc).jump,
  ),
  format(
    {
      id: 'format.heading.half-width-bracket',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.3；${SRC.gb15834} 4.9`,
      title: '序数括号用全角',
      description: '“（一）”“（1）”用全角圆括号，不用半角“()”。',
    },
    (doc) =>
      doc.headings
        .filter((h) => (h.level === 2 || h.level === 4) && /[()]/.test(doc.text.slice(h.start, h.end)))
        .map((h) => ({
          start: h.start,
          end: h.end,
          message: '序数括号应用全角“（）”',
          suggestion: doc.text.slice(h.start, h.end).replace('(', '（').replace(')', '）'),
        })),
  ),
]

interface HeadingFindings {
  skip: Hit[]
  repeat: Hit[]
  start: Hit[]
  jump: Hit[]
}

const headingCache = new WeakMap<CheckDoc, HeadingFindings>()

/** One pass over the headings keeps a stack of open levels and the last ordinal under each parent. */
function walkHeadings(doc: CheckDoc): HeadingFindings {
  const cached = headingCache.get(doc)
  if (cached) return cached
  const out: HeadingFindings = { skip: [], repeat: [], start: [], jump: [] }
  const usesLevel2 = doc.headings.some((h) => h.level === 2)
  const last: (number | undefined)[] = [0, undefined, undefined, undefined, undefined]
  let depth = 0
  for (const h of doc.headings) {
    const mark = doc.text.slice(h.start, h.end)
    const allowedDepth = depth + 1 + (h.level === 3 && depth === 1 && !usesLevel2 ? 1 : 0)
    if (h.level > allowedDepth && depth > 0) {
      out.jump.push({ start: h.start, end: h.end, message: `“${mark}”越级：上一级应先有“${LEVEL_MARK[depth + 1]}”层次` })
    }
    for (let k = h.level + 1; k <= 4; k++) last[k] = undefined
    const prev = last[h.level]
    if (prev === undefined) {
      // the first heading of a pasted excerpt may be anything
      if (h.ordinal !== 1 && doc.headings[0] !== h) {
        out.start.push({ start: h.start, end: h.end, message: `这一组“${LEVEL_MARK[h.level]}”层次从“${mark}”开始，应从第一项开始` })
      }
    } else if (h.ordinal === prev) {
      out.repeat.push({ start: h.start, end: h.end, message: `层次序数“${mark}”与上一项重复` })
    } else if (h.ordinal > prev + 1) {
      out.skip.push({ start: h.start, end: h.end, message: `层次序数跳号：上一项是第${prev}项，这里是“${mark}”` })
    } else if (h.ordinal < prev) {
      out.skip.push({ start: h.start, end: h.end, message: `层次序数倒序：上一项是第${prev}项，这里是“${mark}”` })
    }
    last[h.level] = h.ordinal
    depth = h.level
  }
  headingCache.set(doc, out)
  return out
}
