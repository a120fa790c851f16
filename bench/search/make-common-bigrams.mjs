// Prints the bigrams in at least 10% of paragraphs of the corpora: the list in src/knowledge/common-bigrams.ts.
import { readFileSync } from 'node:fs'
const files = ['government_work_reports.jsonl', 'cpc_congress_reports.jsonl']
const df = new Map(); let n = 0
for (const f of files) for (const l of readFileSync(new URL('../../../shared/data/corpora/' + f, import.meta.url), 'utf8').split('\n')) {
  if (!l.trim()) continue
  const r = JSON.parse(l)
  for (const p of r.content.split(/\n+/)) {
    if (p.length < 20) continue
    n++
    const seen = new Set()
    for (const run of p.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i < run.length - 1; i++) seen.add(run.slice(i, i + 2))
    for (const b of seen) df.set(b, (df.get(b) ?? 0) + 1)
  }
}
const top = [...df].sort((a, b) => b[1] - a[1]).filter(([, d]) => d / n > 0.06)
console.log(top.filter(([, d]) => d / n >= 0.1).map(([b]) => b).join(' '))
