/** 格式: 标题 (GB/T 9704-2012 7.3.1) and 主送机关 (7.3.2). */
import { GONGWEN_GENRES } from '../../db/schema'
import { TITLE_GENRE } from '../doc'
import type { CheckDoc, Hit, Rule, Span } from '../types'
import { scan, SRC } from './define'
import { format } from './format-rule'

function titleTarget(doc: CheckDoc): { span: Span; field?: 'title' } | undefined {
  if (doc.title) return { span: doc.title }
  if (doc.fields.title) return { span: { start: 0, end: doc.fields.title.length, text: doc.fields.title }, field: 'title' }
  return undefined
}

const withField = (h: Hit, field?: 'title'): Hit => (field ? { ...h, field } : h)

export const titleRules: Rule[] = [
  format(
    {
      id: 'format.title.trailing-punct',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.1；公文写作通行规范`,
      title: '标题末尾不加标点',
      description: '公文标题末尾不加句号、逗号等标点符号。',
    },
    (doc) => {
      const t = titleTarget(doc)
      const m = t && /[。．.，,；;：:！!]+$/.exec(t.span.text)
      if (!t || !m) return []
      const start = t.span.start + m.index
      return [withField({ start, end: start + m[0].length, message: '标题末尾不加标点符号', suggestion: '' }, t.field)]
    },
  ),
  format(
    {
      id: 'format.title.punctuation',
      level: 'hint',
      source: '公文写作通行规范（标题中一般只用书名号、引号、顿号）',
      title: '标题中慎用标点',
      description: '标题中除书名号、引号、顿号和括号外，一般不用标点符号。',
    },
    (doc) => {
      const t = titleTarget(doc)
      if (!t) return []
      const body = t.span.text.replace(/[。．.，,；;：:！!]+$/, '')
      return scan(body, /[，,；;：:！!？?。]/g, (m) => withField({ start: m.index, end: m.index + 1, message: `标题中一般不用“${m[0]}”` }, t.field), t.span.start)
    },
  ),
  format(
    {
      id: 'format.title.genre-missing',
      level: 'suspect',
      source: `${SRC.tiaoli} 第九条（七）`,
      title: '标题缺少文种',
      description: '公文标题由发文机关名称、事由和文种组成，末尾应是文种（如“通知”“请示”）。',
    },
    (doc) => {
      const t = titleTarget(doc)
      if (!t || !doc.genre || !(GONGWEN_GENRES as readonly string[]).includes(doc.genre)) return []
      if (TITLE_GENRE.test(t.span.text)) return []
      return [withField({ start: t.span.start, end: t.span.end, message: `标题末尾缺少文种（本文文种为“${doc.genre}”）` }, t.field)]
    },
  ),
  format(
    {
      id: 'format.title.genre-mismatch',
      level: 'must-fix',
      source: `${SRC.tiaoli} 第八条、第九条（七）`,
      title: '标题文种与所选文种不一致',
      description: '标题末尾的文种与文稿选定的文种不同（如选定“请示”，标题却是“……的报告”）。',
    },
    (doc) => {
      const t = titleTarget(doc)
      const given = doc.fields && doc.genre
      if (!t || !given) return []
      const m = TITLE_GENRE.exec(t.span.text)
      const word = m?.[1]
      if (!word || !(GONGWEN_GENRES as readonly string[]).includes(word) || word === doc.genre) return []
      if (!(GONGWEN_GENRES as readonly string[]).includes(doc.genre!)) return []
      if (doc.genre === '通知' && /印发|转发|批转/.test(t.span.text)) return []
      const start = t.span.start + m.index
      return [withField({ start, end: start + word.length, message: `标题文种“${word}”与所选文种“${doc.genre}”不一致` }, t.field)]
    },
  ),
  format(
    {
      id: 'format.title.length',
      level: 'hint',
      source: `${SRC.gb9704} 7.3.1（回行要词意完整，排列为梯形或菱形）`,
      title: '标题较长，注意回行',
      description: '标题超过一行（约 28 字）时要分行排成梯形或菱形，回行时词意完整。',
    },
    (doc) => {
      const t = titleTarget(doc)
      if (!t || [...t.span.text].length <= 40) return []
      return [withField({ start: t.span.start, end: t.span.end, message: `标题共 ${[...t.span.text].length} 字，分行时注意词意完整、排成梯形或菱形` }, t.field)]
    },
  ),
  format(
    {
      id: 'format.recipient.half-width-colon',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.2`,
      title: '主送机关后用全角冒号',
      description: '主送机关最后一个机关名称后标全角冒号“：”。',
    },
    (doc) => {
      const l = doc.recipientLine
      if (!l || !l.text.endsWith(':')) return []
      return [{ start: l.end - 1, end: l.end, message: '主送机关后应用全角冒号“：”', suggestion: '：' }]
    },
  ),
  format(
    {
      id: 'format.recipient.missing-colon',
      level: 'suspect',
      source: `${SRC.gb9704} 7.3.2`,
      title: '主送机关后缺少冒号',
      description: '标题下一行的主送机关（如“各街道党工委，区委各部委：”）末尾应有全角冒号。',
    },
    (doc) => {
      if (!doc.title) return []
      const i = doc.lines.findIndex((l) => l.start >= doc.title!.end && l.text.trim() !== '')
      const l = doc.lines[i]
      if (!l || doc.recipientLine) return []
      const t = l.text.trim()
      if (t.length > 80 || !/^(?:各|区|市|县|省|中共|全区|全市)/.test(t)) return []
      if (!/(?:委员会|党委|党工委|党组|政府|办事处|街道|局|委|办|部|厅|处|室|院|单位|公司|中心|各部门)[，,；;。]?$/.test(t)) return []
      const end = l.start + l.text.trimEnd().length
      const last = l.text.trimEnd().slice(-1)
      const punct = /[，,；;。]/.test(last)
      return [
        {
          start: punct ? end - 1 : end - 1,
          end,
          message: '主送机关末尾应标全角冒号“：”',
          suggestion: punct ? '：' : `${last}：`,
        },
      ]
    },
  ),
]
