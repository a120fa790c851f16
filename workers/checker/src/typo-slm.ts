/**
 * A word-bigram language model for the 错别字 model: the open-gram model of SunPinyin, pruned and
 * quantised by bench/checks/make-slm.mjs (data/typo-slm.bin, CC BY-SA 3.0). An input method
 * uses this model to choose among homophones in context — the same question the typo model asks.
 *
 * `slmScore(s)` is the log probability of the best segmentation of `s` into the model's words,
 * with bigram transitions (back-off to unigrams), found by a small beam search.
 */
import { slmData } from './typo-data'
import { byteReader, CJK_SPAN, isCjk, KeyTable, pairKey, tripleKey } from './typo-hash'

export interface Slm {
  words: string[]
  /** Ids of the words found by string: those of four characters and those with a character outside the CJK span. */
  id: Map<string, number>
  /** Word ids by number, no string per lookup: one character by code (−1 none), two and three by
   * pairKey and tripleKey (id + 1), and the first three characters of every word of four. */
  id1: Int32Array
  id2: KeyTable
  id3: KeyTable
  prefix4: KeyTable
  unigram: Float32Array
  backoff: Float32Array
  /** Bigrams of word k: second-word ids in second[start[k], start[k + 1]), sorted, with their log probabilities. */
  start: Uint32Array
  second: Uint32Array
  logp: Float32Array
}

function build(): Slm {
  const { STEP: SLM_STEP, WORDS, UNIGRAMS, BIGRAMS } = slmData()
  const words = WORDS.split(' ')
  const id = new Map<string, number>()
  const id1 = new Int32Array(CJK_SPAN).fill(-1)
  const counts = [0, 0, 0, 0, 0]
  for (const w of words) counts[w.length]!++
  const id2 = new KeyTable(counts[2]!)
  const id3 = new KeyTable(counts[3]!)
  const prefix4 = new KeyTable(counts[4]!)
  words.forEach((w, k) => {
    for (let i = 0; i < w.length; i++) if (!isCjk(w, i)) return void id.set(w, k)
    if (w.length === 4) id.set(w, k)
    if (w.length === 1) id1[w.charCodeAt(0) - 0x3400] = k
    else if (w.length === 2) id2.set(pairKey(w, 0), k + 1)
    else if (w.length === 3) id3.set(tripleKey(w, 0), k + 1)
    else if (w.length === 4) prefix4.set(tripleKey(w, 0), 1)
  })
  const uni = byteReader(UNIGRAMS)
  const unigram = new Float32Array(words.length)
  const backoff = new Float32Array(words.length)
  for (let k = 0; k < words.length; k++) {
    unigram[k] = -uni.byte() * SLM_STEP
    backoff[k] = -uni.byte() * SLM_STEP
  }
  const { byte, varint } = byteReader(BIGRAMS)
  const start = new Uint32Array(words.length + 1)
  const second: number[] = []
  const logp: number[] = []
  for (let k = 0; k < words.length; k++) {
    start[k] = second.length
    let prev = 0
    for (let c = varint(); c > 0; c--) {
      prev += varint()
      second.push(prev)
      logp.push(-byte() * SLM_STEP)
    }
  }
  start[words.length] = second.length
  return { words, id, id1, id2, id3, prefix4, unigram, backoff, start, second: Uint32Array.from(second), logp: Float32Array.from(logp) }
}

let slm: Slm | undefined
export function getSlm(): Slm {
  slm ??= build()
  return slm
}

/** Log probability of an unknown character (a word of one character the model does not have). */
const UNKNOWN = -20
const MAX_WORD = 4
const BEAM = 4

/** log P(w2 | w1) with back-off; w1 < 0 is the start of the text. */
function transition(m: Slm, w1: number, w2: number): number {
  if (w1 < 0) return m.unigram[w2]!
  let lo = m.start[w1]!
  let hi = m.start[w1 + 1]!
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const x = m.second[mid]!
    if (x < w2) lo = mid + 1
    else if (x > w2) hi = mid
    else return m.logp[mid]!
  }
  return m.backoff[w1]! + m.unigram[w2]!
}

/** The id of the word s[j − k, j), or undefined. Texts here are runs of Han characters (the CJK span);
 * a word with a character outside it (〇) is looked up by string. */
function wordId(m: Slm, s: string, j: number, k: number): number | undefined {
  if (k > MAX_WORD) return undefined
  const i = j - k
  for (let x = i; x < j; x++) if (!isCjk(s, x)) return m.id.get(s.slice(i, j))
  if (k === 1) {
    const w = m.id1[s.charCodeAt(i) - 0x3400]!
    return w < 0 ? undefined : w
  }
  if (k === 4) return m.prefix4.has(tripleKey(s, i)) ? m.id.get(s.slice(i, j)) : undefined
  const w = k === 2 ? m.id2.get(pairKey(s, i)) : m.id3.get(tripleKey(s, i))
  return w > 0 ? w - 1 : undefined
}

/** The id of `word` in the model, or undefined. */
export function slmWordId(word: string): number | undefined {
  return wordId(getSlm(), word, word.length, word.length)
}

/** Scratch for the beam, grown as needed (texts are short clauses). */
let ids = new Int32Array(64 * BEAM)
let lps = new Float64Array(64 * BEAM)
let size = new Uint8Array(64)

/** Log probability of the best segmentation of `s` under the bigram model. */
export function slmScore(s: string): number {
  const m = getSlm()
  const n = s.length
  // the beam at position j: up to BEAM (last word id, log probability) pairs, best kept per word;
  // −1 is the start of the text, −2 an unknown character
  if (size.length < n + 1) {
    ids = new Int32Array((n + 1) * 2 * BEAM)
    lps = new Float64Array((n + 1) * 2 * BEAM)
    size = new Uint8Array((n + 1) * 2)
  }
  size.fill(0, 0, n + 1)
  ids[0] = -1
  lps[0] = 0
  size[0] = 1
  for (let j = 1; j <= n; j++) {
    const at = j * BEAM
    for (let k = 1; k <= MAX_WORD && k <= j; k++) {
      const w = wordId(m, s, j, k)
      if (w === undefined && k > 1) continue
      const key = w ?? -2
      const from = (j - k) * BEAM
      for (let i = 0; i < size[j - k]!; i++) {
        const prev = ids[from + i]!
        const lp = lps[from + i]! + (w === undefined ? UNKNOWN : prev === -2 ? m.unigram[w]! : transition(m, prev, w))
        // keep the best per word, and the BEAM best words
        let slot = -1
        for (let x = 0; x < size[j]!; x++) if (ids[at + x] === key) slot = x
        if (slot >= 0) {
          if (lp > lps[at + slot]!) lps[at + slot] = lp
          continue
        }
        if (size[j]! < BEAM) {
          ids[at + size[j]!] = key
          lps[at + size[j]!] = lp
          size[j]!++
          continue
        }
        let worst = 0
        for (let x = 1; x < BEAM; x++) if (lps[at + x]! < lps[at + worst]!) worst = x
        if (lp > lps[at + worst]!) (ids[at + worst] = key), (lps[at + worst] = lp)
      }
    }
  }
  let best = -Infinity
  for (let x = 0; x < size[n]!; x++) best = Math.max(best, lps[n * BEAM + x]!)
  return size[n] ? best : UNKNOWN * n
}
