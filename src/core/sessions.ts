/**
 * Browser sessions of the 工作台, and the one way a request is authenticated (bearer token or
 * session cookie). The table `web_sessions` belongs here: entry points (src/api, src/web) only call
 * these functions.
 *
 * The cookie carries 32 random bytes; the row keeps their SHA-256, so a read of the table does not
 * yield a usable cookie. A session opened with a token keeps that token's hash and lives only while
 * the token is unrevoked (checked on every request, so revoking ends it at once); a session opened
 * through Cloudflare Access keeps the e-mail and lives while the e-mail is mapped to the member.
 *
 * CSRF: the cookie is SameSite=Strict, and on top of that every cookie-authenticated write must come
 * from our own origin (Origin, or Referer when a browser sends no Origin) and carry the session's
 * own CSRF token in the X-CSRF-Token header or the `_csrf` form field.
 */
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Db } from '../db/client'
import { accessIdentities, apiTokens, members, offices, webSessions, type SessionVia } from '../db/schema'
import type { Env } from '../env'
import { runAudited } from './audit'
import { authenticate, BOOTSTRAP_MEMBER_ID, bearerToken, DEFAULT_OFFICE_ID } from './auth'
import type { Actor, Ctx } from './context'
import { AppError } from './errors'
import { base64url, sha256Hex } from './ids'

export const SESSION_COOKIE = 'wenfu_session'
export const CSRF_HEADER = 'x-csrf-token'
export const CSRF_FIELD = '_csrf'
/** A working day and then some: a session signed in at 8:00 ends at 20:00. */
export const SESSION_HOURS = 12
/** The name shown for the local bootstrap administrator, who has no member row. */
export const BOOTSTRAP_MEMBER_NAME = '本地管理员'

export interface Session {
  /** The SHA-256 of the cookie secret (the row's key). */
  id: string
  actor: Actor
  via: SessionVia
  csrfToken: string
  memberName: string
  officeName: string
  expiresAt: string
}

const randomSecret = () => base64url(crypto.getRandomValues(new Uint8Array(32)))

/** Constant-time comparison of two strings of equal length. */
function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

async function insertSession(
  db: Db,
  env: Env,
  requestId: string,
  actor: Actor,
  fields: { via: SessionVia; tokenHash?: string; email?: string },
  now: Date,
): Promise<string> {
  const secret = randomSecret()
  const id = await sha256Hex(secret)
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString()
  const ctx: Ctx = { db, env, actor, requestId }
  await runAudited(ctx, [{ action: 'session.create', targetKind: 'session', targetId: id.slice(0, 16), detail: { via: fields.via } }], [
    db.insert(webSessions).values({
      id,
      officeId: actor.officeId,
      memberId: actor.memberId,
      via: fields.via,
      tokenHash: fields.tokenHash ?? null,
      email: fields.email ?? null,
      csrfToken: randomSecret(),
      expiresAt,
    }),
  ])
  return secret
}

/** Signs in with a personal token (or, locally, the bootstrap token): the cookie's secret. */
export async function signInWithToken(db: Db, env: Env, requestId: string, token: string, now = new Date()): Promise<string> {
  const trimmed = token.trim()
  if (!trimmed) throw new AppError('VALIDATION', '请输入访问令牌', { field: 'token' })
  if (trimmed.length > 200) throw new AppError('VALIDATION', '访问令牌过长，请检查是否粘贴完整', { field: 'token' })
  let actor: Actor
  try {
    actor = await authenticate(db, env, trimmed)
  } catch (e) {
    if (e instanceof AppError && e.code === 'UNAUTHORIZED') throw new AppError('UNAUTHORIZED', '访问令牌无效或已被吊销，请向管理员索取新的令牌')
    throw e
  }
  const via: SessionVia = actor.memberId === BOOTSTRAP_MEMBER_ID ? 'bootstrap' : 'token'
  return insertSession(db, env, requestId, actor, { via, tokenHash: await sha256Hex(trimmed) }, now)
}

/** Opens a session for an e-mail that Cloudflare Access verified (src/core/access.ts), or null when the e-mail is no member's. */
export async function signInWithAccess(db: Db, env: Env, requestId: string, email: string, now = new Date()): Promise<string | null> {
  const actor = await accessActor(db, email)
  if (!actor) return null
  return insertSession(db, env, requestId, actor, { via: 'access', email: email.toLowerCase() }, now)
}

async function accessActor(db: Db, email: string): Promise<Actor | null> {
  const row = await db
    .select({ memberId: members.id, officeId: members.officeId, role: members.role })
    .from(accessIdentities)
    .innerJoin(members, and(eq(members.id, accessIdentities.memberId), eq(members.officeId, accessIdentities.officeId)))
    .where(eq(accessIdentities.email, email.toLowerCase()))
    .get()
  if (!row) return null
  return { ...row, platformAdmin: row.role === 'admin' && row.officeId === DEFAULT_OFFICE_ID }
}

