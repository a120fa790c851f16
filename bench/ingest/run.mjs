// Paragraph rebuilding and checks on real-world forms of the corpus reports (issue 13):
// every government work report (shared/data/corpora) is
//   - hard-wrapped at 28 characters a line (what text copied out of a PDF or an e-mail looks like),
//   - typeset by LibreOffice into a GB/T 9704-like PDF (bench/ingest/fodt.mjs) and read back by the
//     Worker's PDF reader (src/knowledge/readers, unpdf),
// and compared with the original paragraphs: the share rebuilt exactly, and must-fix issues per
// 100,000 characters on each form. The simple alternative runs beside it: every printed line taken
// as a paragraph (today's .txt import; poppler's pdftotext for the PDFs).
//
//   node bench/ingest/run.mjs [--limit N]      (needs soffice and pdftotext: see docs/ingest.md)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { normalise } from '../checks/false-alarms.mjs'
import { loadChecks, RESULTS, WORK } from '../checks/lib.mjs'
import { ROOT } from '../checks/split.mjs'
import { fodt } from './fodt.mjs'

const SHARED = [process.env.WENFU_SHARED, path.resolve(ROOT, '../shared'), '/work/shared'].find((p) => p && existsSync(path.join(p, 'data/corpora')))
const args = process.argv.slice(2)
const LIMIT = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : Infinity
const DIR = path.join(WORK, 'ingest')
const round = (x, d = 4) => Math.round(x * 10 ** d) / 10 ** d

function readReports() {
  return readFileSync(path.join(SHARED, 'data/corpora/government_work_reports.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .map((r, i) => ({ id: `r${String(i).padStart(3, '0')}`, title: r.title, year: r.year ?? null, text: normalise(r.content.split(/本作品是|本作品来自/)[0].trim()) }))
    .slice(0, LIMIT)
}

const paragraphsOf = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean)
const wrap = (p, width = 28) => {
  const chars = [...p]
  const out = []
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''))
  return out
}
const loose = (s) => s.replace(/[\s\p{P}\p{S}]/gu, '')

/** Share of the original paragraphs found, as they are, among the rebuilt ones (a multiset match). */
function rebuilt(original, got, key = (s) => s) {
  const pool = new Map()
  for (const p of got) pool.set(key(p), (pool.get(key(p)) ?? 0) + 1)
  let hit = 0
  for (const p of original) {
    const n = pool.get(key(p)) ?? 0
    if (n) hit++, pool.set(key(p), n - 1)
  }
  return hit
}

async function loadReaders() {
  const { build } = await import(pathToFileURL(path.join(ROOT, 'node_modules/esbuild/lib/main.js')).href)
  const outfile = path.join(WORK, `readers.${process.pid}.mjs`)
  const entry = path.join(WORK, `readers-entry.${process.pid}.ts`)
  mkdirSync(WORK, { recursive: true })
  writeFileSync(entry, `export * from ${JSON.stringify(path.join(ROOT, 'src/knowledge/readers/documents.ts'))}\nexport { unwrapText } from ${JSON.stringify(path.join(ROOT, 'src/core/paragraphs.ts'))}\n`)
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    logLevel: 'error',
    external: ['unpdf'],
  })
  // unpdf resolves from the project's node_modules
  const copy = path.join(ROOT, 'bench/ingest', path.basename(outfile))
  writeFileSync(copy, readFileSync(outfile))
  try {
    return await import(pathToFileURL(copy).href)
  } finally {
    execFileSync('rm', ['-f', copy, outfile, entry])
  }
}

function makePdfs(reports) {
  mkdirSync(path.join(DIR, 'fodt'), { recursive: true })
  mkdirSync(path.join(DIR, 'pdf'), { recursive: true })
  const todo = []
  for (const r of reports) {
    if (existsSync(path.join(DIR, 'pdf', `${r.id}.pdf`))) continue
    const blocks = [{ kind: 'title', text: r.title }, ...paragraphsOf(r.text).map((t) => ({ kind: 'para', text: t }))]
    const file = path.join(DIR, 'fodt', `${r.id}.fodt`)
    writeFileSync(file, fodt(blocks))
    todo.push(file)
  }
  const started = Date.now()
  for (let i = 0; i < todo.length; i += 12) {
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', path.join(DIR, 'pdf'), ...todo.slice(i, i + 12)], { stdio: 'ignore' })
  }
  return { converted: todo.length, seconds: round((Date.now() - started) / 1000, 1) }
}

const pdftotextLines = (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 }).toString('utf8').split(/\n|\f/).map((l) => l.trim()).filter(Boolean)

function mustFixOf(checks, text) {
  const { issues } = checks.checkText({ text, today: '2025-06-30' })
  return issues.filter((i) => i.level === 'must-fix')
}

