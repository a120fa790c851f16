// Shared by the 审校 benches: bundles src/checks with esbuild (from wrangler's dependencies) and
// reads the shared data sets.
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT, SHARED } from './split.mjs'

export const WORK = path.join(ROOT, 'bench/.work')
export const RESULTS = path.join(ROOT, 'bench/results')

/** Bundles src/checks/index.ts for Node and imports it. */
export async function loadChecks() {
  const { build } = await import(pathToFileURL(path.join(ROOT, 'node_modules/esbuild/lib/main.js')).href)
  mkdirSync(WORK, { recursive: true })
  const outfile = path.join(WORK, `checks.bundle.${process.pid}.mjs`)
  await build({
    entryPoints: [path.join(ROOT, 'src/checks/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile,
    logLevel: 'error',
    // lexicons.ts imports drizzle for D1; the benches only use the pure functions
    external: ['cloudflare:*'],
  })
  const m = await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`)
  rmSync(outfile, { force: true })
  return m
}

/** Government work reports: { title, year, text } with the Wikisource licence footer cut off. */
export function readReports() {
  const file = path.join(SHARED, 'data/corpora/government_work_reports.jsonl')
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .map((r) => ({ title: r.title, year: r.year ?? null, text: r.content.split(/本作品是|本作品来自/)[0].trim() }))
}

export const round = (x, n = 3) => (Number.isFinite(x) ? Number(x.toFixed(n)) : null)
