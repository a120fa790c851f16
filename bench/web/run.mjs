#!/usr/bin/env node
// `npm run bench:web`: what each page of the 工作台 makes the browser download, gzipped. The product
// runs as `npm run dev` runs it; each page is fetched signed in, its HTML is parsed for the
// <script type="module" src> and <link rel="stylesheet" href> it really names, and every module
// those scripts import statically (esbuild's metafile of the same build) is followed. The bytes
// measured are the ones the server serves. Chunks a page imports only on demand (import()) are
// listed apart: they are not part of the page's load.
// Budget (issue #15): the editor page (文稿编辑) under 350 KB gzip, every other page under 60 KB.
// The simple alternative in the same run: one bundle of all browser code for every page.
// Writes bench/results/web.json and web.md.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { buildWeb, WEB_ASSETS, WEB_META, webEntries } from '../../scripts/build-web.mjs'
import { startDev } from './server.mjs'

const ROOT = path.join(import.meta.dirname, '../..')
const BUDGET = { page: 60 * 1024, editor: 350 * 1024 }

await buildWeb()
const meta = JSON.parse(readFileSync(WEB_META, 'utf8'))
/** metafile output path (relative to the project) ↔ the URL the page names. */
const urlOf = (out) => `/assets/web/${path.relative(WEB_ASSETS, path.join(ROOT, out)).split(path.sep).join('/')}`
const outOf = new Map(Object.keys(meta.outputs).map((o) => [urlOf(o), o]))

