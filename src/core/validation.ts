import type { z } from 'zod'
import { AppError } from './errors'

export interface FieldIssue {
  path: string
  message: string
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
}

/** Parses `input` with `schema` or throws VALIDATION listing each field and what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = '请求内容'): z.infer<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = issuesOf(result.error)
  const fields = [...new Set(issues.map((i) => i.path || '(根)'))].join('、')
  throw new AppError('VALIDATION', `${what}不符合要求：${fields}`, { issues })
}
