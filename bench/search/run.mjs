#!/usr/bin/env node
// Search bench (issue #2): relevance of Wenfu's search against the alternatives people use, query
// latency inside workerd with the corpora imported ten times over, and CLI import throughput.
// Usage: npm run bench:search [-- --quick]   (--quick: relevance only, one copy of the corpora)
// Writes bench/results/search.json and bench/results/search.md.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'
import { importTs, percentile, ROOT, round, SHARED, startWorker, stopWorker } from '../lib.mjs'
import { api } from '../../scripts/lib.mjs'

const QUICK = process.argv.includes('--quick')
const COPIES = QUICK ? 1 : 10
const LATENCY_ROUNDS = 5
const WORK = path.join(ROOT, 'bench/.work/search')
const TOKEN = 'bench-' + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2)
const CORPORA = ['government_work_reports.jsonl', 'cpc_congress_reports.jsonl']

const compact = (s) => s.normalize('NFKC').replace(/\s+/g, '')
// synonym-queries.jsonl (issue 13): abbreviations the passage does not contain, written before the
// synonym table was tuned; odd ids are the dev half, even ids held out (see bench/relevance/README.md).
const queries = ['queries.jsonl', 'synonym-queries.jsonl'].flatMap((f) =>
  readFileSync(path.join(ROOT, 'bench/relevance', f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l)),
)
const records = CORPORA.flatMap((f) =>
  readFileSync(path.join(SHARED, 'data/corpora', f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l)),
)
const totalChars = records.reduce((n, r) => n + r.content.length, 0)

/** Copy k of the corpora as JSONL files; copies after the first are marked so dedup keeps them. */
function writeCopy(k) {
  const dir = path.join(WORK, `copy${k}`)
  mkdirSync(dir, { recursive: true })
  for (const f of CORPORA) {
    const lines = readFileSync(path.join(SHARED, 'data/corpora', f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const r = JSON.parse(l)
        if (k === 0) return JSON.stringify({ title: r.title, content: r.content, year: r.year ?? undefined })
        return JSON.stringify({ title: `${r.title}（副本${k}）`, content: `【副本${k}】\n${r.content}`, year: r.year ?? undefined })
      })
    writeFileSync(path.join(dir, f), lines.join('\n') + '\n')
  }
  return dir
}

function cliImport(dir, base) {
  const started = Date.now()
  const r = spawnSync('node', [path.join(ROOT, 'bin/wenfu.mjs'), 'import', dir, '--genre', '报告'], {
    env: { ...process.env, WENFU_URL: base, WENFU_TOKEN: TOKEN },
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`import failed: ${r.stdout}\n${r.stderr}`)
  return { seconds: (Date.now() - started) / 1000, output: r.stdout.trim() }
}

function rankOf(texts, answer) {
  const a = compact(answer)
  const i = texts.findIndex((t) => compact(t).includes(a))
  return i < 0 ? null : i + 1
}

function score(ranks) {
  const n = ranks.length
  return {
    recallAt10: round(ranks.filter((r) => r !== null && r <= 10).length / n),
    mrr: round(ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0) / n),
  }
}

function byType(ranks) {
  const types = [...new Set(queries.map((q) => q.type))]
  return Object.fromEntries(types.map((t) => [t, score(ranks.filter((_, i) => queries[i].type === t))]))
}

/** BM25 over jieba word segmentation (the keyword retrieval of Dify and FastGPT), in Node. */
function jiebaBm25(chunks) {
  const jieba = Jieba.withDict(dict)
  const tokenize = (s) => jieba.cutForSearch(s.normalize('NFKC').toLowerCase(), true).filter((t) => /[\p{L}\p{N}]/u.test(t))
  const docs = chunks.map((c) => tokenize(`${c.title} ${c.text}`))
  const df = new Map()
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1)
  const avg = docs.reduce((n, d) => n + d.length, 0) / docs.length
  const tfs = docs.map((d) => {
    const m = new Map()
    for (const t of d) m.set(t, (m.get(t) ?? 0) + 1)
    return m
  })
  const N = docs.length
  return (q, limit = 10) => {
    const qt = [...new Set(tokenize(q))]
    const scores = tfs.map((tf, i) => {
      let s = 0
      for (const t of qt) {
        const f = tf.get(t)
        if (!f) continue
        const idf = Math.log(1 + (N - df.get(t) + 0.5) / (df.get(t) + 0.5))
        s += (idf * f * 2.2) / (f + 1.2 * (1 - 0.75 + (0.75 * docs[i].length) / avg))
      }
      return [i, s]
    })
    return scores.filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]).slice(0, limit).map(([i]) => i)
  }
}

