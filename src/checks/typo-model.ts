/**
 * The 错别字 model behind `typos.model`: candidate corrections scored by gradient-boosted trees.
 *
 * 1. A *suspect* is a Han character next to a character pair never seen in clean official text and
 *    not inside a common word. Clean text has few, so everything below runs for few positions.
 * 2. A *candidate* changes suspects inside a window of 1–4 characters so that the window becomes a
 *    dictionary word: any number of characters by sound (same or near toneless pinyin: 音同、音近),
 *    or one character by shape (a neighbour in the component decompositions: 形近). A window of one
 *    character must be a word of its own in the clause and not a very common one.
 * 3. Candidates whose character-bigram and segmentation gains are small are dropped (PREFILTER); the
 *    rest get the FEATURES — the gains of the best word segmentation, the character-bigram model and
 *    the word-bigram model (typo-slm.ts) over the clause, how common the new word is, whether the old
 *    window was a word, how the characters are confused, and so on — and a score from the trees in
 *    data/typo-weights.ts, fitted by bench/checks/train-typo.mjs on the dev half of ecspell-odw and on
 *    synthetic typos. No confusion pair is learned from data: only the trees are.
 * 4. Candidates above the threshold are taken best first, never two over the same character.
 */
import { TYPO_WEIGHTS } from './data/typo-weights'
import { getSlm, slmScore } from './typo-slm'
import {
  MASK,
  SINGLE_BUCKET,
  charLogProb,
  coverBucket,
  getTables,
  lmScore,
  isSingleWord,
  segment,
  spellingKeysInto,
  STRONG_BUCKET,
  wordBucket,
  unseenPairs,
  type Tables,
} from './typo-tables'
import { pairKey } from './typo-hash'

export interface TypoHit {
  start: number
  end: number
  wrong: string
  right: string
  /** The model's score (a log-odds): above TYPO_WEIGHTS.threshold to be reported. */
  score: number
}

/** The features of a candidate, by index: the trees in TYPO_WEIGHTS split on these indices. */
export const FEATURES = [
  'bias',
  'segGain',
  'lmGain',
  'pairsRemoved',
  'changed',
  'sameSound',
  'nearSound',
  'shape',
  'candidateBucket',
  'oldIsWord',
  'oldBucket',
  'oldCover',
  'charLogRatio',
  'windowLength',
  'nameContext',
  'segGainPositive',
  'oldSingle',
  'singlesRemoved',
  'oldCharBucket',
  'slmGain',
] as const

export interface TypoCandidate {
  /** Offsets into the text of the changed characters (first to last). */
  start: number
  end: number
  wrong: string
  right: string
  features: number[]
}

const HAN_RUN = /[\u4e00-\u9fff]+/g
/** Characters of context on each side for the segmentation and language-model gains. */
const CONTEXT = 4
/** Characters of context on each side for the word-bigram model. */
const SLM_CONTEXT = 4

/** Place and person names are outside the dictionary by nature: a window followed by a place suffix
 * or a title, or preceded by a title, is likely one. */
const NAME_AFTER = /^(?:省|市|县|州|盟|旗|镇|乡|村|街道|社区|苏木|嘎查|先生|女士|发〔|办发|字〔)/
const NAME_BEFORE = /(?:同志|主任|书记|局长|县长|市长|区长|镇长|乡长|村长|委员|副|任命|免去|提名)$/
function looksLikeName(s: string, start: number, end: number): boolean {
  return NAME_AFTER.test(s.slice(end, end + 2)) || NAME_BEFORE.test(s.slice(Math.max(0, start - 2), start))
}

const sameSound = (t: Tables, a: string, b: string) => (t.readings.get(a) ?? []).some((r) => (t.readings.get(b) ?? []).includes(r))
const nearSound = (t: Tables, a: string, b: string) => (t.fuzzy.get(a) ?? []).some((r) => (t.fuzzy.get(b) ?? []).includes(r))

