import { logLine } from '../core/log'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError, httpStatus } from '../core/errors'
import type { AppEnv } from './types'

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown }
}

/** Routes that take multipart uploads; every other body is JSON. */
export const isUploadPath = (path: string) => path.endsWith('/precedents/import')

const UPLOAD_ADVICE = '导入接口须以 multipart/form-data 上传文件，字段名为 files（可多个）'

/** What a request with the wrong or an unreadable body should be told, by what the route takes. */
function bodyAdvice(c: Context<AppEnv>, status: 400 | 415): AppError {
  const sent = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (isUploadPath(c.req.path)) {
    return new AppError('VALIDATION', status === 415 ? `${UPLOAD_ADVICE}${sent ? `，收到的是 ${sent}` : ''}` : `上传内容无法解析：${UPLOAD_ADVICE}`)
  }
  if (status === 415) {
    return new AppError('VALIDATION', `该接口的请求内容类型应为 application/json${sent ? `，收到的是 ${sent}` : '（请求未注明 Content-Type）'}`)
  }
  return new AppError('VALIDATION', '请求内容无法解析，请检查 JSON 格式')
}

// Hono's own messages ("Malformed JSON in request body") are English: people get ours instead.
function toAppError(err: unknown, c: Context<AppEnv>): AppError {
  if (err instanceof AppError) return err
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError('PAYLOAD_TOO_LARGE', '请求内容过大')
    if (err.status === 400) return bodyAdvice(c, 400)
    if (err.status === 401) return new AppError('UNAUTHORIZED', '未授权')
    // The body validator answers a body of an undeclared media type with 415; our codes have no 415.
    if (err.status === 415) return bodyAdvice(c, 415)
  }
  if (err instanceof SyntaxError) return isUploadPath(c.req.path) ? bodyAdvice(c, 400) : new AppError('VALIDATION', '请求内容不是有效的 JSON')
  return new AppError('INTERNAL', '服务器内部错误，请稍后重试或联系管理员')
}

/** The one error writer: `{ error: { code, message, requestId, details? } }`. */
export function onError(err: unknown, c: Context<AppEnv>): Response {
  const appError = toAppError(err, c)
  const requestId = c.get('requestId') ?? 'unknown'
  if (appError.code === 'INTERNAL') logLine(c.env, 'error', `[${requestId}]`, err)
  const body: ErrorBody = { error: { code: appError.code, message: appError.message, requestId } }
  if (appError.details !== undefined) body.error.details = appError.details
  return c.json(body, httpStatus(appError.code), { 'X-Request-Id': requestId })
}
