// Bundles the checker Worker (workers/checker) into one ES module for the vitest pool, which runs it
// as an auxiliary Worker but does not read its wrangler.toml: the model's .bin data is inlined with
// esbuild's binary loader instead of the Data rule. Output is gitignored; vitest.config.ts calls this.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
export const CHECKER_BUNDLE = path.join(ROOT, '.wrangler/checker-test/index.mjs')

export async function buildChecker(outfile = CHECKER_BUNDLE) {
  mkdirSync(path.dirname(outfile), { recursive: true })
  await build({
    entryPoints: [path.join(ROOT, 'workers/checker/src/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile,
    external: ['cloudflare:workers'],
    loader: { '.bin': 'binary' },
    logLevel: 'error',
  })
  return outfile
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildChecker())
