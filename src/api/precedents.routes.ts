import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  createPrecedent,
  deletePrecedent,
  getPrecedent,
  importPrecedents,
  IMPORT_EXTENSIONS,
  IMPORT_LIMITS,
  knowledgeSchemas as s,
  listPrecedents,
  openPrecedentOriginal,
  SENSITIVITIES,
  updatePrecedent,
  type UploadedFile,
} from '../knowledge'
import { BODY_LIMITS } from './middleware'
import { errorResponses, idParam, jsonBody, jsonOk, pageOf, security, validationHook } from './openapi'
import { importReportOut, precedentOut } from './schemas'
import type { AppEnv } from './types'
import { readMultipartUpload } from './upload'

const tags = ['范文 Precedents']

// A plain OpenAPI schema, not a zod one: @hono/zod-openapi would add a form validator that reads
// the whole body with formData(); the route streams it instead (api/upload.ts).
const importForm = {
  type: 'object' as const,
  required: ['files'],
  properties: {
    files: { type: 'array' as const, items: { type: 'string' as const, format: 'binary' }, description: `文件：${IMPORT_EXTENSIONS.join(' ')}（最多 ${IMPORT_LIMITS.files} 个）` },
    genre: { type: 'string' as const, description: '无法从标题判断文种时使用的文种' },
    sensitivity: { type: 'string' as const, enum: [...SENSITIVITIES] },
    tags: { type: 'string' as const, description: '逗号分隔的标签' },
  },
}

const routes = {
  list: createRoute({ method: 'get', path: '/precedents', tags, security, request: { query: s.precedentListQuery }, responses: { 200: jsonOk(pageOf(precedentOut)), ...errorResponses } }),
  create: createRoute({ method: 'post', path: '/precedents', tags, security, request: { body: jsonBody(s.precedentInput) }, responses: { 201: jsonOk(precedentOut, '已创建'), ...errorResponses } }),
  import: createRoute({
    method: 'post',
    path: '/precedents/import',
    tags,
    security,
    summary: '导入范文文件（.docx .md .txt .jsonl，可多个）',
    request: { body: { required: true, content: { 'multipart/form-data': { schema: importForm } } } },
    responses: { 200: jsonOk(importReportOut, '导入结果：已导入、已跳过（重复）、被拒绝（附原因）'), ...errorResponses },
  }),
  get: createRoute({ method: 'get', path: '/precedents/{id}', tags, security, request: { params: idParam }, responses: { 200: jsonOk(precedentOut), ...errorResponses } }),
  original: createRoute({ method: 'get', path: '/precedents/{id}/original', tags, security, summary: '下载上传的原件', request: { params: idParam }, responses: { 200: { description: '原件' }, ...errorResponses } }),
  update: createRoute({ method: 'patch', path: '/precedents/{id}', tags, security, request: { params: idParam, body: jsonBody(s.precedentPatch) }, responses: { 200: jsonOk(precedentOut), ...errorResponses } }),
  remove: createRoute({ method: 'delete', path: '/precedents/{id}', tags, security, request: { params: idParam }, responses: { 204: { description: '已删除' }, ...errorResponses } }),
}

async function readUpload(req: Request): Promise<{ files: UploadedFile[]; options: Record<string, unknown> }> {
  const { files, fields } = await readMultipartUpload(req, {
    maxBytes: BODY_LIMITS.upload,
    maxFiles: IMPORT_LIMITS.files,
    fileBytes: IMPORT_LIMITS.fileBytes,
  })
  const text = (k: string) => fields[k]?.trim() || undefined
  const tagList = text('tags')?.split(/[,，、]/).map((t) => t.trim()).filter(Boolean)
  return { files, options: { genre: text('genre'), sensitivity: text('sensitivity'), tags: tagList } }
}

export const precedentRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.list, async (c) => c.json(await listPrecedents(c.var.ctx, c.req.query()), 200))
  .openapi(routes.create, async (c) => c.json(await createPrecedent(c.var.ctx, await c.req.json()), 201))
  .openapi(routes.import, async (c) => {
    const { files, options } = await readUpload(c.req.raw)
    return c.json(await importPrecedents(c.var.ctx, files, options), 200)
  })
  .openapi(routes.get, async (c) => c.json(await getPrecedent(c.var.ctx, c.req.param('id')), 200))
  .openapi(routes.original, async (c) => {
    const original = await openPrecedentOriginal(c.var.ctx, c.req.param('id'))
    return c.body(original.body, 200, {
      'Content-Type': original.contentType,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(original.name)}`,
    })
  })
  .openapi(routes.update, async (c) => c.json(await updatePrecedent(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(routes.remove, async (c) => {
    await deletePrecedent(c.var.ctx, c.req.param('id'))
    return c.body(null, 204)
  })
