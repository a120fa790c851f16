/**
 * From text as drafts and tools write it to blocks. One line is one paragraph (公文 paragraphs are
 * lines, not Markdown's blank-line blocks). `##`/`###`/`####`/`#####` are heading levels 1–4, and
 * lines that begin with 一、（一）1.（1） are headings of those levels without any `#`
 * (GB/T 9704 7.3.3 序次语). Pipe tables become tables. Block text keeps its inline Markdown: the
 * .docx prints plainInline(text), the HTML renders it through marked's sanitising renderer.
 */
import { MARKER_GROUP, stripMarkers } from '../core/markers'
import type { Block } from './model'

/** 【待补：…】 and its kin, as the placeholders check (checks/rules/placeholders.ts) finds them. */
const PLACEHOLDER = /[【[]\s*(?:待补充?|待定|待核实?|待确认|待填写?)[^】\]\n]{0,80}[】\]]/g

/** Citation markers ([F1], [P2], a 通报's [D1、D2等] …) out: the one pattern of drafts/citations.ts. */
export const stripCitations = stripMarkers
export const hasCitation = (text: string) => new RegExp(MARKER_GROUP.source).test(text)

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[0])
}

/** Assemble mode's 【参考写法】 lines are for the drafter, not part of the document. */
export function documentText(text: string, { keepCitations = false } = {}): string {
  const lines = text.split('\n').filter((l) => !l.trimStart().startsWith('【参考写法】'))
  const out = lines.join('\n')
  return keepCitations ? out : stripCitations(out)
}

/** Bold, italics, code and links reduced to their text: a 公文 paragraph has no inline markup. */
export function plainInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(?<![*\w])\*(?!\s)([^*\n]+?)\*(?!\*)/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
}

const CN = '[一二三四五六七八九十百]+'
const HEADING_PATTERNS: [RegExp, 1 | 2 | 3 | 4][] = [
  [new RegExp(`^${CN}、`), 1],
  [new RegExp(`^[（(]${CN}[)）]`), 2],
  [/^\d{1,2}[.．](?!\d)/, 3],
  [/^[（(]\d{1,2}[)）]/, 4],
]

/** The heading level a line's 序次语 gives it, if any. */
export function ordinalLevel(line: string): 1 | 2 | 3 | 4 | null {
  for (const [re, level] of HEADING_PATTERNS) if (re.test(line)) return level
  return null
}

const isTableRow = (l: string) => /^\|.*\|$/.test(l)
const isTableRule = (l: string) => /^\|(\s*:?-{2,}:?\s*\|)+$/.test(l)
const cells = (l: string) =>
  l
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim())

export function parseBody(text: string): Block[] {
  const blocks: Block[] = []
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (!line || /^([-*_]\s*){3,}$/.test(line)) continue
    if (isTableRow(line)) {
      const rows: string[][] = []
      for (; i < lines.length && isTableRow(lines[i]!.trim()); i++) {
        const row = lines[i]!.trim()
        if (!isTableRule(row)) rows.push(cells(row))
      }
      i--
      blocks.push({ kind: 'table', rows })
      continue
    }
    const hashes = /^(#{1,6})\s+(.*)$/.exec(line)
    if (hashes) {
      const depth = hashes[1]!.length
      const body = hashes[2]!.trim()
      // `#` is the title's level; a draft's title travels separately, so it reads as level 1 here.
      const level = (Math.min(4, Math.max(1, depth - 1)) as 1 | 2 | 3 | 4)
      blocks.push({ kind: 'heading', level: ordinalLevel(plainInline(body)) ?? level, text: body })
      continue
    }
    const content = line.replace(/^(?:[-*+]\s+|>\s?)/, '')
    if (!plainInline(content).trim()) continue
    const level = ordinalLevel(plainInline(content))
    blocks.push(level ? { kind: 'heading', level, text: content } : { kind: 'paragraph', text: content })
  }
  return blocks
}

/** The text of a block as one line (what the version diff compares). */
export const blockLine = (b: Block) => (b.kind === 'table' ? b.rows.map((r) => `|${r.join('|')}|`).join('\n') : b.text)

/**
 * A heading that runs into its paragraph (“（一）加强组织领导。各单位要……”): the heading font covers
 * the heading sentence only, GB/T 9704 practice for levels 2–4.
 */
export function splitRunIn(text: string): [string, string] {
  const stop = text.search(/[。：:]/)
  if (stop < 0 || stop === text.length - 1) return [text, '']
  return [text.slice(0, stop + 1), text.slice(stop + 1)]
}