/** Dictionary words spelled like s[start, start + len) in fuzzy pinyin (the window itself may be
 * among them). With one spelling — most windows — the table's own list, not a copy. */
const keys = new Float64Array(8)
function soundAlikes(t: Tables, s: string, start: number, len: number): readonly string[] {
  const count = spellingKeysInto(t, s, start, len, keys)
  if (count === 1) return t.byFuzzy.get(keys[0]!) ?? NONE
  let out: string[] = NONE
  for (let k = 0; k < count; k++) {
    for (const w of t.byFuzzy.get(keys[k]!) ?? NONE) {
      if (out === NONE) out = []
      if (!out.includes(w)) out.push(w)
    }
  }
  return out
}
const NONE: string[] = []

/** The suspects of one run of Han characters — characters next to a pair never seen in clean text
 * and not inside a common word — or undefined when there are none. */
function suspectsOf(t: Tables, s: string): Uint8Array | undefined {
  const n = s.length
  let suspect: Uint8Array | undefined
  for (let p = 0; p + 1 < n; p++) {
    if (t.bigrams.has(pairKey(s, p))) continue
    suspect ??= new Uint8Array(n)
    suspect[p] = 1
    suspect[p + 1] = 1
  }
  if (suspect) for (let p = 0; p < n; p++) if (suspect[p] && isStrong(t, s, p)) suspect[p] = 0
  return suspect
}

function isStrong(t: Tables, s: string, p: number): boolean {
  for (let i = Math.max(0, p - 3); i <= p; i++) {
    for (let k = Math.max(2, p - i + 1); k <= 4 && i + k <= s.length; k++) if ((wordBucket(t, s, i, k) ?? 0) >= STRONG_BUCKET) return true
  }
  return false
}

