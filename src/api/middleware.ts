import type { MiddlewareHandler } from 'hono'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
import { authenticateRequest, CSRF_HEADER, SESSION_COOKIE } from '../core/sessions'
import { getCookie } from 'hono/cookie'
import { createDb } from '../db/client'
import type { AppEnv } from './types'

/** Gives every request an id (or keeps a sane incoming X-Request-Id) and echoes it. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const id = incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : newId('req')
    c.set('requestId', id)
    c.header('X-Request-Id', id)
    await next()
  }
}

/**
 * Rejects bodies above `maxBytes` before reading them. A body with a Content-Length within the
 * limit passes untouched: HTTP framing delivers no more than the declared length, and copying a
 * 60 MB upload would double what the isolate holds (128 MB in all). Only a body without one
 * (chunked) is counted while it is read, and then kept in memory, at most `maxBytes` of it.
 */
export function bodyLimit(maxBytesFor: (path: string) => number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const max = maxBytesFor(c.req.path)
    const tooLarge = () =>
      new AppError('PAYLOAD_TOO_LARGE', `请求内容超过上限 ${formatBytes(max)}`, { maxBytes: max })
    const length = c.req.header('content-length')
    if (length !== undefined && /^\d+$/.test(length.trim())) {
      if (Number(length) > max) throw tooLarge()
      return next()
    }
    if (!c.req.raw.body) return next()
    const reader = c.req.raw.body.getReader()
    const parts: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > max) {
        await reader.cancel()
        throw tooLarge()
      }
      parts.push(value)
    }
    // A Blob of the parts, not one more contiguous copy of them.
    c.req.raw = new Request(c.req.raw, { body: new Blob(parts) })
    await next()
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`
}

/**
 * Resolves the bearer token, or the 工作台's session cookie, to an actor and builds the domain
 * context. Cookie-authenticated writes pass the CSRF check (src/core/sessions.ts).
 */
export function auth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const db = createDb(c.env.DB)
    const { actor } = await authenticateRequest(db, c.env, {
      authorization: c.req.header('authorization'),
      cookie: getCookie(c, SESSION_COOKIE),
      csrfToken: c.req.header(CSRF_HEADER),
      method: c.req.method,
      url: c.req.url,
      origin: c.req.header('origin'),
      referer: c.req.header('referer'),
    })
    c.set('ctx', { db, env: c.env, actor, requestId: c.get('requestId') })
    await next()
  }
}
