/** 格式: 版记 抄送 (GB/T 9704-2012 7.4.2), 附注 (7.3.6), and 密级标志 that must not be processed here. */
import type { Rule } from '../types'
import { scan, SRC } from './define'
import { format } from './format-rule'

export const imprintRules: Rule[] = [
  format(
    {
      id: 'format.cc.colon',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.4.2`,
      title: '“抄送”后用全角冒号',
      description: '“抄送”二字后加全角冒号和抄送机关名称。',
    },
    (doc) => {
      const l = doc.ccLine
      const m = l && /^抄\s*送(\s*:|\s+)(?=\S)/.exec(l.text)
      if (!l || !m) return []
      return [{ start: l.start + 2, end: l.start + m[0].length, message: '“抄送”后应标全角冒号“：”', suggestion: '：' }]
    },
  ),
  format(
    {
      id: 'format.cc.end-period',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.4.2`,
      title: '抄送机关末尾标句号',
      description: '最后一个抄送机关名称后标句号。',
    },
    (doc) => {
      const l = doc.ccLine
      if (!l || !/^抄\s*送\s*[：:]?\s*\S/.test(l.text) || l.text.endsWith('。')) return []
      const m = /[，,；;、.．]$/.exec(l.text)
      if (m) return [{ start: l.end - 1, end: l.end, message: '抄送机关末尾应标句号', suggestion: '。' }]
      return [{ start: l.end - 1, end: l.end, message: '抄送机关末尾应标句号', suggestion: `${l.text.slice(-1)}。` }]
    },
  ),
  format(
    {
      id: 'format.cc.separator',
      level: 'hint',
      source: `${SRC.gb9704} 7.4.2（实践中抄送机关间一般用逗号）`,
      title: '抄送机关之间一般用逗号',
      description: '抄送机关之间一般用逗号分隔（同类机关内部可用顿号）。',
    },
    (doc) => {
      const l = doc.ccLine
      if (!l || !l.text.includes('、') || l.text.includes('，')) return []
      return scan(l.text, /、/g, (m) => ({ start: m.index, end: m.index + 1, message: '抄送机关之间一般用逗号分隔' }), l.start)
    },
  ),
  format(
    {
      id: 'format.annotation.brackets',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.6`,
      title: '附注用全角圆括号',
      description: '附注（如“（此件公开发布）”“（联系人：…）”）居左空二字加全角圆括号编排。',
    },
    (doc) =>
      doc.lines.flatMap((l) => {
        const m = /^(\s*)\((此件[^()\n]*|联系人[^()\n]*|此件不公开[^()\n]*)\)\s*$/.exec(l.text)
        if (!m) return []
        const start = l.start + m[1]!.length
        return [{ start, end: start + m[2]!.length + 2, message: '附注应用全角圆括号“（）”', suggestion: `（${m[2]}）` }]
      }),
  ),
  format(
    {
      id: 'format.classified-mark',
      level: 'must-fix',
      source: `${SRC.tiaoli} 第九条（二）；保密规定“涉密不上网，上网不涉密”`,
      title: '含密级标志的内容不得在本系统处理',
      description: '文稿中出现“绝密★”“机密★”“秘密★”等密级标志：涉密公文不得在联网系统中起草、存储和处理。',
    },
    (doc) =>
      scan(doc.text, /(?:绝密|机密|秘密)\s*[★☆]/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: '出现密级标志：涉密内容不得在本系统处理，请立即删除并按保密规定处理',
      })),
  ),
]
