#!/usr/bin/env node
// `npm run bench:web`: what each page of the 工作台 makes the browser download, gzipped — its own
// bundle, the base bundle every page loads, the chunks they import (esbuild's metafile says which),
// and the stylesheet(s). Budget: every non-editor page under 60 KB, the editor page under 350 KB.
// The simple alternative in the same run: one bundle of all browser code for every page.
// Writes bench/results/web.json and web.md.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { buildWeb, WEB_ASSETS, WEB_META, webEntries } from '../../scripts/build-web.mjs'

const ROOT = path.join(import.meta.dirname, '../..')
const BUDGET = { page: 60 * 1024, editor: 350 * 1024 }
/** Which bundles and stylesheets each page loads (as its route passes them to the layout). */
const PAGES = {
  '工作台 /': { scripts: [], styles: [] },
  '登录 /signin': { scripts: [], styles: [] },
  '知识库 /knowledge': { scripts: [], styles: [] },
  '调研发现 录入/编辑': { scripts: ['finding-form'], styles: [] },
  '上传范文 /knowledge/upload': { scripts: ['upload'], styles: [] },
  '审校 /check': { scripts: ['check'], styles: [] },
  '管理 /admin': { scripts: [], styles: [] },
}
// The editor's pages, when its bundles exist (src/web/client/editor/, another helper's part).
const entries = webEntries()
if (entries['editor']) PAGES['文稿编辑 /drafts/:id'] = { scripts: ['editor'], styles: entries['editor.css'] ? ['editor.css'] : [], editor: true }
if (entries['new-draft']) PAGES['新建文稿 /drafts/new'] = { scripts: ['new-draft'], styles: entries['new-draft.css'] ? ['new-draft.css'] : [], editor: true }

await buildWeb()
const meta = JSON.parse(readFileSync(WEB_META, 'utf8'))
const rel = (f) => path.relative(ROOT, path.join(WEB_ASSETS, f))
const gz = (file) => gzipSync(readFileSync(path.join(ROOT, file)), { level: 9 }).length
const raw = (file) => readFileSync(path.join(ROOT, file)).length

/** The output file and every chunk it imports, transitively. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen
  seen.add(file)
  for (const imp of meta.outputs[file]?.imports ?? []) if (imp.kind === 'import-statement') closure(imp.path, seen)
  return seen
}

const rows = []
for (const [name, p] of Object.entries(PAGES)) {
  const files = new Set()
  for (const s of ['base', ...p.scripts]) for (const f of closure(rel(`${s}.js`))) files.add(f)
  for (const s of ['app.css', ...p.styles]) files.add(rel(s))
  const js = [...files].filter((f) => f.endsWith('.js'))
  const css = [...files].filter((f) => f.endsWith('.css'))
  const sum = (fs, m) => fs.reduce((a, f) => a + m(f), 0)
  const total = sum([...files], gz)
  const budget = p.editor ? BUDGET.editor : BUDGET.page
  rows.push({ page: name, files: files.size, jsBytes: sum(js, raw), jsGzip: sum(js, gz), cssBytes: sum(css, raw), cssGzip: sum(css, gz), totalGzip: total, budget, withinBudget: total <= budget })
}

// The simple alternative: every page loads one bundle of all browser code.
const all = await build({
  stdin: { contents: Object.entries(entries).filter(([k]) => !k.endsWith('.css')).map(([, f]) => `import ${JSON.stringify(f)}`).join('\n'), resolveDir: ROOT, loader: 'ts' },
  bundle: true, format: 'esm', minify: true, write: false, platform: 'browser', target: 'es2022', logLevel: 'error',
})
const oneBundle = { bytes: all.outputFiles[0].contents.length, gzip: gzipSync(all.outputFiles[0].contents, { level: 9 }).length }

const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const result = { date: new Date().toISOString(), node: process.version, budget: BUDGET, pages: rows, oneBundleForAllPages: oneBundle }
writeFileSync(path.join(ROOT, 'bench/results/web.json'), JSON.stringify(result, null, 2) + '\n')
const md = [
  '# 工作台: what each page loads (gzip)',
  '',
  `Run ${result.date} (${result.node}) by \`npm run bench:web\`: esbuild's minified output (scripts/build-web.mjs), gzip level 9. A page loads the base bundle, its own bundle, the chunks they import, and the stylesheet. Budget: non-editor pages under ${kb(BUDGET.page)}, the editor under ${kb(BUDGET.editor)}.`,
  '',
  '| Page | Files | JS | JS gzip | CSS gzip | Total gzip | Budget |',
  '|---|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.page} | ${r.files} | ${kb(r.jsBytes)} | ${kb(r.jsGzip)} | ${kb(r.cssGzip)} | ${kb(r.totalGzip)} | ${r.withinBudget ? 'within' : '**over**'} ${kb(r.budget)} |`),
  '',
  `The simple alternative, one bundle of all browser code on every page: ${kb(oneBundle.bytes)}, ${kb(oneBundle.gzip)} gzip (plus the stylesheet).`,
  '',
]
writeFileSync(path.join(ROOT, 'bench/results/web.md'), md.join('\n'))
console.log(md.join('\n'))
if (rows.some((r) => !r.withinBudget)) process.exitCode = 1
