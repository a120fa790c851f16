import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { getJob } from '../drafts'
import { errorResponses, idParam, jsonOk, security, validationHook } from './openapi'
import type { AppEnv } from './types'

export const jobOut = z
  .object({
    id: z.string(),
    draftId: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    mode: z.enum(['generate', 'assemble']),
    sections: z.array(
      z.object({ id: z.string(), heading: z.string(), status: z.enum(['pending', 'queued', 'running', 'done', 'failed']), error: z.string().nullable() }),
    ),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Job')

const route = createRoute({
  method: 'get',
  path: '/jobs/{id}',
  tags: ['文稿 Drafts'],
  security,
  summary: '生成任务的进度（逐节）',
  request: { params: idParam },
  responses: { 200: jsonOk(jobOut), ...errorResponses },
})

export const jobRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) =>
  c.json(await getJob(c.var.ctx, c.req.param('id')), 200),
)
