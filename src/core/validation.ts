import type { z } from 'zod'
import { AppError } from './errors'
import { fieldLabel } from './field-labels'

export { configureValidationMessages } from './validation-messages'

export interface FieldIssue {
  path: string
  /** The field in words, e.g. 条数上限（limit）. */
  field: string
  message: string
}

/**
 * Each issue with its field named. zod's built-in messages already start with the field (see
 * validation-messages.ts); a schema's own message ("日期格式应为 YYYY-MM-DD") gets the field put
 * in front, so a person always learns which field is meant.
 */
export function issuesOf(error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = []
  const seen = new Set<string>()
  const add = (i: z.core.$ZodIssue, prefix: PropertyKey[]) => {
    const path = [...prefix, ...i.path]
    // A union names no field itself: what each alternative found wrong is what helps.
    if (i.code === 'invalid_union' && i.errors.length) {
      for (const branch of i.errors) for (const b of branch) add(b, path)
      return
    }
    const field = fieldLabel(path)
    // Messages inside a union were written against the path within it.
    const own = prefix.length ? i.message.replace(fieldLabel(i.path), field) : i.message
    const message = own.includes(field) ? own : `${field}：${own}`
    const key = `${path.map(String).join('.')}\u0000${message}`
    if (seen.has(key)) return
    seen.add(key)
    out.push({ path: path.map(String).join('.'), field, message })
  }
  for (const i of error.issues) add(i, [])
  return out
}

const SHOWN_ISSUES = 3

/** `查询参数不符合要求：条数上限（limit）不能大于 50`; beyond a few issues, the count. */
export function describeIssues(what: string, issues: FieldIssue[]): string {
  const shown = issues.slice(0, SHOWN_ISSUES).map((i) => i.message)
  const more = issues.length > SHOWN_ISSUES ? `；另有 ${issues.length - SHOWN_ISSUES} 处问题` : ''
  return `${what}不符合要求：${shown.join('；')}${more}`
}

/** Parses `input` with `schema` or throws VALIDATION listing each field and what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = '请求内容'): z.infer<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = issuesOf(result.error)
  throw new AppError('VALIDATION', describeIssues(what, issues), { issues })
}
