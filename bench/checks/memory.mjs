// Memory of the 审校 engine alone, in a process of its own (run with --expose-gc; throughput.mjs does):
// JS heap and array buffers with the modules loaded, then after warmTypoModel() and one check of
// `text` from stdin. Prints one JSON line.
import { readFileSync, rmSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { bundleChecks, round } from './lib.mjs'

const mb = () => {
  globalThis.gc?.()
  const u = process.memoryUsage()
  return round((u.heapUsed + u.arrayBuffers) / 1e6, 0)
}
const text = readFileSync(0, 'utf8')
const outfile = await bundleChecks('memory.bundle')
// esbuild's own JS stays in this process: the figures are what the engine adds to it
const baseline = mb()
const m = await import(pathToFileURL(outfile).href)
rmSync(outfile, { force: true })
const loaded = mb() - baseline
m.warmTypoModel()
const warmed = mb() - baseline
m.checkText({ text, today: '2025-06-30' })
console.log(JSON.stringify({ modulesLoaded: loaded, typoModelBuilt: warmed, afterCheck: mb() - baseline }))