async function main() {
  rmSync(WORK, { recursive: true, force: true })
  mkdirSync(WORK, { recursive: true })
  const results = { date: new Date().toISOString(), queries: queries.length, corpusChars: totalChars, copies: COPIES }
  const main = await startWorker({ port: 8797, state: path.join(WORK, 'state-main'), vars: { WENFU_BOOTSTRAP_TOKEN: TOKEN } })
  let alt
  try {
    // Import throughput through the CLI: the first copy.
    const first = cliImport(writeCopy(0), main.base)
    results.importFirstCopy = { seconds: first.seconds, charsPerSecond: Math.round(totalChars / first.seconds), cli: first.output }
    console.log(`imported copy 0: ${first.seconds}s, ${results.importFirstCopy.charsPerSecond} chars/s`)

    // Relevance: Wenfu, with and without synonym expansion.
    const wenfu = []
    const wenfuPlain = []
    for (const q of queries) {
      const { results: hits } = await api(main.base, TOKEN, 'GET', '/api/v1/search', { query: { q: q.query, limit: 10 } })
      wenfu.push(rankOf(hits.map((h) => h.text), q.answer))
      const { results: plain } = await api(main.base, TOKEN, 'GET', '/api/v1/search', { query: { q: q.query, limit: 10, expand: 'false' } })
      wenfuPlain.push(rankOf(plain.map((h) => h.text), q.answer))
    }

    // The same chunks for the alternatives (the product's own chunker).
    const { chunkText } = await importTs('src/knowledge/chunking.ts')
    const chunks = []
    for (const r of records) {
      for (const c of chunkText(r.content)) chunks.push({ id: chunks.length + 1, title: r.title, text: c.text })
    }
    alt = await startWorker({ config: 'bench/search/alt/wrangler.toml', port: 8796, state: path.join(WORK, 'state-alt'), migrate: false })
    for (let i = 0; i < chunks.length; i += 200) {
      const res = await fetch(`${alt.base}/load`, { method: 'POST', body: JSON.stringify(chunks.slice(i, i + 200)) })
      if (!res.ok) throw new Error(`alt load: ${res.status} ${await res.text()}`)
    }
    const textOf = (id) => chunks[id - 1].text
    const viaAlt = async (route) => {
      const ranks = []
      for (const q of queries) {
        const res = await fetch(`${alt.base}/${route}?q=${encodeURIComponent(q.query)}&limit=10`)
        const { ids } = await res.json()
        ranks.push(rankOf(ids.map(textOf), q.answer))
      }
      return ranks
    }
    const trigram = await viaAlt('trigram')
    const like = await viaAlt('like')
    const bm25 = jiebaBm25(chunks)
    const jieba = queries.map((q) => rankOf(bm25(q.query).map((i) => chunks[i].text), q.answer))

    results.relevance = {
      wenfu: { ...score(wenfu), byType: byType(wenfu) },
      wenfuWithoutSynonyms: { ...score(wenfuPlain), byType: byType(wenfuPlain) },
      synonymHalves: Object.fromEntries(
        ['dev', 'heldout'].map((h) => {
          const pick = (ranks) => score(ranks.filter((_, i) => queries[i].type === 'synonym' && queries[i].half === h))
          return [h, { wenfu: pick(wenfu), wenfuWithoutSynonyms: pick(wenfuPlain), trigram: pick(trigram), like: pick(like), jieba: pick(jieba) }]
        }),
      ),
      trigramWithLikeFallback: { ...score(trigram), byType: byType(trigram) },
      likeOverChunks: { ...score(like), byType: byType(like) },
      jiebaBm25: { ...score(jieba), byType: byType(jieba) },
      chunks: chunks.length,
      ranks: Object.fromEntries(queries.map((q, i) => [q.id, { wenfu: wenfu[i], wenfuWithoutSynonyms: wenfuPlain[i], trigram: trigram[i], like: like[i], jieba: jieba[i] }])),
      misses: queries.filter((_, i) => !wenfu[i] || wenfu[i] > 10).map((q) => ({ id: q.id, type: q.type, query: q.query })),
    }
    console.log(JSON.stringify({ wenfu: score(wenfu), trigram: score(trigram), like: score(like), jieba: score(jieba) }))
    console.log(queries.map((q, i) => `${q.id}:${wenfu[i]}/${jieba[i]}`).join(' '))

    if (!QUICK) {
      // Latency with the corpora ten times over.
      let importSeconds = first.seconds
      for (let k = 1; k < COPIES; k++) {
        const r = cliImport(writeCopy(k), main.base)
        importSeconds += r.seconds
        console.log(`imported copy ${k}: ${r.seconds}s`)
      }
      results.importAllCopies = { chars: totalChars * COPIES, seconds: round(importSeconds, 1), charsPerSecond: Math.round((totalChars * COPIES) / importSeconds) }
      const search = []
      const health = []
      const server = []
      const headers = { authorization: `Bearer ${TOKEN}` }
      for (let round_ = 0; round_ < LATENCY_ROUNDS; round_++) {
        for (const q of queries) {
          let t = performance.now()
          const res = await fetch(`${main.base}/api/v1/search?q=${encodeURIComponent(q.query)}&limit=10`, { headers })
          await res.arrayBuffer()
          search.push(performance.now() - t)
          const timing = /dur=(\d+(?:\.\d+)?)/.exec(res.headers.get('server-timing') ?? '')
          if (timing) server.push(Number(timing[1]))
          t = performance.now()
          await (await fetch(`${main.base}/healthz`)).arrayBuffer()
          health.push(performance.now() - t)
        }
      }
      results.latency = {
        requests: search.length,
        searchMs: { p50: round(percentile(search, 50), 1), p95: round(percentile(search, 95), 1), max: round(Math.max(...search), 1) },
        serverTimingMs: { p50: round(percentile(server, 50), 1), p95: round(percentile(server, 95), 1) },
        healthzMs: { p50: round(percentile(health, 50), 1), p95: round(percentile(health, 95), 1) },
        ratioP50: round(percentile(search, 50) / percentile(health, 50), 1),
        ratioP95: round(percentile(search, 95) / percentile(health, 95), 1),
      }
      console.log(JSON.stringify(results.latency, null, 1))
    }
  } finally {
    stopWorker(main.child)
    if (alt) stopWorker(alt.child)
  }
  writeFileSync(path.join(ROOT, 'bench/results/search.json'), JSON.stringify(results, null, 2) + '\n')
  writeFileSync(path.join(ROOT, 'bench/results/search.md'), report(results))
  console.log('written bench/results/search.json and search.md')
}

