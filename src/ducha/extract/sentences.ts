/** Splitting a text into clauses with their offsets: a 纪要's tasks are sentences or ；-separated items. */

export interface Clause {
  text: string
  start: number
  end: number
}

const BOUNDARY = /[。！？；!?;\n]/

/** Clauses of `text` with their offsets, trimmed of spaces; empty pieces are dropped. */
export function splitClauses(text: string): Clause[] {
  const out: Clause[] = []
  let start = 0
  const push = (end: number) => {
    let s = start
    let e = end
    while (s < e && /\s/.test(text[s]!)) s++
    while (e > s && /\s/.test(text[e - 1]!)) e--
    if (e > s) out.push({ text: text.slice(s, e), start: s, end: e })
  }
  for (let i = 0; i < text.length; i++) {
    if (BOUNDARY.test(text[i]!)) {
      push(i)
      start = i + 1
    }
  }
  push(text.length)
  return out
}

/** Leading ordinals and framing (一、 二是 第三， 会议要求， 会议决定，) that are not the task itself. */
const LEADS = [
  /^[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*/,
  /^(?:第[一二三四五六七八九十]+|[一二三四五六七八九十]+是|[一二三四五六七八九十]+要)[，、：:]?\s*/,
  /^(?:会议|会上|常务会议)?(?:要求|决定|明确|强调|议定)[，、：:]\s*/,
  /^(?:[\p{Script=Han}]{2,6})?批示[：:]\s*/u,
]

/** The clause without its leading ordinal and framing words; returns how much was cut. */
export function stripLead(text: string): { text: string; cut: number } {
  let cut = 0
  let rest = text
  for (let changed = true; changed; ) {
    changed = false
    for (const re of LEADS) {
      const m = re.exec(rest)
      if (m && m[0].length < rest.length) {
        cut += m[0].length
        rest = rest.slice(m[0].length)
        changed = true
      }
    }
  }
  return { text: rest, cut }
}
