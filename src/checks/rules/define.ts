/** Small helpers the rule files share: how a rule is declared and how a pattern is scanned. */
import { CN_DIGITS } from '../doc'
import type { CheckDoc, FieldName, Hit, Rule, RuleMeta } from '../types'

export const SRC = {
  gb9704: 'GB/T 9704-2012《党政机关公文格式》',
  tiaoli: '《党政机关公文处理工作条例》',
  gb15835: 'GB/T 15835-2011《出版物上数字用法》',
  gb15834: 'GB/T 15834-2011《标点符号用法》',
  yixingci: '《第一批异形词整理表》',
  dictionary: '《现代汉语词典》（第7版）',
  xinhua: '《新华社新闻信息报道中的禁用词和慎用词》（2016年7月修订）',
  office: '本办公室审校规则',
  lexicon: '本办公室词库',
  compose: '文辅起草溯源规则',
} as const

export function defineRule(meta: RuleMeta, check: (doc: CheckDoc) => Hit[]): Rule {
  return { ...meta, check }
}

/** Where `word` stands in `text`, left to right, without overlaps. */
export function* occurrences(text: string, word: string): Generator<number> {
  if (!word) return
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + word.length)) yield i
}

/** Runs a global regex over `text` (offsets shifted by `base`) and collects what `fn` makes of each match. */
export function scan(
  text: string,
  re: RegExp,
  fn: (m: RegExpExecArray) => Hit | Hit[] | undefined | null | false,
  base = 0,
): Hit[] {
  const out: Hit[] = []
  const g = re.global ? re : new RegExp(re.source, `${re.flags}g`)
  g.lastIndex = 0
  for (let m = g.exec(text); m; m = g.exec(text)) {
    if (m[0] === '') g.lastIndex++
    const r = fn(m)
    if (!r) continue
    for (const h of Array.isArray(r) ? r : [r]) out.push({ ...h, start: h.start + base, end: h.end + base })
  }
  return out
}

/** The text plus, when given, a field value: rules on 发文字号 or dates check both alike. */
export function targets(doc: CheckDoc, field?: FieldName): { text: string; field?: FieldName }[] {
  const out: { text: string; field?: FieldName }[] = [{ text: doc.text }]
  const v = field ? doc.fields[field] : undefined
  if (typeof v === 'string' && v && !doc.text.includes(v)) out.push({ text: v, field })
  return out
}

/** Offset of capture group `n` of a match (requires the `d` flag). */
export function groupStart(m: RegExpExecArray, n: number): number {
  return m.indices?.[n]?.[0] ?? m.index
}
export function groupEnd(m: RegExpExecArray, n: number): number {
  return m.indices?.[n]?.[1] ?? m.index + m[0].length
}

export const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff'
export const isHan = (ch: string | undefined) => !!ch && /[\u3400-\u4dbf\u4e00-\u9fff]/.test(ch)

/** A year as people type it, in Arabic digits: Chinese numerals (零 and the letter O for 〇) or full-width digits. */
export function toArabicDigits(year: string): string {
  return [...year]
    .map((c) => {
      const i = CN_DIGITS.indexOf(c)
      if (i >= 0) return String(i)
      if (/[零OoＯ]/.test(c)) return '0'
      if (c >= '０' && c <= '９') return String.fromCharCode(c.charCodeAt(0) - 0xfee0)
      return c
    })
    .join('')
}
