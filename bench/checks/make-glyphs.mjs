// Makes bench/checks/data/char-glyphs.tsv: the 形近 neighbours of each character with how alike they
// look. Printed official text that went through OCR or a 五笔/手写 input turns characters into ones
// that *look* alike though they share no component (失→央, 予→子, 币→市, 冢→家, 心→必), so
// the component neighbours of make-shapes.mjs miss them. Here every character of char-pinyin.tsv is
// drawn at 32×32 pixels in two fonts — a 宋体 (AR PL SungtiL GB, Debian fonts-arphic-gbsn00lp,
// Arphic Public License; GB 2312 only) and a 黑体 (Droid Sans Fallback, Debian fonts-droid-fallback,
// Apache 2.0; all of them) — blurred by one pixel, pooled to 16×16, centred and normalised; the
// likeness of two characters is the cosine of those vectors, the larger of the two fonts.
//
// A line per character: its neighbours — its GLYPH_TOP most alike in either font with likeness at
// least GLYPH_MIN, and every component neighbour of char-shapes.tsv — then, one digit each, how alike
// they look (likenessDigit: 0 below 0.55 … 9 from 0.95). Only the list and digits are shipped (in
// workers/checker/src/data/typo-model.data.ts by build-typo-data.mjs); the fonts and the drawing stay here.
//
// Run once in a scratch folder, as make-shapes.mjs (neither the canvas nor the fonts are dependencies):
//   npm install @napi-rs/canvas@0.1          # prebuilt binaries come from npm
//   apt-get download fonts-droid-fallback fonts-arphic-gbsn00lp && for f in *.deb; do dpkg -x $f x; done
//   node bench/checks/make-glyphs.mjs <scratch>/node_modules \
//     x/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf x/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf
// About 80 seconds on two cores.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from './split.mjs'

const GLYPH_TOP = 8
const GLYPH_MIN = 0.7
const SIZE = 32
const POOLED = 16

export const likenessDigit = (sim) => Math.max(0, Math.min(9, Math.floor((sim - 0.5) * 20)))

const [modules, ...fonts] = process.argv.slice(2)
if (!modules || fonts.length === 0) throw new Error('usage: node bench/checks/make-glyphs.mjs <node_modules with @napi-rs/canvas> <font.ttf>…')
const { createCanvas, GlobalFonts } = await import(pathToFileURL(path.join(modules, '@napi-rs/canvas/index.js')).href)

const data = path.join(ROOT, 'bench/checks/data')
const chars = readFileSync(path.join(data, 'char-pinyin.tsv'), 'utf8')
  .split('\n')
  .map((l) => l.split('\t')[0])
  .filter(Boolean)
const N = chars.length
const index = new Map(chars.map((c, i) => [c, i]))
const DIM = POOLED * POOLED

/** One normalised vector per character drawn in `font`; `drawn[k]` is 0 where the font has no glyph. */
function vectors(font, family) {
  GlobalFonts.registerFromPath(font, family)
  const canvas = createCanvas(SIZE, SIZE)
  const g = canvas.getContext('2d')
  g.font = `${SIZE - 2}px "${family}"`
  g.textBaseline = 'middle'
  g.textAlign = 'center'
  const out = new Float32Array(N * DIM)
  const drawn = new Uint8Array(N)
  const ink = new Float32Array(SIZE * SIZE)
  const step = SIZE / POOLED
  for (let k = 0; k < N; k++) {
    g.fillStyle = '#fff'
    g.fillRect(0, 0, SIZE, SIZE)
    g.fillStyle = '#000'
    g.fillText(chars[k], SIZE / 2, SIZE / 2)
    const rgba = g.getImageData(0, 0, SIZE, SIZE).data
    let total = 0
    for (let i = 0; i < SIZE * SIZE; i++) total += ink[i] = 1 - rgba[4 * i] / 255
    if (total < 5) continue // a font without the character draws a blank or a box outline
    drawn[k] = 1
    const v = out.subarray(k * DIM, (k + 1) * DIM)
    // blur by one pixel (a 3×3 box) while pooling to POOLED×POOLED
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        let s = 0
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy
          const xx = x + dx
          if (yy >= 0 && yy < SIZE && xx >= 0 && xx < SIZE) s += ink[yy * SIZE + xx]
        }
        v[Math.floor(y / step) * POOLED + Math.floor(x / step)] += s
      }
    }
    let mean = 0
    for (let i = 0; i < DIM; i++) mean += v[i]
    mean /= DIM
    let norm = 0
    for (let i = 0; i < DIM; i++) norm += (v[i] -= mean) ** 2
    norm = Math.sqrt(norm) || 1
    for (let i = 0; i < DIM; i++) v[i] /= norm
  }
  return { out, drawn }
}

const cosine = (v, a, b) => {
  let s = 0
  for (let i = 0, oa = a * DIM, ob = b * DIM; i < DIM; i++) s += v[oa + i] * v[ob + i]
  return s
}

const components = new Map()
for (const line of readFileSync(path.join(data, 'char-shapes.tsv'), 'utf8').split('\n')) {
  const [ch, near] = line.split('\t')
  if (ch && near) components.set(ch, [...near])
}

/** neighbours of each character: Map(neighbour → best likeness) */
const near = chars.map(() => new Map())
const drawings = fonts.map((font, f) => vectors(font, `font${f}`))
const sims = new Float32Array(N)
for (const { out, drawn } of drawings) {
  for (let a = 0; a < N; a++) {
    if (!drawn[a]) continue
    for (let b = 0; b < N; b++) sims[b] = drawn[b] && b !== a ? cosine(out, a, b) : -2
    const top = []
    for (let b = 0; b < N; b++) {
      if (sims[b] < GLYPH_MIN) continue
      if (top.length < GLYPH_TOP || sims[b] > sims[top[top.length - 1]]) {
        top.push(b)
        top.sort((x, y) => sims[y] - sims[x])
        if (top.length > GLYPH_TOP) top.pop()
      }
    }
    for (const b of top) near[a].set(b, Math.max(near[a].get(b) ?? -1, sims[b]))
    for (const c of components.get(chars[a]) ?? []) {
      const b = index.get(c)
      if (b !== undefined && drawn[b]) near[a].set(b, Math.max(near[a].get(b) ?? -1, sims[b]))
    }
  }
}
const lines = []
let pairs = 0
for (let a = 0; a < N; a++) {
  const list = [...near[a]]
  // component neighbours no font could draw keep likeness 0
  for (const c of components.get(chars[a]) ?? []) {
    const b = index.get(c)
    if (b !== undefined && !near[a].has(b)) list.push([b, 0])
  }
  if (list.length === 0) continue
  list.sort((x, y) => y[1] - x[1])
  pairs += list.length
  lines.push(`${chars[a]}\t${list.map(([b]) => chars[b]).join('')}\t${list.map(([, s]) => likenessDigit(s)).join('')}`)
}
writeFileSync(path.join(data, 'char-glyphs.tsv'), `${lines.join('\n')}\n`)
console.log({ characters: lines.length, pairs })
