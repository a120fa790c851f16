/**
 * The 错别字 model behind `typos.model`: candidate corrections scored by gradient-boosted trees.
 *
 * 1. A *suspect* is a Han character next to a character pair never seen in clean official text and
 *    not inside a common word. Clean text has few.
 * 2. *Candidates* come from windows of 1–4 characters:
 *    - a window holding a suspect becomes a dictionary word by sound (any of its characters to ones of
 *      the same or near toneless pinyin: 音同、音近), or, in a window of one or two characters, one
 *      suspect becomes a neighbour by shape (形近: a shared component, or a drawing alike in a 宋体 or
 *      黑体 font — 失/央, 予/子 — see bench/checks/make-glyphs.mjs; how alike is a feature). A window
 *      of one character must be a word of its own in the clause and not a very common one;
 *    - a *sound window* — two characters with no suspect that form an uncommon word — becomes another
 *      word of its sound that makes a 3-gram of clean text with a neighbour (typo-ngrams.ts). These
 *      are the wrong words an input method leaves: 绝顶 for 决定, 平谷 for 评估.
 * 3. Cheap gains first, on numbers alone: the character bigram and the domain 3/4-gram table
 *    (QUICK_GATE), then the best word segmentation (SEGMENT_GATE). The rest get the FEATURES — those
 *    gains, the word-bigram model (typo-slm.ts), how common the new word is, whether the old window
 *    was a word, how the characters are confused and how alike they look, the n-gram fit of the old
 *    text, and so on — and a score from the trees in data/typo-weights.ts, fitted by
 *    bench/checks/train-typo.mjs on the dev half of ecspell-odw and on synthetic typos. No confusion
 *    pair is learned from data: only the trees.
 * 4. Candidates above the threshold are taken best first, never two over the same character.
 *
 * The words a window may become are in typo-words.ts, the cheap gains in typo-gains.ts.
 */
import { TYPO_WEIGHTS } from './data/typo-weights'
import { bigramGain, ngramGain, ngramGains, oldFit, resetRunCache, type OldFit } from './typo-gains'
import { pairKey } from './typo-hash'
import { getNgrams } from './typo-ngrams'
import { getSlm, slmScore } from './typo-slm'
import {
  charLogProb,
  coverBucket,
  getTables,
  isSeenPair,
  isSingleWord,
  likenessOf,
  segment,
  STRONG_BUCKET,
  unseenPairs,
  wordBucket,
  type Tables,
} from './typo-tables'
import { soundIndex, soundWindowWords, wordsFor } from './typo-words'

