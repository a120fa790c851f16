// Shared by the 审校 benches: bundles src/checks with the 错别字 model of workers/checker in-process
// (entry.ts) with esbuild (from wrangler's dependencies) and reads the shared data sets.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT, SHARED } from './split.mjs'

export const WORK = path.join(ROOT, 'bench/.work')
export const RESULTS = path.join(ROOT, 'bench/results')

/** The 错别字 model's data files (workers/checker/src/data/*.bin) are Data modules in the Worker: an ArrayBuffer
 * outside the JavaScript source. Here they are read from disk when the bundle loads, for the same
 * effect — esbuild's binary loader would put them into the bundle as base64 strings. */
export const binaryDataFromDisk = {
  name: 'binary-data-from-disk',
  setup(b) {
    b.onLoad({ filter: /\.bin$/ }, (args) => ({
      contents: `import { readFileSync } from 'node:fs'\nexport default readFileSync(${JSON.stringify(args.path)})`,
      loader: 'js',
    }))
  },
}

/** Bundles bench/checks/entry.ts (the checks and the model) for Node into bench/.work; returns the file. */
export async function bundleChecks(name) {
  const { build } = await import(pathToFileURL(path.join(ROOT, 'node_modules/esbuild/lib/main.js')).href)
  mkdirSync(WORK, { recursive: true })
  const outfile = path.join(WORK, `${name}.${process.pid}.mjs`)
  await build({
    entryPoints: [path.join(ROOT, 'bench/checks/entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile,
    logLevel: 'error',
    // lexicons.ts imports drizzle for D1; the benches only use the pure functions
    external: ['cloudflare:*', 'node:fs'],
    plugins: [binaryDataFromDisk],
  })
  return outfile
}

/** Bundles bench/checks/entry.ts for Node and imports it. */
export async function loadChecks() {
  const outfile = await bundleChecks('checks.bundle')
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

/** Writes a data file of the 错别字 model (workers/checker/src/typo-data.ts reads it): each section — a string,
 * written as UTF-8, or bytes — as a 32-bit little-endian length and its bytes. */
export function writeSections(file, list) {
  const parts = []
  for (const section of list) {
    const bytes = typeof section === 'string' ? Buffer.from(section, 'utf8') : Buffer.from(section)
    const length = Buffer.alloc(4)
    length.writeUInt32LE(bytes.length)
    parts.push(length, bytes)
  }
  const out = Buffer.concat(parts)
  writeFileSync(file, out)
  return out.length
}
