// Fits the 错别字 model (workers/checker/src/typo-model.ts) and writes workers/checker/src/data/typo-weights.ts and
// bench/results/checks-typo-training.json. The held-out half of ecspell-odw is never read here:
// bench/checks/typos.mjs reports on it.
//
// Examples: every candidate the model proposes in a sentence — positive when each character it changes
// is a wrong character of the sentence and it proposes the right one — from
//   - the dev half of ecspell-odw (real errors); its corrected sentences are also in the n-gram table
//     (make-ngrams.mjs), so each is taken out of the table while its candidates are made, and
//   - SYNTHETIC sentences with typos made on purpose in clean report text (synth-typos.mjs).
// Every positive is kept and a NEGATIVE_SAMPLE of the negatives, weighted up to stand for the rest.
// Calibration: clean report sentences of the same half that no synthetic row was made from give the
// suspects per 100,000 characters of clean text at every threshold. Two thresholds (typoSensitivity):
// "sensitive", the lowest with cross-validated precision ≥ TARGET_PRECISION, and "standard", the
// default, the lowest at or above it with at most MAX_CLEAN suspects per 100,000 characters of clean
// text (the previous model's rate) — 宁可漏报: in drafts typos are far rarer than in ecspell-odw.
// Model: gradient-boosted trees for the logistic loss (DEPTH, ROUNDS, RATE; split points at feature
// quantiles). Precision and recall at each threshold: two-fold cross-validation over the dev half,
// repeated over REPEATS splits (each fold scored by a model fitted on the other fold and the synthetic
// sentences) — so the held-out figure is a fair test of the thresholds.
// Everything is seeded: the same inputs give the same weights.
// Run: node bench/checks/train-typo.mjs   (under a minute)
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { loadChecks, RESULTS, round } from './lib.mjs'
import { readOdw, ROOT } from './split.mjs'
import { makeSynthetic } from './synth-typos.mjs'

const TARGET_PRECISION = Number(process.env.TARGET_PRECISION ?? 0.9)

const m = await loadChecks()
const SYNTHETIC = Number(process.env.SYNTHETIC ?? 6000)
const NEGATIVE_SAMPLE = Number(process.env.NEGATIVE_SAMPLE ?? 0.3)

/** Candidates of each row with labels. `leaveOneOut`: the row's corrected sentence is in the n-gram
 * table (the dev half is, see make-ngrams.mjs), so its own n-grams are taken out while it is scored. */
function prepare(rows, weight, foldOf, leaveOneOut = false) {
  const random = seeded(7)
  return rows.map((r) => {
    const gold = new Map()
    for (let i = 0; i < r.source.length; i++) if (r.source[i] !== r.target[i]) gold.set(i, r.target[i])
    if (leaveOneOut) m.adjustNgrams(r.target, -1)
    const raw = m.typoCandidates(r.source)
    if (leaveOneOut) m.adjustNgrams(r.target, +1)
    const candidates = raw.map((c) => {
      let ok = true
      for (let i = c.start; i < c.end; i++) {
        const proposed = c.right[i - c.start]
        if (proposed !== r.source[i] && gold.get(i) !== proposed) ok = false
      }
      return { ...c, label: ok ? 1 : 0, weight }
    })
    // examples for fitting: every positive, a sample of the negatives weighted up to stand for the rest
    const examples = candidates.filter((c) => c.label || random() < NEGATIVE_SAMPLE).map((c) => (c.label ? c : { ...c, weight: weight / NEGATIVE_SAMPLE }))
    return { gold, candidates, examples, fold: foldOf(r), target: r.target }
  })
}

function seeded(seed) {
  let x = seed
  return () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32)
}

