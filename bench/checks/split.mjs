// The one fixed split of ecspell-odw/odw.train used by the typo lexicon builder and the bench.
// A row belongs to half "dev" or "held-out" by a hash of its *corrected* sentence, so that the
// same sentence with different injected typos (the file has many) never lands on both sides.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const ROOT = path.resolve(here, '../..')
// ../shared beside the checkout; WENFU_SHARED when the checkout is a worktree elsewhere.
export const SHARED = process.env.WENFU_SHARED ?? path.resolve(ROOT, '../shared')
export const ODW_TRAIN = path.join(SHARED, 'data/ecspell-odw/odw.train')

export function halfOf(corrected) {
  const h = createHash('sha1').update(corrected, 'utf8').digest()
  return h[0] % 2 === 0 ? 'dev' : 'heldout'
}

/** Rows of odw.train: { label, source, target, half }. */
export function readOdw(file = ODW_TRAIN) {
  const rows = []
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue
    const [label, source, target] = line.split('\t')
    if (source === undefined || target === undefined) continue
    rows.push({ label: Number(label), source, target, half: halfOf(target) })
  }
  return rows
}

/** Government work reports: half "model" feeds the typo model's character pairs, half "test" does not. */
export function reportHalf(title) {
  const h = createHash('sha1').update(`report:${title}`, 'utf8').digest()
  return h[0] % 2 === 0 ? 'model' : 'test'
}
