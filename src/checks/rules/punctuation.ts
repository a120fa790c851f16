/** 标点符号: GB/T 15834-2011 (the 序次语 and nesting rules are in punctuation-ordinal.ts). */
import type { CheckDoc, Hit, Rule } from '../types'
import { defineRule, HAN, scan, SRC } from './define'

/** Words that begin with 等 (等价交换, 等级): a 顿号 before them is an ordinary list separator. */
const DENG_WORDS = '价|级|同|额|量|于|候|待|距|高|边|效|比|差|腰|值|式|离子|次|速|温|压|线|位'

export const punct = (meta: Omit<Parameters<typeof defineRule>[0], 'category'>, check: Rule['check']) =>
  defineRule({ ...meta, category: 'punctuation' }, check)

const between = (marks: string) => new RegExp(`(?<=[${HAN}])[ \\t]*[${marks}][ \\t]*(?=[${HAN}“‘《（])`, 'g')

function halfWidth(id: string, mark: string, full: string, name: string, re: RegExp): Rule {
  return punct(
    {
      id,
      level: 'must-fix',
      source: `${SRC.gb15834} 3（中文用全角标点）`,
      title: `汉字之间用全角${name}`,
      description: `中文句子里的半角“${mark}”应改为全角“${full}”。`,
    },
    (doc) => scan(doc.text, re, (m) => ({ start: m.index, end: m.index + m[0].length, message: `汉字之间应用全角${name}“${full}”`, suggestion: full })),
  )
}

/** Paragraph-local stack check for a pair of marks. */
function unbalanced(doc: CheckDoc, open: string, close: string): { stray: Hit[]; unclosed: Hit[] } {
  const stray: Hit[] = []
  const unclosed: Hit[] = []
  for (const l of doc.lines) {
    if (!l.text.includes(open) && !l.text.includes(close)) continue
    const stack: number[] = []
    for (let i = 0; i < l.text.length; i++) {
      const ch = l.text[i]
      if (ch === open) stack.push(l.start + i)
      else if (ch === close) {
        if (stack.length) stack.pop()
        else stray.push({ start: l.start + i, end: l.start + i + 1, message: '' })
      }
    }
    for (const at of stack) unclosed.push({ start: at, end: at + 1, message: '' })
  }
  return { stray, unclosed }
}

/** Line-start enumerations like "1）" are a (non-standard) numbering, not an unbalanced bracket. */
const isEnumerationParen = (doc: CheckDoc, at: number) => {
  const line = doc.lines.find((l) => l.start <= at && at < l.end)
  return !!line && /^[ \t\u3000]*\d{1,2}$/.test(doc.text.slice(line.start, at))
}