export interface TypoHit {
  start: number
  end: number
  wrong: string
  right: string
  /** The model's score (a log-odds): above TYPO_WEIGHTS.threshold to be reported. */
  score: number
  /** Every correction of this same span above the threshold, best first (the first is `right`). */
  candidates: { right: string; score: number }[]
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
  'tri3Gain',
  'tri3UnseenRemoved',
  'tri3Old',
  'tri3OldUnseen',
  'tri4Gain',
  'tri4UnseenRemoved',
  'tri4Old',
  'tri4OldUnseen',
  'soundWindow',
  'glyphLikeness',
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

/** The suspects of one run of Han characters — characters next to a pair never seen in clean text
 * and not inside a common word — or undefined when there are none. */
function suspectsOf(t: Tables, s: string): Uint8Array | undefined {
  const n = s.length
  let suspect: Uint8Array | undefined
  for (let p = 0; p + 1 < n; p++) {
    if (isSeenPair(t, pairKey(s, p))) continue
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
    candidatesInRun(t, s, base, suspectsOf(t, s) ?? new Uint8Array(s.length), out)
  }
  return out
}

/** A one-character window may change only when its character is not a very common word by itself
 * (的、是、在 … are right almost everywhere they stand alone). */
const SINGLE_WINDOW_MAX_BUCKET = 13
/** Candidates are dropped unless the character-bigram gain is positive and, with the n-gram gain, above
 * QUICK_GATE; then unless the segmentation gain keeps the bigram gain positive and the sum of all three
 * above SEGMENT_GATE. Of the candidates that pass QUICK_GATE on the dev half, SEGMENT_GATE keeps about
 * 96% of the right corrections the model takes and two fifths of the rest: the costlier features (the
 * word-bigram model above all) run for fewer. */
const QUICK_GATE = 4
const SEGMENT_GATE = 12
/** A sound window — two characters with no suspect — is tried only when it is a dictionary word below
 * this bucket: common words (发展、工作) are hardly ever the wrong word of their sound. */
const SOUND_WINDOW_MAX_BUCKET = 11

function candidatesInRun(t: Tables, s: string, base: number, suspect: Uint8Array, out: TypoCandidate[]): void {
  const g = getNgrams()
  const n = s.length
  const seen = new Set<string>()
  resetRunCache(n)
  // suspects before each position, for the count inside any window at once
  const before = new Uint16Array(n + 1)
  for (let i = 0; i < n; i++) before[i + 1] = before[i]! + suspect[i]!
  for (let start = 0; start < n; start++) {
    // the clause around every window that starts here: CONTEXT characters before, and after the longest
    // window; made once for the four windows, and only when one of them has a candidate
    const from = Math.max(0, start - CONTEXT)
    const to = Math.min(n, start + 4 + CONTEXT)
    let oldClause: string | undefined
    let old: ReturnType<typeof segment> | undefined
    for (let len = 1; len <= 4 && start + len <= n; len++) {
      const suspects = before[start + len]! - before[start]!
      let words: readonly string[]
      let soundWindow = false
      if (len === 1) {
        if (!(suspect[start] && (t.bucket.get(s[start]!) ?? 0) <= SINGLE_WINDOW_MAX_BUCKET)) continue
        words = wordsFor(t, s, start, len, suspect)
      } else if (suspects > 0) {
        words = wordsFor(t, s, start, len, suspect)
      } else {
        // a sound window: two characters, every pair seen, a word but not a common one
        if (len !== 2) continue
        if (!((wordBucket(t, s, start, 2) ?? SOUND_WINDOW_MAX_BUCKET) < SOUND_WINDOW_MAX_BUCKET)) continue
        words = soundWindowWords(t, s, start)
        soundWindow = true
      }
      if (words.length === 0) continue
      oldClause ??= s.slice(from, to)
      const offset = start - from
      if (len === 1) {
        old ??= segment(t, oldClause)
        // a one-character window must be a word of its own in the clause's segmentation
        if (!isSingleWord(old.back, oldClause.length, offset)) continue
      }
      const win = s.slice(start, start + len)
      let rest: { pairs: number; bucket: number | undefined; slm: number; name: number; grams: OldFit } | undefined
      for (const w of words) {
        // cheapest first, on numbers alone: the gains of the character bigram and of the n-grams
        const lmGain = bigramGain(t, s, start, len, w)
        if (lmGain <= 0) continue
        const quick = lmGain + ngramGain(g, s, start, len, w)
        if (quick <= QUICK_GATE) continue
        let a = 0
        while (w[a] === win[a]) a++
        let b = len
        while (w[b - 1] === win[b - 1]) b--
        const key = `${start + a}:${w.slice(a, b)}`
        if (seen.has(key)) continue
        seen.add(key)
        old ??= segment(t, oldClause)
        const seg = segment(t, oldClause.slice(0, offset) + w + oldClause.slice(offset + len))
        const segGain = seg.score - old.score
        if (segGain + lmGain <= 0 || segGain + quick <= SEGMENT_GATE) continue
        rest ??= {
          pairs: unseenPairs(t, s, Math.max(0, start - 1), Math.min(n, start + len + 1)),
          bucket: t.bucket.get(win),
          slm: slmScore(s.slice(Math.max(0, start - SLM_CONTEXT), Math.min(n, start + len + SLM_CONTEXT))),
          name: looksLikeName(s, start, start + len) ? 1 : 0,
          grams: oldFit(g, s, start, len),
        }
        const c = changeStats(t, s, start, win, w, a, b, old.back, oldClause.length, offset)
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
            ...ngramGains(g, s, start, len, w, rest.grams),
            soundWindow ? 1 : 0,
            c.likeness,
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
  const c = { changed: 0, same: 0, near: 0, shape: 0, likeness: 0, charLogRatio: 0, oldCover: 0, oldSingle: 0 }
  for (let i = a; i < b; i++) {
    if (w[i] === win[i]) continue
    c.changed++
    if (sameSound(t, win[i]!, w[i]!)) c.same++
    else if (nearSound(t, win[i]!, w[i]!)) c.near++
    else c.shape++
    c.likeness = Math.max(c.likeness, likenessOf(t, win[i]!, w[i]!))
    c.charLogRatio += charLogProb(t, w[i]!) - charLogProb(t, win[i]!)
    c.oldCover = Math.max(c.oldCover, coverBucket(t, s, start + i))
    if (isSingleWord(back, clauseLength, offset + i)) c.oldSingle++
  }
  return c
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

/** Corrections kept per suspect: enough for a person to choose from, few enough to read. */
const MAX_CANDIDATES = 5

/** Finds likely typos in `text`: candidates above the threshold, best first, none overlapping.
 * Offsets are UTF-16 indices into `text`. */
export function findTypos(text: string, threshold: number = TYPO_WEIGHTS.threshold): TypoHit[] {
  const scored = typoCandidates(text)
    .map((c) => ({ c, score: scoreCandidate(c.features) }))
    .filter((x) => x.score > threshold)
    .sort((x, y) => y.score - x.score)
  const taken: TypoHit[] = []
  for (const { c, score } of scored) {
    const same = taken.find((h) => h.start === c.start && h.end === c.end)
    if (same) {
      if (same.candidates.length < MAX_CANDIDATES && !same.candidates.some((x) => x.right === c.right)) same.candidates.push({ right: c.right, score })
      continue
    }
    if (taken.some((h) => c.start < h.end && h.start < c.end)) continue
    taken.push({ start: c.start, end: c.end, wrong: c.wrong, right: c.right, score, candidates: [{ right: c.right, score }] })
  }
  return taken.sort((x, y) => x.start - y.start)
}

/** Builds the tables and the word-bigram model now (about half a second; a Worker may call this
 * while idle, so the first check does not pay for it). */
export function warmTypoModel(): void {
  soundIndex(getTables())
  getSlm()
  getNgrams()
}

/** Whether `s` is a word of the dictionary (jieba, frequency ≥ 5). */
export function isDictionaryWord(s: string): boolean {
  return getTables().bucket.has(s)
}
