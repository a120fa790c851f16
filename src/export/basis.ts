/**
 * 事实依据表 and 审校报告 of a 送审包, as documents: every cited sentence with the finding it cites
 * (title, source kind, unit and person, observed date, 口径 and figures), then the figures that no
 * finding supports; and every check issue by level with the clause it comes from. Like the document,
 * they carry no citation markers: a sentence is matched to its material by the table's rows.
 */
import type { Issue, Level } from '../checks'
import type { Sensitivity } from '../db/schema'
import type { DraftView, LoadedMaterials } from '../drafts'
import { hasCitation, stripCitations } from './body'
import type { Block, ExportDoc } from './model'

type DraftMaterialView = DraftView['materials'][number]
type Finding = LoadedMaterials['findings'] extends Map<string, infer F> ? F : never

const MARKERS = /[[［【]\s*([FPfp]\s*\d{1,3}(?:\s*[,，、;；]\s*[FPfp]\s*\d{1,3})*)\s*[\]］】]/g

export interface CitedSentence {
  sentence: string
  markers: string[]
}

/** Sentences that carry citation markers, in order, with the markers they carry. */
export function citedSentences(text: string): CitedSentence[] {
  const out: CitedSentence[] = []
  const lines = text.split('\n').filter((l) => !l.trimStart().startsWith('【参考写法】'))
  for (const line of lines) {
    // A marker follows the sentence it supports: 。[F1] belongs to the sentence before it.
    const parts = line.match(/[^。！？；]*[。！？；]?(?:\s*[[［【]\s*[FPfp][^\]］】]*[\]］】])*/g) ?? []
    for (const part of parts) {
      if (!part.trim() || !hasCitation(part)) continue
      const markers = [...part.matchAll(MARKERS)].flatMap((m) => m[1]!.split(/[,，、;；]/).map((x) => x.replace(/\s+/g, '').toUpperCase()))
      out.push({ sentence: stripCitations(part).trim(), markers: [...new Set(markers)] })
    }
  }
  return out
}

export interface BasisInput {
  title: string
  version: number
  sections: { text: string }[]
  materials: DraftMaterialView[]
  findings: Map<string, Finding>
  untraced: string[]
  sensitivity: Sensitivity
  notice: string | null
}

const figureText = (f: Finding) => f.figures.map((x) => `${x.what ? `${x.what}` : ''}${x.value}${x.unit}`).join('；')

export function basisDoc(input: BasisInput): ExportDoc {
  const byMarker = new Map(input.materials.map((m) => [m.marker, m]))
  const rows: string[][] = [['序号', '文中语句', '所据材料', '来源', '时间', '口径与数据']]
  let n = 0
  for (const s of input.sections) {
    for (const c of citedSentences(s.text)) {
      for (const marker of c.markers) {
        const m = byMarker.get(marker)
        const f = m?.kind === 'finding' ? input.findings.get(m.id) : undefined
        n++
        if (f) {
          const source = [f.source.kind, f.source.unit, f.source.person].filter(Boolean).join('／')
          const caliber = [f.caliber ? `口径：${f.caliber}` : '', figureText(f)].filter(Boolean).join('\n')
          rows.push([String(n), c.sentence, f.title, source, f.observedOn ?? '', caliber])
        } else if (m) {
          rows.push([String(n), c.sentence, m.title ?? '（材料已删除）', m.kind === 'precedent' ? '范文（仅供参考写法，不作事实依据）' : '', '', ''])
        } else {
          rows.push([String(n), c.sentence, '（引用的材料不在本文稿的材料中）', '', '', ''])
        }
      }
    }
  }
  const blocks: Block[] = []
  if (input.notice) blocks.push({ kind: 'paragraph', text: input.notice })
  blocks.push({ kind: 'paragraph', text: `本表对应第 ${input.version} 版，共 ${n} 条引用。` })
  blocks.push({ kind: 'heading', level: 1, text: '一、引用语句及其依据' })
  blocks.push(rows.length > 1 ? { kind: 'table', rows } : { kind: 'paragraph', text: '文稿中没有引用标注的语句。' })
  blocks.push({ kind: 'heading', level: 1, text: '二、没有调研发现支撑的数据' })
  if (input.untraced.length) for (const [i, fig] of input.untraced.entries()) blocks.push({ kind: 'paragraph', text: `${i + 1}.${fig}` })
  else blocks.push({ kind: 'paragraph', text: '文中数据均能在所用调研发现中找到。' })
  return { genre: '事实依据表', title: `《${input.title}》事实依据表`, fields: {}, blocks, sensitivity: input.sensitivity }
}

const LEVEL_HEADINGS: [Level, string][] = [
  ['must-fix', '一、必须修改'],
  ['suspect', '二、疑似问题'],
  ['hint', '三、提示'],
]

export function checkReportDoc(input: { title: string; version: number; issues: Issue[]; sensitivity: Sensitivity; notice: string | null }): ExportDoc {
  const blocks: Block[] = []
  if (input.notice) blocks.push({ kind: 'paragraph', text: input.notice })
  const count = (l: Level) => input.issues.filter((i) => i.level === l).length
  blocks.push({ kind: 'paragraph', text: `第 ${input.version} 版共发现 ${input.issues.length} 处：必须修改 ${count('must-fix')} 处，疑似 ${count('suspect')} 处，提示 ${count('hint')} 处。` })
  for (const [level, heading] of LEVEL_HEADINGS) {
    const issues = input.issues.filter((i) => i.level === level)
    blocks.push({ kind: 'heading', level: 1, text: `${heading}（${issues.length} 处）` })
    if (!issues.length) blocks.push({ kind: 'paragraph', text: '无。' })
    issues.forEach((i, k) => {
      const fix = i.suggestion !== undefined ? `建议改为“${i.suggestion}”。` : ''
      blocks.push({ kind: 'paragraph', text: `${k + 1}.${i.message}（原文：“${i.excerpt}”）${fix}依据：${i.source}` })
    })
  }
  return { genre: '审校报告', title: `《${input.title}》审校报告`, fields: {}, blocks, sensitivity: input.sensitivity }
}
