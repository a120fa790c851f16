// False alarms on professionally edited text: every rule over the government work reports
// (shared/data/corpora/government_work_reports.jsonl), must-fix issues per 100,000 characters, and
// a verdict on each one. The scrape keeps Wikisource's link and subscript markup as line breaks
// ("《\n巴黎协定\n》", "（PM\n2.5）"); those are rejoined first (normalise below), nothing else is changed.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadChecks, readReports, RESULTS, round } from './lib.mjs'
import { cleanSentences } from './synth-typos.mjs'

export const normalise = (t) =>
  t
    .replace(/([《“（])\n+/g, '$1')
    .replace(/\n+([》”）])/g, '$1')
    .replace(/（([^（）\n]{0,20})\n([^（）\n]{0,20})）/g, '（$1$2）')

/**
 * Verdicts, reached by reading every must-fix the rules raise on this corpus. `true` means the text
 * deviates from the cited rule (the reports are edited, but older ones predate GB/T 15834-2011 and
 * the scrape carries conversion slips); `artifact` means the scrape damaged the text; `false` means
 * the rule is wrong here. A must-fix not matched below is reported as "unreviewed".
 */
const VERDICTS = [
  { rule: /^punctuation\.half-width\./, verdict: 'true', note: '中文句中的半角标点（录入或转换遗留）' },
  { rule: 'punctuation.doubled', verdict: 'true', note: '重复的逗号' },
  { rule: 'punctuation.dash.form', verdict: 'true', note: '“--”代替破折号“——”' },
  { rule: 'typos.lexicon', match: /显着/, verdict: 'true', note: '“显着”应为“显著”（繁简转换错误）' },
  { rule: 'punctuation.pair.quote-close', match: /”五讲四美/, verdict: 'true', note: '原文前引号误作后引号' },
  { rule: 'punctuation.pair.book-title', match: /纲要（草案）》/, verdict: 'artifact', note: '抓取时丢失了链接前的“《”' },
  { rule: 'punctuation.ordinal.bracketed', match: /ｆú＠/, verdict: 'artifact', note: '生僻字编码损坏（“栾ｆú＠①”）' },
  { rule: 'format.recipient.half-width-colon', verdict: 'true', note: '“各位代表:”用了半角冒号' },
  { rule: 'numbers.range.percent', verdict: 'true', note: '百分数范围前一个数缺“%”' },
  { rule: 'punctuation.dunhao.before-deng', verdict: 'true', note: '助词“等”前用了顿号' },
  { rule: 'repetition.function-word', match: /和和效力/, verdict: 'true', note: '原文“和和”重复' },
]

function verdictFor(issue, context) {
  for (const v of VERDICTS) {
    const ruleOk = typeof v.rule === 'string' ? v.rule === issue.ruleId : v.rule.test(issue.ruleId)
    if (ruleOk && (!v.match || v.match.test(context))) return { verdict: v.verdict === 'review' ? 'unreviewed' : v.verdict, note: v.note }
  }
  return { verdict: 'unreviewed', note: '' }
}

/**
 * typos.model on clean text it has never seen: the sentences of the reports its character pairs were
 * not taken from (reportHalf "test") that train-typo.mjs did not make training typos in either
 * (sentenceHalf "clean"). Every suspect there is a false alarm; the list is kept for reading.
 */
function modelSuspects(m) {
  const sentences = cleanSentences('clean')
  let characters = 0
  let sensitive = 0
  const hits = []
  for (const s of sentences) {
    characters += s.length
    for (const h of m.findTypos(s)) hits.push({ wrong: h.wrong, right: h.right, score: h.score, context: s.slice(Math.max(0, h.start - 10), h.end + 10) })
    sensitive += m.findTypos(s, m.TYPO_WEIGHTS.sensitiveThreshold).length
  }
  return {
    note: 'sentences of the reports the model took no character pairs from and made no training typos in (synth-typos.mjs, half "clean")',
    sentences: sentences.length,
    characters,
    count: hits.length,
    per100k: round((hits.length / characters) * 1e5, 2),
    sensitive: { count: sensitive, per100k: round((sensitive / characters) * 1e5, 2) },
    hits,
  }
}

export async function runFalseAlarmBench(m) {
  m ??= await loadChecks()
  const reports = readReports()
  let characters = 0
  let modern = 0
  const byRule = {}
  const mustFix = []
  for (const r of reports) {
    const text = normalise(r.text)
    characters += text.length
    if (r.year && r.year >= 2012) modern += text.length
    const { issues } = m.checkText({ text, today: '2025-06-30' })
    for (const i of issues) {
      byRule[i.ruleId] ??= { level: i.level, count: 0 }
      byRule[i.ruleId].count++
      if (i.level !== 'must-fix') continue
      const context = text.slice(Math.max(0, i.start - 15), i.end + 15)
      mustFix.push({ report: r.title, year: r.year, ruleId: i.ruleId, excerpt: i.excerpt, context, suggestion: i.suggestion, message: i.message, ...verdictFor(i, context) })
    }
  }
  const count = (pred, base) => round((mustFix.filter(pred).length / base) * 1e5, 2)
  const result = {
    corpus: 'shared/data/corpora/government_work_reports.jsonl (72 records: 52 reports 1954–2025, 20 NPC resolutions)',
    characters,
    mustFix: {
      count: mustFix.length,
      per100k: count(() => true, characters),
      falseAlarmsPer100k: count((x) => x.verdict === 'false', characters),
      artifactsPer100k: count((x) => x.verdict === 'artifact', characters),
      unreviewed: mustFix.filter((x) => x.verdict === 'unreviewed').length,
      since2012: { characters: modern, per100k: count((x) => x.year >= 2012, modern) },
    },
    typoModelSuspects: modelSuspects(m),
    byRule: Object.fromEntries(Object.entries(byRule).sort((a, b) => b[1].count - a[1].count)),
    issues: mustFix,
  }
  writeFileSync(path.join(RESULTS, 'checks-false-alarms.json'), `${JSON.stringify(result, null, 2)}\n`)
  return result
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runFalseAlarmBench()
  console.log(JSON.stringify({ characters: r.characters, mustFix: r.mustFix, typoModelSuspects: { ...r.typoModelSuspects, hits: r.typoModelSuspects.hits.length } }, null, 2))
  for (const i of r.issues) console.log(i.verdict.padEnd(10), i.year ?? '-', i.ruleId, JSON.stringify(i.context))
}
