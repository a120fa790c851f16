// The editor page (文稿编辑) in numbers: the gzip size of the JavaScript and CSS it loads (budget
// 350 KB), and the time from navigation to an editable draft in Chromium, against the sign-in page
// (server-rendered, no editor) in the same run. Starts the product as `npm run dev` does, on a free
// port with its own state. Writes bench/results/web-editor.md and .json.
//   node bench/web/editor.mjs [--runs 15]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { buildWeb, WEB_ASSETS, WEB_META } from '../../scripts/build-web.mjs'
import { startDev } from './server.mjs'

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..')
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 15
const BUDGET = 350 * 1024

// — sizes: what the page's <script>/<link> tags name, and every chunk those modules import —
await buildWeb()
const meta = JSON.parse(readFileSync(WEB_META, 'utf8'))
const rel = (f) => path.relative(WEB_ASSETS, path.join(ROOT, f))
function closure(entry) {
  const seen = new Set()
  const walk = (out) => {
    if (seen.has(out)) return
    seen.add(out)
    for (const i of meta.outputs[out]?.imports ?? []) if (i.kind === 'import-statement') walk(i.path)
  }
  walk(entry)
  return [...seen]
}
const out = (name) => Object.keys(meta.outputs).find((o) => rel(o) === name)
const files = [...new Set([...closure(out('base.js')), ...closure(out('editor.js')), out('app.css'), out('editor.css')])]
const sizes = files.map((f) => {
  const bytes = readFileSync(path.join(ROOT, f))
  return { file: rel(f), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
})
const total = sizes.reduce((a, s) => ({ bytes: a.bytes + s.bytes, gzip: a.gzip + s.gzip }), { bytes: 0, gzip: 0 })

// — timing —
const dev = await startDev(ROOT)
const { base } = dev
const { drafter } = dev.tokens
const api = async (method, p, body, headers = {}) => {
  const res = await fetch(base + p, { method, headers: { authorization: `Bearer ${drafter}`, 'content-type': 'application/json', ...headers }, body: body && JSON.stringify(body) })
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`)
  return res.json()
}
// a notice of about 3,000 characters in 5 sections, with citations and a 【待补】
const draft = await api('POST', '/api/v1/drafts', { templateId: 'tongzhi', variables: { subject: '开展安全生产隐患排查整治', recipients: '各镇党委和政府', issuer: '中共示例区委办公室', date: '2026年12月2日' }, retrieve: { query: '安全生产 隐患 排查', limit: 8 }, mode: 'assemble' })
const para = '各镇、各部门要对辖区内企业开展全覆盖排查，建立问题清单、责任清单、整改清单，逐项整改销号，确保隐患动态清零。'
const sections = ['开头', '一、排查范围', '二、排查重点', '三、工作步骤', '四、工作要求'].map((heading, i) => ({ heading, text: Array.from({ length: 11 }, (_, k) => `${para}${k === 0 && draft.materials[i] ? `[${draft.materials[i].marker}]` : ''}`).join('\n') + (i === 4 ? '【待补：联系人】' : '') }))
await api('PUT', `/api/v1/drafts/${draft.id}`, { sections }, { 'if-match': `"${draft.version}"` })

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } })
const page = await context.newPage()
await page.goto('/signin')
await page.getByLabel('访问令牌').fill(drafter)
await page.getByRole('button', { name: '登录' }).click()
await page.waitForURL((u) => u.pathname === '/')

async function time(url, ready) {
  const t0 = performance.now()
  await page.goto(url, { waitUntil: 'commit' })
  await ready()
  return performance.now() - t0
}
const editorReady = async () => {
  await page.waitForSelector('#editor[data-ready="true"] .cm-content[contenteditable="true"]')
}
const staticReady = async () => {
  await page.waitForLoadState('load')
}
const samples = { editor: [], signinPage: [] }
await time(`/drafts/${draft.id}`, editorReady) // warm: the isolate, the assets in the HTTP cache
await time('/signin', staticReady)
for (let i = 0; i < RUNS; i++) {
  samples.editor.push(await time(`/drafts/${draft.id}`, editorReady))
  samples.signinPage.push(await time('/signin', staticReady))
}
await browser.close()
dev.stop()

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const round = (x) => Math.round(x * 10) / 10
const result = {
  date: new Date().toISOString(),
  assets: { files: sizes, total, budgetGzip: BUDGET, withinBudget: total.gzip < BUDGET },
  navigation: {
    runs: RUNS,
    draftChars: sections.reduce((n, s) => n + s.heading.length + s.text.length, 0),
    editorToEditableMs: { median: round(median(samples.editor)), min: round(Math.min(...samples.editor)), max: round(Math.max(...samples.editor)) },
    signinPageLoadMs: { median: round(median(samples.signinPage)), min: round(Math.min(...samples.signinPage)), max: round(Math.max(...samples.signinPage)) },
  },
}
result.navigation.ratio = round(result.navigation.editorToEditableMs.median / result.navigation.signinPageLoadMs.median)
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true })
writeFileSync(path.join(ROOT, 'bench/results/web-editor.json'), JSON.stringify(result, null, 2) + '\n')
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const md = `# 文稿编辑页：加载大小与打开速度

\`node bench/web/editor.mjs\`，${result.date.slice(0, 10)}。本机 2 核，与其他任务共用；Chromium（Debian）无头模式，1280×800。

## 页面加载的 JavaScript 与 CSS（gzip -9）

| 文件 | 原始 | gzip |
|---|---|---|
${sizes.map((s) => `| ${s.file} | ${kb(s.bytes)} | ${kb(s.gzip)} |`).join('\n')}
| **合计** | **${kb(total.bytes)}** | **${kb(total.gzip)}** |

预算：gzip 后 350 KB 以内——${result.assets.withinBudget ? '**达到**' : '**未达到**'}。CodeMirror 6（编辑、lint、merge、search）占编辑页脚本的绝大部分。

## 从导航到可以编辑（同一轮，各 ${RUNS} 次，缓存已热）

| 页面 | 中位数 | 最快 | 最慢 |
|---|---|---|---|
| 文稿编辑（约 ${result.navigation.draftChars} 字、5 节的通知，直到正文可编辑） | ${result.navigation.editorToEditableMs.median} ms | ${result.navigation.editorToEditableMs.min} ms | ${result.navigation.editorToEditableMs.max} ms |
| 登录页（服务端渲染、无编辑器，直到 load） | ${result.navigation.signinPageLoadMs.median} ms | ${result.navigation.signinPageLoadMs.min} ms | ${result.navigation.signinPageLoadMs.max} ms |

编辑页为登录页的 **${result.navigation.ratio} 倍**。计时从 \`page.goto\` 开始，到编辑器的 \`contenteditable\` 正文出现为止（CodeMirror 已挂载、各节与引用标记已就位）；自动审校在此之后另行进行，不计入。
`
writeFileSync(path.join(ROOT, 'bench/results/web-editor.md'), md)
console.log(md)
process.exit(0)
