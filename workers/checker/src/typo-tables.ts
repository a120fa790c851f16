/**
 * The tables of the 错别字 model (typo-model.ts), built once per isolate from the generated data:
 * word frequencies (jieba), character readings (toneless pinyin), 形近 neighbours (component
 * decompositions) and character pairs seen in clean official text. Also the two language models the
 * model scores with: the best word segmentation of a clause, and an interpolated character bigram.
 *
 * Pure and synchronous; the pair tables are typed-array hash tables because the unseen-pair test
 * runs once per character of every document checked.
 */
import { modelData } from './typo-data'
import { CJK_SPAN, isCjk, KeyTable, pairKey, tripleKey } from './typo-hash'

/** A word at or above this log2 frequency bucket "covers" its characters: they are not suspects. */
export const STRONG_BUCKET = 9
/** Candidate words must be at least this frequent (log2 bucket); words of two characters down to
 * RARE_PAIR_BUCKET (联席、妇幼、寄递: the domain's own rare words are mostly of two characters). */
export const CANDIDATE_BUCKET = 8
export const RARE_PAIR_BUCKET = 5
/** A one-character candidate must be a common word on its own (和、的、不…). */
export const SINGLE_BUCKET = 12
/** Words at or above this bucket also count as clean text for character pairs. */
const PAIR_BUCKET = 7

export interface Tables {
  bucket: Map<string, number>
  logTotal: number
  /** Toneless readings, and the fuzzy ones (zh/z, n/l, -ng/-n …) of each character. */
  readings: Map<string, string[]>
  fuzzy: Map<string, string[]>
  /** Fuzzy syllable ids (1-based) of each character, up to FUZZY_PER_CHAR, indexed by (code − 0x3400) · FUZZY_PER_CHAR. */
  fuzzyIds: Uint16Array
  /** Dictionary words by fuzzy spelling key (spellingKeys): 2–4 characters from the candidate bucket up, single characters from the single bucket up. */
  byFuzzy: Map<number, string[]>
  /** Buckets of the words of one character (by code − 0x3400, −1 for none) and of two (by pairKey, bucket + 1). */
  charBucket: Int8Array
  pairBucket: KeyTable
  /** Buckets (+ 1) of the words of three characters, and a 1 for the first three characters of each word of four. */
  tripleBucket: KeyTable
  quadPrefix: KeyTable
  /** The words of two characters a window may become (CANDIDATE_BUCKET and up), by pairKey. */
  candidatePairs: KeyTable
  /** 形近 neighbours of each character, most alike first, and how alike each looks (a digit 0–9 per
   * neighbour, likenessOf). */
  shapes: Map<string, string>
  likeness: Map<string, string>
  /** Candidate words of two characters with one masked, to the characters that fill it, keyed by
   * number: (code of the kept character − 0x3400) · 2 + masked position. */
  maskedPairs: Map<number, string>
  /** Quick rejection for windows of 3–4 characters: the spelling keys of the first two and three
   * characters of candidate words of that length. */
  longWordPrefixes: KeyTable
  /** Character-pair counts keyed by pairKey: clean domain text, plus the pairs inside dictionary words
   * scaled down; negative for the pairs seen in clean text (isSeenPair). */
  pairCount: KeyTable
  /** Per character (indexed by code − 0x3400): pair counts with it on the left, and its probability on the right. */
  leftCount: Float64Array
  charProb: Float64Array
}

/** The near-homophone spelling of a toneless syllable: the confusions of southern and northern
 * speech that typing by pinyin also produces (zh/z, ch/c, sh/s, n/l, hu/fu, -ng/-n). */
export function fuzzySyllable(s: string): string {
  if (s === 'hu') return 'fu'
  return s
    .replace(/^([zcs])h/, '$1')
    .replace(/^n(?!g)/, 'l')
    .replace(/ng$/, 'n')
}

export const FUZZY_PER_CHAR = 3
const SYLLABLE_BASE = 512

const MAX_SPELLINGS = 8
const spellingScratch = new Float64Array(MAX_SPELLINGS * FUZZY_PER_CHAR)

