/**
 * The 新建模板 form as data: what the browser sends (fields v{i}.… and s{i}.…, blank rows dropped),
 * the template fields it stands for (templates.TemplateSpec), and back for a copy. Numbers that are
 * no numbers are reasons named by their labels; the Markdown itself is templates.writeTemplateSource's.
 */
import { AppError } from '../../core/errors'
import { GENRES, SECTION_PURPOSES, TemplateErrors, writeTemplateSource, type SectionPurpose, type TemplateSpec } from '../../templates'

export interface VarRow {
  name: string
  label: string
  required: boolean
  locked: boolean
  default: string
  description: string
}

export interface SectionRow {
  heading: string
  key: string
  kind: 'written' | 'fixed'
  /** '' decides by the heading's 序次语. */
  print: '' | 'show' | 'hide'
  purpose: string
  guidance: string
  points: string
  content: string
  skeleton: string
  facts: boolean
  share: string
  keywords: string
  takes: string[]
  after: boolean
}

export interface TemplateForm {
  id: string
  genre: string
  name: string
  description: string
  title: string
  closing: string
  targetChars: string
  charsPerMinute: string
  minutesVariable: string
  instructions: string
  vars: VarRow[]
  sections: SectionRow[]
}

const VAR_TEXT = ['name', 'label', 'default', 'description'] as const
export const SECTION_TEXT = ['heading', 'key', 'purpose', 'guidance', 'points', 'content', 'skeleton', 'share', 'keywords'] as const
export const BLANK_VARS = 5
export const BLANK_SECTIONS = 2
/** Rows a form may carry: the parser has no limit of its own but the 50 000-character source. */
const MAX_VARS = 60
const MAX_SECTIONS = 40
/** Ids the pages' own paths use. */
export const RESERVED_IDS = ['new']

export const blankVar = (): VarRow => ({ name: '', label: '', required: false, locked: false, default: '', description: '' })
export const blankSection = (): SectionRow => ({
  heading: '', key: '', kind: 'written', print: '', purpose: '', guidance: '', points: '', content: '', skeleton: '', facts: true, share: '', keywords: '', takes: [], after: false,
})
const isBlankVar = (v: VarRow) => VAR_TEXT.every((k) => !v[k].trim())
const isBlankSection = (s: SectionRow) => SECTION_TEXT.every((k) => !s[k].trim())

export const emptyForm = (): TemplateForm => ({
  id: '', genre: GENRES[0], name: '', description: '', title: '', closing: '', targetChars: '', charsPerMinute: '', minutesVariable: '', instructions: '', vars: [], sections: [],
})

const num = (n: number | null) => (n === null ? '' : String(n))

/** A template's fields as the form shows them (a copy keeps all but the id). */
export function formOf(spec: TemplateSpec): TemplateForm {
  return {
    id: '',
    genre: spec.genre,
    name: spec.name,
    description: spec.description,
    title: spec.title ?? '',
    closing: spec.closing ?? '',
    targetChars: num(spec.targetChars),
    charsPerMinute: num(spec.charsPerMinute),
    minutesVariable: spec.minutesVariable ?? '',
    instructions: spec.instructions,
    vars: spec.variables.map((v) => ({ name: v.name, label: v.label, required: v.required, locked: v.locked, default: v.default ?? '', description: v.description ?? '' })),
    sections: spec.sections.map((s) => ({
      heading: s.heading,
      key: s.key,
      kind: s.kind,
      print: s.printHeading === null ? '' : s.printHeading ? 'show' : 'hide',
      purpose: s.purpose,
      guidance: s.guidance,
      points: s.points.join('；'),
      content: s.content ?? '',
      skeleton: s.skeleton ?? '',
      facts: s.facts,
      share: num(s.sharePercent),
      keywords: s.keywords.join(' '),
      takes: [...s.takes],
      after: s.after,
    })),
  }
}

export type Body = Record<string, string | File | (string | File)[]>
const all = (body: Body, k: string) => [body[k] ?? []].flat().filter((v): v is string => typeof v === 'string')
export const one = (body: Body, k: string) => all(body, k)[0] ?? ''
const checked = (body: Body, k: string) => one(body, k) === '1'

function rowCount(body: Body, k: string, max: number, what: string): number {
  const n = Number(one(body, k))
  if (!Number.isInteger(n) || n < 0 || n > max) throw new AppError('VALIDATION', `${what}行数有误（最多 ${max} 行）`)
  return n
}

