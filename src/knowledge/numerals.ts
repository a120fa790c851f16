/**
 * Chinese numerals ↔ Arabic digits for search. Reports write "百分之十八点五" where a person types
 * "18.5%", and "1100万" where a person says "一千一百万": the index and the query both carry the
 * Arabic form of every Chinese numeral, so the two meet. Only valid numerals of two or more
 * characters count (a lone 十 or 千 is usually a word: 十分, 千方百计).
 */
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }
const NUMERAL = /[零〇一二两三四五六七八九十百千点]{2,}|百分之[零〇一二两三四五六七八九十百千点]+/gu

/** Parses 零–九千九百九十九 with an optional 点-fraction; null when it is not a well-formed numeral. */
export function parseChineseNumber(s: string): string | null {
  const [int, frac, extra] = s.split('点')
  if (extra !== undefined || int === undefined) return null
  let value = 0
  let digit: number | null = null
  let lastUnit = Infinity
  const chars = [...int]
  if (!chars.length) return null
  // Plain digit strings (二〇二三) read digit by digit.
  if (chars.every((c) => c in DIGITS) && chars.length > 1) value = Number(chars.map((c) => DIGITS[c]).join(''))
  else {
    for (const c of chars) {
      if (c in DIGITS) {
        if (digit !== null && digit !== 0) return null
        digit = DIGITS[c]!
      } else if (c in UNITS) {
        const unit = UNITS[c]!
        if (unit >= lastUnit) return null
        value += (digit ?? (unit === 10 ? 1 : NaN)) * unit
        if (Number.isNaN(value)) return null
        digit = null
        lastUnit = unit
      } else return null
    }
    if (digit) value += digit
  }
  if (frac === undefined) return String(value)
  const fracDigits = [...frac].map((c) => DIGITS[c])
  if (!fracDigits.length || fracDigits.some((d) => d === undefined)) return null
  return `${value}.${fracDigits.join('')}`
}

/** The Arabic forms of the Chinese numerals in `text`, space-separated ("" when there are none). */
export function numeralVariants(text: string): string {
  const out: string[] = []
  for (const m of text.matchAll(NUMERAL)) {
    const body = m[0].replace(/^百分之/, '')
    const n = parseChineseNumber(body)
    if (n !== null) out.push(n)
  }
  return out.join(' ')
}
