import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { auditQuery, listAudit, verifyAuditChain } from '../core/audit'
import { ROLES } from '../offices'
import { errorResponses, jsonOk, security, validationHook } from './openapi'
import type { AppEnv } from './types'

const tags = ['审计 Audit']

const eventOut = z
  .object({
    id: z.string(),
    seq: z.number(),
    at: z.string(),
    memberId: z.string(),
    role: z.enum(ROLES),
    action: z.string(),
    targetKind: z.string(),
    targetId: z.string(),
    hashBefore: z.string().nullable(),
    hashAfter: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEvent')

const routes = {
  list: createRoute({
    method: 'get',
    path: '/audit',
    tags,
    security,
    summary: '审计事件（新到旧），可按动作、对象、成员、时间筛选',
    request: { query: auditQuery },
    responses: { 200: jsonOk(z.object({ items: z.array(eventOut), nextCursor: z.number().nullable() })), ...errorResponses },
  }),
  verify: createRoute({
    method: 'get',
    path: '/audit/verify',
    tags,
    security,
    summary: '校验本办公室审计哈希链是否完整，并指出断开的位置',
    responses: {
      200: jsonOk(
        z.object({
          intact: z.boolean(),
          events: z.number(),
          head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
          brokenAt: z.object({ seq: z.number(), id: z.string().nullable(), reason: z.string() }).optional(),
        }),
      ),
      ...errorResponses,
    },
  }),
}

export const auditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.list, async (c) => c.json(await listAudit(c.var.ctx, c.req.query()), 200))
  .openapi(routes.verify, async (c) => c.json(await verifyAuditChain(c.var.ctx), 200))
