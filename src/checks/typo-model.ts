/**
 * The 错别字 model behind `typo.model.*`: a noisy-channel corrector over a word dictionary.
 *
 * A window of 2–4 Han characters that is not a common word and contains a character pair unseen in
 * clean official text is a *suspect window*. Its candidates are dictionary words with the same
 * toneless pinyin (音近, any number of characters changed) or one character changed along a
 * confusion learned from the dev half of the ecspell-odw data (形近). A candidate wins when the best
 * word segmentation of the surrounding clause (unigram word model, jieba frequencies) improves by
 * more than the channel cost: the clause reads as common words after the change and did not before.
 *
 * Everything is pure and synchronous; the tables are built once per isolate on first use (the pair
 * tables as typed-array hash tables: the unseen-pair test runs once per character of the document).
 */
import { BIGRAMS, LEARNED, PINYIN, WORDS } from './data/typo-model.data'

export interface TypoParams {
  /** A word at or above this log2 frequency bucket "covers" its characters: they are not suspects. */
  strongBucket: number
  /** Candidate words must be at least this frequent (log2 bucket). */
  candidateBucket: number
  /** Natural-log cost of each changed character (the channel model). */
  homophoneCost: number
  learnedCost: number
  /** Minimum gain in log probability of the clause, after the channel cost. */
  threshold: number
  /** Characters of context on each side for the segmentation. */
  context: number
  /** Weight of each character pair unseen in clean text that the change removes. */
  pairWeight: number
  /** Words at or above this bucket also count as clean text for character pairs. */
  pairBucket: number
  /** Extra cost when more than one character changes (a whole new word is a bolder guess). */
  multiCost: number
  /** Weights of the word-segmentation gain and of the character-bigram language-model gain. */
  segWeight: number
  lmWeight: number
}

export const DEFAULT_TYPO_PARAMS: TypoParams = {
  strongBucket: 9,
  candidateBucket: 8,
  homophoneCost: 4,
  learnedCost: 6,
  threshold: 8,
  context: 4,
  pairWeight: 3,
  pairBucket: 7,
  multiCost: 3,
  segWeight: 1,
  lmWeight: 0.3,
}

export interface TypoHit {
  start: number
  end: number
  wrong: string
  right: string
  gain: number
}

interface Model {
  bucket: Map<string, number>
  logTotal: number
  readings: Map<string, string[]>
  byPinyin: Map<string, string[]>
  learned: Map<string, string>
  masked: Map<string, string>
  /** Pairs seen in clean text, keyed by pairKey (no string per lookup). */
  bigrams: PairTable
  /** Character-pair counts keyed by pairKey: clean domain text, plus the pairs inside dictionary words scaled down. */
  pairCount: PairTable
  /** Per character (indexed by code − 0x3400): pair counts with it on the left, and its probability on the right. */
  leftCount: Float64Array
  charProb: Float64Array
  /** Words at or above the strong bucket: a smaller table for the per-position cover test. */
  strong: Set<string>
}

const HAN_RUN = /[\u4e00-\u9fff]+/g
const MASK = '*'
let model: Model | undefined

