// The Worker's memory during an import near the 60 MB request limit, inside workerd (wrangler dev
// --local), measured through the inspector: heap in use and ArrayBuffer backing stores sampled
// every 50 ms while the import runs (peak), and after a full collection before and after it.
//
// Four runs, each on a fresh Worker and state, with the same 57 MB upload (three 19 MB JSONL files
// of 900 KB documents; the documents repeat, so the D1 work is small and the figures are the
// upload's): the base commit's code (its bodyLimit copied every body, the route read every file at
// once), the formData() commit's code (the body passes uncopied, files are read one at a time from
// workerd's form, each JSONL file parsed whole), and this tree — the multipart body streamed part
// by part, JSONL read line by line — with a Content-Length and with the same body streamed without
// one (counted by the route, no longer kept by bodyLimit).
//
//   node bench/limits/import-memory.mjs [--base <commit>] [--formdata <commit>]   (defaults: bcf2137, 7957f52)
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { inspectWorker, ROOT, round, startWorker, stopWorker } from '../lib.mjs'

const PORT = 8797
const INSPECTOR_PORT = 9247
const WORK = path.join(ROOT, 'bench/.work/limits')
const RESULTS = path.join(ROOT, 'bench/results')
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback)
const base = arg('--base', 'bcf2137')
const formdata = arg('--formdata', '7957f52')

/** Three JSONL files of about 19 MB: 21 lines each of a 300,000-character speech (the same text). */
function upload() {
  const paragraph = '坚持以人民为中心的发展思想，扎实推进营商环境优化提升，推动高质量发展取得新成效。'
  const body = Array.from({ length: Math.ceil(300_000 / (paragraph.length + 1)) }, (_, i) => `${i % 40 === 0 ? '## 一、重点工作\n' : ''}${paragraph}`).join('\n').slice(0, 300_000)
  const files = []
  for (let f = 0; f < 3; f++) {
    const lines = Array.from({ length: 21 }, (_, i) => JSON.stringify({ title: `在全区工作会议上的讲话（${f}-${i}）`, genre: '讲话稿', body }))
    files.push({ name: `讲话${f}.jsonl`, bytes: Buffer.from(lines.join('\n')) })
  }
  return files
}

/** The multipart body, built here so that its length is known (and sent, or not). */
function multipart(files) {
  const boundary = `----wenfu${randomBytes(8).toString('hex')}`
  const parts = []
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${encodeURIComponent(f.name)}"\r\nContent-Type: application/octet-stream\r\n\r\n`))
    parts.push(f.bytes, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` }
}

async function run(label, { srcFrom, chunked }, payload) {
  const token = randomBytes(24).toString('base64url')
  const worker = await startWorker({ port: PORT, inspectorPort: INSPECTOR_PORT, state: path.join(WORK, label), vars: { WENFU_BOOTSTRAP_TOKEN: token }, srcFrom })
  const knock = () => fetch(`${worker.base}/healthz`).then((r) => r.text())
  let session
  try {
    // the first authenticated request sets up the office and the builtin templates
    await fetch(`${worker.base}/api/v1/precedents?limit=1`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text())
    session = await inspectWorker(INSPECTOR_PORT)
    const before = await session.collected(knock)
    const samples = []
    let running = true
    const sampler = (async () => {
      while (running) {
        try {
          samples.push(await session.usage())
        } catch {
          // the isolate was busy past the timeout: no sample
        }
        await new Promise((r) => setTimeout(r, 50))
      }
    })()
    const body = chunked
      ? new ReadableStream({
          start(c) {
            for (let i = 0; i < payload.body.length; i += 64 * 1024) c.enqueue(payload.body.subarray(i, i + 64 * 1024))
            c.close()
          },
        })
      : payload.body
    const t = performance.now()
    const res = await fetch(`${worker.base}/api/v1/precedents/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': payload.type },
      body,
      ...(chunked ? { duplex: 'half' } : {}),
    })
    const text = await res.text()
    const ms = performance.now() - t
    running = false
    await sampler
    const after = await session.collected(knock)
    const report = res.ok ? JSON.parse(text).summary : { status: res.status, body: text.slice(0, 300) }
    const peak = samples.reduce((m, s) => (s.totalMb > m.totalMb ? s : m), { totalMb: 0 })
    return { label, contentLength: !chunked, status: res.status, report, importMs: round(ms, 0), samples: samples.length, before, peak, after }
  } finally {
    session?.close()
    stopWorker(worker.child)
    await new Promise((r) => setTimeout(r, 1500))
  }
}

const files = upload()
const payload = multipart(files)
/** An earlier commit's src/, run with this tree's config. */
function srcOf(commit, name) {
  const dir = path.join(WORK, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${commit} src | tar -x -C "${dir}"`])
  return dir
}

const trees = { before: srcOf(base, 'base-tree'), formdata: srcOf(formdata, 'formdata-tree') }
const runs = []
runs.push(await run('before', { srcFrom: trees.before, chunked: false }, payload))
runs.push(await run('formdata', { srcFrom: trees.formdata, chunked: false }, payload))
runs.push(await run('streamed', { chunked: false }, payload))
runs.push(await run('streamed-chunked', { chunked: true }, payload))

const result = {
  upload: { bytes: payload.body.length, mb: round(payload.body.length / 1e6, 1), files: files.map((f) => ({ name: f.name, mb: round(f.bytes.length / 1e6, 1) })) },
  base,
  formdata,
  runs,
  note: 'MB = 10^6 bytes. peak = the largest heap+ArrayBuffer sample while the import ran (50 ms sampling through the inspector; the isolate answers between its awaits, so a peak inside one synchronous stretch can be missed); before/after = after a full collection.',
}
mkdirSync(RESULTS, { recursive: true })
writeFileSync(path.join(RESULTS, 'limits-import-memory.json'), `${JSON.stringify(result, null, 2)}\n`)
console.log(JSON.stringify(result, null, 2))
