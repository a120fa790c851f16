import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError, httpStatus } from '../core/errors'
import type { AppEnv } from './types'

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown }
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError('PAYLOAD_TOO_LARGE', '请求内容过大')
    if (err.status === 400) return new AppError('VALIDATION', '请求内容无法解析，请检查 JSON 格式', { cause: err.message })
    if (err.status === 401) return new AppError('UNAUTHORIZED', '未授权')
    // The body validator answers a body that is not declared as JSON with 415; our codes have no 415.
    if (err.status === 415) return new AppError('VALIDATION', '请求内容类型应为 application/json', { cause: err.message })
  }
  if (err instanceof SyntaxError) return new AppError('VALIDATION', '请求内容不是有效的 JSON')
  return new AppError('INTERNAL', '服务器内部错误，请稍后重试或联系管理员')
}

/** The one error writer: `{ error: { code, message, requestId, details? } }`. */
export function onError(err: unknown, c: Context<AppEnv>): Response {
  const appError = toAppError(err)
  const requestId = c.get('requestId') ?? 'unknown'
  if (appError.code === 'INTERNAL') console.error(`[${requestId}]`, err)
  const body: ErrorBody = { error: { code: appError.code, message: appError.message, requestId } }
  if (appError.details !== undefined) body.error.details = appError.details
  return c.json(body, httpStatus(appError.code), { 'X-Request-Id': requestId })
}
