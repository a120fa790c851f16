import type { MiddlewareHandler } from 'hono'
import { authenticate, bearerToken } from '../core/auth'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
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

/** Rejects bodies above `maxBytes` before reading them: by Content-Length, then while streaming. */
export function bodyLimit(maxBytesFor: (path: string) => number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const max = maxBytesFor(c.req.path)
    const tooLarge = () =>
      new AppError('PAYLOAD_TOO_LARGE', `请求内容超过上限 ${formatBytes(max)}`, { maxBytes: max })
    const declared = Number(c.req.header('content-length') ?? NaN)
    if (Number.isFinite(declared) && declared > max) throw tooLarge()
    if (!c.req.raw.body) return next()
    // No or false Content-Length (chunked): count while reading into memory.
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
    const body = new Uint8Array(size)
    let offset = 0
    for (const p of parts) body.set(p, offset), (offset += p.byteLength)
    c.req.raw = new Request(c.req.raw, { body })
    await next()
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`
}

/** Resolves the bearer token to an actor and builds the domain context. */
export function auth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const db = createDb(c.env.DB)
    const actor = await authenticate(db, c.env, bearerToken(c.req.header('authorization')))
    c.set('ctx', { db, env: c.env, actor, requestId: c.get('requestId') })
    await next()
  }
}
