/**
 * Who a chat user is in Wenfu: an admin links a Slack user (in a team) or a WeCom userid (in a corp)
 * to one member of the office, and every bot command then runs as that member, with that member's
 * role and office. Also the delivery keys the bots have already handled (a platform that delivers
 * a request twice gets one run).
 */
import { and, eq, inArray, lt, or, sql } from 'drizzle-orm'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import { DEFAULT_OFFICE_ID, isOfficeMember, requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { createDb, isUniqueFailure } from '../db/client'
import { botDedupe, botLinks, CHAT_PLATFORMS, members, type ChatPlatform, type Role } from '../db/schema'
import type { Env } from '../env'

export { CHAT_PLATFORMS, type ChatPlatform }

export const BOT_LINK_LIMITS = { perOffice: 2000, id: 64 } as const

const chatId = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label}不能为空`)
    .max(BOT_LINK_LIMITS.id, `${label}不能超过 ${BOT_LINK_LIMITS.id} 个字符`)
    .regex(/^[\w.@-]+$/, `${label}只能由字母、数字和 _ . @ - 组成`)

export const botLinkInput = z.object({
  memberId: z.string().trim().min(1, '请指定成员').max(40),
  platform: z.enum(CHAT_PLATFORMS),
  /** Slack team id (T…), or WeCom CorpID (ww…) */
  tenant: chatId('团队或企业 ID'),
  /** Slack user id (U…), or WeCom userid */
  userId: chatId('用户 ID'),
})

export interface BotLink {
  id: string
  memberId: string
  memberName: string
  role: Role
  platform: ChatPlatform
  tenant: string
  userId: string
  createdBy: string | null
  createdAt: string
}

const linkColumns = {
  id: botLinks.id,
  memberId: botLinks.memberId,
  memberName: members.name,
  role: members.role,
  platform: botLinks.platform,
  tenant: botLinks.tenant,
  userId: botLinks.userId,
  createdBy: botLinks.createdBy,
  createdAt: botLinks.createdAt,
}

/** Links a chat user to a member of the actor's office. A chat user is linked to one member only. */
export async function createBotLink(ctx: Ctx, input: unknown): Promise<BotLink> {
  requireRole(ctx, 'admin')
  const l = parseInput(botLinkInput, input, '聊天账号绑定')
  if (!(await isOfficeMember(ctx, l.memberId))) throw new AppError('VALIDATION', `成员“${l.memberId}”不存在`, { field: 'memberId' })
  const [{ n }] = (await ctx.db.select({ n: sql<number>`count(*)` }).from(botLinks).where(eq(botLinks.officeId, ctx.actor.officeId))) as [{ n: number }]
  if (n >= BOT_LINK_LIMITS.perOffice) throw new AppError('VALIDATION', `每个办公室最多绑定 ${BOT_LINK_LIMITS.perOffice} 个聊天账号`)
  const id = newId('bln')
  try {
    await runAudited(ctx, [{ action: 'bot-link.create', targetKind: 'bot-link', targetId: id, detail: { memberId: l.memberId, platform: l.platform, tenant: l.tenant, userId: l.userId } }], [
      ctx.db.insert(botLinks).values({ id, officeId: ctx.actor.officeId, ...l, createdBy: ctx.actor.memberId }),
    ])
  } catch (e) {
    // Linked already (perhaps in another office): say so without naming where.
    if (isUniqueFailure(e, 'bot_links')) throw new AppError('CONFLICT', '该聊天账号已绑定到成员，请先解除原绑定', { field: 'userId' })
    throw e
  }
  return (await ctx.db.select(linkColumns).from(botLinks).innerJoin(members, eq(members.id, botLinks.memberId)).where(eq(botLinks.id, id)).get())!
}

export async function listBotLinks(ctx: Ctx): Promise<BotLink[]> {
  requireRole(ctx, 'admin')
  return ctx.db
    .select(linkColumns)
    .from(botLinks)
    .innerJoin(members, eq(members.id, botLinks.memberId))
    .where(eq(botLinks.officeId, ctx.actor.officeId))
    .orderBy(botLinks.createdAt, botLinks.id)
    .limit(BOT_LINK_LIMITS.perOffice)
}

export async function deleteBotLink(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, 'admin')
  const inOffice = and(eq(botLinks.id, id), eq(botLinks.officeId, ctx.actor.officeId))
  const row = await ctx.db.select({ id: botLinks.id }).from(botLinks).where(inOffice).get()
  if (!row) throw notFound('聊天账号绑定')
  await runAudited(ctx, [{ action: 'bot-link.delete', targetKind: 'bot-link', targetId: id }], [ctx.db.delete(botLinks).where(inOffice)])
}

/** The linked members of the actor's office with one of `roles` or one of `memberIds`. */
export async function linkedMembers(ctx: Ctx, who: { roles?: Role[]; memberIds?: string[] }) {
  const roles = who.roles ?? []
  const ids = [...new Set(who.memberIds ?? [])].slice(0, 50)
  if (!roles.length && !ids.length) return []
  return ctx.db
    .select({ memberId: botLinks.memberId, role: members.role, name: members.name, platform: botLinks.platform, tenant: botLinks.tenant, userId: botLinks.userId })
    .from(botLinks)
    .innerJoin(members, eq(members.id, botLinks.memberId))
    .where(
      and(
        eq(botLinks.officeId, ctx.actor.officeId),
        or(roles.length ? inArray(members.role, roles) : undefined, ids.length ? inArray(botLinks.memberId, ids) : undefined),
      ),
    )
    .limit(200)
}

/** The context a member acts in when there is no request: a Workflow step, a chat command. */
export async function memberContext(env: Env, officeId: string, memberId: string, requestId: string): Promise<Ctx | null> {
  const db = createDb(env.DB)
  const m = await db
    .select({ role: members.role })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.officeId, officeId)))
    .get()
  if (!m) return null
  return { db, env, requestId, actor: { memberId, officeId, role: m.role, platformAdmin: m.role === 'admin' && officeId === DEFAULT_OFFICE_ID } }
}

/** The context of the member a chat user is linked to; null when the user is not linked. */
export async function chatUserContext(
  env: Env,
  user: { platform: ChatPlatform; tenant: string; userId: string },
  requestId: string,
): Promise<Ctx | null> {
  const db = createDb(env.DB)
  const link = await db
    .select({ officeId: botLinks.officeId, memberId: botLinks.memberId })
    .from(botLinks)
    .where(and(eq(botLinks.platform, user.platform), eq(botLinks.tenant, user.tenant), eq(botLinks.userId, user.userId)))
    .get()
  return link ? memberContext(env, link.officeId, link.memberId, requestId) : null
}

/**
 * Claims a platform's delivery key for `ttlMs`: true the first time, false while an earlier claim
 * lives. Expired keys are swept as claims come in, so the table stays small.
 */
export async function claimDeliveryKey(env: Env, key: string, ttlMs: number): Promise<boolean> {
  const db = createDb(env.DB)
  const now = Date.now()
  const k = key.slice(0, 200)
  const [, inserted] = await db.batch([
    db.delete(botDedupe).where(lt(botDedupe.expiresAt, now)),
    db.insert(botDedupe).values({ key: k, expiresAt: now + ttlMs }).onConflictDoNothing().returning({ key: botDedupe.key }),
  ])
  return inserted.length === 1
}
