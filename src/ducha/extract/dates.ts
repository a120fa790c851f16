/**
 * Deadlines as 纪要、讲话 and 通知 write them (“6月底前”“年内”“11月15日前”“每季度”“10个工作日内”),
 * resolved against the date the text was issued (baseDate). Pure: no clock, no I/O.
 */

export const RECURRENCES = ['weekly', 'monthly', 'quarterly', 'semester', 'yearly'] as const
export type Recurrence = (typeof RECURRENCES)[number]

export interface ParsedDeadline {
  /** YYYY-MM-DD, or null when the text names a rhythm or a season without a date. */
  deadline: string | null
  recurrence: Recurrence | null
  /** Offsets of the phrase within the text given to parseDeadline. */
  start: number
  end: number
  phrase: string
}

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/** 1–99 in Arabic or Chinese numerals (十五, 二十, 两). */
export function numberOf(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s)
  if (s === '十') return 10
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s)
  if (m) return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0)
  if (s.length === 1 && s in CN_DIGITS) return CN_DIGITS[s]!
  return null
}

interface Ymd {
  y: number
  m: number
  d: number
}

const pad = (n: number) => String(n).padStart(2, '0')
export const formatYmd = ({ y, m, d }: Ymd) => `${y}-${pad(m)}-${pad(d)}`
export function parseYmd(s: string): Ymd {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  return { y, m, d }
}
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()
const toDate = ({ y, m, d }: Ymd) => new Date(Date.UTC(y, m - 1, d))
const fromDate = (t: Date): Ymd => ({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() })
const before = (a: Ymd, b: Ymd) => formatYmd(a) < formatYmd(b)

export function addDays(base: string, days: number): string {
  const t = toDate(parseYmd(base))
  t.setUTCDate(t.getUTCDate() + days)
  return formatYmd(fromDate(t))
}

function addMonths(b: Ymd, months: number): Ymd {
  const idx = b.m - 1 + months
  const y = b.y + Math.floor(idx / 12)
  const m = (idx % 12) + 1
  return { y, m, d: Math.min(b.d, lastDay(y, m)) }
}

/** Working days count Monday to Friday; public holidays are not known here and are not skipped. */
function addWorkingDays(b: Ymd, n: number): Ymd {
  const t = toDate(b)
  while (n > 0) {
    t.setUTCDate(t.getUTCDate() + 1)
    const day = t.getUTCDay()
    if (day !== 0 && day !== 6) n--
  }
  return fromDate(t)
}

const quarterEnd = (y: number, q: number): Ymd => ({ y, m: q * 3, d: lastDay(y, q * 3) })

/** A month-and-day without a year that falls before the base date means next year's. */
function rolled(target: Ymd, base: Ymd, explicitYear: boolean): Ymd {
  return !explicitYear && before(target, base) ? { ...target, y: target.y + 1 } : target
}

const MONTH = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])'
const DAY = '(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])'
const YEAR = '(?:(明年|今年|(\\d{4})年))?'
const BY = '(?:之前|以前|前|为止|止)'

type Rule = { re: RegExp; resolve: (m: RegExpExecArray, base: Ymd) => Omit<ParsedDeadline, 'start' | 'end' | 'phrase'> | null }

function yearOf(m: RegExpExecArray, base: Ymd): { y: number; explicit: boolean } {
  if (m[2]) return { y: Number(m[2]), explicit: true }
  if (m[1] === '明年') return { y: base.y + 1, explicit: true }
  if (m[1] === '今年') return { y: base.y, explicit: true }
  return { y: base.y, explicit: false }
}

const once = (d: Ymd | null) => ({ deadline: d ? formatYmd(d) : null, recurrence: null })

