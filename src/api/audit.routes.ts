import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { auditQuery, listAudit } from '../core/audit'
import { verifyAuditChain, verifyQuery } from '../core/audit-verify'
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
    summary: '分页校验本办公室审计哈希链（每次至多 limit 条，用 nextCursor 续校），并指出断开的位置',
    request: { query: verifyQuery },
    responses: {
      200: jsonOk(
        z.object({
          intact: z.boolean().openapi({ description: '已校验的事件（从链首或所续的游标起）均未发现断点' }),
          complete: z.boolean().openapi({ description: '已校验到链的最新事件；intact 且 complete 即整条链完整' }),
          events: z.number().openapi({ description: '本次校验的事件数' }),
          from: z.number().nullable().openapi({ description: '本次校验的第一条事件的序号' }),
          head: z.object({ seq: z.number(), hash: z.string() }).nullable().openapi({ description: '至今校验通过的最后一条事件' }),
          chainHead: z.number().openapi({ description: '链上最新事件的序号' }),
          nextCursor: z.string().nullable().openapi({ description: '续校的游标；已校验完或发现断点时为 null' }),
          brokenAt: z.object({ seq: z.number(), id: z.string().nullable(), reason: z.string() }).optional(),
        }),
      ),
      ...errorResponses,
    },
  }),
}

export const auditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.list, async (c) => c.json(await listAudit(c.var.ctx, c.req.query()), 200))
  .openapi(routes.verify, async (c) => c.json(await verifyAuditChain(c.var.ctx, c.req.query()), 200))
