import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { knowledgeSchemas as s, search } from '../knowledge'
import { errorResponses, jsonOk, security, validationHook } from './openapi'
import { searchResultOut } from './schemas'
import type { AppEnv } from './types'

const route = createRoute({
  method: 'get',
  path: '/search',
  tags: ['检索 Search'],
  security,
  summary: '中文全文检索（调研发现与范文）',
  description:
    '支持单字、双字及更长的中文词、多个词、引号短语，以及中英文数字混排（如 `2023年 GDP`）。不要求每个词都命中：命中词越多、越集中，排名越靠前；标题命中高于正文。',
  request: { query: s.searchQuery },
  responses: { 200: jsonOk(z.object({ results: z.array(searchResultOut) })), ...errorResponses },
})

export const searchRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
  const started = Date.now()
  const body = await search(c.var.ctx, c.req.query())
  c.header('Server-Timing', `search;dur=${Date.now() - started}`)
  return c.json(body, 200)
})
