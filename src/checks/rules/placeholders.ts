/** 占位符遗留: template blanks and markers that must not reach a reviewer or leave the office. */
import type { Rule } from '../types'
import { defineRule, scan, SRC } from './define'

const PENDING_WORD = '\\s*(?:待补充?|待定|待核实?|待确认|待填写?|此处)'
const PENDING = new RegExp(
  [`【${PENDING_WORD}[^】\\n]*】`, `\\[${PENDING_WORD}[^\\]\\n]*\\]`, `〔${PENDING_WORD}[^〕\\n]*〕`, `[（(]${PENDING_WORD}[^）)\\n]*[）)]`].join('|'),
  'g',
)

const placeholder = (meta: Omit<Parameters<typeof defineRule>[0], 'category'>, check: Rule['check']) =>
  defineRule({ ...meta, category: 'placeholders' }, check)

export const placeholderRules: Rule[] = [
  placeholder(
    {
      id: 'placeholders.cross',
      level: 'must-fix',
      source: `${SRC.office}（送审前不得留有占位符）`,
      title: '“××”“XX”占位符未替换',
      description: '模板中的“××”“XX”“ＸＸ”尚未替换为实际内容。',
    },
    (doc) =>
      scan(doc.text, /[×Ｘ]{2,}|(?<![A-Za-z0-9])[Xx]{2,}(?![A-Za-z0-9])/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: `占位符“${m[0]}”尚未替换`,
      })),
  ),
  placeholder(
    {
      id: 'placeholders.pending',
      level: 'must-fix',
      source: `${SRC.compose}（缺少的事实写作【待补】，不得编造）`,
      title: '【待补】等待补内容未补',
      description: '起草时留下的“【待补】”“【待补充】”“【待定】”“【待核实】”。',
    },
    // Any length (a 【待补：…】 naming what is missing runs long) as long as it closes on its line; the
    // closing bracket must match the opening one, so a （…） inside a 【待补：…】 does not end it.
    (doc) =>
      scan(doc.text, PENDING, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: `“${m[0]}”尚未补充`,
      })),
  ),
  placeholder(
    {
      id: 'placeholders.todo',
      level: 'must-fix',
      source: `${SRC.office}（送审前不得留有占位符）`,
      title: 'TODO 等批注未删除',
      description: '文稿中留有“TODO”“FIXME”“TBD”等批注。',
    },
    (doc) => scan(doc.text, /\b(?:TODO|FIXME|TBD)\b/g, (m) => ({ start: m.index, end: m.index + m[0].length, message: `批注“${m[0]}”未删除` })),
  ),
  placeholder(
    {
      id: 'placeholders.template-variable',
      level: 'must-fix',
      source: `${SRC.office}（送审前不得留有占位符）`,
      title: '模板变量未填写',
      description: '“{{主送机关}}”“${date}”“【请填写……】”等模板变量未填写。',
    },
    (doc) =>
      scan(doc.text, /\{\{[^{}\n]{1,40}\}\}|\$\{[^{}\n]{1,40}\}|【请(?:填写|输入|选择)[^】\n]{0,30}】/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: `模板变量“${m[0]}”未填写`,
      })),
  ),
  placeholder(
    {
      id: 'placeholders.blank',
      level: 'suspect',
      source: `${SRC.office}（送审前不得留有占位符）`,
      title: '空白填写线或方框',
      description: '“＿＿＿”“____”“□□”等待填写的空白。',
    },
    (doc) =>
      scan(doc.text, /＿{2,}|_{3,}|□{2,}|〇〇〇+/g, (m) => ({ start: m.index, end: m.index + m[0].length, message: '留有待填写的空白' })),
  ),
  placeholder(
    {
      id: 'placeholders.empty-brackets',
      level: 'suspect',
      source: `${SRC.office}（送审前不得留有占位符）`,
      title: '空括号、空书名号',
      description: '“（）”“《》”“〔〕”中间没有内容，可能是漏填。',
    },
    (doc) =>
      scan(doc.text, /（\s*）|《\s*》|〔\s*〕|“\s*”|【\s*】/g, (m) => ({ start: m.index, end: m.index + m[0].length, message: `“${m[0]}”中没有内容` })),
  ),
]
