// Training sentences with typos made on purpose, for train-typo.mjs: clean sentences of the government
// work reports the typo model's character pairs were not taken from (reportHalf "test"), the half of
// them whose hash says "train" (the other half stays clean text for the false-alarm figure), with
// characters replaced the way ecspell-odw's are: by one of the same toneless pinyin (about 72%), of a
// near pinyin (6%) or of a similar shape (22%), common characters more often than rare ones; and, for
// WORD_SWAP of the typos, a whole word of two characters replaced by another word of the same sound,
// as a pinyin input method does (绝顶 for 决定) — about 28% of the dev half's errors are such words.
// Deterministic (seeded), so the training set is the same on every run.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { readReports } from './lib.mjs'
import { reportHalf, ROOT } from './split.mjs'

export const sentenceHalf = (s) => (createHash('sha1').update(`synth:${s}`).digest()[0] % 2 === 0 ? 'train' : 'clean')

function rng(seed) {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x / 2 ** 32
  }
}

const isHan = (c) => /\p{Script=Han}/u.test(c)

/** Clean sentences of 8–120 characters from the reports the model did not learn pairs from. */
export function cleanSentences(half = 'train') {
  const out = []
  for (const r of readReports()) {
    if (reportHalf(r.title) !== 'test') continue
    for (const s of r.text.split(/(?<=[。！？；])|\n/)) {
      const t = s.trim()
      if (t.length < 8 || t.length > 120 || [...t].filter(isHan).length < 6) continue
      if (sentenceHalf(t) === half) out.push(t)
    }
  }
  return out
}

export function makeSynthetic(m, { count = 6000, seed = 20261128 } = {}) {
  const random = rng(seed)
  const sentences = cleanSentences('train')
  const readings = new Map()
  for (const line of readFileSync(path.join(ROOT, 'bench/checks/data/char-pinyin.tsv'), 'utf8').split('\n')) {
    const [c, r] = line.split('\t')
    if (c && r) readings.set(c, r.split(','))
  }
  const freq = new Map()
  for (const s of sentences) for (const c of s) if (isHan(c)) freq.set(c, (freq.get(c) ?? 0) + 1)
  const bySound = new Map()
  const byNear = new Map()
  for (const [c, rs] of readings) {
    if ((freq.get(c) ?? 0) < 3) continue
    for (const r of rs) {
      if (!bySound.has(r)) bySound.set(r, [])
      bySound.get(r).push(c)
      const f = m.fuzzySyllable(r)
      if (!byNear.has(f)) byNear.set(f, [])
      byNear.get(f).push(c)
    }
  }
  const shapes = new Map()
  for (const line of readFileSync(path.join(ROOT, 'bench/checks/data/char-shapes.tsv'), 'utf8').split('\n')) {
    const [c, near] = line.split('\t')
    if (c && near) shapes.set(c, [...near].filter((x) => (freq.get(x) ?? 0) >= 3))
  }
  const pick = (list) => {
    if (!list.length) return undefined
    let total = 0
    for (const c of list) total += Math.sqrt(freq.get(c) ?? 1)
    let x = random() * total
    for (const c of list) if ((x -= Math.sqrt(freq.get(c) ?? 1)) <= 0) return c
    return list[list.length - 1]
  }
  const replace = (c) => {
    const rs = readings.get(c) ?? []
    const same = [...new Set(rs.flatMap((r) => bySound.get(r) ?? []))].filter((x) => x !== c)
    const near = [...new Set(rs.flatMap((r) => byNear.get(m.fuzzySyllable(r)) ?? []))].filter((x) => x !== c && !same.includes(x))
    const x = random()
    const order = x < 0.72 ? [same, shapes.get(c) ?? [], near] : x < 0.78 ? [near, same, shapes.get(c) ?? []] : [shapes.get(c) ?? [], same, near]
    for (const list of order) {
      const r = pick(list)
      if (r) return r
    }
    return undefined
  }
  // whole-word homophone swaps, as a pinyin input method makes them: dictionary words of two characters
  // by toneless spelling
  const WORD_SWAP = Number(process.env.WORD_SWAP ?? 0.3)
  const dictWords = new Map()
  for (const line of readFileSync(path.join(ROOT, 'node_modules/@node-rs/jieba/dict.txt'), 'utf8').split('\n')) {
    const [w, f] = line.split(' ')
    if (w && w.length === 2 && isHan(w[0]) && isHan(w[1]) && Number(f) >= 20) dictWords.set(w, Number(f))
  }
  const bySpelling = new Map()
  for (const w of dictWords.keys()) {
    for (const a of readings.get(w[0]) ?? []) for (const b of readings.get(w[1]) ?? []) {
      const key = `${a} ${b}`
      if (!bySpelling.has(key)) bySpelling.set(key, [])
      bySpelling.get(key).push(w)
    }
  }
  const swapWord = (w) => {
    const list = new Set()
    for (const a of readings.get(w[0]) ?? []) for (const b of readings.get(w[1]) ?? []) for (const x of bySpelling.get(`${a} ${b}`) ?? []) if (x !== w) list.add(x)
    const options = [...list]
    if (!options.length) return undefined
    let total = 0
    for (const x of options) total += Math.sqrt(dictWords.get(x))
    let r = random() * total
    for (const x of options) if ((r -= Math.sqrt(dictWords.get(x))) <= 0) return x
    return options[options.length - 1]
  }
  const rows = []
  for (let k = 0; k < count; k++) {
    const target = sentences[Math.floor(random() * sentences.length)]
    const source = [...target]
    if (random() < 0.55) {
      const errors = random() < 0.55 ? 1 : random() < 0.67 ? 2 : 3
      for (let e = 0, tries = 0; e < errors && tries < 20; tries++) {
        const i = Math.floor(random() * source.length)
        if (!isHan(target[i]) || source[i] !== target[i]) continue
        if (WORD_SWAP && random() < WORD_SWAP) {
          const w = target.slice(i, i + 2)
          if (!dictWords.has(w) || source[i + 1] !== target[i + 1]) continue
          const x = swapWord(w)
          if (!x) continue
          for (let j = 0; j < 2; j++) if (x[j] !== w[j]) (source[i + j] = x[j]), e++
          continue
        }
        const r = replace(target[i])
        if (!r) continue
        source[i] = r
        e++
        if (random() < 0.25 && i + 1 < source.length && isHan(target[i + 1])) {
          const r2 = replace(target[i + 1])
          if (r2) (source[i + 1] = r2), e++
        }
      }
    }
    rows.push({ source: source.join(''), target, label: source.join('') === target ? 0 : 1 })
  }
  // the clean sentences of the same half that no row was made from: new to the fit, for calibration
  const used = new Set(rows.map((r) => r.target))
  rows.unused = sentences.filter((s) => !used.has(s))
  return rows
}
