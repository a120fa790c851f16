// Writes bench/results/workers.md from the figures of bench/workers/run.mjs.

export const LABELS = { twoWorkers: 'two Workers (API + checker over RPC)', oneWorker: 'one Worker (model in-process)' }

export function markdown(r) {
  const { coldSamples: COLD_SAMPLES, warmRuns: WARM_RUNS, runs: RUNS } = r.settings
  const s = r.size
  const c = (v) => r.cold[v]
  const t = r.throughput
  const coldRow = (v) =>
    `| ${LABELS[v]} | ${c(v).portOpenMs} | ${c(v).firstHealthzMs} | ${c(v).warmHealthzMs} | ${c(v).firstCheckMs} | ${c(v).warmCheckMs} |`
  const heapRow = (v) => {
    const h = t[v].heap
    const f = (x) => `${x.heapUsedMb} + ${x.arrayBuffersMb} = **${x.totalMb}**`
    return `| ${LABELS[v]} | ${f(h.afterHealthz)} | ${f(h.afterOneCheck)} | ${f(h.afterAllChecks)} |`
  }
  return `# Two Workers: the API Worker and the checker (bench/workers/run.mjs)

Measured ${r.measuredAt}, Node ${r.node}, wrangler ${r.wrangler}, on the development machine: ${r.load.cpus} cores shared with
other work (load average ${r.load.loadAverage.join(' / ')} at the end), so absolute times can be several times an idle
machine's (bench/results/checks.md); compare the two layouts, which took turns or ran side by side under the same load.
The one-Worker variant is the same code with the 错别字 model in the API Worker's own isolate
(bench/workers/one-worker.ts), i.e. the layout before workers/checker.

## Size (\`wrangler deploy --dry-run\`, wrangler's upload figure)

| Worker | upload | gzip |
|---|---|---|
| API Worker (wrangler.toml) | ${s.api.uploadKiB} KiB | **${s.api.gzipKiB} KiB (${s.api.gzipMB} MB)** |
| checker Worker (workers/checker) | ${s.checker.uploadKiB} KiB | ${s.checker.gzipKiB} KiB (${s.checker.gzipMB} MB) |
| one Worker (before) | ${s.oneWorker.uploadKiB} KiB | ${s.oneWorker.gzipKiB} KiB (${s.oneWorker.gzipMB} MB) |

Target: the API Worker under 1 MB gzip — **${s.api.gzipMB < 1 ? 'met' : 'not met'}** (${s.api.gzipMB} MB).

## Cold start against warm (median of ${COLD_SAMPLES} fresh \`wrangler dev\` starts; warm: median of ${WARM_RUNS})

Each sample starts wrangler dev with new local state; "port open" is from spawning wrangler to the port
accepting connections (wrangler bundles first), "first" requests are sent as soon as it does and wait
for workerd to load the Workers. The check is the first ${r.shortDocument.characters} characters of the bench document, every rule.

| variant | port open (ms) | first GET /healthz (ms) | warm /healthz (ms) | first check (ms) | warm check (ms) |
|---|---|---|---|---|---|
${coldRow('twoWorkers')}
${coldRow('oneWorker')}

Locally one workerd process loads every Worker of the run, so the two-Worker figures include loading the
checker too; deployed, an isolate of the API Worker loads only its own ${s.api.gzipKiB} KiB (a /healthz
never waits for the model), and a checker isolate is started by the first check that needs it. The
first check includes building the model's tables (about 0.8 s on an idle machine) in either layout.

## Heap of the API isolate (V8 heap in use + ArrayBuffers, MB, after a full collection, through the inspector)

| variant | after /healthz | after one ${r.document.characters}-character check | after ${RUNS + 1} checks |
|---|---|---|---|
${heapRow('twoWorkers')}
${heapRow('oneWorker')}

With two Workers the model's tables live in the checker's isolate (its own 128 MB), not in the API isolate:
${t.twoWorkers.checkerHeapAfterAllChecks ? `the checker isolate after the checks: ${t.twoWorkers.checkerHeapAfterAllChecks.heapUsedMb} + ${t.twoWorkers.checkerHeapAfterAllChecks.arrayBuffersMb} = **${t.twoWorkers.checkerHeapAfterAllChecks.totalMb} MB** (workerd's own inspector).` : 'the checker isolate could not be reached through workerd\'s inspector in this run.'}

## Throughput: a ${r.document.characters}-character check, every rule (POST /api/v1/check round trip, ${RUNS} runs each)

| variant | first (ms) | median (ms) | min (ms) | p90 (ms) | GET /healthz median (ms) |
|---|---|---|---|---|---|
| ${LABELS.twoWorkers} | ${t.twoWorkers.firstCheckMs} | ${t.twoWorkers.checkMedianMs} | ${t.twoWorkers.checkMinMs} | ${t.twoWorkers.checkP90Ms} | ${t.twoWorkers.healthzMedianMs} |
| ${LABELS.oneWorker} | ${t.oneWorker.firstCheckMs} | ${t.oneWorker.checkMedianMs} | ${t.oneWorker.checkMinMs} | ${t.oneWorker.checkP90Ms} | ${t.oneWorker.healthzMedianMs} |

The two ran at the same time, their checks interleaved, so the machine's load (load average ${r.load.loadAverage.join(' / ')} on ${r.load.cpus} cores at the end) weighs on both alike.
Through the binding / in one Worker: median of the per-pair ratios **${r.throughputRatio}** (ratio of the medians ${r.throughputRatioOfMedians}, of the minima ${r.throughputRatioMin}). Target: within 15 % (≤ 1.15) — **${r.throughputRatio <= 1.15 ? 'met' : 'not met'}**.
Both variants found ${t.twoWorkers.issues} / ${t.oneWorker.issues} issues.
`
}
