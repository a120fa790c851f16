// Builds workers/checker/src/data/typo-ngrams.bin: counts of the Han character 3-grams and 4-grams of clean
// official text, the 错别字 model's domain language model (typo-ngrams.ts). The text:
//   - the CPC congress reports and the "model" half of the government work reports (as for BIGRAMS in
//     build-typo-data.mjs: the other half is where the synthetic training sentences and the clean-text
//     false-alarm figure come from, so they stay new to the table);
//   - the corrected sentences of the dev half of ecspell-odw (MIT), each once. The held-out half is
//     never read. train-typo.mjs takes each dev sentence's own n-grams out while it scores that
//     sentence (leave-one-out), so the fit never sees a sentence in its own table.
// Run: node bench/checks/make-ngrams.mjs
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { writeSections } from './lib.mjs'
import { readOdw, reportHalf, ROOT, SHARED } from './split.mjs'

export const NGRAM_SIZES = [3, 4]
const HAN_RUN = /[\u4e00-\u9fff]+/g

export function cleanTexts() {
  const texts = []
  const strip = (content) => content.split(/本作品是|本作品来自/)[0]
  for (const line of readFileSync(path.join(SHARED, 'data/corpora/cpc_congress_reports.jsonl'), 'utf8').split('\n')) {
    if (line.trim()) texts.push(strip(JSON.parse(line).content))
  }
  for (const line of readFileSync(path.join(SHARED, 'data/corpora/government_work_reports.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue
    const { title, content } = JSON.parse(line)
    if (reportHalf(title) === 'model') texts.push(strip(content))
  }
  texts.push(...new Set(readOdw().filter((r) => r.half === 'dev').map((r) => r.target)))
  return texts
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = new Map()
  for (const text of cleanTexts()) {
    for (const [run] of text.matchAll(HAN_RUN)) {
      for (const n of NGRAM_SIZES) for (let i = 0; i + n <= run.length; i++) {
        const g = run.slice(i, i + n)
        counts.set(g, (counts.get(g) ?? 0) + 1)
      }
    }
  }
  // keys as in workers/checker/src/typo-hash.ts and typo-ngrams.ts: exact for 3-grams, the second pair of a
  // 4-gram reduced modulo a prime
  const SPAN = 0x6c00
  const pair = (g, i) => (g.charCodeAt(i) - 0x3400) * SPAN + (g.charCodeAt(i + 1) - 0x3400)
  const keyOf = (g) => (g.length === 3 ? pair(g, 0) * SPAN + (g.charCodeAt(2) - 0x3400) : pair(g, 0) * 8388608 + (pair(g, 2) % 8388593))
  const encode = (n) => {
    const entries = [...counts].filter(([g]) => g.length === n).map(([g, c]) => [keyOf(g), c]).sort((x, y) => x[0] - y[0])
    const bytes = []
    const varint = (v) => {
      while (v >= 0x80) {
        bytes.push((v % 0x80) | 0x80)
        v = Math.floor(v / 0x80)
      }
      bytes.push(v)
    }
    varint(entries.length)
    let prev = 0
    for (const [k, c] of entries) {
      varint(k - prev)
      varint(c)
      prev = k
    }
    return Uint8Array.from(bytes)
  }
  const tri = encode(3)
  const quad = encode(4)
  // Each table: varints — the number of entries, then per entry the gap to the previous key (keys
  // ascending: tripleKey, quadKey of typo-ngrams.ts) and the count. Read by ngramData() in typo-data.ts.
  const bytes = writeSections(path.join(ROOT, 'workers/checker/src/data/typo-ngrams.bin'), [tri, quad])
  console.log({ ngrams: counts.size, bytes })
}