/** The submitted form, blank rows left out (so rows keep the numbers the messages give them). */
export function readForm(body: Body): TemplateForm {
  const f = Object.fromEntries(
    (['id', 'genre', 'name', 'description', 'title', 'closing', 'targetChars', 'charsPerMinute', 'minutesVariable', 'instructions'] as const).map((k) => [k, one(body, k)]),
  ) as Omit<TemplateForm, 'vars' | 'sections'>
  const vars = Array.from({ length: rowCount(body, 'vars', MAX_VARS + BLANK_VARS, '变量') }, (_, i): VarRow => ({
    ...blankVar(),
    ...Object.fromEntries(VAR_TEXT.map((k) => [k, one(body, `v${i}.${k}`)])),
    required: checked(body, `v${i}.required`),
    locked: checked(body, `v${i}.locked`),
  }))
  const sections = Array.from({ length: rowCount(body, 'sections', MAX_SECTIONS + BLANK_SECTIONS, '章节') }, (_, i): SectionRow => {
    const print = one(body, `s${i}.print`)
    return {
      ...blankSection(),
      ...Object.fromEntries(SECTION_TEXT.map((k) => [k, one(body, `s${i}.${k}`)])),
      kind: one(body, `s${i}.kind`) === 'fixed' ? 'fixed' : 'written',
      print: print === 'show' || print === 'hide' ? print : '',
      facts: checked(body, `s${i}.facts`),
      takes: all(body, `s${i}.takes`).filter((t) => (SECTION_PURPOSES as readonly string[]).includes(t)),
      after: checked(body, `s${i}.after`),
    }
  })
  return { ...f, instructions: f.instructions.replace(/\r\n?/g, '\n'), vars: vars.filter((v) => !isBlankVar(v)), sections: sections.filter((s) => !isBlankSection(s)) }
}

const split = (s: string, re: RegExp) => s.split(re).map((x) => x.trim()).filter(Boolean)

/** The form as a template's fields; a number that is no number is a reason, named by its label. */
export function specOf(f: TemplateForm): { spec: TemplateSpec; reasons: string[] } {
  const reasons: string[] = []
  const count = (raw: string, what: string) => {
    if (!raw.trim()) return null
    const n = Number(raw)
    if (Number.isInteger(n) && n > 0) return n
    reasons.push(`${what}应为正整数`)
    return null
  }
  const spec: TemplateSpec = {
    id: f.id.trim(),
    genre: f.genre,
    name: f.name,
    description: f.description,
    title: f.title.trim() || null,
    closing: f.closing.trim() || null,
    targetChars: count(f.targetChars, '目标字数'),
    charsPerMinute: count(f.charsPerMinute, '每分钟字数'),
    minutesVariable: f.minutesVariable.trim() || null,
    instructions: f.instructions,
    variables: f.vars.map((v) => ({
      name: v.name.trim(),
      label: v.label.trim(),
      required: v.required,
      locked: v.locked,
      ...(v.default.trim() ? { default: v.default.trim() } : {}),
      ...(v.description.trim() ? { description: v.description.trim() } : {}),
    })),
    sections: f.sections.map((s, i) => {
      let share: number | null = null
      if (s.share.trim()) {
        share = Number(s.share)
        if (!(share > 0 && share <= 100)) {
          reasons.push(`第 ${i + 1} 节“${s.heading.trim()}”的篇幅应为 0 到 100 之间的百分数`)
          share = null
        }
      }
      return {
        key: s.key.trim(),
        heading: s.heading,
        kind: s.kind,
        printHeading: s.print === '' ? null : s.print === 'show',
        purpose: s.purpose,
        guidance: s.guidance,
        points: split(s.points, /[；;\n]+/),
        content: s.content.trim() || null,
        skeleton: s.skeleton.trim() || null,
        facts: s.facts,
        sharePercent: share,
        keywords: split(s.keywords, /[\s,，、]+/),
        takes: s.takes as SectionPurpose[],
        after: s.after,
      }
    }),
  }
  return { spec, reasons }
}

/** The spec's Markdown, refused with the form's reasons and the writer's together. */
export function sourceOf(spec: TemplateSpec, reasons: string[]): string {
  let source = ''
  try {
    source = writeTemplateSource(spec)
  } catch (e) {
    if (!(e instanceof TemplateErrors)) throw e
    reasons = [...reasons, ...e.reasons]
  }
  if (reasons.length) throw new TemplateErrors(reasons)
  return source
}
