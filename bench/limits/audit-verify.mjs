// Throughput of GET /api/v1/audit/verify in workerd (wrangler dev --local) on a chain of N events
// (default 100,000) written straight into the local D1 with valid hashes (the product's eventHash):
//   - this tree: page by page with the cursor, `limit` events per request (10,000 by default);
//     events/s per page, D1 queries per page (1 + ceil(limit / 1000) + 1);
//   - the simple alternative, the base commit's verify: the whole chain in one request, one query
//     per 500 events — 2,000 queries for a million events, past the 1,000 a Worker invocation
//     may run on the paid plan.
//
//   node bench/limits/audit-verify.mjs [--events N] [--limit L] [--base <commit>]
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { OFFLINE_ENV } from '../../scripts/lib.mjs'
import { importTs, round, ROOT, startWorker, stopWorker } from '../lib.mjs'

const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback)
const EVENTS = Number(arg('--events', 100_000))
const LIMIT = Number(arg('--limit', 10_000))
const base = arg('--base', 'bcf2137')
const PORT = 8796
const WORK = path.join(ROOT, 'bench/.work/limits')
const STATE = path.join(WORK, 'audit-state')
const RESULTS = path.join(ROOT, 'bench/results')
const OFFICE = 'off_default'

const { eventHash } = await importTs('src/core/audit.ts')

/** SQL inserting a valid chain of `n` events for the default office, 100 rows per statement. */
async function chainSql(n) {
  const q = (v) => (v === null ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`)
  const statements = []
  let prevHash = '0'.repeat(64)
  let rows = []
  const t0 = Date.UTC(2026, 0, 1)
  for (let seq = 1; seq <= n; seq++) {
    const e = {
      prevHash,
      officeId: OFFICE,
      seq,
      at: new Date(t0 + seq * 1000).toISOString(),
      memberId: 'mem_bench',
      role: 'drafter',
      action: 'finding.create',
      targetKind: 'finding',
      targetId: `fnd_bench${seq}`,
      hashBefore: null,
      hashAfter: randomBytes(32).toString('hex'),
      detail: seq % 3 ? null : { version: seq },
    }
    const hash = await eventHash(e)
    rows.push(`(${[`aud_bench${seq}`, e.officeId, seq, e.at, e.memberId, e.role, e.action, e.targetKind, e.targetId, e.hashBefore, e.hashAfter, e.detail ? JSON.stringify(e.detail) : null, prevHash, hash].map((v, i) => (i === 2 ? v : q(v))).join(', ')})`)
    prevHash = hash
    if (rows.length === 100 || seq === n) {
      statements.push(`INSERT INTO audit_events (id, office_id, seq, at, member_id, role, action, target_kind, target_id, hash_before, hash_after, detail, prev_hash, hash) VALUES ${rows.join(', ')};`)
      rows = []
    }
  }
  return statements.join('\n')
}

async function timedJson(url, token) {
  const t = performance.now()
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  const body = await res.json()
  return { ms: performance.now() - t, status: res.status, body }
}

// 1. a migrated state, then the chain written into it
const token = randomBytes(24).toString('base64url')
const vars = { WENFU_BOOTSTRAP_TOKEN: token }
{
  const first = await startWorker({ port: PORT, state: STATE, vars })
  stopWorker(first.child)
  for (let i = 0; i < 40 && first.child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 250))
}
const sqlFile = path.join(WORK, 'audit-chain.sql')
const tSql = performance.now()
writeFileSync(sqlFile, await chainSql(EVENTS))
const hashingMs = performance.now() - tSql
const load = spawnSync(path.join(ROOT, 'node_modules/.bin/wrangler'), ['d1', 'execute', 'DB', '--local', '--persist-to', STATE, '--file', sqlFile], { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV }, encoding: 'utf8', maxBuffer: 1 << 26 })
if (load.status !== 0) throw new Error(`loading the chain failed: ${load.stderr.slice(-1000)}`)

// 2. this tree: page by page
const pages = []
{
  const w = await startWorker({ port: PORT, state: STATE, vars, keepState: true, migrate: false })
  try {
    let cursor = null
    for (let i = 0; i < Math.ceil(EVENTS / LIMIT) + 2; i++) {
      const qs = new URLSearchParams({ limit: String(LIMIT), ...(cursor ? { cursor } : {}) })
      const r = await timedJson(`${w.base}/api/v1/audit/verify?${qs}`, token)
      if (r.status !== 200 || typeof r.body.events !== 'number') throw new Error(`verify answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`)
      pages.push({ page: i + 1, from: r.body.from, events: r.body.events, ms: round(r.ms, 0), eventsPerSecond: Math.round(r.body.events / (r.ms / 1000)), queries: 2 + Math.ceil((r.body.events + (cursor ? 1 : 0)) / 1000), intact: r.body.intact, complete: r.body.complete })
      cursor = r.body.nextCursor
      if (!cursor) break
    }
  } finally {
    stopWorker(w.child)
    for (let i = 0; i < 40 && w.child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 250))
  }
}

// 3. the base commit: the whole chain in one request
let single
{
  const baseSrc = path.join(WORK, 'base-tree')
  rmSync(baseSrc, { recursive: true, force: true })
  mkdirSync(baseSrc, { recursive: true })
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${base} src | tar -x -C "${baseSrc}"`])
  const w = await startWorker({ port: PORT, state: STATE, vars, keepState: true, migrate: false, srcFrom: baseSrc })
  try {
    const r = await timedJson(`${w.base}/api/v1/audit/verify`, token)
    single = { status: r.status, events: r.body.events, intact: r.body.intact, ms: round(r.ms, 0), eventsPerSecond: Math.round(r.body.events / (r.ms / 1000)), queries: 1 + Math.ceil((r.body.events + 1) / 500), queriesForAMillion: Math.ceil(1_000_001 / 500) }
  } finally {
    stopWorker(w.child)
  }
}

const paged = pages.filter((p) => p.events)
const result = {
  events: EVENTS,
  limit: LIMIT,
  chainWrittenInMs: round(hashingMs, 0),
  paged: {
    pages,
    totalMs: paged.reduce((a, p) => a + p.ms, 0),
    medianEventsPerSecond: paged.map((p) => p.eventsPerSecond).sort((a, b) => a - b)[Math.floor(paged.length / 2)],
    queriesPerRequest: Math.max(...paged.map((p) => p.queries)),
    requestsForAMillion: Math.ceil(1_000_000 / LIMIT),
  },
  singleRequest: { base, ...single },
}
mkdirSync(RESULTS, { recursive: true })
writeFileSync(path.join(RESULTS, 'limits-audit-verify.json'), `${JSON.stringify(result, null, 2)}\n`)
console.log(JSON.stringify(result, null, 2))
