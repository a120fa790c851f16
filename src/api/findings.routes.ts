import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import {
  createFinding,
  createSurvey,
  deleteFinding,
  deleteSurvey,
  getFinding,
  getSurvey,
  importFindings,
  knowledgeSchemas as s,
  listFindings,
  listSurveys,
  updateFinding,
  updateSurvey,
} from '../knowledge'
import { errorResponses, idParam, jsonBody, jsonOk, pageOf, security, validationHook } from './openapi'
import { findingOut, importReportOut, surveyOut } from './schemas'
import type { AppEnv } from './types'

const tags = ['调研发现 Findings']
const surveyTags = ['调研课题 Surveys']

// Items are validated one by one in the domain so that a bad item is reported by line instead of
// failing the batch; the schema here documents them without validating each.
const batchBody = z.object({
  items: z
    .array(z.unknown())
    .max(200)
    .openapi({ description: '每项的格式同 POST /findings；逐条校验，不合格的条目在结果中按序号报告' }),
})

const routes = {
  list: createRoute({ method: 'get', path: '/findings', tags, security, request: { query: s.findingListQuery }, responses: { 200: jsonOk(pageOf(findingOut)), ...errorResponses } }),
  create: createRoute({ method: 'post', path: '/findings', tags, security, request: { body: jsonBody(s.findingInput) }, responses: { 201: jsonOk(findingOut, '已创建'), ...errorResponses } }),
  batch: createRoute({ method: 'post', path: '/findings/batch', tags, security, summary: '批量添加调研发现（逐条报告结果）', request: { body: jsonBody(batchBody) }, responses: { 200: jsonOk(importReportOut), ...errorResponses } }),
  get: createRoute({ method: 'get', path: '/findings/{id}', tags, security, request: { params: idParam }, responses: { 200: jsonOk(findingOut), ...errorResponses } }),
  update: createRoute({ method: 'patch', path: '/findings/{id}', tags, security, request: { params: idParam, body: jsonBody(s.findingPatch) }, responses: { 200: jsonOk(findingOut), ...errorResponses } }),
  remove: createRoute({ method: 'delete', path: '/findings/{id}', tags, security, request: { params: idParam }, responses: { 204: { description: '已删除' }, ...errorResponses } }),
  surveyList: createRoute({ method: 'get', path: '/surveys', tags: surveyTags, security, request: { query: s.surveyListQuery }, responses: { 200: jsonOk(pageOf(surveyOut)), ...errorResponses } }),
  surveyCreate: createRoute({ method: 'post', path: '/surveys', tags: surveyTags, security, request: { body: jsonBody(s.surveyInput) }, responses: { 201: jsonOk(surveyOut, '已创建'), ...errorResponses } }),
  surveyGet: createRoute({ method: 'get', path: '/surveys/{id}', tags: surveyTags, security, request: { params: idParam }, responses: { 200: jsonOk(surveyOut), ...errorResponses } }),
  surveyUpdate: createRoute({ method: 'patch', path: '/surveys/{id}', tags: surveyTags, security, request: { params: idParam, body: jsonBody(s.surveyPatch) }, responses: { 200: jsonOk(surveyOut), ...errorResponses } }),
  surveyRemove: createRoute({ method: 'delete', path: '/surveys/{id}', tags: surveyTags, security, request: { params: idParam }, responses: { 204: { description: '已删除' }, ...errorResponses } }),
}

// Handlers pass the raw input to the domain, which validates it itself (the same path a bot takes);
// the route schemas above document it and reject malformed requests early.
export const findingRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.list, async (c) => c.json(await listFindings(c.var.ctx, c.req.query()), 200))
  .openapi(routes.create, async (c) => c.json(await createFinding(c.var.ctx, await c.req.json()), 201))
  .openapi(routes.batch, async (c) => c.json(await importFindings(c.var.ctx, await c.req.json()), 200))
  .openapi(routes.get, async (c) => c.json(await getFinding(c.var.ctx, c.req.param('id')), 200))
  .openapi(routes.update, async (c) => c.json(await updateFinding(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(routes.remove, async (c) => {
    await deleteFinding(c.var.ctx, c.req.param('id'))
    return c.body(null, 204)
  })
  .openapi(routes.surveyList, async (c) => c.json(await listSurveys(c.var.ctx, c.req.query()), 200))
  .openapi(routes.surveyCreate, async (c) => c.json(await createSurvey(c.var.ctx, await c.req.json()), 201))
  .openapi(routes.surveyGet, async (c) => c.json(await getSurvey(c.var.ctx, c.req.param('id')), 200))
  .openapi(routes.surveyUpdate, async (c) => c.json(await updateSurvey(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(routes.surveyRemove, async (c) => {
    await deleteSurvey(c.var.ctx, c.req.param('id'))
    return c.body(null, 204)
  })
