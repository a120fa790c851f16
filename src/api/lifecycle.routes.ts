import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import {
  addComment,
  commentInput,
  diffVersions,
  getSettings,
  getVersion,
  listApprovals,
  listComments,
  listVersions,
  parseIfMatch,
  resolveComment,
  saveDraft,
  saveInput,
  settingsInput,
  transitionDraft,
  transitionInput,
  updateSettings,
} from '../lifecycle'
import { errorResponses, idParam, jsonBody, jsonOk, security, validationHook } from './openapi'
import type { AppEnv } from './types'

const tags = ['审批流转 Lifecycle']
const any = z.record(z.string(), z.unknown())
const versionParams = z.object({ id: z.string().max(40), n: z.string().max(10) })
const commentParams = z.object({ id: z.string().max(40), commentId: z.string().max(40) })

const routes = {
  save: createRoute({
    method: 'put',
    path: '/drafts/{id}',
    tags,
    security,
    summary: '保存修改（须带 If-Match: "版本号"；版本已过时返回 409 及当前版本）',
    request: {
      params: idParam,
      headers: z.object({ 'if-match': z.string().optional() }),
      body: jsonBody(saveInput),
    },
    responses: {
      200: jsonOk(z.object({ version: z.number(), contentHash: z.string(), status: z.string(), reopened: z.boolean() })),
      ...errorResponses,
      412: errorResponses[409],
    },
  }),
  versions: createRoute({ method: 'get', path: '/drafts/{id}/versions', tags, security, request: { params: idParam }, responses: { 200: jsonOk(z.object({ items: z.array(any) })), ...errorResponses } }),
  version: createRoute({ method: 'get', path: '/drafts/{id}/versions/{n}', tags, security, request: { params: versionParams }, responses: { 200: jsonOk(any), ...errorResponses } }),
  diff: createRoute({
    method: 'get',
    path: '/drafts/{id}/diff',
    tags,
    security,
    summary: '两版之间的差异（段落级，改动段落内含字符级差异）',
    request: { params: idParam, query: z.object({ from: z.string(), to: z.string() }) },
    responses: { 200: jsonOk(any), ...errorResponses },
  }),
  transition: createRoute({
    method: 'post',
    path: '/drafts/{id}/transitions',
    tags,
    security,
    summary: '流转：submit 提交（起草人）、approve 审核通过 / return 退回（审核人）、revise 重新起草、sign 签发（签发人）、issue 登记印发（管理员，公文自动编发文字号）。提交、审核、签发时先审校：响应的 gate 给出必改问题数、【待补】数和清单；被拦下时返回 412，error.details.issues 列出拦下的每一处',
    request: { params: idParam, body: jsonBody(transitionInput) },
    responses: { 200: jsonOk(any), ...errorResponses },
  }),
  approvals: createRoute({ method: 'get', path: '/drafts/{id}/approvals', tags, security, request: { params: idParam }, responses: { 200: jsonOk(z.object({ items: z.array(any) })), ...errorResponses } }),
  comments: createRoute({
    method: 'get',
    path: '/drafts/{id}/comments',
    tags,
    security,
    request: { params: idParam, query: z.object({ includeResolved: z.enum(['true', 'false']).optional() }) },
    responses: { 200: jsonOk(z.object({ items: z.array(any) })), ...errorResponses },
  }),
  comment: createRoute({
    method: 'post',
    path: '/drafts/{id}/comments',
    tags,
    security,
    summary: '批注某一版的一段文字（version、start、end 为该版正文中的字符位置），或回复批注（parentId）',
    request: { params: idParam, body: jsonBody(commentInput) },
    responses: { 201: jsonOk(any, '已添加'), ...errorResponses },
  }),
  resolve: createRoute({ method: 'post', path: '/drafts/{id}/comments/{commentId}/resolve', tags, security, request: { params: commentParams }, responses: { 200: jsonOk(any), ...errorResponses } }),
  settings: createRoute({ method: 'get', path: '/admin/settings', tags: ['管理 Admin'], security, responses: { 200: jsonOk(any), ...errorResponses } }),
  updateSettings: createRoute({
    method: 'put',
    path: '/admin/settings',
    tags: ['管理 Admin'],
    security,
    summary: '办公室设置：签发是否须先审核（signRequiresReview）、机关代字（docAgencyCode）、错别字模型灵敏度（typoSensitivity）、送审关口（reviewGate：standard 必改问题拒绝提交、【待补】提醒；strict 两者都拒绝；warn 两者都只提醒；签发时两者都拒绝）',
    request: { body: jsonBody(settingsInput) },
    responses: { 200: jsonOk(any), ...errorResponses },
  }),
}

export const lifecycleRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.save, async (c) => {
    const result = await saveDraft(c.var.ctx, c.req.param('id'), await c.req.json(), parseIfMatch(c.req.header('if-match')))
    c.header('ETag', `"${result.version}"`)
    return c.json(result, 200)
  })
  .openapi(routes.versions, async (c) => c.json(await listVersions(c.var.ctx, c.req.param('id')), 200))
  .openapi(routes.version, async (c) => c.json(await getVersion(c.var.ctx, c.req.param('id'), c.req.param('n')), 200))
  .openapi(routes.diff, async (c) => c.json(await diffVersions(c.var.ctx, c.req.param('id'), c.req.query()), 200))
  .openapi(routes.transition, async (c) => c.json(await transitionDraft(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(routes.approvals, async (c) => c.json(await listApprovals(c.var.ctx, c.req.param('id')), 200))
  .openapi(routes.comments, async (c) => c.json(await listComments(c.var.ctx, c.req.param('id'), c.req.query()), 200))
  .openapi(routes.comment, async (c) => c.json(await addComment(c.var.ctx, c.req.param('id'), await c.req.json()), 201))
  .openapi(routes.resolve, async (c) => c.json(await resolveComment(c.var.ctx, c.req.param('id'), c.req.param('commentId')), 200))
  .openapi(routes.settings, async (c) => c.json(await getSettings(c.var.ctx), 200))
  .openapi(routes.updateSettings, async (c) => c.json(await updateSettings(c.var.ctx, await c.req.json()), 200))