/** The fuzzy-pinyin spelling keys of s[start, start + len) (polyphones multiply, up to
 * MAX_SPELLINGS): syllable ids in base SYLLABLE_BASE, so a key is a small exact number. Written to
 * `out`; returns how many. No allocation: this runs for every window the model looks at. */
export function spellingKeysInto(t: Tables, s: string, start: number, len: number, out: Float64Array): number {
  out[0] = 0
  let count = 1
  for (let i = start; i < start + len; i++) {
    const at = (s.charCodeAt(i) - 0x3400) * FUZZY_PER_CHAR
    if (!(t.fuzzyIds[at]! > 0)) return 0
    let next = 0
    for (let r = 0; r < FUZZY_PER_CHAR; r++) {
      const id = t.fuzzyIds[at + r]!
      if (id === 0) break
      for (let k = 0; k < count && next < MAX_SPELLINGS; k++) spellingScratch[next++] = out[k]! * SYLLABLE_BASE + id
    }
    for (let k = 0; k < next; k++) out[k] = spellingScratch[k]!
    count = next
  }
  return count
}

/** spellingKeysInto, as an array (for building the tables). */
export function spellingKeys(t: Tables, s: string, start: number, len: number): number[] {
  const out = new Float64Array(MAX_SPELLINGS)
  return Array.from(out.subarray(0, spellingKeysInto(t, s, start, len, out)))
}

/** The bucket of the dictionary word s[i, i + k), or undefined: numeric tables for one and two
 * characters (most lookups), the word map for longer ones. */
export function wordBucket(t: Tables, s: string, i: number, k: number): number | undefined {
  if (k === 1) {
    const b = t.charBucket[s.charCodeAt(i) - 0x3400]
    return b === undefined || b < 0 ? undefined : b
  }
  if (k === 2) {
    const b = t.pairBucket.get(pairKey(s, i))
    return b > 0 ? b - 1 : undefined
  }
  if (k === 3) {
    const b = t.tripleBucket.get(tripleKey(s, i))
    return b > 0 ? b - 1 : undefined
  }
  return t.quadPrefix.get(tripleKey(s, i)) ? t.bucket.get(s.slice(i, i + k)) : undefined
}


/** The domain text is about 1M characters, jieba's counts about 60M words: weigh them to one scale. */
const CORPUS_WEIGHT = 1
const DICT_WEIGHT = 0.02

