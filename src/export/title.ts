/**
 * 标题 over several lines (GB/T 9704 7.3.1): “回行时，要做到词意完整，排列对称，长短适宜，间距恰当，
 * 标题排列应当使用梯形或菱形。” A 2号 line holds 20 characters of the 156 mm 版心. Lines break where
 * a phrase ends (after 关于…的 phrases, 、和与及 joins), never inside a run of digits or Latin, and the
 * shape is a trapezoid (lines grow or shrink steadily) or, for three or more, a diamond (the middle
 * longest); an hourglass is never chosen when another shape fits.
 */

/** Width in characters: a digit or Latin letter is half a character. */
export const widthOf = (s: string) => [...s].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? 0.5 : 1), 0)

export const TITLE_LINE_CHARS = 20

/** Good places to break after (phrase ends) and before (the 文种 and the 关于 that opens a subject). */
const BREAK_AFTER = /[、，和与及的等于在对中里上下年度]$/
const BREAK_BEFORE = /^(?:关于|的(?:通知|请示|报告|意见|通报|批复|函|决定|公告|通告|纪要|调研报告|讲话))/

function breakCost(text: string, at: number): number {
  const before = text.slice(0, at)
  const after = text.slice(at)
  // Never inside digits/Latin, nor before closing or after opening punctuation.
  if (/[0-9A-Za-z]$/.test(before) && /^[0-9A-Za-z]/.test(after)) return Infinity
  if (/^[，。、；：）」》”’〕]/.test(after) || /[（「《“‘〔]$/.test(before)) return Infinity
  // Inside a 《书名》 the name would read as two.
  const open = (before.match(/《/g)?.length ?? 0) - (before.match(/》/g)?.length ?? 0)
  if (open > 0) return 12
  if (BREAK_BEFORE.test(after)) return 0
  if (/[、，]$/.test(before)) return 0
  if (BREAK_AFTER.test(before)) return 1
  if (/[》”）]$/.test(before)) return 1
  return 8
}

function shapeCost(widths: number[]): number {
  const n = widths.length
  if (widths.some((w) => w > TITLE_LINE_CHARS)) return Infinity
  let cost = 0
  // Even-ish lines read best; a much shorter last line looks orphaned.
  const max = Math.max(...widths)
  for (const w of widths) cost += (max - w) * 0.3
  if (n === 2) return cost
  const increasing = widths.every((w, i) => i === 0 || w >= widths[i - 1]!)
  const decreasing = widths.every((w, i) => i === 0 || w <= widths[i - 1]!)
  const peak = widths.indexOf(max)
  const diamond = widths.slice(0, peak + 1).every((w, i, a) => i === 0 || w >= a[i - 1]!) && widths.slice(peak).every((w, i, a) => i === 0 || w <= a[i - 1]!)
  if (!(increasing || decreasing || diamond)) cost += 50
  return cost
}

/** The title's lines: one when it fits, else the best-shaped split at phrase ends. */
export function titleLines(title: string, lineChars = TITLE_LINE_CHARS): string[] {
  const text = title.trim()
  const total = widthOf(text)
  if (total <= lineChars) return [text]
  const chars = [...text]
  const minLines = Math.ceil(total / lineChars)
  let best: { cost: number; lines: string[] } = { cost: Infinity, lines: [] }
  for (let n = minLines; n <= Math.min(minLines + 1, chars.length); n++) {
    // Dynamic programming over break positions: cost(prefix up to j in k lines).
    const cost: number[][] = Array.from({ length: n + 1 }, () => new Array(chars.length + 1).fill(Infinity))
    const from: number[][] = Array.from({ length: n + 1 }, () => new Array(chars.length + 1).fill(-1))
    cost[0]![0] = 0
    const ideal = total / n
    for (let k = 1; k <= n; k++) {
      for (let j = 1; j <= chars.length; j++) {
        for (let i = k - 1; i < j; i++) {
          if (cost[k - 1]![i] === Infinity) continue
          const line = chars.slice(i, j).join('')
          const w = widthOf(line)
          if (w > lineChars) continue
          const brk = j === chars.length ? 0 : breakCost(text, chars.slice(0, j).join('').length)
          const c = cost[k - 1]![i]! + brk * 2 + Math.abs(w - ideal) * 0.5
          if (c < cost[k]![j]!) {
            cost[k]![j] = c
            from[k]![j] = i
          }
        }
      }
    }
    if (cost[n]![chars.length] === Infinity) continue
    const cuts: number[] = []
    for (let k = n, j = chars.length; k > 0; k--) {
      cuts.unshift(j)
      j = from[k]![j]!
    }
    const lines = cuts.map((end, idx) => chars.slice(idx === 0 ? 0 : cuts[idx - 1], end).join(''))
    const total2 = cost[n]![chars.length]! + shapeCost(lines.map(widthOf)) + (n - minLines) * 3
    if (total2 < best.cost) best = { cost: total2, lines }
  }
  return best.lines.length ? best.lines : [text]
}
