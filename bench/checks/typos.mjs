// 错别字 bench on shared/data/ecspell-odw/odw.train (label \t source \t target).
// The model's weights and threshold were fitted on the dev half (and on synthetic sentences, see
// train-typo.mjs); the held-out half is the honest figure. Only the typos category runs; everything is
// measured on the issues checkText returns, and the model's candidate character for correction scores.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadChecks, RESULTS, round } from './lib.mjs'
import { readOdw } from './split.mjs'

const prf = (tp, fp, fn) => {
  const p = tp + fp ? tp / (tp + fp) : 0
  const r = tp + fn ? tp / (tp + fn) : 0
  return { precision: round(p), recall: round(r), f1: round(p + r ? (2 * p * r) / (p + r) : 0) }
}

/** Predicted corrections: position → proposed character, from the issues of one sentence. */
function predictions(m, source, typoSensitivity = 'standard') {
  const { issues } = m.checkText({ text: source, rules: { categories: ['typos'] }, today: '2025-06-30', typoSensitivity })
  const model = new Map()
  const threshold = typoSensitivity === 'sensitive' ? m.TYPO_WEIGHTS.sensitiveThreshold : m.TYPO_WEIGHTS.threshold
  for (const h of m.findTypos(source, threshold)) for (let i = h.start; i < h.end; i++) model.set(i, h.right[i - h.start])
  const pred = new Map()
  for (const issue of issues) {
    const sameLength = issue.suggestion !== undefined && issue.suggestion.length === issue.end - issue.start
    for (let i = issue.start; i < issue.end; i++) {
      const proposed = sameLength ? issue.suggestion[i - issue.start] : model.get(i)
      if (proposed === source[i]) continue
      pred.set(i, { char: proposed, level: issue.level })
    }
  }
  return { issues, pred }
}

function score(m, rows, levelFilter, typoSensitivity) {
  const c = { dTP: 0, dFP: 0, dFN: 0, cTP: 0, cFP: 0, cFN: 0, sDetTP: 0, sDetFP: 0, sDetFN: 0, sCorTP: 0, sCorFP: 0, sCorFN: 0 }
  let cleanSentences = 0
  let cleanFlagged = 0
  let cleanIssues = 0
  for (const r of rows) {
    if (r.source.length !== r.target.length) continue
    const { pred: all } = predictions(m, r.source, typoSensitivity)
    const pred = new Map([...all].filter(([, v]) => !levelFilter || v.level === levelFilter))
    const gold = new Map()
    for (let i = 0; i < r.source.length; i++) if (r.source[i] !== r.target[i]) gold.set(i, r.target[i])
    for (const [i, v] of pred) {
      if (gold.has(i)) {
        c.dTP++
        if (v.char === gold.get(i)) c.cTP++
        else c.cFP++
      } else {
        c.dFP++
        c.cFP++
      }
    }
    for (const [i, ch] of gold) {
      if (!pred.has(i)) c.dFN++
      if (pred.get(i)?.char !== ch) c.cFN++
    }
    const flagged = pred.size > 0
    const detected = flagged && [...gold.keys()].every((i) => pred.has(i)) && [...pred.keys()].every((i) => gold.has(i))
    const corrected = detected && [...gold].every(([i, ch]) => pred.get(i).char === ch)
    if (r.label === 0) {
      cleanSentences++
      if (flagged) (cleanFlagged++, (cleanIssues += pred.size))
    }
    if (gold.size) {
      if (detected) c.sDetTP++
      else if (flagged) (c.sDetFP++, c.sDetFN++)
      else c.sDetFN++
      if (corrected) c.sCorTP++
      else if (flagged) (c.sCorFP++, c.sCorFN++)
      else c.sCorFN++
    } else if (flagged) {
      c.sDetFP++
      c.sCorFP++
    }
  }
  return {
    sentences: rows.length,
    sentence: { detection: prf(c.sDetTP, c.sDetFP, c.sDetFN), correction: prf(c.sCorTP, c.sCorFP, c.sCorFN) },
    character: { detection: prf(c.dTP, c.dFP, c.dFN), correction: prf(c.cTP, c.cFP, c.cFN) },
    correctSentences: { count: cleanSentences, withFalseAlarm: cleanFlagged, falseAlarmCharacters: cleanIssues },
  }
}

export async function runTyposBench(m) {
  m ??= await loadChecks()
  const rows = readOdw()
  const halves = { heldout: rows.filter((r) => r.half === 'heldout'), dev: rows.filter((r) => r.half === 'dev'), whole: rows }
  const started = performance.now()
  const result = {
    data: 'shared/data/ecspell-odw/odw.train',
    split: 'by SHA-1 of the corrected sentence (bench/checks/split.mjs); the model was fitted on the dev half (and synthetic sentences) only',
    definitions: {
      sentenceDetection: 'a sentence with typos counts as found when the flagged positions are exactly its wrong characters; any flag on a correct sentence is a false positive',
      sentenceCorrection: 'as detection, and every proposed character equals the corrected one',
      characterDetection: 'per wrong character',
      characterCorrection: 'per wrong character, with the right replacement',
    },
    all: Object.fromEntries(Object.entries(halves).map(([k, v]) => [k, score(m, v)])),
    sensitive: { heldout: score(m, halves.heldout, undefined, 'sensitive') },
    mustFixOnly: Object.fromEntries(Object.entries(halves).map(([k, v]) => [k, score(m, v, 'must-fix')])),
    ms: Math.round(performance.now() - started),
  }
  writeFileSync(path.join(RESULTS, 'checks-typos.json'), `${JSON.stringify(result, null, 2)}\n`)
  return result
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runTyposBench()
  console.log(JSON.stringify({ heldout: r.all.heldout, whole: r.all.whole }, null, 2))
}
