/**
 * The elements of a 公文 (GB/T 9704-2012 §7) recognised in rebuilt paragraphs: 版头 (发文机关标志,
 * 发文字号, 签发人), title, 主送, 成文日期 and 版记 (抄送, 印发机关和印发日期). What is recognised fills
 * the precedent's fields; the body keeps everything from the title on, as the document reads.
 */
import type { LaidParagraph } from './layout'

export interface Recognised {
  title?: string
  issuer?: string
  docNumber?: string
  date?: string
  recipients?: string
  cc?: string
  printedBy?: string
  printDate?: string
}

export const DOC_NUMBER = /[\p{Script=Han}]{1,12}〔(\d{4})〕\d{1,5}号/u
const CN_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/
const CN_NUMERAL_DATE = /([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日/
const ORGAN_MARK = /^(.{2,40}?)(?:文件|文\s*件)$/
const DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

function cnNumber(s: string): number {
  if (s.includes('十')) {
    const [a, b] = s.split('十')
    return (a ? DIGIT[a]! : 1) * 10 + (b ? DIGIT[b]! : 0)
  }
  return [...s].reduce((n, c) => n * 10 + DIGIT[c]!, 0)
}

/** 2026年3月1日 or 二〇二六年三月一日 → 2026-03-01. */
export function isoDateOf(s: string): string | undefined {
  const m = CN_DATE.exec(s)
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  const c = CN_NUMERAL_DATE.exec(s)
  if (c) return `${cnNumber(c[1]!)}-${String(cnNumber(c[2]!)).padStart(2, '0')}-${String(cnNumber(c[3]!)).padStart(2, '0')}`
  return undefined
}

const isDateLine = (t: string) => t.replace(/\s/g, '').length <= 16 && !!isoDateOf(t) && /日$/.test(t.trim())
const compact = (s: string) => s.replace(/[\s\u3000]+/g, '')

/** Splits the paragraphs into the 版头 (dropped from the body) and the rest; fills what it finds. */
export function recogniseOfficial(paragraphs: LaidParagraph[]): { fields: Recognised; body: LaidParagraph[] } {
  const f: Recognised = {}
  let i = 0
  // 版头: within the first few paragraphs, before the title.
  for (; i < Math.min(paragraphs.length, 6); i++) {
    const t = compact(paragraphs[i]!.text)
    const organ = ORGAN_MARK.exec(t)
    const num = DOC_NUMBER.exec(t)
    if (organ && !f.issuer && t.length <= 40) f.issuer = organ[1]
    else if (num && !f.docNumber && t.length <= 60) f.docNumber = num[0]
    else if (/^(?:签发人|份号|特急|加急|平急|特提)/.test(t)) continue
    else break
  }
  const header = i
  // The title: consecutive standalone paragraphs in the same larger type, or one short line.
  let titleEnd = header
  const first = paragraphs[header]
  if (first && first.standalone) {
    titleEnd = header + 1
    while (titleEnd < paragraphs.length && paragraphs[titleEnd]!.standalone && Math.abs(paragraphs[titleEnd]!.size - first.size) < 0.5) {
      if (/[：:]$/.test(paragraphs[titleEnd]!.text)) break
      titleEnd++
    }
  } else if (first && [...first.text].length <= 60 && !/[。；：]$/.test(first.text)) titleEnd = header + 1
  if (titleEnd > header) f.title = paragraphs.slice(header, titleEnd).map((p) => p.text.trim()).join('')
  const body = paragraphs.slice(titleEnd)
  const recipient = body[0]?.text.trim()
  if (recipient && /[：:]$/.test(recipient) && [...recipient].length <= 120) f.recipients = recipient.replace(/[：:]$/, '')
  // 版记 and 成文日期, from the end.
  for (let k = body.length - 1; k >= Math.max(0, body.length - 8); k--) {
    const t = body[k]!.text.trim()
    const cc = /^抄\s*送\s*[：:](.+)$/.exec(t)
    const printed = /^(.+?)[\s\u3000]+(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发$/.exec(t)
    if (cc && !f.cc) f.cc = cc[1]!.replace(/[。.]$/, '').trim()
    else if (printed && !f.printedBy) {
      f.printedBy = compact(printed[1]!)
      f.printDate = isoDateOf(printed[2]!)
    } else if (!f.date && isDateLine(t)) {
      f.date = isoDateOf(t)
      // The 发文机关署名 just above the date, when no 发文机关标志 named the issuer.
      const above = body[k - 1]?.text.trim()
      if (!f.issuer && above && above.length <= 30 && !/[。；，：]/.test(above)) f.issuer = compact(above)
    }
  }
  if (!f.issuer && f.printedBy) f.issuer = f.printedBy
  if (!f.date && f.printDate) f.date = f.printDate
  return { fields: f, body }
}
