import { AppError } from '../core/errors'

/**
 * 涉密不上网: text bearing a 密级 mark (GB/T 9704 7.2.2: 绝密/机密/秘密, with ★ and 保密期限) is
 * refused at ingest. Only the mark's forms are matched, so prose that merely mentions 国家秘密 or
 * 秘密策划 passes.
 */
const PERIOD = String.raw`(?:\s*\d+\s*(?:年|个月|天))?`
const MARKS: RegExp[] = [
  new RegExp(String.raw`(绝密|机密|秘密)\s*[★☆]${PERIOD}`, 'u'),
  // An ASCII * standing in for ★ only counts at the start of a line: Markdown emphasis such as
  // **保守国家秘密** is prose.
  new RegExp(String.raw`^\s*(绝密|机密|秘密)\s*\*(?!\*)${PERIOD}`, 'mu'),
  /^\s*(绝密|机密|秘密)\s*(?:[★☆]?\s*\d+\s*(?:年|个月|天))?\s*$/mu,
  /密\s*级\s*[：:]\s*(绝密|机密|秘密)/u,
]

export function findClassificationMark(text: string): string | null {
  for (const re of MARKS) {
    const m = re.exec(text)
    if (m) return m[0].trim()
  }
  return null
}

/** Throws VALIDATION naming the mark when `text` is marked classified. */
export function assertUnclassified(text: string, what: string): void {
  const mark = findClassificationMark(text)
  if (mark) {
    throw new AppError('VALIDATION', `${what}带有密级标志“${mark}”，涉密内容不得录入本系统（涉密不上网）`, {
      reason: 'classified',
      mark,
    })
  }
}
