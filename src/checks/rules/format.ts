/** 格式: GB/T 9704-2012 elements — 发文字号, 成文日期, 结构层次序数, 标题, 主送, 附件说明, 抄送. */
import { GONGWEN_GENRES } from '../../db/schema'
import { chineseToNumber, TITLE_GENRE } from '../doc'
import type { CheckDoc, Hit, Rule, Span } from '../types'
import { defineRule, groupEnd, groupStart, HAN, scan, SRC, targets } from './define'

const format = (meta: Omit<Parameters<typeof defineRule>[0], 'category'>, check: Rule['check']) =>
  defineRule({ ...meta, category: 'format' }, check)

// ---------------------------------------------------------------- 发文字号 (GB/T 9704 7.2.5)

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

const docNumberRules: Rule[] = [
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
      docNumberScan(doc, /〔([〇零一二三四五六七八九OＯ０-９]{4})〕/dg, (m) => {
        const digits = [...m[1]!].map((c) => {
          const i = '〇一二三四五六七八九'.indexOf(c)
          if (i >= 0) return String(i)
          if (c === '零' || c === 'O' || c === 'Ｏ') return '0'
          return String.fromCharCode(c.charCodeAt(0) - 0xfee0)
        })
        return {
          start: groupStart(m, 1),
          end: groupEnd(m, 1),
          message: '发文字号年份应用半角阿拉伯数字',
          suggestion: digits.join(''),
        }
      }),
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

// ---------------------------------------------------------------- 成文日期、印发日期 (7.3.5.4, 7.4.3)

const dateLines = (doc: CheckDoc): Span[] => [doc.signDateLine, doc.printDateLine].filter((l): l is Span => !!l)

const CN_YEAR = '〇零一二三四五六七八九OoＯ0'
function parseChineseDate(s: string): { y: string; m: number; d: number } | undefined {
  const r = new RegExp(`^([${CN_YEAR}]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日`).exec(s)
  if (!r) return undefined
  const y = [...r[1]!].map((c) => (/[零Oo0Ｏ]/.test(c) ? '0' : String('〇一二三四五六七八九'.indexOf(c)))).join('')
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

const dateRules: Rule[] = [
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

// ---------------------------------------------------------------- 结构层次序数 (7.3.3)

const LEVEL_MARK = ['', '一、', '（一）', '1.', '（1）']

const headingRules: Rule[] = [
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

// ---------------------------------------------------------------- 标题 (7.3.1), 主送 (7.3.2)

function titleTarget(doc: CheckDoc): { span: Span; field?: 'title' } | undefined {
  if (doc.title) return { span: doc.title }
  if (doc.fields.title) return { span: { start: 0, end: doc.fields.title.length, text: doc.fields.title }, field: 'title' }
  return undefined
}

const withField = (h: Hit, field?: 'title'): Hit => (field ? { ...h, field } : h)

const titleRules: Rule[] = [
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

// ---------------------------------------------------------------- 附件说明 (7.3.4)

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

const attachmentRules: Rule[] = [
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

// ---------------------------------------------------------------- 版记: 抄送 (7.4.2), 附注 (7.3.6), 密级

const ccRules: Rule[] = [
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

export const formatRules: Rule[] = [...docNumberRules, ...dateRules, ...headingRules, ...titleRules, ...attachmentRules, ...ccRules]