function report(r) {
  const rel = r.relevance
  const row = (name, s) => `| ${name} | ${s.recallAt10} | ${s.mrr} | ${Object.values(s.byType).map((t) => t.recallAt10).join(' | ')} |`
  const types = Object.keys(rel.wenfu.byType)
  const lines = [
    '# 检索基准 Search bench',
    '',
    `运行：\`npm run bench:search\`（${r.date}）。语料：../shared/data/corpora，${r.corpusChars.toLocaleString()} 字，切分为 ${rel.chunks} 个段落块；查询集 ${r.queries} 条（bench/relevance/queries.jsonl 与 synonym-queries.jsonl）。`,
    '',
    '## 相关性 Relevance (Recall@10 / MRR, and Recall@10 by query type)',
    '',
    `| 方法 | Recall@10 | MRR | ${types.join(' | ')} |`,
    `|---|---|---|${types.map(() => '---').join('|')}|`,
    row('**Wenfu**（CJK bigram FTS5 + 重排 + 同义词扩展）', rel.wenfu),
    row('Wenfu 不扩展同义词（`expand=false`）', rel.wenfuWithoutSynonyms),
    row('FTS5 trigram + 短词 LIKE 回退', rel.trigramWithLikeFallback),
    row('LIKE 全表匹配（每个词都要出现）', rel.likeOverChunks),
    row('jieba 分词 + BM25（Dify/FastGPT 关键词检索）', rel.jiebaBm25),
    '',
    '同义词查询（synonym，简称而原文为全称）按开发 / 留出两半（Recall@10 / MRR）：',
    '',
    '| 方法 | 开发（奇数号） | 留出（偶数号） |',
    '|---|---|---|',
    ...[['Wenfu', 'wenfu'], ['Wenfu 不扩展', 'wenfuWithoutSynonyms'], ['trigram + LIKE', 'trigram'], ['LIKE', 'like'], ['jieba + BM25', 'jieba']].map(
      ([name, k]) => `| ${name} | ${rel.synonymHalves.dev[k].recallAt10} / ${rel.synonymHalves.dev[k].mrr} | ${rel.synonymHalves.heldout[k].recallAt10} / ${rel.synonymHalves.heldout[k].mrr} |`,
    ),
    '',
    rel.misses.length ? `Wenfu 未进前 10 的查询：${rel.misses.map((m) => `${m.id}（${m.type}）“${m.query}”`).join('；')}` : 'Wenfu 全部查询均在前 10 命中。',
    '',
  ]
  if (r.latency) {
    const l = r.latency
    lines.push(
      `## 延迟 Latency（workerd 本地，语料导入 ${r.copies} 份，约 ${(r.corpusChars * r.copies).toLocaleString()} 字）`,
      '',
      `${l.requests} 次检索，与同一轮中的 GET /healthz 交替请求（127.0.0.1 往返）：`,
      '',
      '| | p50 ms | p95 ms |',
      '|---|---|---|',
      `| GET /api/v1/search | ${l.searchMs.p50} | ${l.searchMs.p95} |`,
      `| Server-Timing（Worker 内，含 D1） | ${l.serverTimingMs.p50} | ${l.serverTimingMs.p95} |`,
      `| GET /healthz | ${l.healthzMs.p50} | ${l.healthzMs.p95} |`,
      `| 比值 search / healthz | ${l.ratioP50} | ${l.ratioP95} |`,
      '',
    )
  }
  lines.push('## 导入吞吐 Import throughput（CLI `wenfu import`）', '', `第一份语料：${r.importFirstCopy.seconds} 秒，${r.importFirstCopy.charsPerSecond.toLocaleString()} 字/秒。`)
  if (r.importAllCopies) lines.push(`全部 ${r.copies} 份：${r.importAllCopies.chars.toLocaleString()} 字，${r.importAllCopies.seconds} 秒，${r.importAllCopies.charsPerSecond.toLocaleString()} 字/秒。`)
  return lines.join('\n') + '\n'
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