function buildTables(): Tables {
  const { WORDS, BIGRAMS, PINYIN, SHAPES } = modelData()
  const bucket = new Map<string, number>()
  let total = 0
  for (const line of WORDS.split('\n')) {
    const colon = line.indexOf(':')
    const b = Number(line.slice(0, colon))
    for (const w of line.slice(colon + 1).split(' ')) {
      bucket.set(w, b)
      total += 2 ** b
    }
  }
  const readings = new Map<string, string[]>()
  const fuzzy = new Map<string, string[]>()
  for (const line of PINYIN.split('\n')) {
    const colon = line.indexOf(':')
    const syllable = line.slice(0, colon)
    const near = fuzzySyllable(syllable)
    for (const ch of line.slice(colon + 1)) {
      const list = readings.get(ch)
      if (list) list.push(syllable)
      else readings.set(ch, [syllable])
      const f = fuzzy.get(ch)
      if (!f) fuzzy.set(ch, [near])
      else if (!f.includes(near)) f.push(near)
    }
  }
  const shapes = new Map<string, string>()
  const likeness = new Map<string, string>()
  for (const line of SHAPES.split('\n')) {
    const [ch, near, digits] = line.split(':')
    if (!ch || !near || !digits) continue
    shapes.set(ch, near)
    likeness.set(ch, digits)
  }
  const syllableIds = new Map<string, number>()
  const fuzzyIds = new Uint16Array(CJK_SPAN * FUZZY_PER_CHAR)
  for (const [ch, list] of fuzzy) {
    const at = (ch.charCodeAt(0) - 0x3400) * FUZZY_PER_CHAR
    if (ch.length !== 1 || at < 0 || at >= fuzzyIds.length) continue
    list.slice(0, FUZZY_PER_CHAR).forEach((f, r) => {
      if (!syllableIds.has(f)) syllableIds.set(f, syllableIds.size + 1)
      fuzzyIds[at + r] = syllableIds.get(f)!
    })
  }
  const candidatePairs = new KeyTable(bucket.size / 4)
  const charBucket = new Int8Array(CJK_SPAN).fill(-1)
  const twoCharWords: [number, number][] = []
  const threeCharWords: [number, number][] = []
  const fourCharWords: [number, number][] = []
  const byFuzzy = new Map<number, string[]>()
  const partial = { fuzzyIds } as Tables
  const maskedPairs = new Map<number, string>()
  const prefixes = new Set<number>()
  for (const [w, b] of bucket) {
    const candidate = b >= (w.length === 2 ? RARE_PAIR_BUCKET : CANDIDATE_BUCKET)
    if (w.length >= 3 && candidate) {
      for (const key of spellingKeys(partial, w, 0, 2)) prefixes.add(key)
      if (w.length === 4) for (const key of spellingKeys(partial, w, 0, 3)) prefixes.add(key)
    }
    if (w.length === 2 && candidate && isCjk(w, 0) && isCjk(w, 1)) {
      candidatePairs.set(pairKey(w, 0), 1)
      for (let i = 0; i < 2; i++) {
        const key = (w.charCodeAt(1 - i) - 0x3400) * 2 + i
        maskedPairs.set(key, (maskedPairs.get(key) ?? '') + w[i])
      }
    }
    if (w.length === 1 && isCjk(w, 0)) charBucket[w.charCodeAt(0) - 0x3400] = b
    if (w.length === 2 && isCjk(w, 0) && isCjk(w, 1)) twoCharWords.push([pairKey(w, 0), b])
    if (w.length >= 3 && isCjk(w, 0) && isCjk(w, 1) && isCjk(w, 2)) (w.length === 3 ? threeCharWords : fourCharWords).push([tripleKey(w, 0), b])
    if (w.length === 1 ? b < SINGLE_BUCKET : !candidate) continue
    for (const key of spellingKeys(partial, w, 0, w.length)) {
      const list = byFuzzy.get(key)
      if (list) list.push(w)
      else byFuzzy.set(key, [w])
    }
  }
  const bigramSet = new Set<number>()
  const counts = new Map<number, number>()
  for (const line of BIGRAMS.split('\n')) {
    const colon = line.indexOf(':')
    const n = 2 ** Number(line.slice(0, colon))
    for (let i = colon + 1; i + 1 < line.length; i += 2) {
      const key = pairKey(line, i)
      bigramSet.add(key)
      counts.set(key, n * CORPUS_WEIGHT)
    }
  }
  const pairBucket = new KeyTable(twoCharWords.length)
  for (const [key, b] of twoCharWords) pairBucket.set(key, b + 1)
  const tripleBucket = new KeyTable(threeCharWords.length)
  for (const [key, b] of threeCharWords) tripleBucket.set(key, b + 1)
  const quadPrefix = new KeyTable(fourCharWords.length)
  for (const [key] of fourCharWords) quadPrefix.set(key, 1)
  for (const [w, b] of bucket) {
    const f = 2 ** b * DICT_WEIGHT
    for (let i = 0; i + 1 < w.length; i++) {
      if (!isCjk(w, i) || !isCjk(w, i + 1)) continue
      const key = pairKey(w, i)
      if (b >= PAIR_BUCKET) bigramSet.add(key)
      counts.set(key, (counts.get(key) ?? 0) + f)
    }
  }
  const leftCount = new Float64Array(CJK_SPAN)
  const charProb = new Float64Array(CJK_SPAN)
  let pairs = 0
  for (const [key, n] of counts) {
    leftCount[Math.floor(key / CJK_SPAN)]! += n
    charProb[key % CJK_SPAN]! += n
    pairs += n
  }
  for (let i = 0; i < CJK_SPAN; i++) charProb[i]! /= pairs
  // one table for both: the count, negative for the pairs seen in clean text (every count is positive)
  const pairCount = new KeyTable(counts.size)
  for (const [key, n] of counts) pairCount.set(key, bigramSet.has(key) ? -n : n)
  const longWordPrefixes = new KeyTable(prefixes.size)
  for (const key of prefixes) longWordPrefixes.set(key, 1)
  return { bucket, logTotal: Math.log(total), readings, fuzzy, fuzzyIds, byFuzzy, charBucket, pairBucket, tripleBucket, quadPrefix, candidatePairs, shapes, likeness, maskedPairs, longWordPrefixes, pairCount, leftCount, charProb }
}