/** Most specific first: the first rule that matches at the earliest position wins. */
const RULES: Rule[] = [
  {
    // 每月5日前: monthly, first due on the next 5th.
    re: new RegExp(`每月${DAY}[日号]${BY}?`),
    resolve: (m, base) => {
      const d = numberOf(m[1]!)
      if (!d || d > 31) return null
      let t: Ymd = { y: base.y, m: base.m, d: Math.min(d, lastDay(base.y, base.m)) }
      if (!before(base, t)) t = addMonths({ ...t, d }, 1)
      return { deadline: formatYmd(t), recurrence: 'monthly' }
    },
  },
  {
    re: new RegExp(`${YEAR}${MONTH}月${DAY}[日号]${BY}`),
    resolve: (m, base) => {
      const { y, explicit } = yearOf(m, base)
      const mo = numberOf(m[3]!)
      const d = numberOf(m[4]!)
      if (!mo || mo > 12 || !d || d > lastDay(y, mo)) return null
      return once(rolled({ y, m: mo, d }, base, explicit))
    },
  },
  {
    re: new RegExp(`${YEAR}${MONTH}月(上旬|中旬|下旬|底|末|份)${BY}?`),
    resolve: (m, base) => {
      const { y, explicit } = yearOf(m, base)
      const mo = numberOf(m[3]!)
      if (!mo || mo > 12) return null
      const d = m[4] === '上旬' ? 10 : m[4] === '中旬' ? 20 : lastDay(y, mo)
      return once(rolled({ y, m: mo, d }, base, explicit))
    },
  },
  {
    re: /(明年)?(?:第?([一二三四1-4])季度)(?:末|底)?(?:之前|以前|前)?/,
    resolve: (m, base) => {
      const q = numberOf(m[2]!)!
      const y = m[1] ? base.y + 1 : base.y
      return once(rolled(quarterEnd(y, q), base, !!m[1]))
    },
  },
  {
    re: /(明年)?(上半年|下半年)/,
    resolve: (m, base) => {
      const y = m[1] ? base.y + 1 : base.y
      return once(m[2] === '上半年' ? { y, m: 6, d: 30 } : { y, m: 12, d: 31 })
    },
  },
  {
    re: /每(周|星期|月|季度|季|半年|年|学期)/,
    resolve: (m, base) => {
      switch (m[1]) {
        case '周':
        case '星期': {
          const day = toDate(base).getUTCDay()
          return { deadline: addDays(formatYmd(base), day === 0 ? 0 : 7 - day), recurrence: 'weekly' }
        }
        case '月':
          return { deadline: formatYmd({ ...base, d: lastDay(base.y, base.m) }), recurrence: 'monthly' }
        case '季度':
        case '季':
          return { deadline: formatYmd(quarterEnd(base.y, Math.ceil(base.m / 3))), recurrence: 'quarterly' }
        case '半年':
          return { deadline: formatYmd(base.m <= 6 ? { y: base.y, m: 6, d: 30 } : { y: base.y, m: 12, d: 31 }), recurrence: 'semester' }
        case '学期':
          // School terms do not follow the calendar; the office sets the first date by hand.
          return { deadline: null, recurrence: 'semester' }
        default:
          return { deadline: formatYmd({ y: base.y, m: 12, d: 31 }), recurrence: 'yearly' }
      }
    },
  },
  {
    re: /([0-9]+|[一二两三四五六七八九十]+)(个工作日|个?星期|周|天|日|个月)内/,
    resolve: (m, base) => {
      const n = numberOf(m[1]!)
      if (!n) return null
      switch (m[2]) {
        case '个工作日':
          return once(addWorkingDays(base, n))
        case '个月':
          return once(addMonths(base, n))
        case '周':
        case '星期':
        case '个星期':
          return { deadline: addDays(formatYmd(base), 7 * n), recurrence: null }
        default:
          return { deadline: addDays(formatYmd(base), n), recurrence: null }
      }
    },
  },
  {
    // Holidays with a fixed solar date; 春节 and 中秋 move with the lunar calendar and are left to people.
    re: /(国庆节?|元旦|五一|秋季开学|春季开学)(?:之前|以前|前)/,
    resolve: (m, base) => {
      const fixed: Record<string, Ymd> = {
        国庆: { y: base.y, m: 9, d: 30 },
        国庆节: { y: base.y, m: 9, d: 30 },
        元旦: { y: base.y, m: 12, d: 31 },
        五一: { y: base.y, m: 4, d: 30 },
        秋季开学: { y: base.y, m: 8, d: 31 },
        春季开学: { y: base.y, m: 2, d: 28 },
      }
      return once(rolled(fixed[m[1]!]!, base, false))
    },
  },
  {
    // 全年 only where it is the measure of a target (确保全年…、完成全年…), not in “做好全年工作”.
    re: /(明年)?(?:年内|年底之?前|年底|年末|今年内|本年度内|(?:确保|完成)全年|全年目标)/,
    resolve: (m, base) => once({ y: m[1] ? base.y + 1 : base.y, m: 12, d: 31 }),
  },
]

/** The first deadline phrase in `text`, resolved against `baseDate` (YYYY-MM-DD). */
export function parseDeadline(text: string, baseDate: string): ParsedDeadline | null {
  const base = parseYmd(baseDate)
  let best: ParsedDeadline | null = null
  for (const rule of RULES) {
    const m = rule.re.exec(text)
    if (!m || (best && m.index >= best.start)) continue
    const r = rule.resolve(m, base)
    if (r) best = { ...r, start: m.index, end: m.index + m[0].length, phrase: m[0] }
  }
  return best
}
