import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { TYPO_SENSITIVITIES } from '../checks'
import { DRAFT_STATUSES, getVersion, listVersions } from '../drafts'
import {
  ACTIONS,
  CHAR_OPS,
  addComment,
  APPROVAL_KINDS,
  commentInput,
  diffVersions,
  listApprovals,
  listComments,
  parseIfMatch,
  resolveComment,
  saveDraft,
  saveInput,
  transitionDraft,
  transitionInput,
} from '../lifecycle'
import { getSettings, REVIEW_GATES, ROLES, settingsInput, updateSettings, type OfficeSettings } from '../offices'
import { errorResponses, idParam, jsonBody, jsonOk, security, validationHook } from './openapi'
import type { Describes } from './schemas'
import type { AppEnv } from './types'

const tags = ['审批流转 Lifecycle']
const versionSection = z.object({ id: z.string(), heading: z.string(), text: z.string() })
const versionSummaryOut = z.object({
  version: z.number(),
  contentHash: z.string(),
  title: z.string(),
  reason: z.string().openapi({ description: 'created 新建、outline 提纲、generate 生成一节、compose 生成任务开始或结束、edit 人工保存、issue 印发锁定发文字号' }),
  createdBy: z.string(),
  createdAt: z.string(),
})
const versionOut = versionSummaryOut
  .extend({
    draftId: z.string(),
    variables: z.record(z.string(), z.string()),
    sections: z.array(versionSection),
    text: z.string().openapi({ description: '该版正文（标题与各节），批注的 start/end 按它计算' }),
  })
  .openapi('DraftVersion')
const charOp = z.object({ op: z.enum(CHAR_OPS), text: z.string() })
const diffOut = z
  .object({
    from: z.number(),
    to: z.number(),
    changes: z.array(
      z.union([
        charOp,
        z.object({ op: z.literal('replace'), before: z.string(), after: z.string(), chars: z.array(charOp) }),
      ]),
    ),
    stats: z.record(z.string(), z.number()),
  })
  .openapi('DraftDiff')
const saveOut = z.object({ version: z.number(), contentHash: z.string(), status: z.enum(DRAFT_STATUSES), reopened: z.boolean() })
const transitionOut = z
  .object({
    id: z.string(),
    status: z.enum(DRAFT_STATUSES),
    action: z.enum(ACTIONS),
    contentHash: z.string(),
    version: z.number(),
    docNumber: z.string().nullable(),
  })
  .openapi('Transition')
const approvalOut = z.object({
  id: z.string(),
  draftId: z.string(),
  kind: z.enum(APPROVAL_KINDS),
  memberId: z.string(),
  version: z.number(),
  contentHash: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  supersededAt: z.string().nullable(),
})
const commentFields = {
  id: z.string(),
  draftId: z.string(),
  version: z.number(),
  start: z.number(),
  end: z.number(),
  quote: z.string().openapi({ description: '批注所指的原文；针对全文的批注为空' }),
  general: z.boolean().openapi({ description: '针对全文的批注（不指向某段文字）' }),
  body: z.string(),
  parentId: z.string().nullable(),
  authorId: z.string(),
  authorRole: z.enum(ROLES),
  authorName: z.string().nullable().openapi({ description: '批注人姓名；成员已不存在时为 null' }),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  createdAt: z.string(),
}
const commentOut = z.object(commentFields).openapi('Comment')
const commentThreadOut = z.object({ ...commentFields, replies: z.array(commentOut) })
const settingsOut = z
  .object({ signRequiresReview: z.boolean(), docAgencyCode: z.string().nullable(), typoSensitivity: z.enum(TYPO_SENSITIVITIES), reviewGate: z.enum(REVIEW_GATES) })
  .openapi('OfficeSettings')

