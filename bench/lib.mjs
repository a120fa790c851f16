// Helpers for the benches: start wrangler dev on 127.0.0.1 with its own state, stop it, percentiles.
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { OFFLINE_ENV, waitForHealth } from '../scripts/lib.mjs'

export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
// ../shared beside the checkout; WENFU_SHARED when the checkout is a worktree elsewhere.
export const SHARED = process.env.WENFU_SHARED ?? path.join(ROOT, '..', 'shared')
const WRANGLER = path.join(ROOT, 'node_modules/.bin/wrangler')

/**
 * A copy of the Worker's sources for one bench run: wrangler dev reloads on every change of the
 * files it watches, and a reload mid-import would spoil the figures.
 */
export function snapshot(dir, { source = ROOT, srcFrom } = {}) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const entry of ['wrangler.toml', 'package.json', 'tsconfig.json', 'src', 'workers', 'migrations', 'prompts', 'scripts', 'bench/search/alt', 'bench/workers']) {
    // `source`: another whole tree to run (an earlier commit); `srcFrom`: another tree's src/ only, with this tree's config.
    const from = entry === 'src' ? (srcFrom ?? source) : source
    if (existsSync(path.join(from, entry))) cpSync(path.join(from, entry), path.join(dir, entry), { recursive: true })
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
  return dir
}

/** Starts `wrangler dev` for a config (and the configs in `also`) with fresh local state; resolves when /healthz answers.
 * `source`: a tree to run instead of this checkout; `srcFrom`: only its src/ comes from another tree. */
export async function startWorker({ config = 'wrangler.toml', also = [], port, state, vars = {}, migrate = true, keepState = false, inspectorPort, srcFrom, source = ROOT }) {
  if (!keepState) rmSync(state, { recursive: true, force: true })
  mkdirSync(state, { recursive: true })
  const cwd = snapshot(state + '-src', { source, srcFrom })
  const env = { ...process.env, ...OFFLINE_ENV }
  if (migrate) {
    const r = spawnSync(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', '-c', config, '--persist-to', state], { env, cwd, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`migrations failed: ${r.stderr}`)
  }
  // `also`: more Worker configs in the same wrangler dev (the checker Worker beside the API Worker)
  const args = ['dev', '-c', config, ...also.flatMap((c) => ['-c', c]), ...(inspectorPort ? ['--inspector-port', String(inspectorPort)] : []), '--port', String(port), '--ip', '127.0.0.1', '--persist-to', state, '--log-level', 'error', '--show-interactive-dev-session=false']
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`)
  const child = spawn(WRANGLER, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const base = `http://127.0.0.1:${port}`
  const ok = await waitForHealth(base, 120_000)
  if (!ok) {
    stopWorker(child)
    throw new Error(`worker on ${port} did not start:\n${log.slice(-2000)}`)
  }
  return { child, base, log: () => log }
}

export function stopWorker(child) {
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    // already gone
  }
}

/** Bundles a TypeScript module of src/ for Node, so the bench uses the product's own code. */
export async function importTs(entry) {
  const out = path.join(ROOT, 'bench/.work', path.basename(entry).replace(/\.ts$/, '.mjs'))
  await build({ entryPoints: [path.join(ROOT, entry)], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' })
  return import(out + `?t=${Date.now()}`)
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b)
  if (!sorted.length) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

export const round = (n, d = 3) => Math.round(n * 10 ** d) / 10 ** d

/**
 * A Chrome DevTools Protocol session with the Worker's isolate through wrangler dev's inspector
 * (as bench/checks/throughput.mjs measures the checks): heap in use and ArrayBuffer backing stores.
 */
export async function inspectWorker(inspectorPort) {
  const { default: WebSocket } = await import('ws')
  const [target] = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()
  const ws = new WebSocket(target.webSocketDebuggerUrl)
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  const pending = new Map()
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data))
    pending.get(msg.id)?.(msg)
    pending.delete(msg.id)
  })
  let id = 0
  const call = (method, timeoutMs = 15_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from the inspector to ${method}`)), timeoutMs)
      pending.set(++id, (msg) => (clearTimeout(timer), msg.result ? resolve(msg.result) : reject(new Error(JSON.stringify(msg.error)))))
      ws.send(JSON.stringify({ id, method }))
    })
  const usage = async () => {
    const u = await call('Runtime.getHeapUsage')
    return { heapUsedMb: round(u.usedSize / 1e6, 1), arrayBuffersMb: round(u.backingStorageSize / 1e6, 1), totalMb: round((u.usedSize + u.backingStorageSize) / 1e6, 1) }
  }
  return {
    call,
    usage,
    /** A full collection, which the isolate runs at its next request: `knock` sends requests until it has. */
    async collected(knock) {
      await call('HeapProfiler.enable')
      let done = false
      const gc = call('HeapProfiler.collectGarbage').then(() => (done = true))
      for (let i = 0; i < 40 && !done; i++) {
        await new Promise((r) => setTimeout(r, 250))
        await knock()
      }
      await gc
      await call('HeapProfiler.disable')
      return usage()
    },
    close: () => ws.close(),
  }
}
