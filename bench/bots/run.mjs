// Bots bench: `npm run bench:bots`. Starts the Worker under `wrangler dev` (workerd) on 127.0.0.1 and
// measures the time from a signed Slack request to its acknowledgement (Slack allows 3 s, WeCom 5 s),
// against GET /healthz in the same run:
//  1. POST /bots/slack/commands `help` — signature check, parse, answer (no database);
//  2. `待办` by a linked reviewer — signature, link lookup, dedupe claim, a drafts query, Block Kit;
//  3. `检索 营商环境` by the same member — as 2, with the full-text search;
//  4. a request with a bad signature — refused (401) before anything runs;
//  5. in a phase of its own (its Workflows go on working after the answer), `起草 通知 …` by a linked
//     drafter — creates the draft (retrieving materials), its outline, and starts the generation
//     Workflow and the result's delivery Workflow, all before answering.
// Slack's Web API and response_url are a local stand-in answering {ok:true}.
// Each request has its own trigger id (a retried one would be acknowledged empty by the dedupe).
// Writes bench/results/bots.json and bots.md; the worker is stopped at the end.
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { loadavg } from 'node:os'
import path from 'node:path'
import { importTs, percentile, ROOT, round, startWorker, stopWorker } from '../lib.mjs'

const PORT = 8797
const RUNS = Number(process.env.BENCH_RUNS ?? 60)
const TOKEN = 'bench-bots-token-0123456789'
const SECRET = 'bench-slack-signing-secret-0123456789'
const TEAM = 'T0BENCH01'
const WORK = path.join(ROOT, 'bench/.work/bots')
const log = (...a) => console.log('[bench:bots]', ...a)

const stats = (xs) => ({ p50: round(percentile(xs, 50), 1), p95: round(percentile(xs, 95), 1), max: round(Math.max(...xs), 1) })

