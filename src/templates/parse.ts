/**
 * Reads a template written as Markdown (prompts/*.md): front matter, then `## 变量` (a table),
 * `## 写作要求` (free text) and `## 章节` with one `### 标题 {#key}` per section and `- 键：值`
 * attribute lines. Every problem is collected, so a malformed template is refused with all of its
 * reasons at once.
 */
import { GENRES, GONGWEN_GENRES, type Genre } from '../db/schema'
import {
  LOCKED_FIELDS,
  SECTION_PURPOSES,
  type SectionPurpose,
  type TemplateDefinition,
  type TemplateLength,
  type TemplateSection,
  type TemplateVariable,
} from './types'

export const TEMPLATE_ID = /^[a-z][a-z0-9-]{1,39}$/
const VARIABLE_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/
const SECTION_KEY = /^[a-z][a-z0-9-]{0,39}$/
const FRONT_KEYS = ['id', 'genre', 'name', 'title', 'version', 'description', 'closing', 'charsPerMinute', 'minutesVariable', 'targetChars'] as const
const MAX_SOURCE = 50_000

/** 公文 genres whose documents always have a 主送机关, and the 上行文 that need a 签发人 (条例 第九条). */
const NEEDS_RECIPIENTS: readonly Genre[] = ['通知', '请示', '报告', '函', '批复']
const NEEDS_SIGNER: readonly Genre[] = ['请示', '报告']

const YES = new Set(['是', '√', '✓', 'y', 'yes', 'true', '需要', '必填', '锁定'])
const isYes = (s: string) => YES.has(s.trim().toLowerCase())

export class TemplateErrors extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join('；'))
  }
}

function splitFrontMatter(source: string, errors: string[]): { front: Map<string, string>; body: string } {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const m = /^---\n([\s\S]*?)\n---\n?/.exec(text)
  const front = new Map<string, string>()
  if (!m) {
    errors.push('缺少开头的 front matter（以 --- 开始和结束的键值对）')
    return { front, body: text }
  }
  for (const [i, line] of m[1]!.split('\n').entries()) {
    if (!line.trim() || line.trim().startsWith('#')) continue
    const kv = /^([A-Za-z]+)\s*:\s*(.*)$/.exec(line)
    if (!kv) {
      errors.push(`front matter 第 ${i + 1} 行不是“键: 值”格式：${line.slice(0, 40)}`)
      continue
    }
    const key = kv[1]!
    if (!(FRONT_KEYS as readonly string[]).includes(key)) errors.push(`front matter 有未知的键“${key}”`)
    else front.set(key, kv[2]!.trim().replace(/^["']|["']$/g, ''))
  }
  return { front, body: text.slice(m[0].length) }
}

/** Splits Markdown into the parts under headings of one level: [[title, text], …]. */
function partsByHeading(body: string, level: number): [string, string][] {
  const marker = '#'.repeat(level) + ' '
  const parts: [string, string][] = []
  let title: string | null = null
  let lines: string[] = []
  const push = () => title !== null && parts.push([title, lines.join('\n').trim()])
  for (const line of body.split('\n')) {
    if (line.startsWith(marker)) {
      push()
      title = line.slice(marker.length).trim()
      lines = []
    } else if (title !== null) lines.push(line)
  }
  push()
  return parts
}

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim()),
    )
    .filter((cells) => !cells.every((c) => /^:?-{2,}:?$/.test(c)))
}

function parseVariables(text: string, errors: string[]): TemplateVariable[] {
  const rows = tableRows(text)
  const header = rows.shift()
  if (!header) {
    errors.push('“变量”一节没有表格')
    return []
  }
  const col = (name: string) => header.indexOf(name)
  const [iName, iLabel, iReq, iLock, iDef, iDesc] = ['字段', '名称', '必填', '锁定', '默认值', '说明'].map(col)
  if (iName! < 0 || iLabel! < 0 || iReq! < 0 || iLock! < 0) {
    errors.push('变量表必须有“字段”“名称”“必填”“锁定”四列')
    return []
  }
  const vars: TemplateVariable[] = []
  for (const cells of rows) {
    const name = cells[iName!] ?? ''
    const v: TemplateVariable = {
      name,
      label: cells[iLabel!] ?? '',
      required: isYes(cells[iReq!] ?? ''),
      locked: isYes(cells[iLock!] ?? ''),
    }
    const def = iDef! >= 0 ? cells[iDef!] : undefined
    if (def) v.default = def
    const desc = iDesc! >= 0 ? cells[iDesc!] : undefined
    if (desc) v.description = desc
    if (!VARIABLE_NAME.test(name)) errors.push(`变量名“${name}”不合规（字母开头，仅字母、数字、下划线）`)
    if (!v.label) errors.push(`变量“${name}”缺少名称`)
    if (vars.some((x) => x.name === name)) errors.push(`变量“${name}”重复`)
    if ((LOCKED_FIELDS as readonly string[]).includes(name) && !v.locked) {
      errors.push(`变量“${name}”（${v.label}）须由工作人员填写，必须标为锁定`)
    }
    vars.push(v)
  }
  return vars
}

