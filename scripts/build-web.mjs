// Bundles the 工作台's browser code (src/web/client) and CSS (src/web/styles) into dist/web/assets/web,
// the folder wrangler.toml [assets] serves. One entry per page: every src/web/client/**/<name>.page.ts
// becomes /assets/web/<name>.js, every src/web/styles/<name>.css becomes /assets/web/<name>.css; code two
// pages share goes into chunks (ES module splitting), so a page loads only what it imports.
// Run by wrangler ([build] in wrangler.toml: `npm run dev`, deploy), vitest.config.ts and the e2e tests.
// src/web/static (the favicon) is copied as it is to dist/web, so /favicon.ico is a static asset too.
// `node scripts/build-web.mjs --watch` rebuilds on change.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, context } from 'esbuild'

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
export const WEB_DIST = path.join(ROOT, 'dist/web')
export const WEB_ASSETS = path.join(WEB_DIST, 'assets/web')
/** What each output file imports, for bench/web (sizes per page). */
export const WEB_META = path.join(ROOT, 'dist/web-meta.json')
const WEB_STATIC = path.join(ROOT, 'src/web/static')

function walk(dir, test) {
  const out = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...walk(p, test))
    else if (test(e.name)) out.push(p)
  }
  return out
}

export function webEntries() {
  const entries = {}
  const add = (name, file) => {
    if (entries[name]) throw new Error(`two web entry points named ${name}: ${entries[name]} and ${file}`)
    entries[name] = file
  }
  for (const f of walk(path.join(ROOT, 'src/web/client'), (n) => n.endsWith('.page.ts'))) add(path.basename(f, '.page.ts'), f)
  for (const f of walk(path.join(ROOT, 'src/web/styles'), (n) => n.endsWith('.css'))) add(path.basename(f, '.css') + '.css', f)
  return entries
}

function options() {
  const entries = webEntries()
  return {
    entryPoints: Object.entries(entries).map(([out, input]) => ({ out: out.replace(/\.css$/, ''), in: input })),
    outdir: WEB_ASSETS,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: false,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
    charset: 'utf8',
  }
}

export async function buildWeb() {
  rmSync(WEB_DIST, { recursive: true, force: true })
  mkdirSync(WEB_ASSETS, { recursive: true })
  cpSync(WEB_STATIC, WEB_DIST, { recursive: true })
  const result = await build(options())
  writeFileSync(WEB_META, JSON.stringify(result.metafile))
  return WEB_DIST
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--watch')) {
    mkdirSync(WEB_ASSETS, { recursive: true })
    cpSync(WEB_STATIC, WEB_DIST, { recursive: true })
    const ctx = await context(options())
    await ctx.watch()
    console.log(`正在监视 src/web/client 与 src/web/styles，输出到 ${path.relative(ROOT, WEB_ASSETS)}`)
  } else {
    await buildWeb()
    console.log(path.relative(ROOT, WEB_ASSETS))
  }
}
