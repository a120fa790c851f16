/**
 * The words a window of the 错别字 model may become (typo-model.ts): dictionary words of the same or a
 * near sound, neighbours by shape for a suspect, and — for a sound window — the words of its sound
 * that make a 3-gram of clean text with a neighbour.
 */
import { CJK_SPAN, pairKey } from './typo-hash'
import { getSoundIndex, leftSoundKey, rightSoundKey } from './typo-ngrams'
import { FUZZY_PER_CHAR, SINGLE_BUCKET, spellingKeysInto, wordBucket, type Tables } from './typo-tables'

/** Dictionary words spelled like s[start, start + len) in fuzzy pinyin (the window itself may be
 * among them). With one spelling — most windows — the table's own list, not a copy. */
const keys = new Float64Array(8)
function soundAlikes(t: Tables, s: string, start: number, len: number): readonly string[] {
  const count = spellingKeysInto(t, s, start, len, keys)
  if (count === 1) return t.byFuzzy.get(keys[0]!) ?? NONE
  // a word may stand under several of the window's spellings: keep it once
  const found = new Set<string>()
  for (let k = 0; k < count; k++) for (const w of t.byFuzzy.get(keys[k]!) ?? NONE) found.add(w)
  return found.size ? [...found] : NONE
}
const NONE: string[] = []

/** Dictionary words of two characters that sound like s[start, start + 2) and make a 3-gram of clean
 * text with the character before or after it (typo-ngrams.ts, getSoundIndex). */
export const soundIndex = (t: Tables) => getSoundIndex(t.fuzzyIds, FUZZY_PER_CHAR, (pair) => t.candidatePairs.has(pair))

export function soundWindowWords(t: Tables, s: string, start: number): string[] {
  const index = soundIndex(t)
  const y = s.charCodeAt(start)
  const z = s.charCodeAt(start + 1)
  const self = pairKey(s, start)
  const found: number[] = []
  const add = (key: number) => {
    for (let e = index.heads.get(key) - 1; e >= 0; e = index.next[e]!) {
      const pair = index.pairs[e]!
      if (pair !== self && !found.includes(pair)) found.push(pair)
    }
  }
  for (let r = 0; r < FUZZY_PER_CHAR; r++) {
    const sy = t.fuzzyIds[(y - 0x3400) * FUZZY_PER_CHAR + r] ?? 0
    if (sy === 0) break
    for (let q = 0; q < FUZZY_PER_CHAR; q++) {
      const sz = t.fuzzyIds[(z - 0x3400) * FUZZY_PER_CHAR + q] ?? 0
      if (sz === 0) break
      if (start > 0) add(leftSoundKey(s.charCodeAt(start - 1), sy, sz))
      if (start + 2 < s.length) add(rightSoundKey(sy, sz, s.charCodeAt(start + 2)))
    }
  }
  return found.map((pair) => String.fromCharCode(Math.floor(pair / CJK_SPAN) + 0x3400, (pair % CJK_SPAN) + 0x3400))
}

/** Dictionary words the window may become: by sound (any suspects), or by shape (one suspect). */
export function wordsFor(t: Tables, s: string, start: number, len: number, suspect: Uint8Array): readonly string[] {
  // windows of 3–4 characters rarely have candidates: reject them on numeric lookups first
  let soundPossible = len < 3
  if (!soundPossible) {
    const count = spellingKeysInto(t, s, start, len - 1, keys)
    for (let k = 0; k < count && !soundPossible; k++) soundPossible = t.longWordPrefixes.has(keys[k]!)
  }
  const sound = soundPossible ? soundAlikes(t, s, start, len) : NONE
  const win = s.slice(start, start + len)
  let words: string[] | undefined
  const add = (w: string) => {
    if (w === win) return
    words ??= sound.filter((x) => x !== win)
    if (!words.includes(w)) words.push(w)
  }
  if (len === 1) {
    for (const ch of t.shapes.get(win) ?? '') if ((wordBucket(t, ch, 0, 1) ?? 0) >= SINGLE_BUCKET) add(ch)
    return words ?? sound
  }
  // by shape: one suspect of a two-character window, to a neighbour that makes a candidate word
  // (three- and four-character windows by shape found almost nothing the sound did not)
  if (len === 2) {
    for (let i = 0; i < 2; i++) {
      if (!suspect[start + i]) continue
      const fills = t.maskedPairs.get((s.charCodeAt(start + 1 - i) - 0x3400) * 2 + i)
      const near = fills && t.shapes.get(win[i]!)
      if (!near) continue
      const [few, many] = near.length < fills.length ? [near, fills] : [fills, near]
      for (const ch of few) if (many.includes(ch)) add(i === 0 ? ch + win[1] : win[0] + ch)
    }
  }
  // the window itself may be among the sound-alikes; the caller skips it (no change)
  return words ?? sound
}
