/** 重复: doubled characters and words outside reduplication, repeated phrases and sentences. */
import type { CheckDoc, Hit, Rule } from '../types'
import { defineRule, HAN, scan, SRC } from './define'

const repetition = (meta: Omit<Parameters<typeof defineRule>[0], 'category'>, check: Rule['check']) =>
  defineRule({ ...meta, category: 'repetition' }, check)

/** Whether `s` is a word of the 错别字 model's dictionary (jieba, frequency ≥ 5), which lives in the
 * checker Worker: the rules that ask are `needsModel` and run only with its answer (model-facts.ts). */
type IsWord = (s: string) => boolean
const dictionary = (doc: CheckDoc): IsWord => (s) => doc.model?.words.has(s) ?? false

/** AABB (方方面面、认认真真) and ABB forms are reduplication, not a slip. */
function isReduplication(text: string, i: number): boolean {
  const [a, b, c, d, e] = [text[i - 2], text[i - 1], text[i], text[i + 1], text[i + 2]]
  // text[i] === text[i+1] is the doubled pair
  if (d === e && e !== undefined && text[i + 3] !== e) return true // AABB, pair is AA
  if (a === b && a !== undefined) return true // pair is BB of AABB
  void c
  return false
}

/** Doubled characters that are words or a numeral pattern (一一、三三两两). */
const DOUBLE_ALLOW = new Set(['一一', '三三', '两两', '万万', '千千', '世世', '代代', '生生', '年年', '月月', '日日', '天天', '人人', '家家', '户户', '时时', '处处', '事事', '步步', '层层', '节节', '条条', '件件', '个个', '项项', '点点', '滴滴', '刚刚', '常常', '渐渐', '往往', '纷纷', '默默', '稍稍', '仅仅', '久久', '紧紧', '牢牢', '深深', '切切', '实实', '真真', '明明', '多多', '好好', '慢慢', '早早', '轻轻', '悄悄', '静静', '频频', '屡屡', '累累', '历历', '谢谢', '妈妈', '爸爸', '爷爷', '奶奶', '哥哥', '姐姐', '弟弟', '妹妹', '宝宝', '星星', '娃娃', '冉冉', '熊熊', '滚滚', '浩浩', '荡荡', '赫赫', '堂堂', '彬彬', '孜孜', '兢兢', '业业', '津津', '念念', '侃侃', '洋洋', '匆匆', '茫茫', '蒸蒸', '欣欣', '勃勃', '井井', '落落', '楚楚', '熙熙', '攘攘', '芸芸', '种种', '样样', '桩桩', '块块', '级级'])

/** Whether the first copy ends a word ("上海|海关") and/or the second begins one. */
function wordEdges(isDictionaryWord: IsWord, text: string, i: number): { firstEndsWord: boolean; secondStartsWord: boolean } {
  let firstEndsWord = false
  let secondStartsWord = false
  for (let k = 2; k <= 4; k++) {
    if (i - k + 1 >= 0 && isDictionaryWord(text.slice(i - k + 1, i + 1))) firstEndsWord = true
    if (isDictionaryWord(text.slice(i + 1, i + 1 + k))) secondStartsWord = true
  }
  return { firstEndsWord, secondStartsWord }
}

/** A particle doubled at a word edge is fine: "目的|的", "为了|了解". */
function particleIsLegal(isDictionaryWord: IsWord, text: string, i: number): boolean {
  const e = wordEdges(isDictionaryWord, text, i)
  return e.firstEndsWord || e.secondStartsWord
}

/** A content character doubled is fine only when both copies belong to words: "上海|海关". */
function doubleIsLegal(isDictionaryWord: IsWord, text: string, i: number): boolean {
  const e = wordEdges(isDictionaryWord, text, i)
  return e.firstEndsWord && e.secondStartsWord
}

const FUNCTION_CHARS = '的在是和与及对把将被从地得'