export type LifecycleContract = [
  Describes<typeof saveOut, Awaited<ReturnType<typeof saveDraft>>>,
  Describes<typeof transitionOut, Awaited<ReturnType<typeof transitionDraft>>>,
  Describes<typeof versionOut, Awaited<ReturnType<typeof getVersion>>>,
  Describes<z.ZodArray<typeof versionSummaryOut>, Awaited<ReturnType<typeof listVersions>>['items']>,
  Describes<typeof diffOut, Awaited<ReturnType<typeof diffVersions>>>,
  Describes<z.ZodArray<typeof approvalOut>, Awaited<ReturnType<typeof listApprovals>>['items']>,
  Describes<typeof commentOut, Awaited<ReturnType<typeof addComment>>>,
  Describes<z.ZodArray<typeof commentThreadOut>, Awaited<ReturnType<typeof listComments>>['items']>,
  Describes<typeof settingsOut, OfficeSettings>,
]
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
      200: jsonOk(saveOut),
      ...errorResponses,
    },
  }),
  versions: createRoute({ method: 'get', path: '/drafts/{id}/versions', tags, security, request: { params: idParam }, responses: { 200: jsonOk(z.object({ items: z.array(versionSummaryOut) })), ...errorResponses } }),
  version: createRoute({ method: 'get', path: '/drafts/{id}/versions/{n}', tags, security, request: { params: versionParams }, responses: { 200: jsonOk(versionOut), ...errorResponses } }),
  diff: createRoute({
    method: 'get',
    path: '/drafts/{id}/diff',
    tags,
    security,
    summary: '两版之间的差异（段落级，改动段落内含字符级差异）',
    request: { params: idParam, query: z.object({ from: z.string(), to: z.string() }) },
    responses: { 200: jsonOk(diffOut), ...errorResponses },
  }),
  transition: createRoute({
    method: 'post',
    path: '/drafts/{id}/transitions',
    tags,
    security,
    summary: '流转：submit 提交（起草人）、approve 审核通过 / return 退回（审核人）、revise 重新起草、sign 签发（签发人）、issue 登记印发（管理员，公文自动编发文字号）。提交、审核、签发时先审校：响应的 gate 给出必改问题数、【待补】数和清单；被拦下时返回 412，error.details.issues 列出拦下的每一处',
    request: { params: idParam, body: jsonBody(transitionInput) },
    responses: { 200: jsonOk(transitionOut), ...errorResponses },
  }),
  approvals: createRoute({ method: 'get', path: '/drafts/{id}/approvals', tags, security, request: { params: idParam }, responses: { 200: jsonOk(z.object({ items: z.array(approvalOut) })), ...errorResponses } }),
  comments: createRoute({
    method: 'get',
    path: '/drafts/{id}/comments',
    tags,
    security,
    request: { params: idParam, query: z.object({ includeResolved: z.enum(['true', 'false']).optional() }) },
    responses: { 200: jsonOk(z.object({ items: z.array(commentThreadOut) })), ...errorResponses },
  }),
  comment: createRoute({
    method: 'post',
    path: '/drafts/{id}/comments',
    tags,
    security,
    summary: '批注某一版的一段文字（version、start、end 为该版正文中的字符位置），或回复批注（parentId）',
    request: { params: idParam, body: jsonBody(commentInput) },
    responses: { 201: jsonOk(commentOut, '已添加'), ...errorResponses },
  }),
  resolve: createRoute({ method: 'post', path: '/drafts/{id}/comments/{commentId}/resolve', tags, security, request: { params: commentParams }, responses: { 200: jsonOk(commentOut), ...errorResponses } }),
  settings: createRoute({ method: 'get', path: '/admin/settings', tags: ['管理 Admin'], security, responses: { 200: jsonOk(settingsOut), ...errorResponses } }),
  updateSettings: createRoute({
    method: 'put',
    path: '/admin/settings',
    tags: ['管理 Admin'],
    security,
    summary: '办公室设置：签发是否须先审核（signRequiresReview）、机关代字（docAgencyCode）、错别字模型灵敏度（typoSensitivity）、送审关口（reviewGate：standard 必改问题拒绝提交、【待补】提醒；strict 两者都拒绝；warn 两者都只提醒；签发时两者都拒绝）',
    request: { body: jsonBody(settingsInput) },
    responses: { 200: jsonOk(settingsOut), ...errorResponses },
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
