/** 格式: 发文字号 (GB/T 9704-2012 7.2.5) — 六角括号, 年份全称, 顺序号不加“第”、不编虚位、后加“号”. */
import type { CheckDoc, Hit, Rule } from '../types'
import { groupEnd, groupStart, HAN, scan, SRC, targets, toArabicDigits } from './define'
import { format } from './format-rule'

const WRONG_BRACKETS = new RegExp(
  `[${HAN}](?<open>[\\[【（(［〖{｛<《])\\s*(?<year>(?:19|20)\\d{2})\\s*(?<close>[\\]】）)］〗}｝>》])\\s*第?\\s*\\d+\\s*号`,
  'dg',
)

function docNumberScan(doc: CheckDoc, re: RegExp, fn: (m: RegExpExecArray) => Hit | undefined): Hit[] {
  return targets(doc, 'docNumber').flatMap((t) =>
    scan(t.text, re, (m) => {
      const h = fn(m)
      return h && (t.field ? { ...h, field: t.field } : h)
    }),
  )
}

export const docNumberRules: Rule[] = [
  format(
    {
      id: 'format.doc-number.bracket',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.2.5`,
      title: '发文字号年份应用六角括号〔〕',
      description: '发文字号中的年份用六角括号“〔〕”括入，不用方括号、圆括号或六角括号以外的符号。',
    },
    (doc) =>
      docNumberScan(doc, WRONG_BRACKETS, (m) => {
        const start = groupStart(m, 1)
        const end = groupEnd(m, 3)
        return { start, end, message: `发文字号年份应用六角括号“〔〕”括入，不用“${m.groups!.open}${m.groups!.close}”`, suggestion: `〔${m.groups!.year}〕` }
      }),
  ),
  format(
    {
      id: 'format.doc-number.ordinal',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.2.5`,
      title: '发文顺序号不加“第”字',
      description: '发文字号的发文顺序号不加“第”字，如“区委办发〔2024〕12号”。',
    },
    (doc) =>
      docNumberScan(doc, /[〕\]】）)］]\s*(第)\s*\d+\s*号/dg, (m) => ({
        start: groupStart(m, 1),
        end: groupEnd(m, 1),
        message: '发文顺序号不加“第”字',
        suggestion: '',
      })),
  ),
  format(
    {
      id: 'format.doc-number.leading-zero',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.2.5`,
      title: '发文顺序号不编虚位',
      description: '发文顺序号不编虚位，即“1”不编为“01”“001”。',
    },
    (doc) =>
      docNumberScan(doc, /[〕\]】）)］]\s*第?\s*(0+)[1-9]\d*\s*号/dg, (m) => ({
        start: groupStart(m, 1),
        end: groupEnd(m, 1),
        message: '发文顺序号不编虚位（1不编为01）',
        suggestion: '',
      })),
  ),
  format(
    {
      id: 'format.doc-number.short-year',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.2.5`,
      title: '发文字号年份应标全称',
      description: '发文字号中的年份应标全称（四位），如“〔2024〕”，不写“〔24〕”。',
    },
    (doc) =>
      docNumberScan(doc, new RegExp(`[${HAN}][〔\\[【（(](\\d{2})[〕\\]】）)]\\s*第?\\s*\\d+\\s*号`, 'dg'), (m) => ({
        start: groupStart(m, 1),
        end: groupEnd(m, 1),
        message: `发文字号年份应标全称（四位），“${m[1]}”不完整`,
      })),
  ),
  format(
    {
      id: 'format.doc-number.missing-hao',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.2.5`,
      title: '发文顺序号后加“号”字',
      description: '发文字号在阿拉伯数字顺序号后加“号”字。',
    },
    (doc) =>
      docNumberScan(
        doc,
        new RegExp(`[${HAN}]〔\\d{4}〕\\s*(\\d+)(?=$|[\\s，。；）)${HAN}])(?!号)`, 'dg'),
        (m) => ({
          start: groupStart(m, 1),
          end: groupEnd(m, 1),
          message: '发文顺序号后应加“号”字',
          suggestion: `${m[1]}号`,
        }),
      ),
  ),
  format(
    {
      id: 'format.doc-number.year-digits',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.2.5`,
      title: '发文字号年份用阿拉伯数字',
      description: '发文字号的年份、发文顺序号用（半角）阿拉伯数字标注，不用汉字数字或全角数字。',
    },
    (doc) =>
      docNumberScan(doc, /〔([〇零一二三四五六七八九OＯ０-９]{4})〕/dg, (m) => ({
        start: groupStart(m, 1),
        end: groupEnd(m, 1),
        message: '发文字号年份应用半角阿拉伯数字',
        suggestion: toArabicDigits(m[1]!),
      })),
  ),
  format(
    {
      id: 'format.doc-number.spaces',
      level: 'must-fix',
      source: `${SRC.gb9704} 7.2.5`,
      title: '发文字号内不留空格',
      description: '发文字号由机关代字、年份、顺序号连续组成，中间不加空格。',
    },
    (doc) =>
      docNumberScan(doc, new RegExp(`[${HAN}](〔\\s*\\d{4}\\s*〕\\s*\\d+\\s*号)`, 'dg'), (m) => {
        if (!/\s/.test(m[1]!)) return undefined
        return {
          start: groupStart(m, 1),
          end: groupEnd(m, 1),
          message: '发文字号中间不应有空格',
          suggestion: m[1]!.replace(/\s+/g, ''),
        }
      }),
  ),
]