function buildModel(): Model {
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
  for (const line of PINYIN.split('\n')) {
    const colon = line.indexOf(':')
    const syllable = line.slice(0, colon)
    for (const ch of line.slice(colon + 1)) {
      const list = readings.get(ch)
      if (list) list.push(syllable)
      else readings.set(ch, [syllable])
    }
  }
  const learned = new Map<string, string>()
  for (const pair of LEARNED.split(' ')) {
    if (pair.length !== 2) continue
    learned.set(pair[0]!, (learned.get(pair[0]!) ?? '') + pair[1]!)
  }
  const learnedTargets = new Set([...learned.values()].join(''))
  const byPinyin = new Map<string, string[]>()
  const masked = new Map<string, string>()
  const minBucket = DEFAULT_TYPO_PARAMS.candidateBucket
  for (const [w, b] of bucket) {
    if (w.length < 2 || b < minBucket) continue
    for (const key of pinyinKeys(readings, w)) {
      const list = byPinyin.get(key)
      if (list) list.push(w)
      else byPinyin.set(key, [w])
    }
    for (let i = 0; i < w.length; i++) {
      if (!learnedTargets.has(w[i]!)) continue
      const key = w.slice(0, i) + MASK + w.slice(i + 1)
      masked.set(key, (masked.get(key) ?? '') + w[i])
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
  const strong = new Set<string>()
  for (const [w, b] of bucket) {
    if (b >= DEFAULT_TYPO_PARAMS.strongBucket) strong.add(w)
    const f = 2 ** b * DICT_WEIGHT
    for (let i = 0; i + 1 < w.length; i++) {
      if (!isCjk(w, i) || !isCjk(w, i + 1)) continue
      const key = pairKey(w, i)
      if (b >= DEFAULT_TYPO_PARAMS.pairBucket) bigramSet.add(key)
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
  const bigrams = new PairTable(bigramSet.size)
  for (const key of bigramSet) bigrams.set(key, 1)
  const pairCount = new PairTable(counts.size)
  for (const [key, n] of counts) pairCount.set(key, n)
  return { bucket, logTotal: Math.log(total), readings, byPinyin, learned, masked, bigrams, pairCount, leftCount, charProb, strong }
}

function getModel(): Model {
  model ??= buildModel()
  return model
}

/** Every toneless pinyin spelling of `w` (polyphones multiply; capped to keep it cheap). */
function pinyinKeys(readings: Map<string, string[]>, w: string, cap = 8): string[] {
  let keys = ['']
  for (const ch of w) {
    const rs = readings.get(ch)
    if (!rs) return []
    const next: string[] = []
    for (const k of keys) for (const r of rs) if (next.length < cap) next.push(k ? `${k} ${r}` : r)
    keys = next
  }
  return keys
}

/** Both characters offset into the CJK blocks (U+3400–U+9FFF): the key stays a small integer, which
 * V8 hashes far faster than a double or a string. Other characters never reach the lookups. */
const CJK_SPAN = 0x6c00
const pairKey = (s: string, i: number) => (s.charCodeAt(i) - 0x3400) * CJK_SPAN + (s.charCodeAt(i + 1) - 0x3400)
const isCjk = (s: string, i: number) => {
  const c = s.charCodeAt(i)
  return c >= 0x3400 && c <= 0x9fff
}

/**
 * An open-addressing hash table from pairKey to a number, in two typed arrays: the unseen-pair test
 * runs once per character of the document, and a typed-array probe is several times cheaper than
 * Set.has or Map.get there.
 */
class PairTable {
  private readonly keys: Int32Array
  private readonly values: Float64Array
  private readonly mask: number
  constructor(size: number) {
    let cap = 1024
    while (cap < size * 2) cap *= 2
    this.keys = new Int32Array(cap).fill(-1)
    this.values = new Float64Array(cap)
    this.mask = cap - 1
  }
  private slot(key: number): number {
    let i = Math.imul(key, 0x9e3779b1) >>> 0 & this.mask
    while (this.keys[i] !== -1 && this.keys[i] !== key) i = (i + 1) & this.mask
    return i
  }
  set(key: number, value: number): void {
    if (key < 0) return
    const i = this.slot(key)
    this.keys[i] = key
    this.values[i] = value
  }
  // keys below zero (a character before the CJK span) are never stored; -1 marks an empty slot
  has(key: number): boolean {
    return key >= 0 && this.keys[this.slot(key)] === key
  }
  /** The value, or 0 for a key never set. */
  get(key: number): number {
    if (key < 0) return 0
    const i = this.slot(key)
    return this.keys[i] === key ? this.values[i]! : 0
  }
}

const LN2 = Math.LN2
/** The domain text is about 1M characters, jieba's counts about 60M words: weigh them to one scale. */
const CORPUS_WEIGHT = 1
const DICT_WEIGHT = 0.02
const LM_PRIOR = 4
const LM_FLOOR = 1e-7

/** Log probability of `s` under an interpolated character-bigram model. */
function lmScore(m: Model, s: string): number {
  let score = 0
  for (let i = 1; i < s.length; i++) {
    // outside the CJK span (a dictionary word with 〇) the typed arrays give undefined: count as unseen
    const p = m.charProb[s.charCodeAt(i) - 0x3400] ?? 0
    const pair = m.pairCount.get(pairKey(s, i - 1))
    const left = m.leftCount[s.charCodeAt(i - 1) - 0x3400] ?? 0
    score += Math.log((pair + LM_PRIOR * p) / (left + LM_PRIOR) + LM_FLOOR)
  }
  return score
}

/** Log probability of the best segmentation of `s` into dictionary words (unknown characters are very unlikely). */
function segmentScore(m: Model, s: string): number {
  const n = s.length
  const best = new Array<number>(n + 1).fill(-Infinity)
  best[0] = 0
  const unknown = -m.logTotal - 2
  for (let j = 1; j <= n; j++) {
    for (let k = 1; k <= 4 && k <= j; k++) {
      const b = m.bucket.get(s.slice(j - k, j))
      const lp = b === undefined ? (k === 1 ? unknown : undefined) : b * LN2 - m.logTotal
      if (lp === undefined) continue
      const v = best[j - k]! + lp
      if (v > best[j]!) best[j] = v
    }
  }
  return best[n]!
}

/** Place and person names are outside the dictionary by nature: leave a window followed by a place
 * suffix or a title, or preceded by a title, alone. */
const NAME_AFTER = /^(?:省|市|县|州|盟|旗|镇|乡|村|街道|社区|苏木|嘎查|先生|女士|发〔|办发|字〔)/
const NAME_BEFORE = /(?:同志|主任|书记|局长|县长|市长|区长|镇长|乡长|村长|委员|副|任命|免去|提名)$/
function looksLikeName(s: string, start: number, end: number): boolean {
  return NAME_AFTER.test(s.slice(end, end + 2)) || NAME_BEFORE.test(s.slice(Math.max(0, start - 2), start))
}

function unseenPairs(m: Model, s: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i + 1 < to; i++) if (!m.bigrams.has(pairKey(s, i))) count++
  return count
}

const HOMOPHONE_CACHE_MAX = 200_000
const homophoneCache = new Map<string, string[]>()
const NONE: string[] = []

/** Dictionary words spelled like `win` in toneless pinyin, other than `win` itself (memoised: the
 * same windows recur throughout a long document). */
function homophonesOf(m: Model, win: string): string[] {
  const cached = homophoneCache.get(win)
  if (cached) return cached
  let out: string[] = NONE
  for (const key of pinyinKeys(m.readings, win)) {
    for (const w of m.byPinyin.get(key) ?? NONE) {
      if (w === win) continue
      if (out === NONE) out = []
      if (!out.includes(w)) out.push(w)
    }
  }
  if (homophoneCache.size >= HOMOPHONE_CACHE_MAX) homophoneCache.clear()
  homophoneCache.set(win, out)
  return out
}

/** Finds likely typos in `text`. Offsets are UTF-16 indices into `text`. */
export function findTypos(text: string, params: TypoParams = DEFAULT_TYPO_PARAMS): TypoHit[] {
  const m = getModel()
  const hits: TypoHit[] = []
  for (const run of text.matchAll(HAN_RUN)) {
    let s = run[0]
    const base = run.index
    // an organ code before a 发文字号 bracket ("区委办发〔2024〕") is an abbreviation, not prose
    if (/^[〔[【（(［]\d{2,4}/.test(text.slice(base + s.length, base + s.length + 5))) s = s.slice(0, Math.max(0, s.length - 6))
    if (s.length < 2) continue
    const n = s.length
    const unseen = new Uint8Array(n) // unseen[i]: pair (i, i+1) never seen in clean text
    let anyUnseen = false
    for (let i = 0; i + 1 < n; i++) if (!m.bigrams.has(pairKey(s, i))) (unseen[i] = 1), (anyUnseen = true)
    if (!anyUnseen) continue
    // A suspect position is one that touches an unseen pair and is not inside a common word: only
    // those may change. Clean text has few, so the word lookups below run for few positions.
    const isStrong = (p: number) => {
      for (let i = Math.max(0, p - 3); i <= p; i++) {
        for (let k = Math.max(2, p - i + 1); k <= 4 && i + k <= n; k++) {
          if (params.strongBucket === DEFAULT_TYPO_PARAMS.strongBucket) {
            if (m.strong.has(s.slice(i, i + k))) return true
            continue
          }
          const b = m.bucket.get(s.slice(i, i + k))
          if (b !== undefined && b >= params.strongBucket) return true
        }
      }
      return false
    }
    const suspect = new Uint8Array(n)
    const suspectsUpTo = new Uint32Array(n + 1)
    for (let p = 0; p < n; p++) {
      if (((p > 0 && unseen[p - 1]) || unseen[p]) && !isStrong(p)) suspect[p] = 1
      suspectsUpTo[p + 1] = suspectsUpTo[p]! + suspect[p]!
    }
    if (suspectsUpTo[n] === 0) continue

    let best: TypoHit | undefined
    const flush = () => {
      if (best) hits.push(best)
      best = undefined
    }
    for (let start = 0; start < n - 1; start++) {
      for (let len = 2; len <= 4 && start + len <= n; len++) {
        if (suspectsUpTo[start + len] === suspectsUpTo[start]) continue
        const win = s.slice(start, start + len)
        const candidates = new Map<string, number>() // word → channel cost
        for (const w of homophonesOf(m, win)) {
          {
            let ok = true
            let changed = 0
            for (let i = 0; i < len; i++) {
              if (w[i] === win[i]) continue
              changed++
              // every changed character must be a suspect position
              if (!suspect[start + i]) ok = false
            }
            if (ok) candidates.set(w, changed * params.homophoneCost + (changed > 1 ? params.multiCost : 0))
          }
        }
        for (let i = 0; i < len; i++) {
          if (!suspect[start + i]) continue
          const targets = m.learned.get(win[i]!)
          if (!targets) continue
          const found = m.masked.get(win.slice(0, i) + MASK + win.slice(i + 1))
          if (!found) continue
          for (const ch of found) {
            if (!targets.includes(ch)) continue
            const w = win.slice(0, i) + ch + win.slice(i + 1)
            if (!candidates.has(w)) candidates.set(w, params.learnedCost)
          }
        }
        if (candidates.size === 0 || looksLikeName(s, start, start + len)) continue
        const from = Math.max(0, start - params.context)
        const to = Math.min(n, start + len + params.context)
        const before = s.slice(from, start)
        const after = s.slice(start + len, to)
        const original = params.segWeight * segmentScore(m, before + win + after) + params.lmWeight * lmScore(m, before + win + after)
        const pairsBefore = unseenPairs(m, s, Math.max(0, start - 1), Math.min(n, start + len + 1))
        for (const [w, cost] of candidates) {
          const changed = (start > 0 ? s[start - 1]! : '') + w + (start + len < n ? s[start + len]! : '')
          const pairsAfter = unseenPairs(m, changed, 0, changed.length)
          const text2 = before + w + after
          const gain =
            params.segWeight * segmentScore(m, text2) +
            params.lmWeight * lmScore(m, text2) -
            original -
            cost +
            params.pairWeight * (pairsBefore - pairsAfter)
          if (gain <= params.threshold) continue
          let a = 0
          while (w[a] === win[a]) a++
          let b = len
          while (w[b - 1] === win[b - 1]) b--
          const hit: TypoHit = {
            start: base + start + a,
            end: base + start + b,
            wrong: win.slice(a, b),
            right: w.slice(a, b),
            gain,
          }
          if (best && hit.start >= best.end) flush()
          if (!best || gain > best.gain) best = hit
        }
      }
    }
    flush()
  }
  return hits
}

/** Builds the tables now (a Worker may call this while idle, so the first check does not pay for it). */
export function warmTypoModel(): void {
  getModel()
}

/** Whether `s` is a word of the dictionary (jieba, frequency ≥ 5). */
export function isDictionaryWord(s: string): boolean {
  return getModel().bucket.has(s)
}