/** The live session a cookie's secret opens, or null (unknown, expired, signed out, token revoked). */
export async function readSession(db: Db, env: Env, secret: string | undefined | null, now = new Date()): Promise<Session | null> {
  if (!secret || secret.length > 100) return null
  const id = await sha256Hex(secret)
  const row = await db
    .select({
      id: webSessions.id,
      officeId: webSessions.officeId,
      memberId: webSessions.memberId,
      via: webSessions.via,
      tokenHash: webSessions.tokenHash,
      email: webSessions.email,
      csrfToken: webSessions.csrfToken,
      expiresAt: webSessions.expiresAt,
      officeName: offices.name,
      memberName: members.name,
      role: members.role,
    })
    .from(webSessions)
    .innerJoin(offices, eq(offices.id, webSessions.officeId))
    .leftJoin(members, and(eq(members.id, webSessions.memberId), eq(members.officeId, webSessions.officeId)))
    .where(and(eq(webSessions.id, id), isNull(webSessions.revokedAt), gt(webSessions.expiresAt, now.toISOString())))
    .get()
  if (!row) return null
  let actor: Actor
  switch (row.via) {
    case 'bootstrap': {
      // The bootstrap token lives in the environment: a session outlives it only while it is unchanged.
      const bootstrap = env.WENFU_BOOTSTRAP_TOKEN
      if (!bootstrap || bootstrap.length < 16 || !row.tokenHash || !sameString(row.tokenHash, await sha256Hex(bootstrap))) return null
      actor = { memberId: BOOTSTRAP_MEMBER_ID, officeId: DEFAULT_OFFICE_ID, role: 'admin', platformAdmin: true }
      break
    }
    case 'token': {
      if (!row.tokenHash || !row.role) return null
      const token = await db
        .select({ id: apiTokens.id })
        .from(apiTokens)
        .where(and(eq(apiTokens.tokenHash, row.tokenHash), eq(apiTokens.memberId, row.memberId), isNull(apiTokens.revokedAt)))
        .get()
      if (!token) return null
      actor = { memberId: row.memberId, officeId: row.officeId, role: row.role, platformAdmin: row.role === 'admin' && row.officeId === DEFAULT_OFFICE_ID }
      break
    }
    case 'access': {
      const mapped = row.email ? await accessActor(db, row.email) : null
      if (!mapped || mapped.memberId !== row.memberId) return null
      actor = mapped
      break
    }
    default: {
      const unreachable: never = row.via
      return unreachable
    }
  }
  return {
    id: row.id,
    actor,
    via: row.via,
    csrfToken: row.csrfToken,
    memberName: row.memberName ?? BOOTSTRAP_MEMBER_NAME,
    officeName: row.officeName,
    expiresAt: row.expiresAt,
  }
}

/** Signs out: the row is revoked, so the cookie opens nothing even if it was copied. */
export async function signOut(db: Db, env: Env, requestId: string, session: Session): Promise<void> {
  const ctx: Ctx = { db, env, actor: session.actor, requestId }
  await runAudited(ctx, [{ action: 'session.revoke', targetKind: 'session', targetId: session.id.slice(0, 16) }], [
    db.update(webSessions).set({ revokedAt: new Date().toISOString() }).where(eq(webSessions.id, session.id)),
  ])
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
export const isSafeMethod = (method: string) => SAFE_METHODS.has(method.toUpperCase())

export interface CsrfInput {
  method: string
  /** The request's own URL: its origin is the only one allowed. */
  url: string
  origin?: string | null
  referer?: string | null
  /** The token the request carries (header or form field). */
  token?: string | null
}

/** Throws FORBIDDEN unless a write comes from our own origin (Origin, or Referer when there is no Origin). */
export function checkOrigin(input: Omit<CsrfInput, 'token'>): void {
  if (isSafeMethod(input.method)) return
  const own = new URL(input.url).origin
  let from: string | null = input.origin && input.origin !== 'null' ? input.origin : null
  if (!from && input.referer) {
    try {
      from = new URL(input.referer).origin
    } catch {
      from = null
    }
  }
  if (from !== own) throw new AppError('FORBIDDEN', '请求来源不是本站，已拒绝（跨站请求防护）')
}

/** Throws FORBIDDEN unless a cookie-authenticated write comes from our origin with the session's token. */
export function checkCsrf(session: Pick<Session, 'csrfToken'>, input: CsrfInput): void {
  if (isSafeMethod(input.method)) return
  checkOrigin(input)
  if (!input.token || !sameString(input.token, session.csrfToken)) {
    throw new AppError('FORBIDDEN', '页面的安全校验码缺失或已失效，请刷新页面后重试')
  }
}

export interface RequestCredentials extends Omit<CsrfInput, 'token'> {
  authorization?: string | null
  cookie?: string | null
  csrfToken?: string | null
}

/**
 * The actor of an API request: a bearer token when the request has an Authorization header, else
 * the session cookie, whose writes must pass the CSRF check.
 */
export async function authenticateRequest(db: Db, env: Env, req: RequestCredentials): Promise<{ actor: Actor; session: Session | null }> {
  if (req.authorization || !req.cookie) return { actor: await authenticate(db, env, bearerToken(req.authorization)), session: null }
  const session = await readSession(db, env, req.cookie)
  if (!session) throw new AppError('UNAUTHORIZED', '登录已过期或已退出，请重新登录')
  checkCsrf(session, { ...req, token: req.csrfToken })
  return { actor: session.actor, session }
}
