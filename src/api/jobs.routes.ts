import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { COMPOSE_MODES, getJob, JOB_STATUSES, SECTION_STATUSES, type JobView } from '../drafts'
import { errorResponses, idParam, jsonOk, security, validationHook } from './openapi'
import { type Describes } from './schemas'
import type { AppEnv } from './types'

export const jobOut = z
  .object({
    id: z.string(),
    draftId: z.string(),
    status: z.enum(JOB_STATUSES),
    mode: z.enum(COMPOSE_MODES),
    sections: z.array(
      z.object({ id: z.string(), heading: z.string(), status: z.enum(SECTION_STATUSES), error: z.string().nullable() }),
    ),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Job')

export type JobContract = Describes<typeof jobOut, JobView>

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