const dev = readOdw().filter((r) => r.half === 'dev' && r.source.length === r.target.length)
const sentences = prepare(dev, Number(process.env.DEV_WEIGHT ?? 1), (r) => createHash('sha1').update(`fold:${r.target}`).digest()[0] % 2, true)
const syntheticRows = makeSynthetic(m, { count: SYNTHETIC })
const synthetic = prepare(syntheticRows, 1, () => -1)
// Calibration: clean report sentences no synthetic row was made from (new to every fit, about 3,000),
// for the model's suspects per 100,000 characters of clean text at each threshold
const calibration = syntheticRows.unused.map((text) => ({ length: text.length, candidates: m.typoCandidates(text) }))
const DEPTH = Number(process.env.DEPTH ?? 3)
const ROUNDS = Number(process.env.ROUNDS ?? 200)
const RATE = 0.1
const LAMBDA = 1
const MIN_HESSIAN = 1
const BINS = 32

/** Candidate split points of each feature: quantiles of its values. */
function splitPoints(examples, d) {
  return Array.from({ length: d }, (_, j) => {
    const values = examples.map((e) => e.features[j]).sort((a, b) => a - b)
    const points = new Set()
    for (let q = 1; q < BINS; q++) points.add(values[Math.floor((q / BINS) * values.length)])
    return [...points].sort((a, b) => a - b)
  })
}

/**
 * Gradient-boosted trees for the logistic loss: complete trees of depth DEPTH, stored flat as
 * { feature[2^DEPTH − 1], threshold[…], leaf[2^DEPTH] }; an example goes right when
 * features[feature] > threshold (feature −1: always left).
 */
function fit(examples) {
  const d = examples[0].features.length
  const points = splitPoints(examples, d)
  // each feature value as its bin: the index of the first split point at or above it
  const bins = Array.from({ length: d }, (_, j) => {
    const pts = points[j]
    const out = new Uint8Array(examples.length)
    examples.forEach((e, k) => {
      const x = e.features[j]
      let lo = 0
      let hi = pts.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (x > pts[mid]) lo = mid + 1
        else hi = mid
      }
      out[k] = lo
    })
    return out
  })
  const margin = new Float64Array(examples.length)
  let positives = 0
  let negatives = 0
  for (const e of examples) e.label ? (positives += e.weight) : (negatives += e.weight)
  const base = Math.log((positives + 1) / (negatives + 1))
  margin.fill(base)
  const trees = []
  const g = new Float64Array(examples.length)
  const h = new Float64Array(examples.length)
  const gs = new Float64Array(BINS + 1)
  const hs = new Float64Array(BINS + 1)
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < examples.length; k++) {
      const p = 1 / (1 + Math.exp(-margin[k]))
      g[k] = (p - examples[k].label) * examples[k].weight
      h[k] = Math.max(p * (1 - p), 1e-6) * examples[k].weight
    }
    const inner = 2 ** DEPTH - 1
    const tree = { feature: new Array(inner).fill(-1), threshold: new Array(inner).fill(0), leaf: new Array(2 ** DEPTH).fill(0) }
    let nodes = [Uint32Array.from(examples.keys())]
    for (let level = 0; level < DEPTH; level++) {
      const next = []
      nodes.forEach((idx, i) => {
        const node = 2 ** level - 1 + i
        let best = { gain: 0, feature: -1, bin: 0 }
        let G = 0
        let H = 0
        for (const k of idx) (G += g[k]), (H += h[k])
        const parent = (G * G) / (H + LAMBDA)
        for (let j = 1; j < d; j++) {
          const bj = bins[j]
          gs.fill(0)
          hs.fill(0)
          for (const k of idx) (gs[bj[k]] += g[k]), (hs[bj[k]] += h[k])
          let GL = 0
          let HL = 0
          for (let b = 0; b < points[j].length; b++) {
            GL += gs[b]
            HL += hs[b]
            const GR = G - GL
            const HR = H - HL
            if (HL < MIN_HESSIAN || HR < MIN_HESSIAN) continue
            const gain = (GL * GL) / (HL + LAMBDA) + (GR * GR) / (HR + LAMBDA) - parent
            if (gain > best.gain) best = { gain, feature: j, bin: b }
          }
        }
        tree.feature[node] = best.feature
        tree.threshold[node] = best.feature >= 0 ? points[best.feature][best.bin] : 0
        const left = []
        const right = []
        for (const k of idx) (best.feature >= 0 && bins[best.feature][k] > best.bin ? right : left).push(k)
        next.push(Uint32Array.from(left), Uint32Array.from(right))
      })
      nodes = next
    }
    nodes.forEach((idx, i) => {
      let G = 0
      let H = 0
      for (const k of idx) (G += g[k]), (H += h[k])
      tree.leaf[i] = idx.length ? (-G / (H + LAMBDA)) * RATE : 0
      for (const k of idx) margin[k] += tree.leaf[i]
    })
    trees.push(tree)
  }
  return { base, trees }
}

