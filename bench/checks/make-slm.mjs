// Builds workers/checker/src/data/typo-slm.bin: a pruned word-bigram language model for the 错别字 model,
// read from the open-gram model of SunPinyin (Debian package sunpinyin-data, licence CC BY-SA 3.0;
// the generated file carries the same licence). Get the data once in a scratch folder:
//   apt-get download sunpinyin-data && dpkg-deb -x sunpinyin-data_*.deb x
//   node bench/checks/make-slm.mjs x/usr/lib/x86_64-linux-gnu/sunpinyin/data
//
// lm_sc.t3g is a back-off trigram model (CThreadSlm): a header (N, use-log flag, level sizes), a
// table of 65536 probabilities and one of 16384 back-off weights, then the nodes level by level
// (12-byte nodes: word id 18 bits | bow index 14; pr index 16 | first child low 16; back-off node
// 23 | level 2 | first child high 7; 8-byte leaves at the last level). pydict_sc.bin holds the
// words: three counts, a pinyin trie, then the words as NUL-terminated UCS-4 strings in id order.
//
// Kept: unigrams of Han words (up to 4 characters) with their back-off weights, and the KEEP most
// important bigrams between them — importance P(w1, w2) · |log P(w2|w1) − log backoff|, the usual
// entropy-based pruning criterion. Log probabilities are quantised to steps of STEP (natural log).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { writeSections } from './lib.mjs'
import { ROOT } from './split.mjs'

const KEEP = Number(process.env.KEEP ?? 1_200_000)
const STEP = 0.1
const dir = process.argv[2]
if (!dir) throw new Error('usage: node bench/checks/make-slm.mjs <sunpinyin data dir>')

const lm = readFileSync(path.join(dir, 'lm_sc.t3g'))
const N = lm.readUInt32LE(0)
const sizes = Array.from({ length: N + 1 }, (_, i) => lm.readUInt32LE(8 + 4 * i))
const tables = 8 + 4 * (N + 1)
const prTable = Array.from({ length: 65536 }, (_, i) => Math.log(lm.readFloatLE(tables + 4 * i)))
const bowTable = Array.from({ length: 16384 }, (_, i) => Math.log(lm.readFloatLE(tables + 4 * 65536 + 4 * i)))
const levels = []
let offset = tables + 4 * (65536 + 16384)
for (let l = 0; l <= N; l++) (levels.push(offset), (offset += sizes[l] * (l < N ? 12 : 8)))
const word32 = (l, i, k) => lm.readUInt32LE(levels[l] + i * 12 + 4 * k)
const node = (l, i) => {
  const [a, b, c] = [word32(l, i, 0), word32(l, i, 1), word32(l, i, 2)]
  return { wid: a & 0x3ffff, bow: bowTable[a >>> 18], pr: prTable[b & 0xffff], child: ((c >>> 25) << 16) + (b >>> 16) }
}

const dict = readFileSync(path.join(dir, 'pydict_sc.bin'))
const words = []
for (let i = 0, p = dict.readUInt32LE(8), count = dict.readUInt32LE(0); i < count; i++) {
  let s = ''
  for (let c; (c = dict.readUInt32LE(p)); p += 4) s += String.fromCodePoint(c)
  p += 4
  words.push(s)
}

const HAN = /^\p{Script=Han}{1,4}$/u
const unigrams = [] // { wid, word, lp, bow, child, end }
for (let i = 0; i < sizes[1] - 1; i++) {
  const n = node(1, i)
  const word = words[n.wid]
  if (!word || !HAN.test(word)) continue
  unigrams.push({ ...n, word, end: node(1, i + 1).child })
}
const byWid = new Map(unigrams.map((u, k) => [u.wid, { ...u, id: k }]))
const bigrams = []
for (const u of byWid.values()) {
  for (let m = u.child; m < u.end; m++) {
    const n = node(2, m)
    const v = byWid.get(n.wid)
    if (!v) continue
    const importance = Math.exp(u.pr + n.pr) * Math.abs(n.pr - (u.bow + v.pr))
    bigrams.push([importance, u.id, v.id, n.pr])
  }
}
bigrams.sort((a, b) => b[0] - a[0])
const kept = bigrams.slice(0, KEEP).sort((a, b) => a[1] - b[1] || a[2] - b[2])

const q = (lp) => Math.max(0, Math.min(255, Math.round(-lp / STEP)))
const uni = new Uint8Array(unigrams.length * 2)
unigrams.forEach((u, k) => ((uni[2 * k] = q(u.pr)), (uni[2 * k + 1] = q(u.bow))))
// bigrams: per first word a varint count, then per pair a varint gap of the second word id and a byte
const bytes = []
const varint = (n) => {
  while (n >= 0x80) (bytes.push((n & 0x7f) | 0x80), (n >>>= 7))
  bytes.push(n)
}
let k = 0
for (let id = 0; id < unigrams.length; id++) {
  let end = k
  while (end < kept.length && kept[end][1] === id) end++
  varint(end - k)
  let prev = 0
  for (; k < end; k++) (varint(kept[k][2] - prev), (prev = kept[k][2]), bytes.push(q(kept[k][3])))
}
// sections: the log-probability step (text), the words (text, space-separated), the unigram bytes and
// the bigram bytes — read by slmData() in workers/checker/src/typo-data.ts. The file is an adaptation of
// open-gram under CC BY-SA 3.0 (workers/checker/src/data/README.md).
const written = writeSections(path.join(ROOT, 'workers/checker/src/data/typo-slm.bin'), [String(STEP), unigrams.map((u) => u.word).join(' '), Uint8Array.from(uni), Uint8Array.from(bytes)])
console.log({ words: unigrams.length, bigrams: bigrams.length, kept: kept.length, bytes: written })
