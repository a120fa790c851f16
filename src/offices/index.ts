/** Offices (tenants), members and their API tokens. */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { idFromKey, newId, newToken, sha256Hex } from '../core/ids'
import { parseInput } from '../core/validation'
import { apiTokens, members, offices, ROLES, type Role } from '../db/schema'
import { alreadySubmitted } from './members'

export const officeInput = z.object({
  name: z.string().trim().min(1, '名称不能为空').max(100),
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '代码只能由小写字母、数字和连字符组成，2–40 位'),
})

export const tokenInput = z.object({
  name: z.string().trim().min(1, '成员名称不能为空').max(100),
  role: z.enum(ROLES),
  officeId: z.string().max(40).optional(),
})

/** Creates an office. Only deployment administrators (admins of the default office) may. */
export async function createOffice(ctx: Ctx, input: unknown): Promise<{ id: string; name: string; code: string }> {
  requireRole(ctx, 'admin')
  if (!ctx.actor.platformAdmin) throw new AppError('FORBIDDEN', '只有系统管理员可以创建办公室')
  const o = parseInput(officeInput, input, '办公室')
  const taken = await ctx.db.select({ id: offices.id }).from(offices).where(eq(offices.code, o.code)).get()
  if (taken) throw new AppError('CONFLICT', `代码“${o.code}”已被使用`, { field: 'code' })
  const id = newId('off')
  await runAudited(ctx, [{ action: 'office.create', targetKind: 'office', targetId: id, detail: { code: o.code } }], [
    ctx.db.insert(offices).values({ id, ...o }),
  ])
  return { id, ...o }
}

export async function listOffices(ctx: Ctx): Promise<{ id: string; name: string; code: string }[]> {
  requireRole(ctx, 'admin')
  const q = ctx.db.select({ id: offices.id, name: offices.name, code: offices.code }).from(offices)
  return ctx.actor.platformAdmin ? q.orderBy(offices.createdAt) : q.where(eq(offices.id, ctx.actor.officeId))
}

/**
 * Creates a member with a token. An office admin works in its own office; another office's id
 * answers 404 as if it did not exist, unless the actor administers the deployment. With `key` (a
 * form's one-time nonce), the ids come from it, so the same key twice is refused, not a second member.
 */
export async function createMemberToken(
  ctx: Ctx,
  input: unknown,
  opts: { key?: string } = {},
): Promise<{ memberId: string; tokenId: string; token: string; officeId: string; role: Role }> {
  requireRole(ctx, 'admin')
  const t = parseInput(tokenInput, input, '成员令牌')
  const officeId = t.officeId ?? ctx.actor.officeId
  if (officeId !== ctx.actor.officeId && !ctx.actor.platformAdmin) throw notFound('办公室')
  const office = await ctx.db.select({ id: offices.id }).from(offices).where(eq(offices.id, officeId)).get()
  if (!office) throw notFound('办公室')
  const memberId = opts.key ? await idFromKey('mem', opts.key) : newId('mem')
  const tokenId = opts.key ? await idFromKey('tok', opts.key) : newId('tok')
  if (opts.key && (await ctx.db.select({ id: members.id }).from(members).where(eq(members.id, memberId)).get())) throw alreadySubmitted()
  const token = newToken()
  const event = { action: 'token.create', targetKind: 'token', targetId: tokenId, detail: { memberId, officeId, role: t.role } }
  await runAudited(ctx, [event], [
    ctx.db.insert(members).values({ id: memberId, officeId, name: t.name, role: t.role }),
    ctx.db.insert(apiTokens).values({
      id: tokenId,
      officeId,
      memberId,
      tokenHash: await sha256Hex(token),
      prefix: token.slice(0, 7),
    }),
  ])
  return { memberId, tokenId, token, officeId, role: t.role }
}

export async function listTokens(ctx: Ctx) {
  requireRole(ctx, 'admin')
  return ctx.db
    .select({
      id: apiTokens.id,
      memberId: apiTokens.memberId,
      name: members.name,
      role: members.role,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(members, eq(members.id, apiTokens.memberId))
    .where(eq(apiTokens.officeId, ctx.actor.officeId))
    .orderBy(desc(apiTokens.createdAt))
}

/** Revokes a token of the actor's office; revoking twice is harmless. */
export async function revokeToken(ctx: Ctx, tokenId: string): Promise<void> {
  requireRole(ctx, 'admin')
  const row = await ctx.db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.officeId, ctx.actor.officeId)))
    .get()
  if (!row) throw notFound('令牌')
  await runAudited(ctx, [{ action: 'token.revoke', targetKind: 'token', targetId: tokenId }], [
    ctx.db
      .update(apiTokens)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))),
  ])
}

/** The office's members (id, name, role) by name, for choosing one (起草人 in a filter); at most 500. */
export async function officeMembers(ctx: Ctx): Promise<{ id: string; name: string; role: Role }[]> {
  return ctx.db
    .select({ id: members.id, name: members.name, role: members.role })
    .from(members)
    .where(eq(members.officeId, ctx.actor.officeId))
    .orderBy(members.name)
    .limit(500)
}

export { alreadySubmitted, issueMemberToken, listMembers, MEMBER_LIST_LIMIT, memberUpdateInput, updateMember, type IssuedToken, type Member, type MemberToken } from './members'
/** Roles, for the entry points' schemas. */
export { ROLES, type Role }
export { getSettings, loadSettings, settingsInput, typoSensitivity, updateSettings, type OfficeSettings } from './settings'
export { REVIEW_GATES, type ReviewGate } from '../db/schema'
/** Display names of the office's members by id (authors of versions and approvals); unknown ids are left out. */
export async function memberNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(Boolean).slice(0, 90)
  if (!unique.length) return new Map()
  const rows = await ctx.db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(and(eq(members.officeId, ctx.actor.officeId), inArray(members.id, unique)))
  return new Map(rows.map((r) => [r.id, r.name]))
}
export {
  BOT_LINK_LIMITS,
  botLinkInput,
  CHAT_PLATFORMS,
  chatUserContext,
  claimDeliveryKey,
  createBotLink,
  deleteBotLink,
  linkedMembers,
  listBotLinks,
  memberContext,
  type BotLink,
  type ChatPlatform,
} from './bot-links'