function evalTree(tree, f) {
  let node = 0
  for (let level = 0; level < DEPTH; level++) {
    const j = tree.feature[node]
    node = 2 * node + (j >= 0 && f[j] > tree.threshold[node] ? 2 : 1)
  }
  return tree.leaf[node - (2 ** DEPTH - 1)]
}

const score = (model, f) => model.trees.reduce((z, t) => z + evalTree(t, f), model.base)

/** Character detection counts at each threshold, decoding like findTypos (best first, no overlap). */
function sweep(w, group, thresholds) {
  return thresholds.map((th) => {
    let tp = 0
    let fp = 0
    let fn = 0
    for (const s of group) {
      const taken = []
      const scored = s.candidates.map((c) => ({ c, z: score(w, c.features) })).filter((x) => x.z > th)
      scored.sort((a, b) => b.z - a.z)
      for (const { c } of scored) if (!taken.some((h) => c.start < h.end && h.start < c.end)) taken.push(c)
      const flagged = new Set()
      for (const c of taken) for (let i = c.start; i < c.end; i++) if (c.right[i - c.start] !== c.wrong[i - c.start]) flagged.add(i)
      for (const i of flagged) (s.gold.has(i) ? tp++ : fp++)
      for (const i of s.gold.keys()) if (!flagged.has(i)) fn++
    }
    return { threshold: th, precision: tp / (tp + fp || 1), recall: tp / (tp + fn || 1) }
  })
}