const dev = await startDev(ROOT)
const { base, bootstrap } = dev
const api = async (method, p, body, headers = {}) => {
  const res = await fetch(base + p, { method, headers: { authorization: `Bearer ${bootstrap}`, 'content-type': 'application/json', ...headers }, body: body && JSON.stringify(body) })
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`)
  return res.json()
}
// signed in as the local administrator, who may open every page (管理 included)
const signin = await fetch(`${base}/signin`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }, body: new URLSearchParams({ token: bootstrap, next: '/' }) })
const cookie = /wenfu_session=[^;]+/.exec(signin.headers.get('set-cookie') ?? '')?.[0]
if (!cookie) throw new Error(`sign in failed: ${signin.status}`)
const draft = await api('POST', '/api/v1/drafts', { templateId: 'tongzhi', variables: { subject: '开展安全生产隐患排查整治', recipients: '各镇党委和政府', issuer: '中共示例区委办公室', date: '2026年12月2日' }, retrieve: { query: '安全生产 隐患 排查', limit: 8 }, mode: 'assemble' })
const html = async (p, signedIn = true) => {
  const res = await fetch(base + p, { headers: signedIn ? { cookie } : {}, redirect: 'manual' })
  if (res.status !== 200) throw new Error(`GET ${p}: ${res.status}`)
  return res.text()
}
const ducha = await html('/ducha')
const duchaItem = /href="(\/ducha\/items\/[^"]+)"/.exec(ducha)?.[1]

/** Each page by the URL a person opens; `editor` marks the one page the 350 KB budget is for. */
const PAGES = [
  { page: '登录', url: '/signin', signedIn: false },
  { page: '工作台', url: '/' },
  { page: '知识库', url: '/knowledge' },
  { page: '知识库 检索', url: `/knowledge?q=${encodeURIComponent('营商环境')}` },
  { page: '录入调研发现', url: '/knowledge/findings/new' },
  { page: '上传范文', url: '/knowledge/upload' },
  { page: '审校', url: '/check' },
  { page: '新建文稿（选模板）', url: '/drafts/new' },
  { page: '新建文稿（填写变量）', url: '/drafts/new?template=tongzhi' },
  { page: '提纲', url: `/drafts/${draft.id}/outline` },
  { page: '文稿编辑', url: `/drafts/${draft.id}`, editor: true },
  { page: '督查', url: '/ducha' },
  ...(duchaItem ? [{ page: '督办事项', url: duchaItem }] : []),
  { page: '管理', url: '/admin' },
]

const served = new Map()
async function asset(url) {
  if (!served.has(url)) {
    const res = await fetch(base + url)
    if (!res.ok) throw new Error(`GET ${url}: ${res.status}`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    served.set(url, { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length })
  }
  return served.get(url)
}

/** The output and every module it imports statically, transitively; on-demand chunks go to `lazy`. */
function closure(out, seen, lazy) {
  if (seen.has(out)) return
  seen.add(out)
  for (const imp of meta.outputs[out]?.imports ?? []) {
    if (imp.kind === 'import-statement') closure(imp.path, seen, lazy)
    else if (imp.kind === 'dynamic-import') lazy.add(imp.path)
  }
}

const rows = []
for (const p of PAGES) {
  const text = await html(p.url, p.signedIn !== false)
  const scripts = [...text.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1])
  const styles = [...text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1])
  const outs = new Set()
  const lazy = new Set()
  for (const s of scripts) {
    const out = outOf.get(s)
    if (!out) throw new Error(`${p.url} names ${s}, which the build did not write`)
    closure(out, outs, lazy)
  }
  for (const o of outs) lazy.delete(o)
  const jsUrls = [...outs].map(urlOf)
  const sizes = async (urls) => (await Promise.all(urls.map(asset))).reduce((a, s) => ({ bytes: a.bytes + s.bytes, gzip: a.gzip + s.gzip }), { bytes: 0, gzip: 0 })
  const js = await sizes(jsUrls)
  const css = await sizes(styles)
  const lazyJs = await sizes([...lazy].map(urlOf))
  const total = js.gzip + css.gzip
  const budget = p.editor ? BUDGET.editor : BUDGET.page
  rows.push({
    page: p.page,
    url: p.url.replace(draft.id, ':id').replace(/\/ducha\/items\/[^/?]+/, '/ducha/items/:id').replace(/\?q=.*/, '?q=…'),
    scripts: scripts.map((s) => s.replace('/assets/web/', '')),
    styles: styles.map((s) => s.replace('/assets/web/', '')),
    files: jsUrls.length + styles.length,
    jsBytes: js.bytes,
    jsGzip: js.gzip,
    cssGzip: css.gzip,
    totalGzip: total,
    lazyGzip: lazyJs.gzip,
    budget,
    withinBudget: total <= budget,
  })
}
dev.stop()

// The simple alternative: every page loads one bundle of all browser code.
const entries = webEntries()
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
  `Run ${result.date} (${result.node}) by \`npm run bench:web\`. The product runs as \`npm run dev\` runs it (demo data); each page is fetched signed in (the sign-in page signed out), the \`<script type="module">\` and stylesheet tags of its served HTML are read, and every module those scripts import statically is followed through esbuild's metafile. Sizes are of the bytes the server serves, gzip level 9. "On demand" is what a page imports only when used (\`import()\`), not part of its load. Budget (issue #15): the editor page under ${kb(BUDGET.editor)}, every other page under ${kb(BUDGET.page)}.`,
  '',
  '| Page | URL | Tags (script; css) | Files | JS | JS gzip | CSS gzip | Total gzip | On demand gzip | Budget |',
  '|---|---|---|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.page} | \`${r.url}\` | ${r.scripts.join(', ')}; ${r.styles.join(', ')} | ${r.files} | ${kb(r.jsBytes)} | ${kb(r.jsGzip)} | ${kb(r.cssGzip)} | ${kb(r.totalGzip)} | ${r.lazyGzip ? kb(r.lazyGzip) : '—'} | ${r.withinBudget ? 'within' : '**over**'} ${kb(r.budget)} |`),
  '',
  `The simple alternative, one bundle of all browser code on every page: ${kb(oneBundle.bytes)}, ${kb(oneBundle.gzip)} gzip (plus the stylesheets).`,
  '',
]
writeFileSync(path.join(ROOT, 'bench/results/web.md'), md.join('\n'))
console.log(md.join('\n'))
process.exitCode = rows.some((r) => !r.withinBudget) ? 1 : 0
process.exit()
