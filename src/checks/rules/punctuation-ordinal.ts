/** 标点符号 after 序次语 (GB/T 15834-2011, and the element punctuation of GB/T 9704), and nested
 * quotes and book-title marks. */
import type { Hit, Rule } from '../types'
import { groupEnd, groupStart, scan, SRC } from './define'
import { punct } from './punctuation'

export const ordinalAndNestingRules: Rule[] = [
  punct(
    {
      id: 'punctuation.ordinal.di-yi',
      // suspect, not must-fix: “第一、” was the common form before GB/T 15834-2011 and is still seen
      // in edited text (48 times in the 1979–1992 government work reports)
      level: 'suspect',
      source: `${SRC.gb15834} 4.5.3.5（“第一”“首先”等序次语之后用逗号）`,
      title: '“第一”“首先”后用逗号',
      description: '“第一、”“首先、”按现行标准写作“第一，”“首先，”；2011年以前的文稿中“第一、”较常见，由人判断。',
    },
    (doc) =>
      scan(doc.text, /(?<=^|[。；：！？\n\s])(?:第[一二三四五六七八九十]{1,3}|首先|其次|再次|最后|其一|其二|其三)(、)(?![一二三四五六七八九十\d])/dgm, (m) => ({
        start: groupStart(m, 1),
        end: groupEnd(m, 1),
        message: `“${m[0].slice(0, -1)}”后应用逗号`,
        suggestion: '，',
      })),
  ),
  punct(
    {
      id: 'punctuation.ordinal.bracketed',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.5.3.5（括号内的序次语后不再加标点）`,
      title: '“（一）”“（1）”后不加标点',
      description: '“（一）、”“（1）.”“①、”中的标点应删去。',
    },
    (doc) =>
      scan(doc.text, /(?:[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)]|[①-⑳])\s*([、，,.．：:])/dg, (m) => ({
        start: groupStart(m, 1),
        end: groupEnd(m, 1),
        message: '括号或圈码序次语后不加标点',
        suggestion: '',
      })),
  ),
  punct(
    {
      id: 'punctuation.ordinal.arabic-dunhao',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.5.3.5；${SRC.gb9704} 7.3.3（“1.”）`,
      title: '阿拉伯数字序次语后用下脚点',
      description: '“1、”应写作“1.”。',
    },
    (doc) =>
      doc.headings
        .filter((h) => h.level === 3 && doc.text[h.end - 1] === '、')
        .map((h) => ({ start: h.end - 1, end: h.end, message: '阿拉伯数字序次语后用下脚点“.”，不用顿号', suggestion: '.' })),
  ),
  punct(
    {
      id: 'punctuation.ordinal.chinese-numeral',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.5.3.5；${SRC.gb9704} 7.3.3（“一、”）`,
      title: '汉字数字序次语后用顿号',
      description: '“一.”“一，”应写作“一、”。',
    },
    (doc) =>
      doc.headings
        .filter((h) => h.level === 1 && doc.text[h.end - 1] !== '、')
        .map((h) => ({ start: h.end - 1, end: h.end, message: '汉字数字序次语后用顿号“、”', suggestion: '、' })),
  ),
  punct(
    {
      id: 'punctuation.ordinal.half-paren',
      level: 'hint',
      source: `${SRC.gb9704} 7.3.3（第四层用“（1）”）`,
      title: '序次语“1）”宜写作“（1）”',
      description: '行首的“1）”“1)”不是标准的层次序数，宜改为“（1）”。',
    },
    (doc) =>
      doc.lines.flatMap((l) => {
        const m = /^([ \t\u3000]*)(\d{1,2})[）)]/.exec(l.text)
        if (!m) return []
        const start = l.start + m[1]!.length
        return [{ start, end: start + m[2]!.length + 1, message: '序次语宜写作“（1）”', suggestion: `（${m[2]}）` }]
      }),
  ),
  punct(
    {
      id: 'punctuation.nested.book-title',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.15（书名号里再用书名号时，里面用单书名号）`,
      title: '书名号内再用书名号时用〈〉',
      description: '“《关于学习《条例》的通知》”里层应为“〈条例〉”。',
    },
    (doc) => {
      const out: Hit[] = []
      for (const l of doc.lines) {
        if (!l.text.includes('《')) continue
        let depth = 0
        let innerOpen = -1
        for (let i = 0; i < l.text.length; i++) {
          const ch = l.text[i]
          if (ch === '《') {
            depth++
            if (depth === 2) innerOpen = i
          } else if (ch === '》') {
            if (depth === 2 && innerOpen >= 0) {
              const inner = l.text.slice(innerOpen + 1, i)
              out.push({ start: l.start + innerOpen, end: l.start + i + 1, message: '书名号内的书名号应改为单书名号〈〉', suggestion: `〈${inner}〉` })
              innerOpen = -1
            }
            depth = Math.max(0, depth - 1)
          }
        }
      }
      return out
    },
  ),
  punct(
    {
      id: 'punctuation.nested.quote',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.8（引号里面再用引号时，外面用双引号，里面用单引号）`,
      title: '引号内再用引号时用‘’',
      description: '“……“……”……”里层应为‘……’。',
    },
    (doc) => {
      const out: Hit[] = []
      for (const l of doc.lines) {
        const m = /“([^“”\n]*)“([^“”\n]*)”([^“”\n]*)”/.exec(l.text)
        if (!m) continue
        const innerStart = l.start + m.index + 1 + m[1]!.length
        const innerEnd = innerStart + m[2]!.length + 2
        out.push({ start: innerStart, end: innerEnd, message: '引号内的引号应改为单引号‘’', suggestion: `‘${m[2]}’` })
      }
      return out
    },
  ),
]
