/**
 * A word-bigram language model for the 错别字 model: the open-gram model of SunPinyin, pruned and
 * quantised by bench/checks/make-slm.mjs (data/typo-slm.data.ts, CC BY-SA 3.0). An input method
 * uses this model to choose among homophones in context — the same question the typo model asks.
 *
 * `slmScore(s)` is the log probability of the best segmentation of `s` into the model's words,
 * with bigram transitions (back-off to unigrams), found by a small beam search.
 */
import { SLM_BIGRAMS, SLM_STEP, SLM_UNIGRAMS, SLM_WORDS } from './data/typo-slm.data'

export interface Slm {
  words: string[]
  id: Map<string, number>
  unigram: Float32Array
  backoff: Float32Array
  /** Bigrams of word k: second-word ids in second[start[k], start[k + 1]), sorted, with their log probabilities. */
  start: Uint32Array
  second: Uint32Array
  logp: Float32Array
}

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

function build(): Slm {
  const words = SLM_WORDS.split(' ')
  const id = new Map<string, number>()
  words.forEach((w, k) => id.set(w, k))
  const uni = decodeBase64(SLM_UNIGRAMS)
  const unigram = new Float32Array(words.length)
  const backoff = new Float32Array(words.length)
  for (let k = 0; k < words.length; k++) {
    unigram[k] = -uni[2 * k]! * SLM_STEP
    backoff[k] = -uni[2 * k + 1]! * SLM_STEP
  }
  const bytes = decodeBase64(SLM_BIGRAMS)
  let p = 0
  const varint = () => {
    let n = 0
    let shift = 0
    for (;;) {
      const b = bytes[p++]!
      n += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return n
      shift += 7
    }
  }
  const start = new Uint32Array(words.length + 1)
  const second: number[] = []
  const logp: number[] = []
  for (let k = 0; k < words.length; k++) {
    start[k] = second.length
    let prev = 0
    for (let c = varint(); c > 0; c--) {
      prev += varint()
      second.push(prev)
      logp.push(-bytes[p++]! * SLM_STEP)
    }
  }
  start[words.length] = second.length
  return { words, id, unigram, backoff, start, second: Uint32Array.from(second), logp: Float32Array.from(logp) }
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

/** Log probability of the best segmentation of `s` under the bigram model. */
export function slmScore(s: string): number {
  const m = getSlm()
  const n = s.length
  // the beam at position j: up to BEAM (last word id, log probability) pairs, best kept per word;
  // −1 is the start of the text, −2 an unknown character
  const ids = new Int32Array((n + 1) * BEAM)
  const lps = new Float64Array((n + 1) * BEAM)
  const size = new Uint8Array(n + 1)
  ids[0] = -1
  size[0] = 1
  for (let j = 1; j <= n; j++) {
    const at = j * BEAM
    for (let k = 1; k <= MAX_WORD && k <= j; k++) {
      const w = m.id.get(s.slice(j - k, j))
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
