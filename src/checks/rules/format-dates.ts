/** 格式: 成文日期、印发日期 (GB/T 9704-2012 7.3.5.4, 7.4.3) and dates that do not exist. */
import { chineseToNumber } from '../doc'
import type { CheckDoc, Rule, Span } from '../types'
import { groupEnd, groupStart, scan, SRC, toArabicDigits } from './define'
import { format } from './format-rule'

const dateLines = (doc: CheckDoc): Span[] => [doc.signDateLine, doc.printDateLine].filter((l): l is Span => !!l)

const CN_YEAR = '〇零一二三四五六七八九OoＯ0'
function parseChineseDate(s: string): { y: string; m: number; d: number } | undefined {
  const r = new RegExp(`^([${CN_YEAR}]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日`).exec(s)
  if (!r) return undefined
  const y = toArabicDigits(r[1]!)
  const m = chineseToNumber(r[2]!)
  const d = chineseToNumber(r[3]!)
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return undefined
  return { y, m, d }
}

const validDate = (y: number, m: number, d: number) => {
  if (m < 1 || m > 12 || d < 1) return false
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= days
}

function isoOf(s: string): string | undefined {
  const m = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(s)
  if (!m) return undefined
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
}

export const dateRules: Rule[] = [
  format(
    {
      id: 'format.date.leading-zero',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.5.4、7.4.3`,
      title: '成文日期、印发日期月日不编虚位',
      description: '成文日期和印发日期用阿拉伯数字将年、月、日标全，月、日不编虚位（1不编为01）。',
    },
    (doc) =>
      dateLines(doc).flatMap((l) =>
        scan(
          l.text,
          /(?:年|^)\s*(0)[1-9]\s*月|月\s*(0)[1-9]\s*日/dg,
          (m) => {
            const g = m[1] !== undefined ? 1 : 2
            return { start: groupStart(m, g), end: groupEnd(m, g), message: '成文日期、印发日期的月、日不编虚位', suggestion: '' }
          },
          l.start,
        ),
      ),
  ),
  format(
    {
      id: 'format.date.chinese-numerals',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.5.4`,
      title: '成文日期用阿拉伯数字',
      description: '成文日期、印发日期中的数字用阿拉伯数字标注（2012年版标准改变了汉字数字的旧写法）。',
    },
    (doc) =>
      dateLines(doc).flatMap((l) => {
        const lead = l.text.length - l.text.trimStart().length
        const d = parseChineseDate(l.text.trimStart())
        if (!d) return []
        const len = new RegExp(`^[${CN_YEAR}]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日`).exec(l.text.trimStart())![0].length
        return [
          {
            start: l.start + lead,
            end: l.start + lead + len,
            message: '成文日期应使用阿拉伯数字，如“2024年3月5日”',
            suggestion: `${Number(d.y)}年${d.m}月${d.d}日`,
          },
        ]
      }),
  ),
  format(
    {
      id: 'format.date.short-year',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.5.4`,
      title: '成文日期年份应标全称',
      description: '成文日期、印发日期的年份应标全称（四位）。',
    },
    (doc) =>
      dateLines(doc).flatMap((l) =>
        scan(l.text, /^\s*(\d{2})\s*年/dg, (m) => ({ start: groupStart(m, 1), end: groupEnd(m, 1), message: '年份应标全称（四位）' }), l.start),
      ),
  ),
  format(
    {
      id: 'format.date.invalid',
      level: 'must-fix',
      source: `${SRC.tiaoli} 第二十条（四）：时间是否准确`,
      title: '日期不存在',
      description: '如“2月30日”“4月31日”“13月”，日历上不存在的日期。',
    },
    (doc) =>
      scan(doc.text, /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g, (m) => {
        if (validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined
        return { start: m.index, end: m.index + m[0].length, message: `“${m[0]}”不是存在的日期` }
      }),
  ),
  format(
    {
      id: 'format.date.numeric-form',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.5.4`,
      title: '成文日期写作“×年×月×日”',
      description: '单独成行的成文日期不用“2024-03-05”“2024.3.5”“2024/3/5”等形式，写作“2024年3月5日”。',
    },
    (doc) =>
      doc.lines.flatMap((l) => {
        const m = /^(\s*)((\d{4})[-./](\d{1,2})[-./](\d{1,2}))\s*$/.exec(l.text)
        if (!m || !validDate(Number(m[3]), Number(m[4]), Number(m[5]))) return []
        if (l !== doc.lines.filter((x) => x.text.trim()).slice(-6).find((x) => x === l)) return []
        const start = l.start + m[1]!.length
        return [
          {
            start,
            end: start + m[2]!.length,
            message: '成文日期应写作“×年×月×日”',
            suggestion: `${m[3]}年${Number(m[4])}月${Number(m[5])}日`,
          },
        ]
      }),
  ),
  format(
    {
      id: 'format.date.print-before-sign',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.3.5、7.4.3`,
      title: '印发日期不早于成文日期',
      description: '印发日期是公文送印的日期，不能早于成文日期。',
    },
    (doc) => {
      const sign = doc.fields.date ?? (doc.signDateLine && isoOf(doc.signDateLine.text))
      const print = doc.fields.printDate ?? (doc.printDateLine && isoOf(doc.printDateLine.text))
      if (!sign || !print || print >= sign) return []
      const at = doc.printDateLine ?? { start: 0, end: 0 }
      return [{ start: at.start, end: at.end, message: `印发日期（${print}）早于成文日期（${sign}）` }]
    },
  ),
  format(
    {
      id: 'format.date.field-mismatch',
      level: 'suspect',
      source: `${SRC.tiaoli} 第九条（十）`,
      title: '成文日期与文稿信息不一致',
      description: '正文落款的成文日期与文稿信息中填写的成文日期不同。',
    },
    (doc) => {
      if (!doc.fields.date || !doc.signDateLine) return []
      const iso = isoOf(doc.signDateLine.text)
      if (!iso || iso === doc.fields.date) return []
      return [{ start: doc.signDateLine.start, end: doc.signDateLine.end, message: `落款日期（${iso}）与文稿信息的成文日期（${doc.fields.date}）不一致` }]
    },
  ),
]