let tables: Tables | undefined
export function getTables(): Tables {
  tables ??= buildTables()
  return tables
}

const LN2 = Math.LN2
const LM_PRIOR = 4
const LM_FLOOR = 1e-7

/** Log probability of the characters of `s` after the first under an interpolated character-bigram model. */
export function lmScore(t: Tables, s: string): number {
  let score = 0
  for (let i = 1; i < s.length; i++) score += pairLogProb(t, s.charCodeAt(i - 1), s.charCodeAt(i))
  return score
}

/** log P(b | a) of the interpolated character bigram, for character codes a and b. Outside the CJK
 * span (a dictionary word with 〇) the typed arrays give undefined: counted as unseen. */
export function pairLogProb(t: Tables, a: number, b: number): number {
  const p = t.charProb[b - 0x3400] ?? 0
  const pair = Math.abs(t.pairCount.get((a - 0x3400) * CJK_SPAN + (b - 0x3400)))
  const left = t.leftCount[a - 0x3400] ?? 0
  return Math.log((pair + LM_PRIOR * p) / (left + LM_PRIOR) + LM_FLOOR)
}

/** Log probability of the unigram of one character (for the frequency features). */
export function charLogProb(t: Tables, ch: string): number {
  return Math.log((t.charProb[ch.charCodeAt(0) - 0x3400] ?? 0) + LM_FLOOR)
}

/** The best segmentation of `s` into dictionary words: its log probability (unknown characters
 * are very unlikely), how many of its words are single characters, and the length of the word
 * ending at each position (`back`). */
export function segment(t: Tables, s: string): { score: number; singles: number; back: Uint8Array } {
  const n = s.length
  const best = new Float64Array(n + 1).fill(-Infinity)
  const back = new Uint8Array(n + 1)
  best[0] = 0
  const unknown = -t.logTotal - 2
  for (let j = 1; j <= n; j++) {
    for (let k = 1; k <= 4 && k <= j; k++) {
      const b = wordBucket(t, s, j - k, k)
      const lp = b === undefined ? (k === 1 ? unknown : undefined) : b * LN2 - t.logTotal
      if (lp === undefined) continue
      const v = best[j - k]! + lp
      if (v > best[j]!) (best[j] = v), (back[j] = k)
    }
  }
  let singles = 0
  for (let j = n; j > 0; j -= back[j]!) if (back[j] === 1) singles++
  return { score: best[n]!, singles, back }
}

/** Whether the character at `p` is a word of its own in the segmentation `back` of a text of length `n`. */
export function isSingleWord(back: Uint8Array, n: number, p: number): boolean {
  for (let j = n; j > 0; j -= back[j]!) if (j - back[j]! <= p) return j - 1 === p && back[j] === 1
  return false
}

/** Whether the pair (pairKey) occurs in clean text: in the clean corpus, or inside a word of PAIR_BUCKET and up. */
export const isSeenPair = (t: Tables, key: number) => t.pairCount.get(key) < 0

/** Character pairs in s[from, to) never seen in clean text. */
export function unseenPairs(t: Tables, s: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i + 1 < to; i++) if (!isSeenPair(t, pairKey(s, i))) count++
  return count
}

/** The highest bucket of a dictionary word of 2–4 characters in `s` that covers position `p`, or 0. */
export function coverBucket(t: Tables, s: string, p: number): number {
  let best = 0
  for (let i = Math.max(0, p - 3); i <= p; i++) {
    for (let k = Math.max(2, p - i + 1); k <= 4 && i + k <= s.length; k++) {
      const b = wordBucket(t, s, i, k)
      if (b !== undefined && b > best) best = b
    }
  }
  return best
}

/** How alike `b` looks to `a` when it is one of a's 形近 neighbours: 1 (hardly) to 10 (almost the same
 * drawing); 0 when it is not a neighbour. */
export function likenessOf(t: Tables, a: string, b: string): number {
  const at = t.shapes.get(a)?.indexOf(b) ?? -1
  return at < 0 ? 0 : t.likeness.get(a)!.charCodeAt(at) - 47
}
