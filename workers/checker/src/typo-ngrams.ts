/**
 * The 错别字 model's domain language model: how often each Han character 3-gram and 4-gram occurs in
 * clean official text (data/typo-ngrams.bin, made by bench/checks/make-ngrams.mjs). The word models
 * (jieba frequencies, the SunPinyin bigrams) know general Chinese; this table knows the phrasing of
 * reports and documents — 问题导向、供给保障、部际联席会议 — that a general model finds rare.
 *
 * Built once per isolate into typed-array hash tables (typo-hash.ts): a candidate's n-grams are
 * looked up by number, no string per lookup.
 */
import { ngramData } from './typo-data'
import { byteReader, CJK_SPAN, KeyTable, tripleKey } from './typo-hash'

/** A 4-gram as one number: exact in its first pair, its second pair reduced modulo a prime below
 * 2^23 so the key stays an exact double. Two 4-grams share a key only when they share the first pair
 * and their second pairs collide modulo the prime — negligible among the few thousand 4-grams that
 * follow any one pair. */
const QUAD_MOD = 8388593
const quadKeyOf = (a: number, b: number, c: number, d: number) =>
  ((a - 0x3400) * CJK_SPAN + (b - 0x3400)) * 8388608 + (((c - 0x3400) * CJK_SPAN + (d - 0x3400)) % QUAD_MOD)
export const quadKey = (s: string, i: number) => quadKeyOf(s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2), s.charCodeAt(i + 3))

export interface Ngrams {
  tri: KeyTable
  quad: KeyTable
}

let cached: Ngrams | undefined

/** The (key, count) entries of one encoded table (see make-ngrams.mjs), in key order. */
function decode(bytes: Uint8Array, each: (key: number, count: number) => void): number {
  const { varint } = byteReader(bytes)
  const n = varint()
  let key = 0
  for (let i = 0; i < n; i++) {
    key += varint()
    each(key, varint())
  }
  return n
}

const entriesOf = (bytes: Uint8Array) => decode(bytes, () => {})

export function getNgrams(): Ngrams {
  if (cached) return cached
  const { TRIPLES, QUADS } = ngramData()
  const table: Ngrams = { tri: new KeyTable(entriesOf(TRIPLES), 0.75), quad: new KeyTable(entriesOf(QUADS), 0.75) }
  decode(TRIPLES, (key, count) => table.tri.set(key, count))
  decode(QUADS, (key, count) => table.quad.set(key, count))
  cached = table
  return table
}

const isHan = (c: number) => c >= 0x4e00 && c <= 0x9fff

/** The count of the n-gram (n = 3 or 4) at s[i, i + n); 0 when unseen or not all Han. */
export function ngramCount(g: Ngrams, s: string, i: number, n: 3 | 4): number {
  for (let k = i; k < i + n; k++) if (!isHan(s.charCodeAt(k))) return 0
  return n === 3 ? g.tri.get(tripleKey(s, i)) : g.quad.get(quadKey(s, i))
}

/** The counts of a 3-gram and a 4-gram given by character codes (0 when unseen or not all Han), for
 * the quick gain of a candidate before any string is built. */
export function triCount(g: Ngrams, a: number, b: number, c: number): number {
  if (!(isHan(a) && isHan(b) && isHan(c))) return 0
  return g.tri.get(((a - 0x3400) * CJK_SPAN + (b - 0x3400)) * CJK_SPAN + (c - 0x3400))
}
export function quadCount(g: Ngrams, a: number, b: number, c: number, d: number): number {
  if (!(isHan(a) && isHan(b) && isHan(c) && isHan(d))) return 0
  return g.quad.get(quadKeyOf(a, b, c, d))
}

/** How well s fits the table: the sum of log2(1 + count) over its n-grams, and how many are unseen. */
export function ngramFit(g: Ngrams, s: string, n: 3 | 4): { logSum: number; unseen: number } {
  let logSum = 0
  let unseen = 0
  for (let i = 0; i + n <= s.length; i++) {
    const c = ngramCount(g, s, i, n)
    if (c > 0) logSum += Math.log2(1 + c)
    else unseen++
  }
  return { logSum, unseen }
}