function sentences(doc: CheckDoc): { start: number; end: number; key: string }[] {
  const out: { start: number; end: number; key: string }[] = []
  const re = /[^。！？；\n]+[。！？；]?/g
  for (const m of doc.text.matchAll(re)) {
    const raw = m[0]
    const lead = raw.length - raw.trimStart().length
    const s = raw.trim()
    const key = s.replace(/^(?:#{1,6}\s*)?(?:[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、])/, '').replace(/[\s。！？；，、]/g, '')
    if ([...key].length < 12) continue
    out.push({ start: m.index + lead, end: m.index + lead + s.length, key })
  }
  return out
}

/**
 * Sentences in order, with the key they are compared by (without spaces and the final mark). A
 * sentence ends at 。！？；, at a line end, or at a !?; mark; its span includes the mark.
 */
function sentenceRuns(text: string): { start: number; end: number; key: string }[] {
  const out: { start: number; end: number; key: string }[] = []
  for (const m of text.matchAll(/[^。！？；!?;\n]+[。！？；!?;]*/g)) {
    const raw = m[0]
    const lead = raw.length - raw.trimStart().length
    const s = raw.trim()
    if (!s) continue
    out.push({ start: m.index + lead, end: m.index + lead + s.length, key: s.replace(/[\s。！？；!?;]+/g, '') })
  }
  return out
}

/** A sentence written twice in a row (a paste slip): the second copy, with `min`..`max` Han characters. */
function doubledSentences(doc: CheckDoc, min: number, max: number): Hit[] {
  const out: Hit[] = []
  const runs = sentenceRuns(doc.text)
  for (let i = 1; i < runs.length; i++) {
    const a = runs[i - 1]!
    const b = runs[i]!
    const han = (b.key.match(new RegExp(`[${HAN}]`, 'g')) ?? []).length
    if (!b.key || a.key !== b.key || han < min || han > max) continue
    // Only within one paragraph, or across a line break with nothing else between the copies.
    if (/\n\s*\n/.test(doc.text.slice(a.end, b.start))) continue
    out.push({ start: a.end, end: b.end, message: `这句话紧接着重复了一遍：“${b.key.slice(0, 20)}${b.key.length > 20 ? '…' : ''}”`, suggestion: '' })
  }
  return out
}

export const repetitionRules: Rule[] = [
  repetition(
    {
      id: 'repetition.function-word',
      level: 'must-fix',
      source: `${SRC.tiaoli} 第二十条（四）：文字是否规范`,
      title: '虚词重复',
      description: '“的的”“在在”“是是”等虚词误重复（“的的确确”“实实在在”等叠用、“目的的”等词语相连除外）。',
      needsModel: true,
    },
    (doc) =>
      scan(doc.text, new RegExp(`([${FUNCTION_CHARS}])\\1`, 'g'), (m) => {
        const i = m.index
        if (isReduplication(doc.text, i) || particleIsLegal(dictionary(doc), doc.text, i)) return undefined
        return { start: i, end: i + 2, message: `“${m[1]}”重复`, suggestion: m[1]! }
      }),
  ),
  repetition(
    {
      id: 'repetition.char',
      level: 'suspect',
      source: `${SRC.tiaoli} 第二十条（四）：文字是否规范`,
      title: '汉字重复',
      description: '同一汉字连写两次、既不成词也不是叠用（如“发展展”“工作作风风”）。',
      needsModel: true,
    },
    (doc) => {
      const isDictionaryWord = dictionary(doc)
      return scan(doc.text, new RegExp(`([${HAN}])\\1`, 'g'), (m) => {
        const i = m.index
        if (FUNCTION_CHARS.includes(m[1]!) || DOUBLE_ALLOW.has(m[0]) || isDictionaryWord(m[0])) return undefined
        if (isReduplication(doc.text, i) || doubleIsLegal(isDictionaryWord, doc.text, i)) return undefined
        return { start: i, end: i + 2, message: `“${m[1]}”字重复`, suggestion: m[1]! }
      })
    },
  ),
  repetition(
    {
      id: 'repetition.word',
      level: 'suspect',
      source: `${SRC.tiaoli} 第二十条（四）：文字是否规范`,
      title: '词语重复',
      description: '同一词语紧接着重复，如“进一步进一步”“加强加强”。',
      needsModel: true,
    },
    (doc) =>
      scan(doc.text, new RegExp(`([${HAN}]{2,6})\\1`, 'g'), (m) => {
        const w = m[1]!
        if (/^一/.test(w) || new Set(w).size === 1) return undefined
        if (w.length === 2 && !dictionary(doc)(w)) return undefined
        if (/^(?:研究|讨论|商量|考虑|学习|休息|活动|锻炼|检查|打听|了解|体验|尝试|比较|交流|思考|琢磨|看看|试试|说说|想想)$/.test(w)) return undefined
        return { start: m.index + w.length, end: m.index + 2 * w.length, message: `“${w}”重复`, suggestion: '' }
      }),
  ),
  repetition(
    {
      id: 'repetition.sentence',
      level: 'suspect',
      source: `${SRC.tiaoli} 第十九条（三）“内容简洁……文字精练”`,
      title: '句子重复',
      description: '同一句话（12 字以上）在文中出现两次。',
    },
    (doc) => {
      const seen = new Map<string, number>()
      const out: Hit[] = []
      for (const s of sentences(doc)) {
        const first = seen.get(s.key)
        if (first === undefined) seen.set(s.key, s.start)
        else out.push({ start: s.start, end: s.end, message: `这句话与前文（第 ${first} 字处）重复` })
      }
      return out
    },
  ),
  repetition(
    {
      id: 'repetition.sentence-doubled',
      level: 'must-fix',
      source: `${SRC.tiaoli} 第二十条（四）：文字是否规范`,
      title: '句子紧接着重复',
      description: '同一句话（6 个汉字以上）紧接着又写了一遍，多为复制粘贴失误；修改建议为删去第二遍。',
    },
    (doc) => doubledSentences(doc, 6, Infinity),
  ),
  repetition(
    {
      id: 'repetition.sentence-doubled-short',
      level: 'suspect',
      source: `${SRC.tiaoli} 第二十条（四）：文字是否规范`,
      title: '短句紧接着重复',
      description: '不足 6 个汉字的同一句话紧接着重复（讲话中“干！干！”一类的强调除外，请人工判断）。',
    },
    (doc) => doubledSentences(doc, 1, 5),
  ),
]
