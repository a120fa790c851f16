/** 格式: 附件说明 (GB/T 9704-2012 7.3.4) and the body's references to attachments. */
import type { CheckDoc, Hit, Rule, Span } from '../types'
import { groupEnd, groupStart, scan, SRC } from './define'
import { format } from './format-rule'

interface AttachmentItem {
  n: number | undefined
  name: Span
  marker: Span | undefined
}

function attachmentItems(doc: CheckDoc): AttachmentItem[] {
  const items: AttachmentItem[] = []
  for (const [i, l] of doc.attachmentLines.entries()) {
    const text = i === 0 ? l.text.replace(/^附\s*件\s*[：:]?\s*/, '') : l.text
    const offset = l.start + (l.text.length - text.length)
    const m = /^(\d{1,2})\s*([.．、]|[）)])\s*/.exec(text)
    const nameStart = offset + (m ? m[0].length : 0)
    const name = text.slice(m ? m[0].length : 0).trimEnd()
    if (!name) continue
    items.push({
      n: m ? Number(m[1]) : undefined,
      name: { start: nameStart, end: nameStart + name.length, text: name },
      marker: m ? { start: offset, end: offset + m[0].trimEnd().length, text: m[0].trimEnd() } : undefined,
    })
  }
  return items
}

export const attachmentRules: Rule[] = [
  format(
    {
      id: 'format.attachment.colon',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.4`,
      title: '“附件”后用全角冒号',
      description: '附件说明为“附件”二字后标全角冒号和附件名称。',
    },
    (doc) => {
      const l = doc.attachmentLines[0]
      const m = l && /^附\s*件(\s*:|\s+)(?=\S)/.exec(l.text)
      if (!l || !m) return []
      return [{ start: l.start + 2, end: l.start + m[0].length, message: '“附件”后应标全角冒号“：”', suggestion: '：' }]
    },
  ),
  format(
    {
      id: 'format.attachment.trailing-punct',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.4`,
      title: '附件名称后不加标点',
      description: '附件说明中附件名称后不加标点符号。',
    },
    (doc) =>
      attachmentItems(doc).flatMap((it) => {
        const m = /[。．.，,；;、：:]+$/.exec(it.name.text)
        if (!m) return []
        const start = it.name.start + m.index
        return [{ start, end: it.name.end, message: '附件名称后不加标点符号', suggestion: '' }]
      }),
  ),
  format(
    {
      id: 'format.attachment.number-form',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.4`,
      title: '附件顺序号写作“1.”',
      description: '有多个附件时用阿拉伯数字加下脚点标注顺序号，如“附件：1.×××”，不用“1、”“1）”。',
    },
    (doc) =>
      attachmentItems(doc).flatMap((it) => {
        if (!it.marker || !/[、）)]/.test(it.marker.text)) return []
        return [{ start: it.marker.start, end: it.marker.end, message: '附件顺序号应写作“1.”', suggestion: `${it.n}.` }]
      }),
  ),
  format(
    {
      id: 'format.attachment.sequence',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.4`,
      title: '附件顺序号连续',
      description: '附件顺序号从1开始依次编排，不跳号、不重复。',
    },
    (doc) => {
      const items = attachmentItems(doc).filter((it) => it.n !== undefined)
      const out: Hit[] = []
      items.forEach((it, i) => {
        if (it.n !== i + 1) out.push({ start: it.marker!.start, end: it.marker!.end, message: `附件顺序号应为${i + 1}，此处为${it.n}` })
      })
      return out
    },
  ),
  format(
    {
      id: 'format.attachment.single-numbered',
      level: 'suspect',
      source: `${SRC.gb9704} 7.3.4`,
      title: '只有一个附件时不编顺序号',
      description: '只有多个附件时才标注附件顺序号；只有一个附件时写“附件：×××”。',
    },
    (doc) => {
      const items = attachmentItems(doc)
      if (items.length !== 1 || !items[0]!.marker) return []
      const m = items[0]!.marker
      return [{ start: m.start, end: items[0]!.name.start, message: '只有一个附件，不需要顺序号', suggestion: '' }]
    },
  ),
  format(
    {
      id: 'format.attachment.reference',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.4、7.3.7`,
      title: '正文引用的附件须在附件说明中',
      description: '正文写“见附件3”，附件说明却只有2个附件。',
    },
    (doc) => {
      const items = attachmentItems(doc)
      if (items.length === 0) return []
      const first = doc.attachmentLines[0]!.start
      return scan(doc.text.slice(0, first), /(?:见|详见|参见|按照|填写)附件\s*(\d{1,2})/dg, (m) => {
        const n = Number(m[1])
        if (n <= items.length) return undefined
        return { start: groupStart(m, 1), end: groupEnd(m, 1), message: `正文引用“附件${n}”，附件说明只列了${items.length}个附件` }
      })
    },
  ),
  format(
    {
      id: 'format.attachment.unlisted',
      level: 'hint',
      source: `${SRC.gb9704} 7.3.4`,
      title: '正文提到附件但无附件说明',
      description: '正文写“见附件”，文末却没有“附件：”说明（如只粘贴了正文，可忽略）。',
    },
    (doc) => {
      if (doc.attachmentLines.length > 0) return []
      const m = /(?:见|详见|参见)附件\d*/.exec(doc.text)
      return m ? [{ start: m.index, end: m.index + m[0].length, message: '正文提到附件，但没有附件说明' }] : []
    },
  ),
]
