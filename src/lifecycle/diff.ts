/**
 * Differences between two versions, ready to display: paragraphs aligned by a longest-common-
 * subsequence diff, and inside each changed pair the characters that differ.
 */

export const CHAR_OPS = ['equal', 'insert', 'delete'] as const
export type CharOp = { op: (typeof CHAR_OPS)[number]; text: string }
export type ParagraphOp =
  | { op: 'equal'; text: string }
  | { op: 'insert'; text: string }
  | { op: 'delete'; text: string }
  | { op: 'replace'; before: string; after: string; chars: CharOp[] }

/** Above this many cells the LCS table is too big for one request: fall back to whole blocks. */
const MAX_CELLS = 4_000_000

/** LCS edit script over two sequences, as equal/insert/delete runs in order. */
function lcsOps<T>(a: T[], b: T[]): { op: 'equal' | 'insert' | 'delete'; items: T[] }[] {
  // Trim the common head and tail first: most edits touch a small part of a long text.
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const A = a.slice(head, a.length - tail)
  const B = b.slice(head, b.length - tail)
  const out: { op: 'equal' | 'insert' | 'delete'; items: T[] }[] = []
  const push = (op: 'equal' | 'insert' | 'delete', item: T) => {
    const last = out[out.length - 1]
    if (last && last.op === op) last.items.push(item)
    else out.push({ op, items: [item] })
  }
  for (const x of a.slice(0, head)) push('equal', x)
  if (A.length * B.length > MAX_CELLS) {
    for (const x of A) push('delete', x)
    for (const y of B) push('insert', y)
  } else {
    const n = A.length
    const m = B.length
    const table = new Uint32Array((n + 1) * (m + 1))
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i * (m + 1) + j] =
          A[i] === B[j] ? table[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!)
      }
    }
    let i = 0
    let j = 0
    while (i < n && j < m) {
      if (A[i] === B[j]) push('equal', A[i++]!), j++
      else if (table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!) push('delete', A[i++]!)
      else push('insert', B[j++]!)
    }
    while (i < n) push('delete', A[i++]!)
    while (j < m) push('insert', B[j++]!)
  }
  for (const x of a.slice(a.length - tail)) push('equal', x)
  return out
}

export function diffChars(before: string, after: string): CharOp[] {
  return lcsOps([...before], [...after]).map((r) => ({ op: r.op, text: r.items.join('') }))
}

const paragraphsOf = (text: string) => text.split(/\n+/).map((p) => p.trim()).filter(Boolean)

/** Paragraph-level diff; a deleted run followed by an inserted run pairs up as replacements. */
export function diffText(before: string, after: string): ParagraphOp[] {
  const out: ParagraphOp[] = []
  const runs = lcsOps(paragraphsOf(before), paragraphsOf(after))
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k]!
    const next = runs[k + 1]
    if (run.op === 'delete' && next?.op === 'insert') {
      const pairs = Math.min(run.items.length, next.items.length)
      for (let i = 0; i < pairs; i++) {
        out.push({ op: 'replace', before: run.items[i]!, after: next.items[i]!, chars: diffChars(run.items[i]!, next.items[i]!) })
      }
      for (const text of run.items.slice(pairs)) out.push({ op: 'delete', text })
      for (const text of next.items.slice(pairs)) out.push({ op: 'insert', text })
      k++
      continue
    }
    for (const text of run.items) out.push({ op: run.op, text })
  }
  return out
}