export const punctuationRules: Rule[] = [
  halfWidth('punctuation.half-width.comma', ',', '，', '逗号', between(',')),
  halfWidth('punctuation.half-width.semicolon', ';', '；', '分号', between(';')),
  halfWidth('punctuation.half-width.colon', ':', '：', '冒号', new RegExp(`(?<=[${HAN}])[ \\t]*:(?!//)[ \\t]*(?=[${HAN}“《\\d]|$)`, 'gm')),
  halfWidth('punctuation.half-width.question', '?', '？', '问号', new RegExp(`(?<=[${HAN}])\\?`, 'g')),
  halfWidth('punctuation.half-width.exclamation', '!', '！', '叹号', new RegExp(`(?<=[${HAN}])!`, 'g')),
  halfWidth('punctuation.half-width.period', '.', '。', '句号', new RegExp(`(?<=[${HAN}])\\.(?=[${HAN}]|[ \\t]*$)`, 'gm')),
  punct(
    {
      id: 'punctuation.half-width.paren',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.9`,
      title: '中文括注用全角括号',
      description: '括号里有汉字时用全角圆括号“（）”。',
    },
    (doc) => {
      const headingStarts = new Set(doc.headings.map((h) => h.start))
      return scan(doc.text, new RegExp(`\\(([^()\\n]*[${HAN}][^()\\n]*)\\)`, 'g'), (m) =>
        headingStarts.has(m.index) ? undefined : { start: m.index, end: m.index + m[0].length, message: '中文括注应用全角括号“（）”', suggestion: `（${m[1]}）` },
      )
    },
  ),
  punct(
    {
      id: 'punctuation.half-width.quote',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.8`,
      title: '中文引号用“”',
      description: '中文里用弯引号“”，不用直引号"…"。',
    },
    (doc) =>
      scan(doc.text, new RegExp(`"([^"\\n]*[${HAN}][^"\\n]*)"`, 'g'), (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: '中文应使用引号“”',
        suggestion: `“${m[1]}”`,
      })),
  ),
  punct(
    {
      id: 'punctuation.half-width.single-quote',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.8`,
      title: '中文单引号用‘’',
      description: "中文里的单引号用‘’，不用直引号'…'。",
    },
    (doc) =>
      scan(doc.text, new RegExp(`(?<![A-Za-z])'([^'\\n]*[${HAN}][^'\\n]*)'`, 'g'), (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: '中文单引号应使用‘’',
        suggestion: `‘${m[1]}’`,
      })),
  ),
  punct(
    {
      id: 'punctuation.pair.quote-close',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.8`,
      title: '后引号前缺少前引号',
      description: '段落中出现“””而前面没有对应的“““。',
    },
    (doc) => unbalanced(doc, '“', '”').stray.map((h) => ({ ...h, message: '这个后引号没有对应的前引号' })),
  ),
  punct(
    {
      id: 'punctuation.pair.quote-open',
      level: 'suspect',
      source: `${SRC.gb15834} 4.8`,
      title: '前引号没有配对的后引号',
      description: '段落结束时引号未关闭（跨段引用时，只有最后一段末尾用后引号，可忽略）。',
    },
    (doc) => unbalanced(doc, '“', '”').unclosed.map((h) => ({ ...h, message: '这个前引号在本段内没有对应的后引号' })),
  ),
  punct(
    {
      id: 'punctuation.pair.book-title',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.15`,
      title: '书名号不成对',
      description: '“《”与“》”在同一行内应成对出现。',
    },
    (doc) => {
      const r = unbalanced(doc, '《', '》')
      return [...r.stray, ...r.unclosed].map((h) => ({ ...h, message: '书名号不成对' }))
    },
  ),
  punct(
    {
      id: 'punctuation.pair.paren',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.9`,
      title: '括号不成对',
      description: '“（”与“）”在同一段内应成对出现。',
    },
    (doc) => {
      const r = unbalanced(doc, '（', '）')
      return [...r.stray.filter((h) => !isEnumerationParen(doc, h.start)), ...r.unclosed].map((h) => ({ ...h, message: '括号不成对' }))
    },
  ),
  punct(
    {
      id: 'punctuation.ellipsis.form',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.11`,
      title: '省略号写作“……”',
      description: '省略号是两个“…”（六个点），不用“...”“。。。”或单个“…”。',
    },
    (doc) =>
      scan(doc.text, /\.{3,}|。{3,}|(?<!…)(?:…|…{3}|…{5,7}|…{9,11})(?!…)|⋯+/g, (m) => {
        if (/^\.+$/.test(m[0]) && /\d$/.test(doc.text.slice(m.index - 1, m.index)) && /^\d/.test(doc.text.slice(m.index + m[0].length))) return undefined
        return { start: m.index, end: m.index + m[0].length, message: '省略号应写作“……”', suggestion: '……' }
      }),
  ),
  punct(
    {
      id: 'punctuation.ellipsis.deng',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.11（省略号后不再用“等”）`,
      title: '省略号后不加“等”',
      description: '“……等”意思重复，删去“等”或省略号。',
    },
    (doc) =>
      scan(doc.text, /(?<=……)(等等|等)/g, (m) => ({ start: m.index, end: m.index + m[0].length, message: '省略号后不再用“等”', suggestion: '' })),
  ),
  punct(
    {
      id: 'punctuation.dash.form',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.10`,
      title: '破折号写作“——”',
      description: '破折号占两个字的位置，写作“——”，不用“--”“－－”。',
    },
    (doc) =>
      scan(doc.text, new RegExp(`(?<=^[ \\t\\u3000]*|[${HAN}，。”）][ \\t]*)(?:-{2,}|－{2,}|—-|-—)(?=[ \\t]*[${HAN}“（])`, 'gm'), (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: '破折号应写作“——”',
        suggestion: '——',
      })),
  ),
  punct(
    {
      id: 'punctuation.doubled',
      level: 'must-fix',
      source: `${SRC.gb15834}（标点符号不叠用）`,
      title: '标点符号重复',
      description: '“，，”“；；”“、、”“。。”等重复的标点。',
    },
    (doc) =>
      scan(doc.text, /([，；：、！？])\1+|(?<!。)。。(?!。)/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: `标点“${m[0][0]}”重复`,
        suggestion: m[0][0]!,
      })),
  ),
  punct(
    {
      id: 'punctuation.conflict',
      level: 'must-fix',
      source: `${SRC.gb15834}（点号不连用）`,
      title: '两个点号连用',
      description: '“，。”“；。”“、，”等两个点号连用，保留后一个。',
    },
    (doc) =>
      scan(doc.text, /[，、；：]+(?=[。！？；])|、+(?=[，；：])/g, (m) => ({
        start: m.index,
        end: m.index + m[0].length,
        message: `“${m[0]}”与后面的标点连用，应删去`,
        suggestion: '',
      })),
  ),
  punct(
    {
      id: 'punctuation.dunhao.between-quotes',
      level: 'hint',
      source: `${SRC.gb15834} 4.5.3.5（并列的引号、书名号之间通常不用顿号）`,
      title: '并列的书名号、引号之间通常不用顿号',
      description: '“《A》、《B》”一般写作“《A》《B》”。',
    },
    (doc) => scan(doc.text, /(?<=[》”])、(?=[《“])/g, (m) => ({ start: m.index, end: m.index + 1, message: '并列的书名号、引号之间通常不用顿号', suggestion: '' })),
  ),
  punct(
    {
      id: 'punctuation.dunhao.before-deng',
      level: 'must-fix',
      source: `${SRC.gb15834} 4.5（“等”前不用顿号）`,
      title: '“等”前不用顿号',
      description: '“A、B、等”应写作“A、B等”。',
    },
    // “等”开头的词（按劳分配、等价交换）不是助词“等”
    (doc) => scan(doc.text, new RegExp(`、(?=等(?!${DENG_WORDS}))`, 'g'), (m) => ({ start: m.index, end: m.index + 1, message: '“等”前不用顿号', suggestion: '' })),
  ),
  punct(
    {
      id: 'punctuation.space.between-han',
      level: 'suspect',
      source: `${SRC.gb15834}；公文排版规范（正文中不用空格调整字距）`,
      title: '汉字之间有空格',
      description: '正文汉字之间出现空格（名单中为对齐姓名而加的空格除外）。',
    },
    (doc) =>
      scan(doc.text, new RegExp(`(?<=[${HAN}，。；：、])[ \\u3000]+(?=[${HAN}])`, 'g'), (m) => {
        const line = doc.lines.find((l) => l.start <= m.index && m.index < l.end)
        if (line && (line.text.match(/[ \u3000]+/g)?.length ?? 0) >= 3) return undefined
        if (line && doc.lines.indexOf(line) <= 3 && doc.title && line.start === doc.title.start) return undefined
        return { start: m.index, end: m.index + m[0].length, message: '汉字之间不应有空格', suggestion: '' }
      }),
  ),
]