async function main() {
  mkdirSync(WORK, { recursive: true })
  const { signSlackRequest } = await importTs('src/bots/slack/verify.ts')
  // A stand-in of Slack's Web API and response_url, so the deliveries 起草 queues end at once
  // instead of retrying in the background of the measurements.
  const standIn = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(req.url.startsWith('/api/') ? JSON.stringify({ ok: true, channel: 'D0BENCH', ts: '1767225600.000100' }) : 'ok')
    })
  })
  await new Promise((resolve) => standIn.listen(0, '127.0.0.1', resolve))
  const slackBase = `http://127.0.0.1:${standIn.address().port}`
  const worker = await startWorker({
    port: PORT,
    state: path.join(WORK, 'state'),
    vars: { WENFU_BOOTSTRAP_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_BASE: `${slackBase}/api` },
  })
  try {
    const api = async (method, p, body, token = TOKEN) => {
      const res = await fetch(`${worker.base}/api/v1${p}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) })
      if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`)
      return res.json()
    }
    const office = await api('POST', '/admin/offices', { name: '基准办公室', code: `bench-${Date.now().toString(36)}` })
    const reviewer = await api('POST', '/admin/tokens', { name: '审核人', role: 'reviewer', officeId: office.id })
    const drafter = await api('POST', '/admin/tokens', { name: '起草人', role: 'drafter', officeId: office.id })
    const admin = await api('POST', '/admin/tokens', { name: '管理员', role: 'admin', officeId: office.id })
    await api('POST', '/admin/bot-links', { memberId: reviewer.memberId, platform: 'slack', tenant: TEAM, userId: 'U0BENCH01' }, admin.token)
    await api('POST', '/admin/bot-links', { memberId: drafter.memberId, platform: 'slack', tenant: TEAM, userId: 'U0BENCH02' }, admin.token)
    for (let i = 0; i < 20; i++) {
      await api('POST', '/findings', { title: `营商环境座谈${i}`, body: `座谈中企业反映，项目审批平均用时压缩到${20 + i}个工作日。`, topic: '营商环境', tags: ['营商环境'], source: { kind: '座谈', unit: '城东街道' }, observedOn: '2026-04-12', sensitivity: 'public' }, drafter.token)
    }

    let n = 0
    const slack = (user, text, secret = SECRET) => async () => {
      const body = new URLSearchParams({ team_id: TEAM, user_id: user, command: '/wenfu', text, response_url: `${slackBase}/commands/x`, trigger_id: `bench.${Date.now()}.${++n}` }).toString()
      const ts = Math.floor(Date.now() / 1000)
      const t0 = performance.now()
      const res = await fetch(`${worker.base}/bots/slack/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': await signSlackRequest(secret, ts, body) },
        body,
      })
      await res.arrayBuffer()
      return { ms: performance.now() - t0, status: res.status }
    }
    const health = async () => {
      const t0 = performance.now()
      const res = await fetch(`${worker.base}/healthz`)
      await res.arrayBuffer()
      return { ms: performance.now() - t0, status: res.status }
    }
    const cases = {
      healthz: health,
      help: slack('U0BENCH01', 'help'),
      todo: slack('U0BENCH01', '待办'),
      search: slack('U0BENCH01', '检索 营商环境'),
      badSignature: slack('U0BENCH01', '待办', 'not-the-secret'),
    }
    // 起草 starts generation and delivery Workflows that keep working after the answer: measured in a
    // phase of its own, after the others, so that work does not fall on their figures.
    const draft = slack('U0BENCH02', '起草 通知 开展营商环境专项检查')
    const expected = { healthz: 200, help: 200, todo: 200, search: 200, draft: 200, badSignature: 401 }
    for (const c of Object.values(cases)) for (let i = 0; i < 3; i++) await c()
    const walls = Object.fromEntries([...Object.keys(cases), 'healthzDuringDraft'].map((k) => [k, []]))
    // Interleaved, so a burst of load on the shared machine falls on every case alike.
    for (let i = 0; i < RUNS; i++) {
      for (const [k, c] of Object.entries(cases)) {
        const r = await c()
        if (r.status !== expected[k]) throw new Error(`${k}: status ${r.status}`)
        walls[k].push(r.ms)
      }
    }
    walls.draft = []
    for (let i = 0; i < RUNS; i++) {
      const h = await health()
      walls.healthzDuringDraft.push(h.ms)
      const r = await draft()
      if (r.status !== 200) throw new Error(`draft: status ${r.status}`)
      walls.draft.push(r.ms)
    }
    const wallMs = Object.fromEntries(Object.entries(walls).map(([k, xs]) => [k, stats(xs)]))
    const result = {
      date: new Date().toISOString(),
      runs: RUNS,
      machine: { cores: 2, loadAverage1m: round(loadavg()[0], 2), note: 'shared by several engineers; wall times include waiting for a core' },
      wallMs,
      overHealthzP50: { ...Object.fromEntries(Object.keys(cases).filter((k) => k !== 'healthz').map((k) => [k, round(wallMs[k].p50 - wallMs.healthz.p50, 1)])), draft: round(wallMs.draft.p50 - wallMs.healthzDuringDraft.p50, 1) },
      limits: { slackMs: 3000, wecomMs: 5000, slowestP95: Math.max(...Object.values(wallMs).map((s) => s.p95)) },
    }
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true })
    writeFileSync(path.join(ROOT, 'bench/results/bots.json'), JSON.stringify(result, null, 2) + '\n')
    const row = (label, k) => `| ${label} | ${wallMs[k].p50} | ${wallMs[k].p95} | ${wallMs[k].max} | ${result.overHealthzP50[k] ?? '—'} |`
    const md = [
      '# Bots bench',
      '',
      `\`npm run bench:bots\` — ${result.date}, ${RUNS} interleaved runs of each after warm-up, \`wrangler dev\` (workerd) with local D1 on this machine: 2 cores shared by several engineers (1-minute load average ${result.machine.loadAverage1m} at the end), so wall times include waiting for a core.`,
      '',
      'Time from a signed Slack slash command (`POST /bots/slack/commands`, HMAC-SHA256 signature computed by the client before the clock starts) to its acknowledgement, against `GET /healthz` in the same run. Slack wants the acknowledgement within 3 s, WeCom within 5 s; a command that is not done in 2 s is acknowledged with “正在处理” and answered through the response_url (src/bots/slack/routes.ts ACK_MS).',
      '',
      '| request | wall p50 ms | wall p95 ms | max | p50 over /healthz |',
      '|---|---|---|---|---|',
      row('GET /healthz', 'healthz'),
      row('`/wenfu help` (signature, parse, answer)', 'help'),
      row('`/wenfu 待办` by a linked reviewer (link, dedupe, drafts query)', 'todo'),
      row('`/wenfu 检索 营商环境` (as above, with full-text search over 20 findings)', 'search'),
      row('bad signature (refused with 401)', 'badSignature'),
      row('GET /healthz, in the 起草 phase', 'healthzDuringDraft'),
      row('`/wenfu 起草 通知 …` by a linked drafter (draft, outline, two Workflows started; over the /healthz of its phase)', 'draft'),
      '',
      'In the 起草 phase each /healthz is sent just before a 起草 and waits behind the generation and delivery Workflows the previous 起草 started (they run in the same workerd), so 起草 is compared with the /healthz of its own phase.',
      '',
      `Slowest p95: ${result.limits.slowestP95} ms, against Slack's 3000 ms.`,
      '',
    ].join('\n')
    writeFileSync(path.join(ROOT, 'bench/results/bots.md'), md)
    log(md)
  } catch (e) {
    log('worker log tail:', worker.log().slice(-3000))
    throw e
  } finally {
    if (process.env.BENCH_DEBUG) log('worker log tail:', worker.log().slice(-4000), 'log chars', worker.log().length)
    stopWorker(worker.child)
    standIn.close()
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
