import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { createSubscription, deleteSubscription, listDeliveries, listSubscriptions, subscriptionInput, WEBHOOK_EVENTS } from '../webhooks'
import { errorResponses, idParam, jsonBody, jsonOk, security, validationHook } from './openapi'
import type { AppEnv } from './types'

const tags = ['回调 Webhooks']
const subscriptionOut = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    description: z.string().nullable(),
    active: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookSubscription')

const routes = {
  list: createRoute({ method: 'get', path: '/webhooks', tags, security, responses: { 200: jsonOk(z.object({ items: z.array(subscriptionOut) })), ...errorResponses } }),
  create: createRoute({
    method: 'post',
    path: '/webhooks',
    tags,
    security,
    summary: '订阅文稿事件；每次投递以 HMAC-SHA256 签名（X-Wenfu-Signature: v1=hex(HMAC(secret, 时间戳 + "." + 请求体))）',
    request: { body: jsonBody(subscriptionInput) },
    responses: { 201: jsonOk(subscriptionOut.extend({ secret: z.string().openapi({ description: '签名密钥，仅显示这一次' }) }), '已创建'), ...errorResponses },
  }),
  remove: createRoute({ method: 'delete', path: '/webhooks/{id}', tags, security, request: { params: idParam }, responses: { 204: { description: '已删除' }, ...errorResponses } }),
  deliveries: createRoute({
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    tags,
    security,
    summary: '最近的投递及每次尝试的结果',
    request: { params: idParam, query: z.object({ limit: z.string().optional() }) },
    responses: { 200: jsonOk(z.object({ items: z.array(z.record(z.string(), z.unknown())) })), ...errorResponses },
  }),
}

export const webhookRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.list, async (c) => c.json({ items: await listSubscriptions(c.var.ctx) }, 200))
  .openapi(routes.create, async (c) => c.json(await createSubscription(c.var.ctx, await c.req.json()), 201))
  .openapi(routes.remove, async (c) => {
    await deleteSubscription(c.var.ctx, c.req.param('id'))
    return c.body(null, 204)
  })
  .openapi(routes.deliveries, async (c) => c.json({ items: await listDeliveries(c.var.ctx, c.req.param('id'), c.req.query()) }, 200))
