import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { botLinkInput, CHAT_PLATFORMS, createBotLink, deleteBotLink, listBotLinks, ROLES } from '../offices'
import { listChatMessages } from '../webhooks'
import { errorResponses, idParam, jsonBody, jsonOk, security, validationHook } from './openapi'
import type { Describes } from './schemas'
import type { AppEnv } from './types'

const tags = ['聊天机器人 Bots']

const botLinkOut = z
  .object({
    id: z.string(),
    memberId: z.string(),
    memberName: z.string(),
    role: z.enum(ROLES),
    platform: z.enum(CHAT_PLATFORMS),
    tenant: z.string().openapi({ description: 'Slack 团队 ID（T…）或企业微信 CorpID' }),
    userId: z.string().openapi({ description: 'Slack 用户 ID（U…）或企业微信 userid' }),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('BotLink')

const botNotificationOut = z
  .object({
    id: z.string(),
    memberId: z.string(),
    platform: z.enum(CHAT_PLATFORMS),
    tenant: z.string(),
    userId: z.string(),
    kind: z.enum(['transition', 'compose', 'ducha_reminder']),
    event: z.string().openapi({ description: 'draft.submitted、draft.approved、draft.returned、draft.signed、draft.issued，compose.finished（起草结果），或 ducha.reminder（催办）' }),
    draftId: z.string().nullable().openapi({ description: '消息所涉文稿的编号（transition、compose）；催办为 null' }),
    itemId: z.string().nullable().openapi({ description: '催办所涉督办事项的编号（ducha_reminder）；其余为 null' }),
    jobId: z.string().nullable(),
    contentHash: z.string().nullable(),
    actorId: z.string().nullable(),
    note: z.string().nullable(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('BotNotification')

export type BotLinkContract = [
  Describes<typeof botLinkOut, Awaited<ReturnType<typeof createBotLink>>>,
  Describes<z.ZodArray<typeof botNotificationOut>, Awaited<ReturnType<typeof listChatMessages>>>,
]

const routes = {
  list: createRoute({
    method: 'get',
    path: '/admin/bot-links',
    tags,
    security,
    summary: '本办公室的聊天账号绑定（管理员）',
    responses: { 200: jsonOk(z.object({ items: z.array(botLinkOut) })), ...errorResponses },
  }),
  create: createRoute({
    method: 'post',
    path: '/admin/bot-links',
    tags,
    security,
    summary: '把 Slack 用户或企业微信成员绑定到本办公室的成员；机器人命令以该成员的身份和角色执行（管理员）',
    request: { body: jsonBody(botLinkInput) },
    responses: { 201: jsonOk(botLinkOut, '已绑定'), ...errorResponses },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/admin/bot-links/{id}',
    tags,
    security,
    summary: '解除绑定（管理员）',
    request: { params: idParam },
    responses: { 204: { description: '已解除' }, ...errorResponses },
  }),
  notifications: createRoute({
    method: 'get',
    path: '/admin/bot-notifications',
    tags,
    security,
    summary: '最近的聊天通知及投递结果；status=failed 列出未能送达的通知（管理员）',
    request: { query: z.object({ status: z.enum(['pending', 'delivered', 'failed']).optional(), limit: z.string().optional() }) },
    responses: { 200: jsonOk(z.object({ items: z.array(botNotificationOut) })), ...errorResponses },
  }),
}

export const botLinkRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.list, async (c) => c.json({ items: await listBotLinks(c.var.ctx) }, 200))
  .openapi(routes.create, async (c) => c.json(await createBotLink(c.var.ctx, await c.req.json()), 201))
  .openapi(routes.remove, async (c) => {
    await deleteBotLink(c.var.ctx, c.req.param('id'))
    return c.body(null, 204)
  })
  .openapi(routes.notifications, async (c) => c.json({ items: await listChatMessages(c.var.ctx, c.req.query()) }, 200))
