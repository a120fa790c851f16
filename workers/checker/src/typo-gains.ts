/**
 * The gains of a 错别字 candidate under the character bigram (typo-tables.ts) and the domain n-gram
 * table (typo-ngrams.ts): how much likelier the text reads with the window changed. The cheap ones
 * work on character codes alone, with the old text's values of one run cached, because they run for
 * every word a window may become (typo-model.ts).
 */
import { ngramFit, quadCount, triCount, type Ngrams } from './typo-ngrams'
import { pairLogProb, type Tables } from './typo-tables'

/** The old text's pair log probabilities and n-gram log counts of one run, computed once each when a
 * candidate first needs them (NaN: not yet), so the many candidates of a window pay only for their own. */
let oldPair = new Float64Array(256)
let oldTri = new Float64Array(256)
let oldQuad = new Float64Array(256)
export function resetRunCache(n: number): void {
  if (oldPair.length < n + 1) {
    oldPair = new Float64Array(2 * n + 2)
    oldTri = new Float64Array(2 * n + 2)
    oldQuad = new Float64Array(2 * n + 2)
  }
  oldPair.fill(NaN, 0, n + 1)
  oldTri.fill(NaN, 0, n + 1)
  oldQuad.fill(NaN, 0, n + 1)
}

/** The gain of a candidate under the character bigram, over the pairs that touch the window: the
 * whole change of lmScore over any clause around it, on numbers alone. */
export function bigramGain(t: Tables, s: string, start: number, len: number, w: string): number {
  const end = start + len
  let gain = 0
  for (let j = Math.max(1, start); j <= Math.min(s.length - 1, end); j++) {
    const a = j - 1 >= start ? w.charCodeAt(j - 1 - start) : s.charCodeAt(j - 1)
    const b = j < end ? w.charCodeAt(j - start) : s.charCodeAt(j)
    let old = oldPair[j]!
    if (old !== old) oldPair[j] = old = pairLogProb(t, s.charCodeAt(j - 1), s.charCodeAt(j))
    gain += pairLogProb(t, a, b) - old
  }
  return gain
}

/** The gain in log counts of the 3- and 4-grams that overlap the window, on numbers alone. */
export function ngramGain(g: Ngrams, s: string, start: number, len: number, w: string): number {
  const n = s.length
  const end = start + len
  const at = (j: number) => (j >= start && j < end ? w.charCodeAt(j - start) : s.charCodeAt(j))
  let gain = 0
  for (let i = Math.max(0, start - 2); i <= Math.min(end - 1, n - 3); i++) {
    let old = oldTri[i]!
    if (old !== old) oldTri[i] = old = Math.log2(1 + triCount(g, s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2)))
    gain += Math.log2(1 + triCount(g, at(i), at(i + 1), at(i + 2))) - old
  }
  for (let i = Math.max(0, start - 3); i <= Math.min(end - 1, n - 4); i++) {
    let old = oldQuad[i]!
    if (old !== old) oldQuad[i] = old = Math.log2(1 + quadCount(g, s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2), s.charCodeAt(i + 3)))
    gain += Math.log2(1 + quadCount(g, at(i), at(i + 1), at(i + 2), at(i + 3))) - old
  }
  return gain
}

export type OldFit = [{ logSum: number; unseen: number }, { logSum: number; unseen: number }]

/** The 3- and 4-grams around a window: those that overlap it, with n − 1 characters of context. */
const gramSpan = (s: string, start: number, len: number, n: number, w: string) =>
  s.slice(Math.max(0, start - n + 1), start) + w + s.slice(start + len, start + len + n - 1)

export function oldFit(g: Ngrams, s: string, start: number, len: number): OldFit {
  const win = s.slice(start, start + len)
  return [ngramFit(g, gramSpan(s, start, len, 3, win), 3), ngramFit(g, gramSpan(s, start, len, 4, win), 4)]
}

/** Per n of 3 and 4: the gain in log counts, the unseen n-grams removed, and the old window's fit. */
export function ngramGains(g: Ngrams, s: string, start: number, len: number, w: string, old: OldFit): number[] {
  const f3 = ngramFit(g, gramSpan(s, start, len, 3, w), 3)
  const f4 = ngramFit(g, gramSpan(s, start, len, 4, w), 4)
  return [
    f3.logSum - old[0].logSum,
    old[0].unseen - f3.unseen,
    old[0].logSum,
    old[0].unseen,
    f4.logSum - old[1].logSum,
    old[1].unseen - f4.unseen,
    old[1].logSum,
    old[1].unseen,
  ]
}
