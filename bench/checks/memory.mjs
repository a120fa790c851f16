// Memory of the 审校 engine alone, in a process of its own (run with --expose-gc; throughput.mjs does):
// JS heap and array buffers with the modules loaded, then after warmTypoModel() and one check of
// `text` from stdin. Prints one JSON line.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { round, WORK } from './lib.mjs'
import { ROOT } from './split.mjs'

const mb = () => {
  globalThis.gc?.()
  const u = process.memoryUsage()
  return round((u.heapUsed + u.arrayBuffers) / 1e6, 0)
}
const text = readFileSync(0, 'utf8')
// bundled by esbuild's own binary, so esbuild's JS is not in this process's heap
mkdirSync(WORK, { recursive: true })
const outfile = path.join(WORK, `memory.bundle.${process.pid}.mjs`)
const built = spawnSync(path.join(ROOT, 'node_modules/.bin/esbuild'), [path.join(ROOT, 'src/checks/index.ts'), '--bundle', '--format=esm', '--platform=neutral', '--target=es2022', `--outfile=${outfile}`, '--log-level=error', '--external:cloudflare:*'], { encoding: 'utf8' })
if (built.status !== 0) throw new Error(built.stderr)
const m = await import(pathToFileURL(outfile).href)
rmSync(outfile, { force: true })
const loaded = mb()
m.warmTypoModel()
const warmed = mb()
m.checkText({ text, today: '2025-06-30' })
console.log(JSON.stringify({ modulesLoaded: loaded, typoModelBuilt: warmed, afterCheck: mb() }))