const examples = (group) => group.flatMap((s) => s.examples)
const thresholds = Array.from({ length: 161 }, (_, i) => round(-8 + i * 0.1, 1))
// REPEATS two-fold splits of the dev half by different hashes of the corrected sentence (a sentence
// and its copies with other typos stay on one side); the curve is the mean over all 2 · REPEATS folds,
// steadier than one split
const REPEATS = Number(process.env.REPEATS ?? 3)
const foldIn = (repeat, s) => (repeat === 0 ? s.fold : createHash('sha1').update(`fold:${repeat}:${s.target}`).digest()[0] % 2)
const perFold = []
for (let repeat = 0; repeat < REPEATS; repeat++) {
  const folds = [0, 1].map((f) => sentences.filter((s) => foldIn(repeat, s) === f))
  for (const f of [0, 1]) perFold.push(sweep(fit(examples([...folds[1 - f], ...synthetic])), folds[f], thresholds))
}
const mean = (i, key) => perFold.reduce((sum, fold) => sum + fold[i][key], 0) / perFold.length
const cv = thresholds.map((th, i) => ({ threshold: th, precision: mean(i, 'precision'), recall: mean(i, 'recall') }))
const all = examples([...sentences, ...synthetic])
const weights = fit(all)
const calibrationChars = calibration.reduce((n, s) => n + s.length, 0)
for (const r of cv) {
  let flagged = 0
  for (const s of calibration) {
    const taken = []
    const scored = s.candidates.map((c) => ({ c, z: score(weights, c.features) })).filter((x) => x.z > r.threshold).sort((a, b) => b.z - a.z)
    for (const { c } of scored) if (!taken.some((h) => c.start < h.end && h.start < c.end)) taken.push(c)
    flagged += taken.length
  }
  r.cleanPer100k = (flagged / calibrationChars) * 100_000
}
// "sensitive": the lowest threshold with cross-validated precision ≥ TARGET_PRECISION; "standard" (the
// default): the lowest at or above it with at most MAX_CLEAN suspects per 100,000 characters of clean text
const sensitive = cv.find((r) => r.precision >= TARGET_PRECISION) ?? cv[cv.length - 1]
const MAX_CLEAN = Number(process.env.MAX_CLEAN ?? 50)
const chosen = cv.find((r) => r.threshold >= sensitive.threshold && r.cleanPer100k <= MAX_CLEAN) ?? cv[cv.length - 1]
const out = `// Generated by bench/checks/train-typo.mjs — do not edit by hand. Fitted on the dev half of
// ecspell-odw (${sentences.length} sentences) and ${synthetic.length} sentences with made typos (${all.length} candidates, ${all.filter((e) => e.label).length} right); features as
// FEATURES in typo-model.ts.
export const TYPO_WEIGHTS: { depth: number; base: number; trees: [number[], number[], number[]][]; threshold: number; sensitiveThreshold: number } = {
  depth: ${DEPTH},
  base: ${round(weights.base, 5)},
  /** Per tree: split features (−1: none), thresholds, leaf values — see train-typo.mjs. */
  trees: ${JSON.stringify(weights.trees.map((t) => [t.feature, t.threshold.map((v) => round(v, 5)), t.leaf.map((v) => round(v, 5))]))},
  /** The default ("standard"): at most ${MAX_CLEAN} suspects per 100,000 characters of clean report text (${round(chosen.cleanPer100k, 1)}; cross-validated precision ${round(chosen.precision)}, recall ${round(chosen.recall)}). */
  threshold: ${round(chosen.threshold, 2)},
  /** "sensitive": the lowest with cross-validated character precision ≥ ${TARGET_PRECISION} on the dev half (precision ${round(sensitive.precision)}, recall ${round(sensitive.recall)}; ${round(sensitive.cleanPer100k, 1)} per 100,000 characters of clean text). */
  sensitiveThreshold: ${round(sensitive.threshold, 2)},
}
`
writeFileSync(path.join(ROOT, 'workers/checker/src/data/typo-weights.ts'), out)
console.log({ examples: all.length, positives: all.filter((e) => e.label).length, chosen })
writeFileSync(
  path.join(RESULTS, 'checks-typo-training.json'),
  `${JSON.stringify(
    {
      dev: { sentences: sentences.length },
      synthetic: { sentences: synthetic.length },
      examples: all.length,
      positives: all.filter((e) => e.label).length,
      model: { depth: DEPTH, rounds: ROUNDS, rate: RATE },
      crossValidation: { folds: 2, repeats: REPEATS },
      targetPrecision: TARGET_PRECISION,
      chosen: { threshold: chosen.threshold, precision: round(chosen.precision), recall: round(chosen.recall), cleanPer100k: round(chosen.cleanPer100k, 1), maxCleanPer100k: MAX_CLEAN },
      sensitive: { threshold: sensitive.threshold, precision: round(sensitive.precision), recall: round(sensitive.recall), cleanPer100k: round(sensitive.cleanPer100k, 1) },
      calibration: { sentences: calibration.length, characters: calibrationChars },
      crossValidated: cv.filter((r) => r.threshold >= -2 && r.threshold <= 3).map((r) => ({ threshold: r.threshold, precision: round(r.precision), recall: round(r.recall), cleanPer100k: round(r.cleanPer100k, 1) })),
    },
    null,
    2,
  )}\n`,
)
console.log(cv.filter((r) => r.threshold >= -2 && r.threshold <= 3 && Math.round(r.threshold * 10) % 5 === 0).map((r) => `${r.threshold} P${round(r.precision)} R${round(r.recall)} clean ${round(r.cleanPer100k, 1)}`).join('\n'))
