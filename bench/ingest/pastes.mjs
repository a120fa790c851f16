// Short pastes out of PDFs and web pages (two or three printed lines), and short texts whose line
// breaks are real, built from the government work reports (shared/data/corpora). The case set is
// written once to bench/ingest/data/pastes.json (`--write`) and then only read: the detector was
// tuned on the "tune" half (reports with an even index); the "held-out" half (odd index) is scored
// with `--held-out`, which was run once at the end (docs/checks.md).
//
//   node bench/ingest/pastes.mjs --write       build the case set (deterministic)
//   node bench/ingest/pastes.mjs [--held-out] [--label L] [--examples N]
//                                              false alarms on the tune half (or both halves), kept
//                                              under `runs[L]` of bench/results/ingest-pastes.json
//
// Positives (kind "paste"): a run of whole sentences of one paragraph, hard-wrapped at a width PDFs
// and web pages use (26–40 characters), two or three lines with a short last line; variants with a
// first-line indent, CRLF, trailing spaces, a page-number line ("— 3 —") at the page break or at
// the end. The truth is the same run of sentences on one line: any issue on the paste that the one
// line does not have is a false alarm, any issue of the one line the paste lacks is a miss.
// Negatives (kind "real"): a 序次语 heading, an unnumbered subheading, a report title or a 标题 then
// 主送机关, list items, a sentence ending a paragraph — each followed by a line of the next paragraph;
// variants with a real unmatched bracket on each line. The truth is the lines as separate paragraphs
// (a blank line between them): a difference is a break wrongly taken for a soft wrap.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { normalise } from '../checks/false-alarms.mjs'
import { RESULTS } from '../checks/lib.mjs'
import { ROOT, SHARED } from '../checks/split.mjs'

const CASES = path.join(ROOT, 'bench/ingest/data/pastes.json')
const WIDTHS = [26, 28, 30, 32, 34, 36, 38, 40]
const OPEN = '（“《‘〔【'
const CLOSE = '）”》’〕】'
const FINAL = /[。！？；：]$/
const SEQ = /^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．](?!\d)|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百零〇]+[章节条部分])/

