import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import {
  LEXICON_KINDS,
  activeLexicons,
  archiveLexicon,
  checkSchemas as s,
  createLexicon,
  getLexicon,
  getLexiconVersion,
  listLexicons,
  listLexiconVersions,
  updateLexicon,
} from '../checks'
import { errorResponses, idParam, jsonBody, jsonOk, security, validationHook } from './openapi'
import type { AppEnv } from './types'

const tags = ['词库 Lexicons']

const versionOut = z
  .object({
    version: z.number(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    entryCount: z.number(),
    note: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    entries: z.array(z.unknown()).optional(),
  })
  .openapi('LexiconVersion')

const lexiconOut = z
  .object({
    id: z.string(),
    kind: z.enum(LEXICON_KINDS),
    name: z.string(),
    latestVersion: z.number(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    current: versionOut.optional(),
  })
  .openapi('Lexicon')

const versionParams = z.object({ id: z.string().min(1).max(40), version: z.coerce.number().int().min(1) })

const routes = {
  list: createRoute({ method: 'get', path: '/lexicons', tags, security, summary: '列出本办公室词库', request: { query: s.lexiconListQuery }, responses: { 200: jsonOk(z.object({ items: z.array(lexiconOut) })), ...errorResponses } }),
  create: createRoute({
    method: 'post',
    path: '/lexicons',
    tags,
    security,
    summary: '新建词库（第 1 版）',
    description: '管理员、审核人可写。kind：formulation 规范提法、leader 领导姓名职务、renamed-org 机构更名、sensitive 敏感词、confusable 易混词、synonym 同义词（简称、别称、曾用名，用于扩展检索，保存后立即生效）。',
    request: { body: jsonBody(s.lexiconCreateInput) },
    responses: { 201: jsonOk(lexiconOut, '已创建'), ...errorResponses },
  }),
  active: createRoute({
    method: 'get',
    path: '/lexicons/active',
    tags,
    security,
    summary: '某日生效的词库内容（审校实际使用的内容）',
    request: { query: s.activeQuery },
    responses: { 200: jsonOk(z.object({ date: z.string(), lexicons: z.record(z.string(), z.array(z.unknown())), used: z.array(z.unknown()) })), ...errorResponses },
  }),
  get: createRoute({ method: 'get', path: '/lexicons/{id}', tags, security, summary: '词库及其最新版本', request: { params: idParam }, responses: { 200: jsonOk(lexiconOut), ...errorResponses } }),
  update: createRoute({
    method: 'put',
    path: '/lexicons/{id}',
    tags,
    security,
    summary: '保存新版本',
    description: '每次保存生成新版本（版本号加一），旧版本仍可查阅。带 baseVersion 时，如已有更新版本则返回 409。',
    request: { params: idParam, body: jsonBody(s.lexiconUpdateInput) },
    responses: { 200: jsonOk(lexiconOut), ...errorResponses },
  }),
  archive: createRoute({ method: 'delete', path: '/lexicons/{id}', tags, security, summary: '停用词库（版本保留）', request: { params: idParam }, responses: { 204: { description: '已停用' }, ...errorResponses } }),
  versions: createRoute({ method: 'get', path: '/lexicons/{id}/versions', tags, security, summary: '版本列表', request: { params: idParam }, responses: { 200: jsonOk(z.object({ items: z.array(versionOut) })), ...errorResponses } }),
  version: createRoute({ method: 'get', path: '/lexicons/{id}/versions/{version}', tags, security, summary: '某一版本的内容', request: { params: versionParams }, responses: { 200: jsonOk(versionOut), ...errorResponses } }),
}

export const lexiconRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.list, async (c) => c.json(await listLexicons(c.var.ctx, c.req.query()), 200))
  .openapi(routes.create, async (c) => c.json(await createLexicon(c.var.ctx, await c.req.json()), 201))
  // registered before /lexicons/{id} so that "active" is not taken for an id
  .openapi(routes.active, async (c) => c.json(await activeLexicons(c.var.ctx, c.req.query()), 200))
  .openapi(routes.get, async (c) => c.json(await getLexicon(c.var.ctx, c.req.param('id')), 200))
  .openapi(routes.update, async (c) => c.json(await updateLexicon(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(routes.archive, async (c) => {
    await archiveLexicon(c.var.ctx, c.req.param('id'))
    return c.body(null, 204)
  })
  .openapi(routes.versions, async (c) => c.json(await listLexiconVersions(c.var.ctx, c.req.param('id')), 200))
  .openapi(routes.version, async (c) => c.json(await getLexiconVersion(c.var.ctx, c.req.param('id'), Number(c.req.param('version'))), 200))
