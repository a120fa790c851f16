/** Snippets with highlighted terms, built in the Worker (a contentless FTS table has no snippet()). */
import type { QueryTerm } from './query'

const SNIPPET_CHARS = 120

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Marks every occurrence of a whole term, and of a term's bigrams where the whole is absent. */
export function matchMask(text: string, terms: QueryTerm[]): boolean[] {
  const lower = text.normalize('NFKC').toLowerCase()
  // NFKC can change lengths (full-width forms are 1:1, ligatures are not); fall back to raw text.
  const hay = lower.length === text.length ? lower : text.toLowerCase()
  const mask = new Array<boolean>(text.length).fill(false)
  const markAll = (needle: string) => {
    if (!needle) return false
    let found = false
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
      for (let j = i; j < i + needle.length; j++) mask[j] = true
      found = true
    }
    return found
  }
  for (const t of terms) {
    if (markAll(t.compact) || t.alts.some(markAll) || t.quoted) continue
    for (const token of [...t.tokens, ...t.altTokens]) markAll(token)
  }
  return mask
}

/** A window of about SNIPPET_CHARS around the densest run of matches, HTML-escaped, with <mark>. */
export function buildSnippet(text: string, terms: QueryTerm[]): string {
  const mask = matchMask(text, terms)
  let best = 0
  let bestCount = -1
  let count = 0
  for (let i = 0; i < text.length; i++) {
    if (mask[i]) count++
    if (i >= SNIPPET_CHARS && mask[i - SNIPPET_CHARS]) count--
    const start = Math.max(0, i - SNIPPET_CHARS + 1)
    if (count > bestCount) {
      bestCount = count
      best = start
    }
  }
  // Start the window at the first match inside it, or a little before, so the match is not cut off.
  let start = best
  while (start < text.length && !mask[start] && start - best < SNIPPET_CHARS / 2) start++
  // …but never show less than fits: near the end of the text, the window reaches further back.
  start = Math.max(0, Math.min(start - 20, text.length - SNIPPET_CHARS))
  const end = Math.min(text.length, start + SNIPPET_CHARS)
  let out = start > 0 ? '…' : ''
  let open = false
  for (let i = start; i < end; i++) {
    if (mask[i] && !open) (out += '<mark>'), (open = true)
    if (!mask[i] && open) (out += '</mark>'), (open = false)
    out += escapeHtml(text[i]!)
  }
  if (open) out += '</mark>'
  if (end < text.length) out += '…'
  return out.replace(/\n+/g, ' ')
}