/** A section's `- 键：值` line (the key at most 8 characters). */
export const ATTRIBUTE = /^[-*]\s*([^：:]{1,8})[：:]\s*(.*)$/
const listOf = (s: string) =>
  s
    .split(/[；;]/)
    .map((x) => x.trim())
    .filter(Boolean)

/** Cues in a section's heading and 用途 for the kinds of finding it takes, for templates without 取材. */
const TAKES_CUES: [SectionPurpose, RegExp][] = [
  ['背景', /基本情况|总体情况|概况|导语|背景|缘由|会议听取/],
  ['成绩', /成绩|成效|做法|进展|主要工作|处置|经验/],
  ['问题', /问题|差距|不足|原因|短板/],
  ['对策', /对策|建议|举措|请示事项/],
  ['部署', /任务|部署|安排|打算|下一步|下步|议定|执行/],
  ['保障', /保障|要求|组织领导|责任|督查/],
]

export function inferTakes(heading: string, purpose: string): SectionPurpose[] {
  const byHeading = TAKES_CUES.filter(([, re]) => re.test(heading)).map(([k]) => k)
  return byHeading.length ? byHeading : TAKES_CUES.filter(([, re]) => re.test(purpose)).map(([k]) => k)
}

function parseSection(title: string, text: string, errors: string[]): TemplateSection | null {
  const m = /^(.*?)\s*\{#([^}]*)\}\s*$/.exec(title)
  if (!m) {
    errors.push(`章节“${title}”缺少键名，应写作“### 标题 {#key}”`)
    return null
  }
  const heading = m[1]!.trim()
  const key = m[2]!.trim()
  if (!SECTION_KEY.test(key)) errors.push(`章节“${heading}”的键名“${key}”不合规（小写字母开头，仅小写字母、数字、连字符）`)
  if (!heading) errors.push(`章节 {#${key}} 缺少标题`)
  const attrs = new Map<string, string>()
  const free: string[] = []
  for (const line of text.split('\n')) {
    const a = ATTRIBUTE.exec(line.trim())
    if (a) attrs.set(a[1]!.trim(), a[2]!.trim())
    else if (line.trim()) free.push(line.trim())
  }
  const known = ['类型', '内容', '用途', '写法', '要点', '事实', '篇幅', '检索词', '骨架', '依赖', '标题', '取材']
  for (const k of attrs.keys()) if (!known.includes(k)) errors.push(`章节“${heading}”有未知的属性“${k}”`)
  const kindRaw = attrs.get('类型') ?? '撰写'
  if (kindRaw !== '撰写' && kindRaw !== '固定') errors.push(`章节“${heading}”的类型应为“撰写”或“固定”`)
  const kind = kindRaw === '固定' ? 'fixed' : 'written'
  const content = attrs.get('内容') ?? null
  if (kind === 'fixed' && !content) errors.push(`固定章节“${heading}”缺少“内容”`)
  let share = 0
  const shareRaw = attrs.get('篇幅')
  if (shareRaw) {
    const pct = /^(\d{1,3}(?:\.\d+)?)\s*[%％]$/.exec(shareRaw)
    if (!pct || Number(pct[1]) <= 0 || Number(pct[1]) > 100) errors.push(`章节“${heading}”的篇幅应写作百分比，如“30%”`)
    else share = Number(pct[1]) / 100
  }
  const takesRaw = attrs.get('取材')
  const takes = takesRaw ? takesRaw.split(/[\s,，、；;|]+/).filter(Boolean) : inferTakes(heading, attrs.get('用途') ?? '')
  const unknownTakes = takes.filter((t) => !(SECTION_PURPOSES as readonly string[]).includes(t))
  if (unknownTakes.length) errors.push(`章节“${heading}”的取材“${unknownTakes.join('、')}”不在 ${SECTION_PURPOSES.join('、')} 之内`)
  const printRaw = attrs.get('标题')
  const printHeading = printRaw ? printRaw === '显示' : /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])/.test(heading)
  return {
    key,
    heading,
    kind,
    printHeading,
    purpose: attrs.get('用途') ?? '',
    guidance: [attrs.get('写法') ?? '', ...free].filter(Boolean).join('\n'),
    points: listOf(attrs.get('要点') ?? ''),
    content: kind === 'fixed' ? content : null,
    skeleton: attrs.get('骨架') ?? null,
    facts: kind === 'written' && (attrs.get('事实') ?? '需要') === '需要',
    share,
    keywords: (attrs.get('检索词') ?? '').split(/[\s,，、]+/).filter(Boolean),
    after: (attrs.get('依赖') ?? '') === '全文',
    takes: takes.filter((t): t is SectionPurpose => (SECTION_PURPOSES as readonly string[]).includes(t)),
  }
}

function positiveInt(raw: string | undefined, what: string, errors: string[]): number | null {
  if (raw === undefined || raw === '') return null
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) {
    errors.push(`${what}应为正整数`)
    return null
  }
  return n
}

const REFERENCE = /\{([A-Za-z][A-Za-z0-9_]*)\}/g

