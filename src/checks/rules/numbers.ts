/** 数字用法: GB/T 15835-2011 (and GB/T 15834-2011 4.13 for the range marks). */
import { chineseToNumber, numberToChinese } from '../doc'
import type { Rule } from '../types'
import { defineRule, groupEnd, groupStart, scan, SRC } from './define'

const numbers = (meta: Omit<Parameters<typeof defineRule>[0], 'category'>, check: Rule['check']) =>
  defineRule({ ...meta, category: 'numbers' }, check)

/** 二〇二四 → 2024 (〇 and 零 both read as 0). */
function chineseYear(s: string): string {
  return [...s].map((c) => (c === '〇' || c === '零' ? '0' : String('一二三四五六七八九'.indexOf(c) + 1))).join('')
}

export const numberRules: Rule[] = [
  numbers(
    {
      id: 'numbers.date.mixed-forms',
      level: 'must-fix',
      source: `${SRC.gb15835} “同类别同形式”（不写为“二〇〇八年8月8日”）`,
      title: '同一日期不混用汉字数字和阿拉伯数字',
      description: '一个日期中的年、月、日用同一种数字形式，如“2024年3月5日”或“二〇二四年三月五日”，不写“二〇二四年3月5日”。',
    },
    (doc) => [
      ...scan(doc.text, /([〇零一二三四五六七八九]{4})年(\d{1,2})月(?:(\d{1,2})日)?/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: '同一日期中汉字数字与阿拉伯数字混用',
        suggestion: `${chineseYear(m[1]!)}年${Number(m[2])}月${m[3] ? `${Number(m[3])}日` : ''}`,
      })),
      ...scan(doc.text, /(?<!\d)(\d{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?/g, (m) => {
        const month = chineseToNumber(m[2]!)
        const day = m[3] ? chineseToNumber(m[3]) : undefined
        if (!(month >= 1 && month <= 12) || (day !== undefined && !(day >= 1 && day <= 31))) return undefined
        return {
          start: m.index,
          end: m.index + m[0].length,
          message: '同一日期中阿拉伯数字与汉字数字混用',
          suggestion: `${m[1]}年${month}月${day !== undefined ? `${day}日` : ''}`,
        }
      }),
    ],
  ),
  numbers(
    {
      id: 'numbers.year.abbreviated',
      level: 'must-fix',
      source: `${SRC.gb15835}（年份不能简写，“1990年”不写为“90年”）`,
      title: '年份不简写',
      description: '公历年份写全，“2024年3月”不写作“24年3月”。',
    },
    (doc) =>
      scan(doc.text, /(?<![\d.〔（(\-—～~])(\d{2})年(?=\d{1,2}月)/dg, (m) => ({
        start: groupStart(m, 1),
        end: groupEnd(m, 1),
        message: `年份“${m[1]}年”简写了，应写全（四位）`,
      })),
  ),
  numbers(
    {
      id: 'numbers.range.percent',
      level: 'must-fix',
      source: `${SRC.gb15835}（“15%～30%”不写为“15～30%”）`,
      title: '百分数范围前后都加%',
      description: '表示百分数范围时，前后两个数都加“%”。',
    },
    (doc) =>
      scan(doc.text, /(?<![\d.%])(\d+(?:\.\d+)?)(\s*[～~—–-]\s*)(\d+(?:\.\d+)?)%/g, (m) => ({
        start: m.index,
        end: m.index + m[1]!.length,
        message: `百分数范围前一个数也要加“%”：“${m[1]}%${m[2]}${m[3]}%”`,
        suggestion: `${m[1]}%`,
      })),
  ),
  numbers(
    {
      id: 'numbers.range.unit',
      level: 'must-fix',
      source: `${SRC.gb15835}（“9亿～16亿”不写为“9～16亿”）`,
      title: '数值范围前后的“万”“亿”不省略',
      description: '用“万”“亿”作单位的数值范围，前后两个数都带“万”“亿”，避免歧义。',
    },
    (doc) =>
      scan(doc.text, /(?<![\d.万亿])(\d+(?:\.\d+)?)(\s*[～~—–-]\s*)(\d+(?:\.\d+)?)(万亿|万|亿)/g, (m) => ({
        start: m.index,
        end: m.index + m[1]!.length,
        message: `数值范围前一个数也要带“${m[4]}”：“${m[1]}${m[4]}${m[2]}${m[3]}${m[4]}”`,
        suggestion: `${m[1]}${m[4]}`,
      })),
  ),
  numbers(
    {
      id: 'numbers.range.half-width-tilde',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.13（浪纹线“～”为全角）`,
      title: '数值范围用全角浪纹线“～”',
      description: '数值范围用全角浪纹线“～”，不用半角“~”。',
    },
    (doc) =>
      scan(doc.text, /(?<=\d[%万亿]?)\s*~\s*(?=\d)/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: '数值范围应用全角浪纹线“～”',
        suggestion: '～',
      })),
  ),
  numbers(
    {
      id: 'numbers.range.year-hyphen',
      // 4.13.3.2 says the range “一般用一字线，也可用浪纹线”: a wording with 一般 is not a certainty
      level: 'suspect',
      source: `${SRC.gb15834} 4.13（起止时间用一字线“—”）`,
      title: '起止年份用一字线“—”',
      description: '“2023-2025年”应写作“2023—2025年”；短横线“-”只用于“2011-02-15”这类日期写法和编号。',
    },
    (doc) =>
      scan(doc.text, /(?<!\d)((?:19|20)\d{2})(\s*[-－–]\s*)((?:19|20)\d{2})(?=年)/dg, (m) => ({
        start: groupStart(m, 2),
        end: groupEnd(m, 2),
        message: '起止年份之间应用一字线“—”',
        suggestion: '—',
      })),
  ),
  numbers(
    {
      id: 'numbers.range.date-hyphen',
      // 4.13.3.2 says the range “一般用一字线，也可用浪纹线”: a wording with 一般 is not a certainty
      level: 'suspect',
      source: `${SRC.gb15834} 4.13（“2011年2月3日—10日”）`,
      title: '起止日期用一字线“—”',
      description: '“3月1日-10日”应写作“3月1日—10日”。',
    },
    (doc) =>
      scan(doc.text, /(?<=[日月])(\s*[-－–]\s*)(?=\d{1,2}[日月]|\d{4}年)/dg, (m) => ({
        start: groupStart(m, 1),
        end: groupEnd(m, 1),
        message: '起止日期之间应用一字线“—”',
        suggestion: '—',
      })),
  ),
  numbers(
    {
      id: 'numbers.approx.dunhao',
      level: 'hint',
      source: `${SRC.gb15834} 4.5.3.6（相邻两数字连用表示概数通常不用顿号）；${SRC.gb15835}`,
      title: '概数的两个数字之间不用顿号',
      description: '“七、八个”一般写作“七八个”。',
    },
    (doc) =>
      scan(doc.text, /(?<![第\d一二三四五六七八九十])([一二三四五六七八九])、([二三四五六七八九十])(?=[十百千万]?[个人天年次家名项条件位岁倍所台辆吨元户里米公小分秒])/g, (m) => {
        const a = chineseToNumber(m[1]!)
        const b = chineseToNumber(m[2]!)
        if (b !== a + 1) return undefined
        return { start: m.index, end: m.index + 3, message: `表示概数时“${m[1]}、${m[2]}”之间一般不用顿号`, suggestion: `${m[1]}${m[2]}` }
      }),
  ),
  numbers(
    {
      id: 'numbers.full-width-digit',
      level: 'suspect',
      source: `${SRC.gb15835}；排版通行规范（阿拉伯数字用半角，标准未明文规定，故不列为必改）`,
      title: '阿拉伯数字用半角',
      description: '全角数字“０１２３”应改为半角“0123”。',
    },
    (doc) =>
      scan(doc.text, /[０-９]+(?:[．.][０-９]+)?/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: '阿拉伯数字应用半角',
        suggestion: m[0].replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace('．', '.'),
      })),
  ),
  numbers(
    {
      id: 'numbers.year.letter-o',
      level: 'must-fix',
      source: `${SRC.gb15835}（汉字数字年份中的“〇”）`,
      title: '汉字年份中的“〇”不写成字母O或数字0',
      description: '“二O二四年”“二0二四年”中的“O”“0”应为汉字“〇”。',
    },
    (doc) =>
      scan(doc.text, /[〇零一二三四五六七八九OoＯ0０]{4}(?=年)/g, (m) => {
        if (!/[OoＯ0０]/.test(m[0]) || !/[一二三四五六七八九]/.test(m[0])) return undefined
        return {
          start: m.index,
          end: m.index + m[0].length,
          message: '汉字数字年份中的零应写作“〇”',
          suggestion: m[0].replace(/[OoＯ0０]/g, '〇'),
        }
      }),
  ),
  numbers(
    {
      id: 'numbers.year.ling',
      level: 'suspect',
      source: `${SRC.gb15835}（“〇”用于编号、年份，“零”用于计量）`,
      title: '汉字年份中用“〇”不用“零”',
      description: '“二零二四年”一般写作“二〇二四年”（公文中宜直接用“2024年”）。',
    },
    (doc) =>
      scan(doc.text, /[〇零一二三四五六七八九]{4}(?=年)/g, (m) => {
        if (!m[0].includes('零')) return undefined
        return { start: m.index, end: m.index + m[0].length, message: '年份中的零应写作“〇”', suggestion: m[0].replace(/零/g, '〇') }
      }),
  ),
  numbers(
    {
      id: 'numbers.decimal.leading-zero',
      level: 'must-fix',
      source: `${SRC.gb15835}（纯小数保留整数位“0”）`,
      title: '纯小数不省略“0”',
      description: '“.5”应写作“0.5”。',
    },
    (doc) =>
      scan(doc.text, /(?<![\d.\w．…])\.(\d+)(?=[%个万亿元倍\u4e00-\u9fff\s，。；]|$)/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: '纯小数应保留整数位“0”',
        suggestion: `0${m[0]}`,
      })),
  ),
  numbers(
    {
      id: 'numbers.session.arabic',
      level: 'must-fix',
      source: `${SRC.gb15835}（“十一届全国人大一次会议”不写为“11届全国人大1次会议”）`,
      title: '届次、会次用汉字数字',
      description: '“十九届四中全会”“十四届全国人大一次会议”等固定提法用汉字数字。',
    },
    (doc) => [
      ...scan(doc.text, /(?<![\d.])(\d{1,2})(届)(?=(?:全国|中央|省|市|区|县|[\u4e00-\u9fff]{0,6}?)(?:人大|政协|党代会|人民代表大会|中央委员会|纪委|[一二三四五六七八九十\d]+中全会|\d+次会议))/g, (m) => {
        const n = Number(m[1])
        if (n < 1 || n > 99) return undefined
        return { start: m.index, end: m.index + m[1]!.length, message: `届次应用汉字数字“${numberToChinese(n)}届”`, suggestion: numberToChinese(n) }
      }),
      ...scan(doc.text, /(?<![\d.])(\d{1,2})(?=中全会|次全体会议|次全会)/g, (m) => {
        const n = Number(m[1])
        if (n < 1 || n > 99) return undefined
        return { start: m.index, end: m.index + m[1]!.length, message: `会次应用汉字数字“${numberToChinese(n)}”`, suggestion: numberToChinese(n) }
      }),
    ],
  ),
  numbers(
    {
      id: 'numbers.decrease.times',
      level: 'suspect',
      source: '数字用法通行规范（减少不用“倍”）',
      title: '减少、降低不用“倍”',
      description: '“降低2倍”“减少3倍”不合逻辑，减少应用百分数或分数表示。',
    },
    (doc) =>
      scan(doc.text, /(?:降低|减少|下降|缩小|减低|压缩)了?\s*(?:\d+(?:\.\d+)?|[一二三四五六七八九十两半]+)\s*倍/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: `“${m[0]}”不合逻辑：减少、降低不用“倍”，宜用百分数`,
      })),
  ),
  numbers(
    {
      id: 'numbers.date.leading-zero',
      level: 'suspect',
      source: `${SRC.gb9704} 7.3.5.4（月、日不编虚位）；${SRC.gb15835}`,
      title: '正文日期的月、日不编虚位',
      description: '正文中的“2024年03月05日”一般写作“2024年3月5日”。',
    },
    (doc) =>
      scan(doc.text, /(?<=\d{4}年)(0)(?=[1-9]月)|(?<=月)(0)(?=[1-9]日)/g, (m) => {
        const l = doc.signDateLine
        const p = doc.printDateLine
        if ((l && m.index >= l.start && m.index < l.end) || (p && m.index >= p.start && m.index < p.end)) return undefined
        return { start: m.index, end: m.index + 1, message: '日期的月、日不编虚位', suggestion: '' }
      }),
  ),
  numbers(
    {
      id: 'numbers.approx.redundant',
      level: 'suspect',
      source: '数字用法通行规范（概数词不叠用）',
      title: '“约”“左右”“近”“余”不叠用',
      description: '“约10人左右”“近20余家”等概数词重复，保留一个即可。',
    },
    (doc) => [
      ...scan(doc.text, /(?:约|大约|大概)\s*\d+(?:\.\d+)?[万亿]?[\u4e00-\u9fff%]{0,3}?左右/g, (m) => ({ start: m.index, end: m.index + m[0].length, message: '“约”与“左右”叠用，保留一个' })),
      ...scan(doc.text, /近\s*\d+(?:\.\d+)?余/g, (m) => ({ start: m.index, end: m.index + m[0].length, message: '“近”与“余”叠用，意思矛盾' })),
    ],
  ),
  numbers(
    {
      id: 'numbers.over.redundant',
      level: 'hint',
      source: '数字用法通行规范（“超过”“以上”不叠用）',
      title: '“超过……以上”语义重复',
      description: '“超过80%以上”中“超过”与“以上”重复。',
    },
    (doc) =>
      scan(doc.text, /(?:超过|高于|多于)\s*\d+(?:\.\d+)?[%万亿]?[\u4e00-\u9fff]{0,3}?以上/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: '“超过”与“以上”语义重复，保留一个',
      })),
  ),
  numbers(
    {
      id: 'numbers.percent.mixed',
      level: 'must-fix',
      source: `${SRC.gb15835}（同类别同形式）`,
      title: '“百分之”后不接阿拉伯数字',
      description: '“百分之20”应写作“20%”或“百分之二十”。',
    },
    (doc) =>
      scan(doc.text, /百分之\s*(\d+(?:\.\d+)?)/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: '“百分之”与阿拉伯数字混用',
        suggestion: `${m[1]}%`,
      })),
  ),
  numbers(
    {
      id: 'numbers.time.full-width-colon',
      level: 'hint',
      source: `${SRC.gb15835}（时刻“15:40”用半角冒号）`,
      title: '时刻中用半角冒号',
      description: '“15：40”一般写作“15:40”或“15时40分”。',
    },
    (doc) =>
      scan(doc.text, /(?<!\d)([01]?\d|2[0-3])：([0-5]\d)(?!\d)/dg, (m) => ({
        start: m.index + m[1]!.length,
        end: m.index + m[1]!.length + 1,
        message: '时刻中的冒号一般用半角“:”',
        suggestion: ':',
      })),
  ),
]
