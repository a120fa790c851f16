/**
 * The 工作台's request pipeline: security headers on every page, the session (cookie, or a verified
 * Cloudflare Access JWT that opens one), the CSRF check on every write, and the sign-in gate.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import { ACCESS_HEADER, accessConfig, verifyAccessJwt } from '../core/access'
import { AppError } from '../core/errors'
import { logLine } from '../core/log'
import { checkCsrf, CSRF_FIELD, CSRF_HEADER, isSafeMethod, readSession, SESSION_COOKIE, SESSION_HOURS, signInWithAccess } from '../core/sessions'
import { createDb } from '../db/client'
import type { WebEnv } from './types'

/** No inline script anywhere: every script is a bundle under /assets/web/ (scripts/build-web.mjs). */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // CodeMirror (the editor) writes its own styles into a <style> element, which carries this
  // per-response nonce (EditorView.cspNonce; the page hands it to the bundle, never to inline script)
  styleSrc: ["'self'", NONCE],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

export const webHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    crossOriginEmbedderPolicy: false,
  })

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
/** Plain http on the developer's own machine; everywhere else the cookie is Secure. */
export const isLocal = (url: string) => {
  const u = new URL(url)
  return u.protocol === 'http:' && LOCAL_HOSTS.has(u.hostname)
}

export function setSessionCookie(c: Context<WebEnv>, secret: string): void {
  setCookie(c, SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: !isLocal(c.req.url),
    maxAge: SESSION_HOURS * 3600,
  })
}

export function clearSessionCookie(c: Context<WebEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: !isLocal(c.req.url) })
}

/** Form posts are small; a document opened for 审校 (POST /check/read) may be up to 20 MB. */
export const WEB_BODY_LIMITS = { form: 1024 * 1024, document: 20 * 1024 * 1024 } as const

/** Reads the session (or opens one from Cloudflare Access) and checks the CSRF token of writes. */
export function webSession(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    // Refused before anything reads the body (the CSRF check below may parse a form).
    const max = c.req.path === '/check/read' ? WEB_BODY_LIMITS.document : WEB_BODY_LIMITS.form
    if (Number(c.req.header('content-length') ?? 0) > max) throw new AppError('PAYLOAD_TOO_LARGE', `提交的内容超过上限 ${max / 1024 / 1024} MB`)
    const db = createDb(c.env.DB)
    const requestId = c.get('requestId')
    let session = await readSession(db, c.env, getCookie(c, SESSION_COOKIE))
    const jwt = c.req.header(ACCESS_HEADER)
    const access = accessConfig(c.env)
    if (!session && jwt && access) {
      try {
        const email = await verifyAccessJwt(access, jwt)
        const secret = await signInWithAccess(db, c.env, requestId, email)
        if (secret) {
          setSessionCookie(c, secret)
          session = await readSession(db, c.env, secret)
        }
      } catch (e) {
        // An invalid assertion is no sign-in: the page asks for a token instead.
        if (!(e instanceof AppError)) throw e
        logLine(c.env, 'warn', `[${requestId}] Access JWT rejected: ${e.message}`)
      }
    }
    c.set('db', db)
    c.set('session', session)
    if (session) c.set('ctx', { db, env: c.env, actor: session.actor, requestId })
    if (session && !isSafeMethod(c.req.method)) {
      let token = c.req.header(CSRF_HEADER) ?? null
      const type = c.req.header('content-type') ?? ''
      if (!token && /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)) {
        const field = (await c.req.parseBody())[CSRF_FIELD]
        token = typeof field === 'string' ? field : null
      }
      checkCsrf(session, { method: c.req.method, url: c.req.url, origin: c.req.header('origin'), referer: c.req.header('referer'), token })
    }
    await next()
  }
}

/**
 * Every signed-in answer carries the session's CSRF token and may show a secret (a new token, the
 * office's data): no browser or proxy cache keeps it, and Back does not show it from a cache.
 */
export function noStoreWhenSignedIn(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    await next()
    if (c.get('session') && !c.res.headers.has('cache-control')) c.res.headers.set('Cache-Control', 'no-store')
  }
}

/** Pages past this need a signed-in member: others go to the sign-in page and come back. */
export function requireSignIn(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.get('session')) return next()
    if (!isSafeMethod(c.req.method)) throw new AppError('UNAUTHORIZED', '登录已过期或已退出，请重新登录')
    const url = new URL(c.req.url)
    return c.redirect(`/signin?next=${encodeURIComponent(url.pathname + url.search)}`, 303)
  }
}

/** A same-site path to return to after signing in; anything else goes home. */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 500) return '/'
  return next
}
