// Throughput of 审校 on a 100,000-character document with every rule on:
//   1. in Node, the esbuild bundle of src/checks (engine time, cold and warm);
//   2. inside workerd: `wrangler dev --local` on 127.0.0.1, POST /api/v1/check with the bootstrap
//      token, round trips compared with GET /healthz in the same run. Deployed Workers freeze
//      Date.now() and performance.now() during pure CPU work, so the Server-Timing the route sets
//      may show only I/O time; the round-trip difference is the honest figure.
//   3. the Worker's memory inside workerd, from V8 through wrangler dev's inspector: a full garbage
//      collection (HeapProfiler.collectGarbage, which the isolate runs at its next request — a GET
//      /healthz), then Runtime.getHeapUsage: heap in use and ArrayBuffer backing stores, once
//      /healthz answers and after the checks.
// Loops are bounded; wrangler is started in its own process group and killed at the end.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { inspectWorker } from '../lib.mjs'
import { loadChecks, readReports, RESULTS, round, WORK } from './lib.mjs'
import { normalise } from './false-alarms.mjs'
import { ROOT } from './split.mjs'

const SIZE = 100_000
const PORT = 8799
const BASE = `http://127.0.0.1:${PORT}`
const RUNS = Number(process.env.RUNS ?? 30)
const INSPECTOR_PORT = 9240

/** V8's heap figures of the Worker, in MB, through wrangler dev's inspector (Chrome DevTools Protocol). */
async function workerHeap() {
  const session = await inspectWorker(INSPECTOR_PORT)
  try {
    return await session.collected(() => fetch(`${BASE}/healthz`))
  } finally {
    session.close()
  }
}

/** The first 100,000 characters of the recent reports, cut at a line end. */
export function benchDocument() {
  const reports = readReports().filter((r) => r.year).sort((a, b) => b.year - a.year)
  let text = ''
  for (const r of reports) {
    text += `${normalise(r.text)}\n\n`
    if (text.length >= SIZE) break
  }
  text = text.slice(0, SIZE)
  return text.slice(0, text.lastIndexOf('\n') + 1).trimEnd()
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** The engine's memory, measured in a process of its own (memory.mjs): this one holds the bench's data. */
function memory(text) {
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'bench/checks/memory.mjs')], { input: text, encoding: 'utf8', timeout: 120_000 })
  if (r.status !== 0) return { error: (r.stderr || '').slice(-300) }
  return JSON.parse(r.stdout.trim().split('\n').pop())
}

function inNode(m, text) {
  const t0 = performance.now()
  const first = m.checkText({ text, today: '2025-06-30' })
  const cold = performance.now() - t0
  const warm = []
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    m.checkText({ text, today: '2025-06-30' })
    warm.push(performance.now() - t)
  }
  // per category: where the time goes
  const byCategory = {}
  for (const c of Object.keys(first.stats.byCategory)) {
    const t = performance.now()
    m.checkText({ text, today: '2025-06-30', rules: { categories: [c] } })
    byCategory[c] = round(performance.now() - t, 1)
  }
  return { memoryMb: memory(text), coldMs: round(cold, 1), warmMedianMs: round(median(warm), 1), warmMinMs: round(Math.min(...warm), 1), byCategoryMs: byCategory, issues: first.stats.issues }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function timed(fn) {
  const t = performance.now()
  const res = await fn()
  const body = await res.text()
  return { ms: performance.now() - t, res, body }
}

async function inWorkerd(text) {
  const env = {
    ...process.env,
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
  }
  const persist = path.join(WORK, 'checks')
  rmSync(persist, { recursive: true, force: true })
  mkdirSync(persist, { recursive: true })
  const wrangler = path.join(ROOT, 'node_modules/.bin/wrangler')
  const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 })
  if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr || migrate.stdout}`)
  const token = randomBytes(24).toString('base64url').slice(0, 32)
  const child = spawn(wrangler, ['dev', '--local', '--ip', '127.0.0.1', '--port', String(PORT), '--persist-to', persist, '--inspector-port', String(INSPECTOR_PORT), '--var', `WENFU_BOOTSTRAP_TOKEN:${token}`, '--show-interactive-dev-session=false'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {
      // already gone
    }
  }
  try {
    let up = false
    for (let i = 0; i < 90 && !up; i++) {
      await sleep(1000)
      try {
        up = (await fetch(`${BASE}/healthz`)).ok
      } catch {
        // not listening yet
      }
    }
    if (!up) throw new Error(`wrangler dev did not come up:\n${log.slice(-2000)}`)
    const memoryAtStart = await workerHeap()
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const body = JSON.stringify({ text, fields: { date: '2025-06-30' } })
    const post = () => fetch(`${BASE}/api/v1/check`, { method: 'POST', headers, body })
    const cold = await timed(post)
    if (cold.res.status !== 200) throw new Error(`check answered ${cold.res.status}: ${cold.body.slice(0, 300)}`)
    const checks = []
    const health = []
    const serverTiming = []
    for (let i = 0; i < RUNS; i++) {
      health.push((await timed(() => fetch(`${BASE}/healthz`))).ms)
      const r = await timed(post)
      checks.push(r.ms)
      serverTiming.push(Number(/dur=(\d+(?:\.\d+)?)/.exec(r.res.headers.get('server-timing') ?? '')?.[1] ?? NaN))
    }
    const check = median(checks)
    const healthz = median(health)
    return {
      memory: { afterHealthz: memoryAtStart, afterChecks: await workerHeap() },
      requestBytes: Buffer.byteLength(body),
      issues: JSON.parse(cold.body).stats.issues,
      coldRoundTripMs: round(cold.ms, 1),
      checkRoundTripMedianMs: round(check, 1),
      healthzRoundTripMedianMs: round(healthz, 1),
      checkMinusHealthzMs: round(check - healthz, 1),
      ratio: round(check / healthz, 1),
      serverTimingMedianMs: median(serverTiming),
    }
  } finally {
    stop()
    for (let i = 0; i < 20 && child.exitCode === null; i++) await sleep(250)
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // gone
      }
    }
  }
}

export async function runThroughputBench(m, { workerd = true } = {}) {
  void m // a fresh module instance, so that "cold" includes building the typo model
  const fresh = await loadChecks()
  const text = benchDocument()
  const result = {
    document: { characters: text.length, source: 'government work reports, newest first, normalised as in false-alarms.mjs' },
    node: inNode(fresh, text),
    workerd: null,
  }
  if (workerd) {
    try {
      result.workerd = await inWorkerd(text)
    } catch (err) {
      result.workerd = { error: String(err?.message ?? err).slice(0, 2000) }
    }
  }
  writeFileSync(path.join(RESULTS, 'checks-throughput.json'), `${JSON.stringify(result, null, 2)}\n`)
  return result
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runThroughputBench(undefined, { workerd: !process.argv.includes('--node-only') }), null, 2))
}