function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function readReports() {
  return readFileSync(path.join(SHARED, 'data/corpora/government_work_reports.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .map((r) => ({ title: r.title, paras: normalise(r.content.split(/本作品是|本作品来自/)[0].trim()).split('\n').map((p) => p.trim()).filter(Boolean) }))
}

/** Offsets in `p` (code points) where a sentence starts: 0 and after 。！？；. */
function sentenceStarts(chars) {
  const out = [0]
  chars.forEach((ch, i) => {
    if ('。！？；'.includes(ch) && i + 1 < chars.length && !CLOSE.includes(chars[i + 1])) out.push(i + 1)
  })
  return out
}

/** Whether a bracket or quote opened before `at` is still open there (it spans a break at `at`). */
function pairSpans(chars, at) {
  const stack = []
  for (let i = 0; i < at; i++) {
    const o = OPEN.indexOf(chars[i])
    const c = CLOSE.indexOf(chars[i])
    if (o >= 0) stack.push(o)
    else if (c >= 0 && stack[stack.length - 1] === c) stack.pop()
  }
  return stack.length > 0
}

const wrapLines = (chars, width, indent) => {
  const all = indent ? ['\u3000', '\u3000', ...chars] : chars
  const out = []
  for (let i = 0; i < all.length; i += width) out.push(all.slice(i, i + width).join(''))
  return out
}

/** Decorates printed lines as a paste does: CRLF, trailing spaces, a page-number line. */
function decorate(lines, rand, label) {
  const v = []
  let ls = [...lines]
  if (rand() < 0.3) {
    ls = ls.map((l, i) => (i < ls.length - 1 ? `${l}${' '.repeat(1 + Math.floor(rand() * 3))}` : l))
    v.push('trailing-spaces')
  }
  const r = rand()
  if (r < 0.2) {
    const page = `— ${1 + Math.floor(rand() * 30)} —`
    const at = 1 + Math.floor(rand() * (ls.length - 1))
    ls.splice(at, 0, page)
    v.push('page-number-between')
  } else if (r < 0.3) {
    ls.push(`— ${1 + Math.floor(rand() * 30)} —`)
    v.push('page-number-after')
  }
  const crlf = rand() < 0.3
  if (crlf) v.push('crlf')
  return { text: ls.join(crlf ? '\r\n' : '\n'), variants: [label, ...v] }
}

function pastes(report, rand, half, out) {
  const want = { 2: { pair: 3, plain: 2 }, 3: { pair: 2, plain: 1 } }
  const paras = report.paras.filter((p) => p.length >= 40 && FINAL.test(p) && !SEQ.test(p))
  for (const n of [2, 3]) {
    for (const kind of ['pair', 'plain']) {
      let made = 0
      for (let tries = 0; tries < 400 && made < want[n][kind]; tries++) {
        const p = paras[Math.floor(rand() * paras.length)]
        if (!p) break
        const chars = [...p]
        const width = WIDTHS[Math.floor(rand() * WIDTHS.length)]
        const indent = rand() < 0.25
        const starts = sentenceStarts(chars)
        const s = starts[Math.floor(rand() * starts.length)]
        const ends = [...starts.slice(1), chars.length].filter((e) => e > s)
        const lo = (n - 1) * width
        const fits = ends.filter((e) => {
          const len = e - s + (indent ? 2 : 0)
          // the last line short: under 70 % of the width, at least two characters
          return len > lo + 1 && len - lo <= Math.floor(width * 0.7)
        })
        if (!fits.length) continue
        const e = fits[Math.floor(rand() * fits.length)]
        const run = chars.slice(s, e)
        const lines = wrapLines(run, width, indent)
        const breaks = lines.slice(0, -1).map((_, i) => (i + 1) * width - (indent ? 2 : 0))
        const spans = breaks.some((b) => pairSpans(run, b))
        if ((kind === 'pair') !== spans) continue
        if (lines.some((l) => /^[，。、；：！？）》”’]/.test(l))) continue
        const { text, variants } = decorate(lines, rand, indent ? 'indent' : 'no-indent')
        out.push({ id: `${half}-${out.length}`, half, kind: 'paste', group: `${n}-lines-${kind}`, width, variants, text, truth: run.join('') })
        made++
      }
    }
  }
}

function reals(report, rand, half, out) {
  const ps = report.paras
  const push = (group, lines, variants = []) => out.push({ id: `${half}-${out.length}`, half, kind: 'real', group, variants, text: lines.join('\n'), truth: lines.join('\n\n') })
  const firstLine = (p, max) => {
    const chars = [...p]
    const cut = Math.min(chars.length, max)
    return chars.slice(0, cut).join('')
  }
  const withErrors = (a, b) => {
    const ac = [...a]
    const bc = [...b]
    const i = 2 + Math.floor(rand() * Math.max(1, ac.length - 4))
    const j = 1 + Math.floor(rand() * Math.max(1, bc.length - 3))
    const k = Math.floor(rand() * 3)
    ac.splice(i, 0, OPEN[k])
    bc.splice(j, 0, CLOSE[k])
    return [ac.join(''), bc.join('')]
  }
  const after = (i) => ps.slice(i + 1).find((p) => p.length >= 10 && !SEQ.test(p))
  const pick = (pred) => {
    const idx = ps.map((p, i) => (pred(p) ? i : -1)).filter((i) => i >= 0)
    return idx.length ? idx[Math.floor(rand() * idx.length)] : -1
  }
  const next = (i, shortTail) => {
    const n = after(i)
    if (!n) return null
    const width = WIDTHS[Math.floor(rand() * WIDTHS.length)]
    // the next paragraph's first printed line, or (adversarial) just its first sentence when short
    const first = [...n].slice(0, sentenceStarts([...n])[1] ?? n.length).join('')
    return shortTail && first.length <= width ? first : firstLine(n, width)
  }
  const cases = [
    ['seq-heading', (p) => SEQ.test(p) && p.length <= 40 && !FINAL.test(p)],
    ['subheading', (p) => !SEQ.test(p) && p.length >= 12 && p.length <= 40 && !FINAL.test(p)],
    ['sentence-end', (p) => FINAL.test(p) && p.length >= 26 && p.length <= 40],
  ]
  for (const [group, pred] of cases) {
    for (let t = 0; t < 2; t++) {
      const i = pick(pred)
      if (i < 0) continue
      const b = next(i, t === 1)
      if (!b) continue
      push(group, [ps[i], b], [t === 1 ? 'short-second-line' : 'full-second-line'])
      push(group, withErrors(ps[i], b), ['unmatched-bracket-each-line'])
    }
  }
  // the report's title and its 主送 ("各位代表："), and a 标题 of a notice with a 主送机关 line
  const recipient = ps.find((p) => /^各位代表[：:]$/.test(p)) ?? '各位代表：'
  push('title-recipient', [report.title, recipient])
  const topic = ps.find((p) => /^[一二三四五六七八九十]{1,3}、/.test(p) && p.length <= 20)?.replace(/^[一二三四五六七八九十]{1,3}、/, '') ?? '政府工作'
  push('title-recipient', [`关于做好${topic}有关工作的通知`, '各区人民政府，市政府各委、办、局：'])
  push('title-recipient', withErrors(`关于印发${topic}实施方案的通知`, '各区人民政府：'), ['unmatched-bracket-each-line'])
  // list items, each a clause of the corpus
  const clauses = ps.flatMap((p) => p.split(/[。；]/)).map((c) => c.replace(/^[，、\s]+/, '')).filter((c) => c.length >= 8 && c.length <= 36 && !/[（“《‘）”》’]/.test(c))
  for (let t = 0; t < 2 && clauses.length > 2; t++) {
    const a = clauses[Math.floor(rand() * clauses.length)]
    const b = clauses[Math.floor(rand() * clauses.length)]
    push('list', [`1.${a}；`, `2.${b}。`])
    push('list', [`（1）${a}`, `（2）${b}`], ['no-punctuation'])
    push('list', withErrors(`1.${a}`, `2.${b}`), ['no-punctuation', 'unmatched-bracket-each-line'])
  }
}

export function buildCases() {
  const out = []
  readReports().forEach((r, i) => {
    const half = i % 2 ? 'held-out' : 'tune'
    const rand = rng(1000 + i)
    pastes(r, rand, half, out)
    reals(r, rand, half, out)
  })
  return out.map((c, i) => ({ ...c, id: `${c.half}-${i}` }))
}

/** The cases, as written by --write. */
export const readCases = () => JSON.parse(readFileSync(CASES, 'utf8'))

// An issue is the same issue when its rule and excerpt are: spaces, line breaks and a page number
// the excerpt spans ("— 26 —", which the checks skip but the excerpt, from the text as given, keeps) aside.
const PAGE = /\r?\n\s*[—–\-－]{1,2}\s*\d{1,4}\s*[—–\-－]{1,2}\s*(?=\r?\n)/g
const key = (i) => `${i.ruleId}|${i.excerpt.replace(PAGE, '').replace(/\s/g, '')}`

/**
 * Negatives that the detector joins, read one by one. A few are not real breaks: the scrape of the
 * corpus cut a paragraph before its 。 or in mid-sentence, so the "heading" the generator took is
 * the first half of a sentence and joining is right. Every other joined negative counts as wrong.
 */
const ARTEFACTS = [
  { match: /^[^\n]*\n[，。、；：！？）》”’]/, note: '语料抓取把句号断到了下一段开头，行首标点本来就要接上' },
  { match: /造成这种\n现象的原因|关于学徒学习的\n期限/, note: '语料中一段话被断成两段，第一段不是标题' },
]
const artefactOf = (c) => ARTEFACTS.find((a) => a.match.test(c.text))?.note

/** False alarms and misses per group; `joined` counts the cases the detector unwrapped (for a
 * negative, a wrong join). Negatives read as corpus artefacts are counted apart, not scored. */
export function scoreCases(checks, cases) {
  const groups = {}
  const examples = []
  for (const c of cases) {
    const got = checks.checkTextWithoutModel({ text: c.text, today: '2025-06-30' }).issues
    const truth = checks.checkTextWithoutModel({ text: c.truth, today: '2025-06-30' }).issues
    const t = new Set(truth.map(key))
    const g = new Set(got.map(key))
    const falseAlarms = got.filter((i) => !t.has(key(i)))
    const missed = truth.filter((i) => !g.has(key(i)))
    const joined = checks.unwrapText(c.text).unwrapped
    const name = `${c.kind}:${c.group}`
    const artefact = c.kind === 'real' ? artefactOf(c) : undefined
    const s = (groups[name] ??= { cases: 0, falseAlarms: 0, casesWithFalseAlarm: 0, missed: 0, casesWithMiss: 0, joined: 0, artefacts: 0 })
    if (artefact) {
      s.artefacts++
      if (joined) examples.push({ id: c.id, group: name, text: c.text, joined, artefact })
      continue
    }
    s.cases++
    s.falseAlarms += falseAlarms.length
    s.casesWithFalseAlarm += falseAlarms.length ? 1 : 0
    s.missed += missed.length
    s.casesWithMiss += missed.length ? 1 : 0
    s.joined += joined ? 1 : 0
    if (falseAlarms.length || missed.length || (c.kind === 'real' && joined))
      examples.push({ id: c.id, group: name, variants: c.variants, text: c.text, falseAlarms: falseAlarms.map(key), missed: missed.map(key), joined })
  }
  const total = (kind) => {
    const gs = Object.entries(groups).filter(([k]) => k.startsWith(`${kind}:`)).map(([, v]) => v)
    const sum = (f) => gs.reduce((a, g) => a + g[f], 0)
    return { cases: sum('cases'), artefacts: sum('artefacts'), falseAlarms: sum('falseAlarms'), casesWithFalseAlarm: sum('casesWithFalseAlarm'), missed: sum('missed'), casesWithMiss: sum('casesWithMiss'), joined: sum('joined') }
  }
  return { paste: total('paste'), real: total('real'), groups, examples }
}

async function main() {
  const args = process.argv.slice(2)
  if (args.includes('--write')) {
    if (existsSync(CASES) && !args.includes('--force')) throw new Error(`${CASES} exists; the case set is written once (--force to rebuild)`)
    const cases = buildCases()
    mkdirSync(path.dirname(CASES), { recursive: true })
    writeFileSync(CASES, `${JSON.stringify(cases, null, 1)}\n`)
    const count = {}
    for (const c of cases) count[`${c.half} ${c.kind}:${c.group}`] = (count[`${c.half} ${c.kind}:${c.group}`] ?? 0) + 1
    console.log(count)
    return
  }
  const { loadChecks } = await import('../checks/lib.mjs')
  const checks = await loadChecks()
  const cases = readCases()
  const halves = args.includes('--held-out') ? ['tune', 'held-out'] : ['tune']
  const label = args.includes('--label') ? args[args.indexOf('--label') + 1] : 'current'
  const file = path.join(RESULTS, 'ingest-pastes.json')
  const prev = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { runs: {} }
  const run = Object.fromEntries(halves.map((h) => [h, scoreCases(checks, cases.filter((c) => c.half === h))]))
  prev.note = 'node bench/ingest/pastes.mjs: short pastes (kind paste) and real line breaks (kind real) from the government work reports; checks without the 错别字 model'
  prev.runs[label] = { date: new Date().toISOString().slice(0, 10), ...run }
  mkdirSync(RESULTS, { recursive: true })
  writeFileSync(file, `${JSON.stringify(prev, null, 2)}\n`)
  writeFileSync(path.join(RESULTS, 'ingest-pastes.md'), markdown(prev))
  for (const h of halves) console.log(h, JSON.stringify({ paste: run[h].paste, real: run[h].real }), JSON.stringify(run[h].groups, null, 0))
  if (args.includes('--examples')) for (const e of run[halves[0]].examples.slice(0, Number(args[args.indexOf('--examples') + 1]) || 20)) console.log(JSON.stringify(e))
}

function markdown(r) {
  const rows = []
  for (const [label, run] of Object.entries(r.runs)) {
    for (const half of ['tune', 'held-out']) {
      const x = run[half]
      if (!x) continue
      rows.push(`| ${label} (${run.date}) | ${half} | ${x.paste.cases} | **${x.paste.falseAlarms}** in ${x.paste.casesWithFalseAlarm} | ${x.paste.missed} in ${x.paste.casesWithMiss} | ${x.paste.joined} | ${x.real.cases} | **${x.real.joined}** | ${x.real.missed} in ${x.real.casesWithMiss} | ${x.real.falseAlarms} | ${x.real.artefacts} |`)
    }
  }
  return `# Short pastes and real line breaks

\`node bench/ingest/pastes.mjs [--held-out]\` — case set bench/ingest/data/pastes.json, built once from the government work
reports (two- and three-line pastes wrapped at 26–40 characters, last line short, with CRLF, trailing spaces, indents and
page-number lines; negatives: headings, subheadings, titles with 主送, list items, paragraph ends, with and without a real
unmatched bracket on each line). Checks without the 错别字 model. "before" is main's src/core/paragraphs.ts, "after" this branch.

| detector | half | pastes | false alarms (issues in cases) | missed | pastes unwrapped | real breaks | wrongly joined | issues lost | issues added | corpus artefacts (not scored) |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Per group and every case with a difference: ingest-pastes.json.
`
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main()