/** Every candidate correction in `text`, with its features (exported for training and the bench). */
export function typoCandidates(text: string): TypoCandidate[] {
  const t = getTables()
  const out: TypoCandidate[] = []
  for (const run of text.matchAll(HAN_RUN)) {
    let s = run[0]
    const base = run.index
    // an organ code before a 发文字号 bracket ("区委办发〔2024〕") is an abbreviation, not prose
    if (/^[〔[【（(［]\d{2,4}/.test(text.slice(base + s.length, base + s.length + 5))) s = s.slice(0, Math.max(0, s.length - 6))
    if (s.length < 2) continue
    const suspect = suspectsOf(t, s)
    if (suspect) candidatesInRun(t, s, base, suspect, out)
  }
  return out
}

/** A one-character window may change only when its character is not a very common word by itself
 * (的、是、在 … are right almost everywhere they stand alone). */
const SINGLE_WINDOW_MAX_BUCKET = 13
/** Candidates whose character-bigram gain is not positive, or whose segmentation and bigram gains
 * sum to no more than this, are dropped before the costlier features. On the dev half 95% of the
 * right corrections pass (none of those left out scored near the threshold), and a fifth of the
 * candidates in clean text. */
const PREFILTER = 8

function candidatesInRun(t: Tables, s: string, base: number, suspect: Uint8Array, out: TypoCandidate[]): void {
  const n = s.length
  const seen = new Set<string>()
  for (let start = 0; start < n; start++) {
    // the clause around every window that starts here: CONTEXT characters before, and after the longest
    // window; computed once for the four windows, and only when one of them has candidates
    if (!(suspect[start] || suspect[start + 1] || suspect[start + 2] || suspect[start + 3])) continue
    const from = Math.max(0, start - CONTEXT)
    const to = Math.min(n, start + 4 + CONTEXT)
    const oldClause = s.slice(from, to)
    let old: ReturnType<typeof segment> | undefined
    let oldLm = 0
    for (let len = 1; len <= 4 && start + len <= n; len++) {
      if (len === 1 && !(suspect[start] && (t.bucket.get(s[start]!) ?? 0) <= SINGLE_WINDOW_MAX_BUCKET)) continue
      let any = false
      for (let i = start; i < start + len; i++) if (suspect[i]) any = true
      if (!any) continue
      const win = s.slice(start, start + len)
      const words = wordsFor(t, s, win, suspect, start)
      if (words.length === 0) continue
      const before = s.slice(from, start)
      const after = s.slice(start + len, to)
      if (!old) (old = segment(t, oldClause)), (oldLm = lmScore(t, oldClause))
      // a one-character window must be a word of its own in the clause's segmentation
      if (len === 1 && !isSingleWord(old.back, oldClause.length, before.length)) continue
      let rest: { pairs: number; bucket: number | undefined; slm: number; name: number } | undefined
      for (const w of words) {
        let a = 0
        while (w[a] === win[a]) a++
        let b = len
        while (w[b - 1] === win[b - 1]) b--
        const key = `${start + a}:${w.slice(a, b)}`
        if (seen.has(key)) continue
        seen.add(key)
        const newClause = before + w + after
        // cheapest first: the character-bigram gain, then the segmentation
        const lmGain = lmScore(t, newClause) - oldLm
        if (lmGain <= 0) continue
        const seg = segment(t, newClause)
        const segGain = seg.score - old.score
        if (segGain + lmGain <= PREFILTER) continue
        rest ??= {
          pairs: unseenPairs(t, s, Math.max(0, start - 1), Math.min(n, start + len + 1)),
          bucket: t.bucket.get(win),
          slm: slmScore(s.slice(Math.max(0, start - SLM_CONTEXT), Math.min(n, start + len + SLM_CONTEXT))),
          name: looksLikeName(s, start, start + len) ? 1 : 0,
        }
        const c = changeStats(t, s, start, win, w, a, b, old.back, oldClause.length, before.length)
        const edge = (start > 0 ? s[start - 1]! : '') + w + (start + len < n ? s[start + len]! : '')
        const slmText = s.slice(Math.max(0, start - SLM_CONTEXT), start) + w + s.slice(start + len, Math.min(n, start + len + SLM_CONTEXT))
        out.push({
          start: base + start + a,
          end: base + start + b,
          wrong: win.slice(a, b),
          right: w.slice(a, b),
          features: [
            1,
            segGain,
            lmGain,
            rest.pairs - unseenPairs(t, edge, 0, edge.length),
            c.changed,
            c.same,
            c.near,
            c.shape,
            t.bucket.get(w)!,
            rest.bucket === undefined ? 0 : 1,
            rest.bucket ?? 0,
            c.oldCover,
            c.charLogRatio,
            len,
            rest.name,
            segGain > 0 ? 1 : 0,
            c.oldSingle,
            old.singles - seg.singles,
            t.bucket.get(win[a]!) ?? 0,
            slmScore(slmText) - rest.slm,
          ],
        })
      }
    }
  }
}

/** How `win` becomes `w` over win[a, b): how many characters change and by which channel, how much
 * more common the new characters are, the best word the old characters stood in, and how many of
 * them were words of their own in the clause's segmentation `back` (the window at `offset`). */
function changeStats(t: Tables, s: string, start: number, win: string, w: string, a: number, b: number, back: Uint8Array, clauseLength: number, offset: number) {
  const c = { changed: 0, same: 0, near: 0, shape: 0, charLogRatio: 0, oldCover: 0, oldSingle: 0 }
  for (let i = a; i < b; i++) {
    if (w[i] === win[i]) continue
    c.changed++
    if (sameSound(t, win[i]!, w[i]!)) c.same++
    else if (nearSound(t, win[i]!, w[i]!)) c.near++
    else c.shape++
    c.charLogRatio += charLogProb(t, w[i]!) - charLogProb(t, win[i]!)
    c.oldCover = Math.max(c.oldCover, coverBucket(t, s, start + i))
    if (isSingleWord(back, clauseLength, offset + i)) c.oldSingle++
  }
  return c
}

/** Dictionary words the window may become: by sound (any suspects), or by shape (one suspect). */
function wordsFor(t: Tables, s: string, win: string, suspect: Uint8Array, start: number): string[] {
  const len = win.length
  const words: string[] = []
  // windows of 3–4 characters rarely have candidates: reject them on numeric lookups first
  let soundPossible = len < 3
  if (!soundPossible) {
    const count = spellingKeysInto(t, s, start, len - 1, keys)
    for (let k = 0; k < count && !soundPossible; k++) soundPossible = t.longWordPrefixes.has(keys[k]!)
  }
  for (const w of soundPossible ? soundAlikes(t, s, start, len) : NONE) {
    if (w === win) continue
    let ok = true
    for (let i = 0; i < len && ok; i++) if (w[i] !== win[i] && !suspect[start + i]) ok = false
    if (ok) words.push(w)
  }
  if (len === 1) {
    for (const ch of t.shapes.get(win) ?? '') if ((wordBucket(t, ch, 0, 1) ?? 0) >= SINGLE_BUCKET && !words.includes(ch)) words.push(ch)
    return words
  }
  for (let i = 0; i < len; i++) {
    if (!suspect[start + i]) continue
    // a pair of the window's other characters must occur inside some longer word (none to test when
    // the middle one of three changes)
    const kept = i === 0 ? start + 1 : i >= 2 ? start : len === 4 ? start + 2 : -1
    if (len >= 3 && kept >= 0 && !t.longWordPairs.has(pairKey(s, kept))) continue
    const fills =
      len === 2 ? t.maskedPairs.get((s.charCodeAt(start + 1 - i) - 0x3400) * 2 + i) : t.masked.get(win.slice(0, i) + MASK + win.slice(i + 1))
    if (!fills) continue
    const near = t.shapes.get(win[i]!)
    if (!near) continue
    for (const ch of fills) {
      if (!near.includes(ch)) continue
      const w = win.slice(0, i) + ch + win.slice(i + 1)
      if (!words.includes(w)) words.push(w)
    }
  }
  return words
}

/** The model's log-odds for one candidate: the sum of its boosted trees (see bench/checks/train-typo.mjs). */
export function scoreCandidate(features: number[]): number {
  const { depth, base, trees } = TYPO_WEIGHTS
  const inner = 2 ** depth - 1
  let z = base
  for (const [feature, threshold, leaf] of trees) {
    let node = 0
    for (let level = 0; level < depth; level++) {
      const j = feature[node]!
      node = 2 * node + (j >= 0 && features[j]! > threshold[node]! ? 2 : 1)
    }
    z += leaf[node - inner]!
  }
  return z
}

/** Finds likely typos in `text`: candidates above the threshold, best first, none overlapping.
 * Offsets are UTF-16 indices into `text`. */
export function findTypos(text: string, threshold: number = TYPO_WEIGHTS.threshold): TypoHit[] {
  const scored = typoCandidates(text)
    .map((c) => ({ c, score: scoreCandidate(c.features) }))
    .filter((x) => x.score > threshold)
    .sort((x, y) => y.score - x.score)
  const taken: TypoHit[] = []
  for (const { c, score } of scored) {
    if (taken.some((h) => c.start < h.end && h.start < c.end)) continue
    taken.push({ start: c.start, end: c.end, wrong: c.wrong, right: c.right, score })
  }
  return taken.sort((x, y) => x.start - y.start)
}

/** Builds the tables and the word-bigram model now (about half a second; a Worker may call this
 * while idle, so the first check does not pay for it). */
export function warmTypoModel(): void {
  getTables()
  getSlm()
}

/** Whether `s` is a word of the dictionary (jieba, frequency ≥ 5). */
export function isDictionaryWord(s: string): boolean {
  return getTables().bucket.has(s)
}