/** Parses and validates a template; throws TemplateErrors listing every reason it is refused. */
export function parseTemplate(source: string, opts: { requireVersion?: boolean } = {}): TemplateDefinition {
  const errors: string[] = []
  if (source.length > MAX_SOURCE) throw new TemplateErrors([`模板过长（超过 ${MAX_SOURCE} 个字符）`])
  const { front, body } = splitFrontMatter(source, errors)

  const id = front.get('id') ?? ''
  if (!TEMPLATE_ID.test(id)) errors.push(`模板 id“${id}”不合规（小写字母开头，2–40 位小写字母、数字、连字符）`)
  const genre = front.get('genre') ?? ''
  if (!(GENRES as readonly string[]).includes(genre)) errors.push(`文种“${genre}”不在支持的文种之内：${GENRES.join('、')}`)
  const name = front.get('name') ?? ''
  if (!name) errors.push('缺少模板名称（name）')
  const version = positiveInt(front.get('version'), '版本号（version）', errors)
  if (opts.requireVersion && version === null) errors.push('缺少版本号（version）')

  const parts = new Map(partsByHeading(body, 2))
  const variables = parts.has('变量') ? parseVariables(parts.get('变量')!, errors) : []
  if (!parts.has('变量')) errors.push('缺少“## 变量”一节')
  const instructions = parts.get('写作要求') ?? ''
  if (!parts.has('章节')) errors.push('缺少“## 章节”一节')
  const sections = partsByHeading(parts.get('章节') ?? '', 3)
    .map(([title, text]) => parseSection(title, text, errors))
    .filter((s): s is TemplateSection => s !== null)
  if (parts.has('章节') && !sections.some((s) => s.kind === 'written')) errors.push('至少需要一个“撰写”类型的章节')
  const keys = sections.map((s) => s.key)
  for (const k of new Set(keys)) if (keys.filter((x) => x === k).length > 1) errors.push(`章节键名“${k}”重复`)
  if (keys.includes('closing') && front.get('closing')) errors.push('键名 closing 保留给结束语，请改用其他键名')

  // Shares: given ones must not exceed 100%; the rest split what is left evenly.
  const written = sections.filter((s) => s.kind === 'written')
  const given = written.reduce((sum, s) => sum + s.share, 0)
  if (given > 1.0001) errors.push(`各章节篇幅合计 ${Math.round(given * 100)}%，超过 100%`)
  const unset = written.filter((s) => s.share === 0)
  for (const s of unset) s.share = Math.max(0, 1 - given) / unset.length || 0.01
  const total = written.reduce((sum, s) => sum + s.share, 0)
  for (const s of written) s.share = Math.round((s.share / total) * 1000) / 1000

  const charsPerMinute = positiveInt(front.get('charsPerMinute'), 'charsPerMinute', errors)
  const minutesVariable = front.get('minutesVariable') || null
  const targetChars = positiveInt(front.get('targetChars'), 'targetChars', errors)
  if (charsPerMinute && !minutesVariable) errors.push('设了 charsPerMinute 就要用 minutesVariable 指明讲话时长变量')
  if (minutesVariable && !variables.some((v) => v.name === minutesVariable)) {
    errors.push(`minutesVariable 指向的变量“${minutesVariable}”未在变量表中声明`)
  }
  if (!targetChars && !charsPerMinute) errors.push('需要 targetChars（目标字数），讲话稿可用 charsPerMinute + minutesVariable')
  const length: TemplateLength = {
    charsPerMinute,
    minutesVariable,
    targetChars: targetChars ?? (charsPerMinute ?? 220) * 15,
  }

  // Every {variable} used must be declared.
  const declared = new Set(variables.map((v) => v.name))
  for (const ref of (front.get('title') ?? '').matchAll(REFERENCE)) {
    if (!declared.has(ref[1]!)) errors.push(`标题（title）引用了未声明的变量 {${ref[1]}}`)
  }
  for (const s of sections) {
    for (const [field, text] of [['标题', s.heading], ['内容', s.content], ['骨架', s.skeleton], ['写法', s.guidance], ['用途', s.purpose]] as const) {
      for (const ref of (text ?? '').matchAll(REFERENCE)) {
        if (!declared.has(ref[1]!)) errors.push(`章节“${s.heading}”的${field}引用了未声明的变量 {${ref[1]}}`)
      }
    }
  }

  if ((GONGWEN_GENRES as readonly string[]).includes(genre)) {
    const need = ['issuer', 'date', ...(NEEDS_RECIPIENTS.includes(genre as Genre) ? ['recipients'] : []), ...(NEEDS_SIGNER.includes(genre as Genre) ? ['signer'] : [])]
    const missing = need.filter((n) => !declared.has(n))
    if (missing.length) errors.push(`${genre}模板必须声明锁定变量：${missing.join('、')}`)
  }

  if (errors.length) throw new TemplateErrors(errors)
  const closing = front.get('closing') || null
  return {
    id,
    genre: genre as Genre,
    name,
    title: front.get('title') || null,
    version: version ?? 1,
    description: front.get('description') ?? '',
    closing,
    length,
    instructions,
    variables,
    sections,
  }
}
