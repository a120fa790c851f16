/** A small reader of .docx packages for tests: unzip, parts as strings, runs, paragraphs and tracked changes. */
import { strFromU8, unzipSync } from 'fflate'

export function parts(bytes: Uint8Array | ArrayBuffer): Record<string, string> {
  const files = unzipSync(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]))
}

/** Every element `<w:tag …>` (or self-closing) with its attributes. */
export function elements(xml: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = []
  for (const m of xml.matchAll(new RegExp(`<${tag}(\\s[^>]*?)?/?>`, 'g'))) {
    const attrs: Record<string, string> = {}
    for (const a of (m[1] ?? '').matchAll(/([\w:]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!
    out.push(attrs)
  }
  return out
}

/** The bodies of `<w:tag>…</w:tag>` elements (not nested in themselves). */
export function blocksOf(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[0])
}

export const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

/** Visible text of a fragment (w:t), deleted text (w:delText) excluded. */
export const textOf = (xml: string) => decode([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
export const deletedTextOf = (xml: string) => decode([...xml.matchAll(/<w:delText(?:\s[^>]*)?>([^<]*)<\/w:delText>/g)].map((m) => m[1]).join(''))

/** Paragraphs with their visible text. */
export const paragraphs = (xml: string) => blocksOf(xml, 'w:p').map((p) => ({ xml: p, text: textOf(p) }))

/** Runs (w:r) that hold text, with their run properties. */
export function textRuns(xml: string): { rPr: string; text: string }[] {
  return blocksOf(xml, 'w:r')
    .map((r) => ({ rPr: /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(r)?.[1] ?? '', text: textOf(r) + deletedTextOf(r) }))
    .filter((r) => r.text.length > 0)
}

export type Revision = Record<string, string> & { text: string }

/** Tracked insertions and deletions as Word shows them in 修订 view. */
export function revisions(xml: string): { ins: Revision[]; del: Revision[] } {
  const ins = blocksOf(xml, 'w:ins').map((x): Revision => ({ ...elements(x, 'w:ins')[0]!, text: textOf(x) })).filter((x) => x.text)
  const del = blocksOf(xml, 'w:del').map((x): Revision => ({ ...elements(x, 'w:del')[0]!, text: deletedTextOf(x) })).filter((x) => x.text)
  return { ins, del }
}
