/** 事实与数据: figures the compose step could not trace to a finding, and impossible shares. */
import type { Rule } from '../types'
import { defineRule, scan, SRC } from './define'

const fact = (meta: Omit<Parameters<typeof defineRule>[0], 'category'>, check: Rule['check']) =>
  defineRule({ ...meta, category: 'facts' }, check)

export const factRules: Rule[] = [
  fact(
    {
      id: 'facts.untraced-figure',
      level: 'suspect',
      source: `${SRC.compose}（文中每个数据都应能追溯到调研发现）；${SRC.tiaoli} 第二十条（四）：数字是否准确`,
      title: '数据没有可追溯的来源',
      description: '起草时无法对应到任何调研发现的数据，请核实来源或改为【待补】。',
    },
    (doc) =>
      doc.untracedFigures
        .filter((f) => f.start >= 0 && f.end <= doc.text.length && f.start < f.end)
        .map((f) => ({ start: f.start, end: f.end, message: `数据“${doc.text.slice(f.start, f.end)}”没有可追溯的来源，请核实` })),
  ),
  fact(
    {
      id: 'facts.share-over-100',
      level: 'suspect',
      source: `${SRC.tiaoli} 第二十条（四）：数字是否准确`,
      title: '占比超过100%',
      description: '“占……的120%”“占比105%”：部分占整体的比例不能超过100%。',
    },
    (doc) =>
      scan(doc.text, /(?:占比(?:为|达到?)?|占[^，。；\n]{1,20}?的(?:比重为?|比例为?)?)\s*(\d+(?:\.\d+)?)%/g, (m) => {
        if (Number(m[1]) <= 100) return undefined
        return { start: m.index, end: m.index + m[0].length, message: `占比${m[1]}%超过了100%，请核实` }
      }),
  ),
]