/**
 * Adds `delta` to the count of every 3- and 4-gram of `text` (Han runs only). For training alone:
 * the dev sentences of ecspell-odw are in the table, so bench/checks/train-typo.mjs takes a
 * sentence's own n-grams out (−1) while it scores that sentence, and puts them back (+1) after.
 */
export function adjustNgrams(text: string, delta: number): void {
  const g = getNgrams()
  for (const [run] of text.matchAll(/[\u4e00-\u9fff]+/g)) {
    for (let i = 0; i + 3 <= run.length; i++) g.tri.set(tripleKey(run, i), g.tri.get(tripleKey(run, i)) + delta)
    for (let i = 0; i + 4 <= run.length; i++) g.quad.set(quadKey(run, i), g.quad.get(quadKey(run, i)) + delta)
  }
}

/**
 * Seen 3-grams by sound, for the candidates of windows with no suspect: a window of two characters
 * whose every pair was seen may still be the wrong word of the right sound (绝顶 for 决定, 总数 for
 * 总署), and the words it may be are those that make a 3-gram of clean text with the character
 * before or after it. Keys: the left character and the fuzzy syllable ids of the next two (LEFT), or
 * the ids of two characters and the character after them (RIGHT); entries: the two characters as a
 * pairKey, chained through `next`.
 */
export interface SoundIndex {
  heads: KeyTable
  pairs: Uint32Array
  next: Int32Array
}

const SYLLABLES = 512
const RIGHT_KEYS = CJK_SPAN * SYLLABLES * SYLLABLES

export const leftSoundKey = (x: number, sy: number, sz: number) => ((x - 0x3400) * SYLLABLES + sy) * SYLLABLES + sz
export const rightSoundKey = (sx: number, sy: number, z: number) => RIGHT_KEYS + (sx * SYLLABLES + sy) * CJK_SPAN + (z - 0x3400)

let soundCached: SoundIndex | undefined

/** Builds the index once per isolate; `fuzzyIds` and `perChar` as in typo-tables.ts, `isWord` tells
 * the pairs (pairKey) that are candidate words: only those are kept. */
export function getSoundIndex(fuzzyIds: Uint16Array, perChar: number, isWord: (pair: number) => boolean): SoundIndex {
  if (soundCached) return soundCached
  const entries: number[] = []
  const ids = (c: number) => {
    const out: number[] = []
    for (let r = 0; r < perChar; r++) {
      const id = fuzzyIds[(c - 0x3400) * perChar + r] ?? 0
      if (id === 0) break
      out.push(id)
    }
    return out
  }
  decode(ngramData().TRIPLES, (key) => {
    // the three characters back from the exact key
    const z = (key % CJK_SPAN) + 0x3400
    const rest = Math.floor(key / CJK_SPAN)
    const y = (rest % CJK_SPAN) + 0x3400
    const x = Math.floor(rest / CJK_SPAN) + 0x3400
    const yz = (y - 0x3400) * CJK_SPAN + (z - 0x3400)
    const xy = (x - 0x3400) * CJK_SPAN + (y - 0x3400)
    const [ix, iy, iz] = [ids(x), ids(y), ids(z)]
    for (const sy of iy) {
      if (isWord(yz)) for (const sz of iz) entries.push(leftSoundKey(x, sy, sz), yz)
      if (isWord(xy)) for (const sx of ix) entries.push(rightSoundKey(sx, sy, z), xy)
    }
  })
  const count = entries.length / 2
  const keys = new Set<number>()
  for (let e = 0; e < count; e++) keys.add(entries[2 * e]!)
  const heads = new KeyTable(keys.size, 0.8)
  const pairs = new Uint32Array(count)
  const next = new Int32Array(count)
  for (let e = 0; e < count; e++) {
    const key = entries[2 * e]!
    pairs[e] = entries[2 * e + 1]!
    next[e] = heads.get(key) - 1
    heads.set(key, e + 1)
  }
  soundCached = { heads, pairs, next }
  return soundCached
}