async function main() {
  const reports = readReports()
  const pdfs = makePdfs(reports)
  const checks = await loadChecks()
  const readers = await loadReaders()
  const forms = ['original', 'wrapped', 'wrappedLinesAsParagraphs', 'pdf', 'pdftotextLines']
  const totals = Object.fromEntries(forms.map((f) => [f, { mustFix: 0, byRule: {} }]))
  let characters = 0
  let paragraphs = 0
  const exact = { wrapped: 0, wrappedLines: 0, pdf: 0, pdfLoose: 0, pdftotext: 0 }
  const extra = { wrapped: [], pdf: [] }
  let readMs = 0
  let pages = 0
  for (const r of reports) {
    const original = paragraphsOf(r.text)
    characters += r.text.length
    paragraphs += original.length
    const wrappedText = original.flatMap((p) => wrap(p)).join('\n')
    const unwrapped = paragraphsOf(readers.unwrapText(wrappedText).text)
    exact.wrapped += rebuilt(original, unwrapped)
    exact.wrappedLines += rebuilt(original, wrappedText.split('\n'))

    const bytes = readFileSync(path.join(DIR, 'pdf', `${r.id}.pdf`))
    const t0 = performance.now()
    process.stderr.write(`${r.id} `)
    const doc = await readers.readPdf(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
    readMs += performance.now() - t0
    pages += doc.info.pages
    const fromPdf = doc.body.split('\n\n')
    exact.pdf += rebuilt(original, fromPdf)
    exact.pdfLoose += rebuilt(original, fromPdf, loose)
    const lines = pdftotextLines(path.join(DIR, 'pdf', `${r.id}.pdf`)).filter((l) => !/^[—–-]\s*\d+\s*[—–-]$/.test(l))
    exact.pdftotext += rebuilt(original, lines)

    const texts = {
      original: r.text,
      wrapped: wrappedText,
      wrappedLinesAsParagraphs: wrappedText.split('\n').join('\n\n'),
      pdf: fromPdf.join('\n'),
      pdftotextLines: lines.join('\n\n'),
    }
    const found = {}
    for (const f of forms) {
      found[f] = mustFixOf(checks, texts[f])
      totals[f].mustFix += found[f].length
      for (const i of found[f]) totals[f].byRule[i.ruleId] = (totals[f].byRule[i.ruleId] ?? 0) + 1
    }
    // must-fix issues on a form that the original does not have (by rule and excerpt), for reading
    const key = (i) => `${i.ruleId}|${i.excerpt.replace(/\s/g, '')}`
    const base = new Set(found.original.map(key))
    for (const f of ['wrapped', 'pdf']) {
      for (const i of found[f]) if (!base.has(key(i))) extra[f].push({ report: r.title, ruleId: i.ruleId, excerpt: i.excerpt, context: texts[f].slice(Math.max(0, i.start - 20), i.end + 20) })
    }
  }
  const per100k = (n) => round((n / characters) * 1e5, 2)
  const result = {
    corpus: `shared/data/corpora/government_work_reports.jsonl (${reports.length} records), paragraphs as in the false-alarms bench (normalise)`,
    characters,
    paragraphs,
    pdf: { ...pdfs, pages, readSeconds: round(readMs / 1000, 1), msPerPage: round(readMs / pages, 1) },
    rebuiltExactly: {
      wrapped28: round(exact.wrapped / paragraphs),
      wrapped28_linesAsParagraphs: round(exact.wrappedLines / paragraphs),
      pdf: round(exact.pdf / paragraphs),
      pdf_ignoringPunctuationAndSpaces: round(exact.pdfLoose / paragraphs),
      pdftotext_linesAsParagraphs: round(exact.pdftotext / paragraphs),
    },
    mustFixPer100k: Object.fromEntries(forms.map((f) => [f, per100k(totals[f].mustFix)])),
    mustFixByRule: Object.fromEntries(forms.map((f) => [f, totals[f].byRule])),
    newOnWrapped: extra.wrapped,
    newOnPdf: extra.pdf,
  }
  mkdirSync(RESULTS, { recursive: true })
  writeFileSync(path.join(RESULTS, 'ingest.json'), `${JSON.stringify(result, null, 2)}\n`)
  writeFileSync(path.join(RESULTS, 'ingest.md'), markdown(result))
  console.log(JSON.stringify({ ...result, mustFixByRule: undefined, newOnWrapped: extra.wrapped.length, newOnPdf: extra.pdf.length }, null, 2))
}

function markdown(r) {
  const e = r.rebuiltExactly
  const m = r.mustFixPer100k
  return `# Paragraph rebuilding and checks on wrapped text and PDFs

\`node bench/ingest/run.mjs\` — ${r.corpus}: ${r.characters.toLocaleString()} characters, ${r.paragraphs.toLocaleString()} paragraphs.
PDFs typeset by LibreOffice (${r.pdf.pages.toLocaleString()} pages, A4, 16 pt, 28 characters a line, first-line indent, page numbers “— N —”),
read by src/knowledge/readers (unpdf) in ${r.pdf.readSeconds} s (${r.pdf.msPerPage} ms a page, Node).

## Paragraphs rebuilt exactly

| form | rebuilt by Wenfu | every line a paragraph (today / pdftotext) |
|---|---|---|
| hard-wrapped at 28 characters | **${e.wrapped28}** | ${e.wrapped28_linesAsParagraphs} |
| PDF | **${e.pdf}** (ignoring punctuation and spaces: ${e.pdf_ignoringPunctuationAndSpaces}) | ${e.pdftotext_linesAsParagraphs} |

## Must-fix issues per 100,000 characters

| form | Wenfu | every line a paragraph |
|---|---|---|
| original | **${m.original}** | — |
| hard-wrapped at 28 | **${m.wrapped}** | ${m.wrappedLinesAsParagraphs} |
| PDF | **${m.pdf}** | ${m.pdftotextLines} |

Target: wrapped and PDF no higher than the original. Issues on a form that the original does not have: wrapped ${r.newOnWrapped.length},
PDF ${r.newOnPdf.length} (listed in ingest.json, \`newOnWrapped\`, \`newOnPdf\`).

Short pastes (two or three lines) and real line breaks: ingest-pastes.md (\`node bench/ingest/pastes.mjs\`).
`
}

await main()
