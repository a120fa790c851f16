// The editor's page breaks in numbers (src/web/client/editor/pagination.ts, pages.ts): the cost of
// laying out a 100,000-character draft, against the simple alternative of no pagination (a keystroke
// that only edits the text) and against the floor of reading every line once, all in the same run.
// The layout runs 300 ms after the last keystroke, not in it; a keystroke meanwhile only maps the
// dividers, which is what the keystroke figures compare. Writes bench/results/web-pages.md and .json.
//   WENFU_SHARED=/work/shared node bench/web/pages.mjs [--runs 40]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { readReports } from '../checks/lib.mjs'
import { ROOT } from '../checks/split.mjs'

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 40
const CHARS = 100_000
const RESULTS = path.join(ROOT, 'bench/results')
const WORK = path.join(ROOT, 'bench/.work')

// — the editor's own modules, bundled for Node (CodeMirror's state and view, the layout) —
const { build } = await import(pathToFileURL(path.join(ROOT, 'node_modules/esbuild/lib/main.js')).href)
mkdirSync(WORK, { recursive: true })
const outfile = path.join(WORK, `pages.${process.pid}.mjs`)
await build({
  stdin: {
    contents: `export { EditorState } from '@codemirror/state'
export { layoutEffect, paginationOf, pagesField } from './src/web/client/editor/pages'
export { sectionsExtension, sectionsDoc, resetSections } from './src/web/client/editor/sections'
export { layoutPages } from './src/web/client/editor/pagination'`,
    resolveDir: ROOT,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'es2022',
  outfile,
  logLevel: 'error',
})
const m = await import(pathToFileURL(outfile).href)
rmSync(outfile, { force: true })

// — a 100,000-character draft from real 政府工作报告 paragraphs, in sections with 序次语 headings —
const paragraphs = readReports().flatMap((r) => r.text.split('\n').map((l) => l.trim()).filter((l) => l.length > 20))
const NUM = '一二三四五六七八九十'
const sections = []
let total = 0
for (let i = 0, s = 0; total < CHARS; s++) {
  const heading = `${NUM[s % 10]}、第${s + 1}部分`
  const text = []
  for (let k = 0; k < 12 && total < CHARS; k++, i++) {
    const p = paragraphs[i % paragraphs.length].slice(0, CHARS - total)
    text.push(p)
    total += p.length
  }
  sections.push({ id: `s${s}`, heading, text: text.join('\n'), printHeading: true })
}
const { doc, starts } = m.sectionsDoc(sections)
const head = () => ({ title: '关于2026年政府工作情况的报告', recipients: '各镇党委和政府，区直各单位' })

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
function time(fn, runs = RUNS) {
  for (let i = 0; i < 5; i++) fn(i) // warm
  const out = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn(i)
    out.push(performance.now() - t)
  }
  return { median: median(out), min: Math.min(...out), max: Math.max(...out) }
}

const base = m.EditorState.create({ doc, extensions: [m.sectionsExtension()] })
const withSections = base.update({ effects: m.resetSections.of(starts) }).state
const pagedStart = m.EditorState.create({ doc, extensions: [m.sectionsExtension(), m.pagesField] }).update({ effects: m.resetSections.of(starts) }).state
// the dividers in place, as after the editor's first layout
const withPages = pagedStart.update({ effects: m.layoutEffect(pagedStart, head).effect }).state
const dividers = withPages.field(m.pagesField).size

const pagination = m.paginationOf(withSections, head)
const layout = time(() => m.paginationOf(withSections, head))
const layoutAndDecorate = time(() => m.layoutEffect(withPages, head))
const readLines = time(() => {
  let n = 0
  for (const line of withSections.doc.iterLines()) n += line.length
  return n
})
// a keystroke in the middle of the text, with and without the pagination field in the state
const mid = Math.floor(doc.length / 2)
const keystroke = (state) => () => state.update({ changes: { from: mid, insert: '字' } }).state
// alternated, so that warming and the machine's other work fall on both alike
function timeBoth(a, b, runs) {
  for (let i = 0; i < 20; i++) (a(), b())
  const ta = []
  const tb = []
  for (let i = 0; i < runs; i++) {
    let t = performance.now()
    a()
    ta.push(performance.now() - t)
    t = performance.now()
    b()
    tb.push(performance.now() - t)
  }
  const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) })
  return [stats(ta), stats(tb)]
}
const [plainKey, pagedKey] = timeBoth(keystroke(withSections), keystroke(withPages), RUNS * 25)

const results = {
  date: new Date().toISOString().slice(0, 10),
  chars: doc.length,
  lines: withSections.doc.lines,
  pages: pagination.pages,
  runs: RUNS,
  layoutMs: layout,
  layoutAndDecorationsMs: layoutAndDecorate,
  readLinesMs: readLines,
  keystrokeNoPaginationMs: plainKey,
  keystrokeWithPaginationMs: pagedKey,
}
const f = (x) => x.toFixed(3)
const md = `# 文稿编辑：分页的计算开销

\`node bench/web/pages.mjs\`，${results.date}。本机 2 核，与其他任务共用；Node ${process.version}。

文稿：${results.chars.toLocaleString('en-US')} 字（政府工作报告段落，${sections.length} 节、${results.lines} 行），估算 **${results.pages} 页**。
分页在最后一次键入后 300 ms 计算一次（不在按键的事务中），其间分隔线只随文字移动。

| 测量（同一轮） | 中位数 | 最快 | 最慢 |
|---|---|---|---|
| 全文分页（\`paginationOf\`：逐行计宽、禁则、分页） | ${f(layout.median)} ms | ${f(layout.min)} ms | ${f(layout.max)} ms |
| 全文分页并生成分隔线（编辑器实际调度的 \`layoutEffect\`） | ${f(layoutAndDecorate.median)} ms | ${f(layoutAndDecorate.min)} ms | ${f(layoutAndDecorate.max)} ms |
| 对照：只把每一行读一遍（分页的下限） | ${f(readLines.median)} ms | ${f(readLines.min)} ms | ${f(readLines.max)} ms |
| 一次键入，不分页（简单方案） | ${f(plainKey.median)} ms | ${f(plainKey.min)} ms | ${f(plainKey.max)} ms |
| 一次键入，带分页（${dividers} 条分隔线随文字映射） | ${f(pagedKey.median)} ms | ${f(pagedKey.min)} ms | ${f(pagedKey.max)} ms |

全文分页一次约为一帧（16.7 ms）的 ${((layoutAndDecorate.median / 16.7) * 100).toFixed(0)}%，且只在停止输入后进行；按键本身（两者交替测量）带分页 ${f(pagedKey.median)} ms、不分页 ${f(plainKey.median)} ms，相差 ${f(pagedKey.median - plainKey.median)} ms，远小于一帧（分隔线的映射是对一个有序集合的平移）。
浏览器里另有重绘可见分隔线的开销，只涉及视口内的几条，未计入此表。
`
mkdirSync(RESULTS, { recursive: true })
writeFileSync(path.join(RESULTS, 'web-pages.json'), `${JSON.stringify(results, null, 2)}\n`)
writeFileSync(path.join(RESULTS, 'web-pages.md'), md)
process.stdout.write(md)
