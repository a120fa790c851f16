import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../db/client'
import { apiTokens, members, type Role } from '../db/schema'
import type { Env } from '../env'
import type { Actor, Ctx } from './context'
import { AppError } from './errors'
import { ROLE_LABEL } from './field-labels'
import { sha256Hex } from './ids'

export const DEFAULT_OFFICE_ID = 'off_default'
export const BOOTSTRAP_MEMBER_ID = 'mem_bootstrap'

/** Constant-time comparison of two strings (both already hashed to equal length). */
function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return m?.[1] ?? null
}

/** Resolves a bearer token to the member it belongs to, or throws UNAUTHORIZED. */
export async function authenticate(db: Db, env: Env, token: string | null): Promise<Actor> {
  if (!token) throw new AppError('UNAUTHORIZED', '缺少访问令牌，请在 Authorization 头中提供 Bearer 令牌')
  const hash = await sha256Hex(token)
  const bootstrap = env.WENFU_BOOTSTRAP_TOKEN
  if (bootstrap && bootstrap.length >= 16 && timingSafeEqual(hash, await sha256Hex(bootstrap))) {
    return { memberId: BOOTSTRAP_MEMBER_ID, officeId: DEFAULT_OFFICE_ID, role: 'admin', platformAdmin: true }
  }
  const row = await db
    .select({ memberId: apiTokens.memberId, officeId: apiTokens.officeId, role: members.role })
    .from(apiTokens)
    .innerJoin(members, eq(members.id, apiTokens.memberId))
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
    .get()
  if (!row) throw new AppError('UNAUTHORIZED', '访问令牌无效或已被吊销')
  return { ...row, platformAdmin: row.role === 'admin' && row.officeId === DEFAULT_OFFICE_ID }
}

/** What each role is called where people read it. */

/** Throws FORBIDDEN unless the actor holds one of `roles`. */
export function requireRole(ctx: Ctx, ...roles: Role[]): void {
  if (!roles.includes(ctx.actor.role)) {
    throw new AppError(
      'FORBIDDEN',
      `当前角色（${ROLE_LABEL[ctx.actor.role]}）无权执行此操作，需要：${roles.map((r) => ROLE_LABEL[r]).join('、')}`,
    )
  }
}

/** Every member but a reader: who may write knowledge, compose and edit drafts, and comment. */
export const WRITERS = ['admin', 'drafter', 'reviewer', 'signer'] as const satisfies readonly Role[]

/** Roles that may add and edit knowledge (findings, surveys, precedents). */
export const KNOWLEDGE_WRITERS = WRITERS

/** Whether `memberId` is a member of the actor's office (the check before linking anything to a member). */
export async function isOfficeMember(ctx: Ctx, memberId: string): Promise<boolean> {
  const row = await ctx.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.officeId, ctx.actor.officeId)))
    .get()
  return row !== undefined
}
