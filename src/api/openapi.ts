/** Shared pieces of the OpenAPI route definitions. */
import { z } from '@hono/zod-openapi'
import type { ZodType } from 'zod'
import { AppError } from '../core/errors'
import { describeIssues, issuesOf } from '../core/validation'

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.unknown().optional(),
  }),
})

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
})

export const errorResponses = {
  400: errorResponse('输入不符合要求'),
  401: errorResponse('缺少或无效的令牌'),
  403: errorResponse('角色无权操作'),
  404: errorResponse('不存在（或属于其他办公室）'),
  409: errorResponse('冲突'),
  412: errorResponse('前提条件不满足（如缺少 If-Match、未设置机关代字、未配置模型）'),
  413: errorResponse('请求内容过大'),
  429: errorResponse('请求过于频繁'),
  500: errorResponse('服务器内部错误'),
  502: errorResponse('上游服务（模型等）出错'),
} as const

export const jsonBody = (schema: ZodType, description?: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
})

export const jsonOk = (schema: ZodType, description = '成功') => ({
  description,
  content: { 'application/json': { schema } },
})

export const idParam = z.object({ id: z.string().min(1).max(40) })

export const pageOf = (item: ZodType) => z.object({ items: z.array(item), nextCursor: z.string().nullable() })

export const security = [{ bearer: [] as string[] }]

const TARGET_WORDS: Record<string, string> = {
  query: '查询参数',
  param: '路径参数',
  header: '请求头',
  form: '上传表单',
  json: '请求内容',
}

/** Validation failures from @hono/zod-openapi become the one error envelope. */
export function validationHook(result: { success: boolean; error?: unknown; target?: string }): void {
  if (result.success) return
  const issues = issuesOf(result.error as import('zod').ZodError)
  throw new AppError('VALIDATION', describeIssues(TARGET_WORDS[result.target ?? 'json'] ?? '请求内容', issues), { issues })
}
