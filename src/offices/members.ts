/**
 * The members of an office after they were created: the list (from the members table, with each
 * one's tokens), a new token for a member, a new name or role. There is no deactivation: a member
 * is stopped by revoking their tokens and unlinking their Access e-mail and chat accounts.
 */
import { and, asc, desc, eq, exists, ne } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { idFromKey, newId, newToken, sha256Hex } from '../core/ids'
import { parseInput } from '../core/validation'
import { apiTokens, members, ROLES, type Role } from '../db/schema'

/** An office is small; the list stops here rather than growing without bound. */
export const MEMBER_LIST_LIMIT = 500

export const memberUpdateInput = z
  .object({
    name: z.string().trim().min(1, '姓名不能为空').max(100).optional(),
    role: z.enum(ROLES).optional(),
  })
  .refine((m) => m.name !== undefined || m.role !== undefined, { message: '请填写新的姓名或角色' })

/** What a one-time key (a form's nonce) that was already used answers: nothing is done twice. */
export const alreadySubmitted = () => new AppError('CONFLICT', '该表单已提交过，没有重复执行；结果见下方列表')

export interface MemberToken {
  id: string
  prefix: string
  createdAt: string
  revokedAt: string | null
}

export interface Member {
  id: string
  name: string
  role: Role
  createdAt: string
  /** Newest first. */
  tokens: MemberToken[]
}

export interface IssuedToken {
  memberId: string
  name: string
  tokenId: string
  token: string
  prefix: string
}

/** The office's members, oldest first, each with their tokens. */
export async function listMembers(ctx: Ctx): Promise<Member[]> {
  requireRole(ctx, 'admin')
  const [rows, tokens] = await Promise.all([
    ctx.db
      .select({ id: members.id, name: members.name, role: members.role, createdAt: members.createdAt })
      .from(members)
      .where(eq(members.officeId, ctx.actor.officeId))
      .orderBy(asc(members.createdAt), asc(members.id))
      .limit(MEMBER_LIST_LIMIT),
    ctx.db
      .select({ id: apiTokens.id, memberId: apiTokens.memberId, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(eq(apiTokens.officeId, ctx.actor.officeId))
      .orderBy(desc(apiTokens.createdAt)),
  ])
  const byMember = new Map<string, MemberToken[]>()
  for (const { memberId, ...t } of tokens) byMember.set(memberId, [...(byMember.get(memberId) ?? []), t])
  return rows.map((m) => ({ ...m, tokens: byMember.get(m.id) ?? [] }))
}

async function officeMember(ctx: Ctx, memberId: string) {
  const row = await ctx.db
    .select({ id: members.id, name: members.name, role: members.role })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.officeId, ctx.actor.officeId)))
    .get()
  if (!row) throw notFound('成员')
  return row
}

/**
 * A new token for an existing member (after a revoke, or a second device). With `key`, the
 * token's id comes from it, so the same key twice is refused instead of issuing a second token.
 */
export async function issueMemberToken(ctx: Ctx, memberId: string, opts: { key?: string } = {}): Promise<IssuedToken> {
  requireRole(ctx, 'admin')
  const { name } = await officeMember(ctx, memberId)
  const tokenId = opts.key ? await idFromKey('tok', opts.key) : newId('tok')
  if (opts.key && (await ctx.db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.id, tokenId)).get())) throw alreadySubmitted()
  const token = newToken()
  const prefix = token.slice(0, 7)
  await runAudited(ctx, [{ action: 'token.create', targetKind: 'token', targetId: tokenId, detail: { memberId } }], [
    ctx.db.insert(apiTokens).values({ id: tokenId, officeId: ctx.actor.officeId, memberId, tokenHash: await sha256Hex(token), prefix }),
  ])
  return { memberId, name, tokenId, token, prefix }
}

/**
 * Renames a member or changes their role. The office keeps at least one admin: the last one
 * cannot be made anything else (they would lock the office out of 管理). The guard is also in the
 * UPDATE itself, so two admins demoting each other at once cannot both succeed.
 */
export async function updateMember(ctx: Ctx, memberId: string, input: unknown): Promise<Omit<Member, 'tokens' | 'createdAt'>> {
  requireRole(ctx, 'admin')
  const change = parseInput(memberUpdateInput, input, '成员')
  const current = await officeMember(ctx, memberId)
  const next = { name: change.name ?? current.name, role: change.role ?? current.role }
  const demotes = current.role === 'admin' && next.role !== 'admin'
  const others = alias(members, 'other_admins')
  const otherAdmin = ctx.db
    .select({ id: others.id })
    .from(others)
    .where(and(eq(others.officeId, ctx.actor.officeId), eq(others.role, 'admin'), ne(others.id, memberId)))
  if (demotes && !(await otherAdmin.get())) throw lastAdmin()
  if (next.name === current.name && next.role === current.role) return { id: memberId, ...next }
  const events = [
    ...(next.role !== current.role ? [{ action: 'member.role', targetKind: 'member', targetId: memberId, detail: { from: current.role, to: next.role } }] : []),
    ...(next.name !== current.name ? [{ action: 'member.rename', targetKind: 'member', targetId: memberId }] : []),
  ]
  const where = and(eq(members.id, memberId), eq(members.officeId, ctx.actor.officeId))
  const [result] = await runAudited(ctx, events, [
    ctx.db
      .update(members)
      .set(next)
      .where(demotes ? and(where, exists(otherAdmin)) : where),
  ])
  if (demotes && result?.meta.changes === 0) throw lastAdmin()
  return { id: memberId, ...next }
}

const lastAdmin = () => new AppError('CONFLICT', '办公室至少要保留一名管理员：请先把另一名成员设为管理员，再修改这名成员的角色', { field: 'role' })
