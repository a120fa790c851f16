/** Error pages: the one error type (AppError) rendered for people, in Chinese, with the request id. */
import type { Context } from 'hono'
import { AppError, httpStatus } from '../../core/errors'
import { logLine } from '../../core/log'
import { page } from '../render'
import type { WebEnv } from '../types'

const TITLES: Partial<Record<AppError['code'], string>> = {
  NOT_FOUND: '页面不存在',
  FORBIDDEN: '无权访问',
  UNAUTHORIZED: '需要登录',
  VALIDATION: '输入有误',
  CONFLICT: '内容冲突',
  PAYLOAD_TOO_LARGE: '内容过大',
}

export async function errorPage(c: Context<WebEnv>, err: unknown) {
  const e = err instanceof AppError ? err : new AppError('INTERNAL', '服务器内部错误，请稍后重试或联系管理员')
  const requestId = c.get('requestId') ?? 'unknown'
  if (e.code === 'INTERNAL') logLine(c.env, 'error', `[${requestId}]`, err)
  if (e.code === 'UNAUTHORIZED' && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
    const url = new URL(c.req.url)
    return c.redirect(`/signin?next=${encodeURIComponent(url.pathname + url.search)}`, 303)
  }
  const status = httpStatus(e.code)
  // Browser code calling a 工作台 route (/check/read) reads the one error envelope, like the API's.
  const accept = c.req.header('accept') ?? ''
  if (accept.includes('application/json') && !accept.includes('text/html')) {
    const error: Record<string, unknown> = { code: e.code, message: e.message, requestId }
    if (e.details !== undefined) error.details = e.details
    return c.json({ error }, status)
  }
  const title = TITLES[e.code] ?? '出错了'
  return page(
    c,
    { title },
    <section class="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p role="alert">{e.message}</p>
      <p class="meta">请求编号：{requestId}（联系管理员时请提供）</p>
      <p>
        <a href="/">返回工作台</a>
      </p>
    </section>,
    status,
  )
}

export const notFoundPage = (c: Context<WebEnv>) => errorPage(c, new AppError('NOT_FOUND', '您要访问的页面不存在，可能已被删除或地址有误。'))
