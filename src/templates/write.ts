/**
 * The parser's inverse: a template given as plain fields (a form's rows, a copy of another
 * template) written as the Markdown that parseTemplate reads, so a template made in 管理 is stored
 * and validated exactly like prompts/*.md. A value the format cannot hold (a line break in a table
 * cell, a line that would read as a heading or an attribute) is refused with its reason, never
 * changed behind the writer's back.
 */
import { ATTRIBUTE, TemplateErrors } from './parse'
import type { SectionPurpose, TemplateDefinition, TemplateSection, TemplateVariable } from './types'

/** A section as written: its share in per cent, its heading's printing and its 取材 left to the parser when not given. */
export interface TemplateSectionSpec extends Omit<TemplateSection, 'share' | 'printHeading'> {
  /** null: decided by the heading's 序次语, as the parser does. */
  printHeading: boolean | null
  /** Per cent of the draft's length; null shares what the others leave. */
  sharePercent: number | null
  /** Empty: inferred from the heading and 用途 by the parser. */
  takes: SectionPurpose[]
}

export interface TemplateSpec {
  id: string
  genre: string
  name: string
  description: string
  title: string | null
  closing: string | null
  targetChars: number | null
  charsPerMinute: number | null
  minutesVariable: string | null
  instructions: string
  variables: TemplateVariable[]
  sections: TemplateSectionSpec[]
}

const hasBreak = (s: string) => /[\r\n]/.test(s)
const yesNo = (b: boolean) => (b ? '是' : '否')

/** Per cent shares that add up to at most 100 after rounding to one decimal (the parser refuses more). */
function percents(shares: number[]): number[] {
  const pct = shares.map((s) => Math.round(s * 1000) / 10)
  const excess = Math.round((pct.reduce((a, b) => a + b, 0) - 100) * 10) / 10
  if (excess > 0) {
    const largest = pct.indexOf(Math.max(...pct))
    pct[largest] = Math.round((pct[largest]! - excess) * 10) / 10
  }
  return pct
}

/** A stored template as the fields it was written from (the start of a copy). */
export function templateSpec(def: TemplateDefinition): TemplateSpec {
  const written = def.sections.filter((s) => s.kind === 'written')
  const pct = percents(written.map((s) => s.share))
  const shares = new Map(written.map((s, i) => [s.key, pct[i]!]))
  return {
    id: def.id,
    genre: def.genre,
    name: def.name,
    description: def.description,
    title: def.title,
    closing: def.closing,
    targetChars: def.length.targetChars,
    charsPerMinute: def.length.charsPerMinute,
    minutesVariable: def.length.minutesVariable,
    instructions: def.instructions,
    variables: def.variables.map((v) => ({ ...v })),
    sections: def.sections.map((s) => ({
      key: s.key,
      heading: s.heading,
      kind: s.kind,
      printHeading: s.printHeading,
      purpose: s.purpose,
      guidance: s.guidance,
      points: [...s.points],
      content: s.content,
      skeleton: s.skeleton,
      facts: s.facts,
      sharePercent: s.kind === 'written' ? (shares.get(s.key) ?? null) : null,
      keywords: [...s.keywords],
      takes: [...s.takes],
      after: s.after,
    })),
  }
}

/**
 * The Markdown source of a template. Throws TemplateErrors naming every value the format cannot
 * hold; whether the template itself is valid is the parser's to say (saveTemplate parses it).
 */
export function writeTemplateSource(spec: TemplateSpec): string {
  const errors: string[] = []
  const oneLine = (value: string, what: string) => {
    if (hasBreak(value)) errors.push(`${what}不能换行`)
    return value.trim()
  }

  const front: string[] = []
  const put = (key: string, value: string | number | null, what: string) => {
    if (value === null || value === '') return
    // quoted, so a value that begins or ends with a quote keeps it (the parser strips one pair)
    front.push(typeof value === 'number' ? `${key}: ${value}` : `${key}: "${oneLine(value, what)}"`)
  }
  put('id', spec.id, '模板 id')
  put('genre', spec.genre, '文种')
  put('name', spec.name, '模板名称')
  put('title', spec.title, '默认标题')
  put('description', spec.description, '说明')
  put('closing', spec.closing, '结束语')
  put('targetChars', spec.targetChars, '目标字数')
  put('charsPerMinute', spec.charsPerMinute, '每分钟字数')
  put('minutesVariable', spec.minutesVariable, '讲话时长变量')

  const rows = spec.variables.map((v, i) => {
    const cells = [v.name, v.label, yesNo(v.required), yesNo(v.locked), v.default ?? '', v.description ?? '']
    const what = ['字段名', '名称', '', '', '默认值', '说明']
    cells.forEach((c, j) => {
      if (hasBreak(c) || c.includes('|')) errors.push(`第 ${i + 1} 个变量的${what[j]}不能含竖线“|”或换行`)
    })
    return `| ${cells.map((c) => c.trim()).join(' | ')} |`
  })

  const instructions = spec.instructions.replace(/\r\n?/g, '\n').trim()
  instructions.split('\n').forEach((line, i) => {
    if (line.startsWith('## ')) errors.push(`写作要求第 ${i + 1} 行以“## ”开头，会被当作新的一节，请改写`)
  })

  const sections = spec.sections.map((s, i) => {
    const name = s.heading.trim() || `第 ${i + 1} 节`
    const lines = [`### ${oneLine(s.heading, `第 ${i + 1} 节的标题`)} {#${oneLine(s.key, `章节“${name}”的键名`)}}`, '']
    const attr = (key: string, value: string | null | undefined, what: string) => {
      if (value === null || value === undefined || value.trim() === '') return
      lines.push(`- ${key}：${oneLine(value, `章节“${name}”的${what}`)}`)
    }
    attr('类型', s.kind === 'fixed' ? '固定' : '撰写', '类型')
    if (s.printHeading !== null) attr('标题', s.printHeading ? '显示' : '不显示', '标题显示')
    attr('用途', s.purpose, '用途')
    const [first = '', ...more] = s.guidance.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean)
    attr('写法', first, '写法')
    if (s.points.some((p) => /[；;]/.test(p))) errors.push(`章节“${name}”的要点不能含分号（分号用来分隔要点）`)
    attr('要点', s.points.map((p) => p.trim()).filter(Boolean).join('；'), '要点')
    attr('内容', s.content, '固定内容')
    attr('骨架', s.skeleton, '骨架')
    if (s.kind === 'written') attr('事实', s.facts ? '需要' : '不需要', '事实')
    if (s.sharePercent !== null) attr('篇幅', `${s.sharePercent}%`, '篇幅')
    attr('取材', s.takes.join('、'), '取材')
    attr('检索词', s.keywords.map((k) => k.trim()).filter(Boolean).join(' '), '检索词')
    if (s.after) attr('依赖', '全文', '依赖')
    // further lines of 写法 stay free text under the section, as in prompts/*.md
    for (const line of more) {
      if (line.startsWith('#') || ATTRIBUTE.test(line)) errors.push(`章节“${name}”的写法中“${line.slice(0, 20)}”一行会被当作标题或属性，请改写`)
      lines.push(line)
    }
    return lines.join('\n')
  })

  if (errors.length) throw new TemplateErrors([...new Set(errors)])
  return [
    '---',
    ...front,
    '---',
    '',
    `# ${spec.name.trim()}`,
    '',
    '## 变量',
    '',
    '| 字段 | 名称 | 必填 | 锁定 | 默认值 | 说明 |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(instructions ? ['## 写作要求', '', instructions, ''] : []),
    '## 章节',
    '',
    sections.join('\n\n'),
    '',
  ].join('\n')
}
