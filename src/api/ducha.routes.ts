import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import {
  addFeedback,
  composeTongbao,
  addUnitMember,
  createItem,
  createItems,
  createUnit,
  decideClosing,
  decideExtension,
  duchaSchemas as s,
  exportLedger,
  feedbackAttachment,
  getDuchaSettings,
  getItem,
  getUnit,
  listItems,
  listReminders,
  listUnits,
  proposeItems,
  removeUnitMember,
  requestExtension,
  submitClosing,
  unitStats,
  updateDuchaSettings,
  updateItem,
  updateUnit,
} from '../ducha'
import { errorResponses, idParam, jsonBody, jsonOk, security, validationHook } from './openapi'
import type { AppEnv } from './types'

const tags = ['督查督办 Ducha']
const any = z.record(z.string(), z.unknown())
const list = z.object({ items: z.array(any), nextCursor: z.string().nullable().optional() })
const itemQuery = z.object(Object.fromEntries(Object.keys(s.itemListQuery.shape).map((k) => [k, z.string().optional()])))
const periodParams = z.object({ from: z.string(), to: z.string() })
const memberParams = z.object({ id: z.string().max(40), memberId: z.string().max(40) })
const extParams = z.object({ id: z.string().max(40), extensionId: z.string().max(40) })
const fileParams = z.object({ id: z.string().max(40), feedbackId: z.string().max(40), n: z.string().regex(/^\d{1,2}$/) })
const P = '/ducha'

const r = {
  units: createRoute({ method: 'get', path: `${P}/units`, tags, security, summary: '单位名录', responses: { 200: jsonOk(list), ...errorResponses } }),
  createUnit: createRoute({ method: 'post', path: `${P}/units`, tags, security, summary: '新增责任单位（管理员）：全称、简称、曾用名（含起止日期）、类别', request: { body: jsonBody(s.unitInput) }, responses: { 201: jsonOk(any, '已创建'), ...errorResponses } }),
  unit: createRoute({ method: 'get', path: `${P}/units/{id}`, tags, security, summary: '单位及其联络员', request: { params: idParam }, responses: { 200: jsonOk(any), ...errorResponses } }),
  updateUnit: createRoute({ method: 'patch', path: `${P}/units/{id}`, tags, security, request: { params: idParam, body: jsonBody(s.unitPatch) }, responses: { 200: jsonOk(any), ...errorResponses } }),
  addMember: createRoute({ method: 'post', path: `${P}/units/{id}/members`, tags, security, summary: '指定联络员（管理员）', request: { params: idParam, body: jsonBody(s.memberLinkInput) }, responses: { 201: jsonOk(any, '已添加'), ...errorResponses } }),
  removeMember: createRoute({ method: 'delete', path: `${P}/units/{id}/members/{memberId}`, tags, security, request: { params: memberParams }, responses: { 204: { description: '已移除' }, ...errorResponses } }),
  proposals: createRoute({
    method: 'post',
    path: `${P}/proposals`,
    tags,
    security,
    summary: '分解立项：从纪要、讲话或通知（粘贴文本、文稿或范文）提出督办事项建议，每条带原文位置（span）、牵头与配合单位（名录名称）和解析出的时限',
    request: { body: jsonBody(s.proposalInput) },
    responses: { 200: jsonOk(any), ...errorResponses },
  }),
  items: createRoute({ method: 'get', path: `${P}/items`, tags, security, summary: '督办事项：按单位、责任领导、来源、状态（含 overdue 逾期、due_soon 临期）、时段（完成时限）筛选', request: { query: itemQuery }, responses: { 200: jsonOk(list), ...errorResponses } }),
  createItem: createRoute({ method: 'post', path: `${P}/items`, tags, security, summary: '立项一个督办事项（可带来源文稿及原文位置）', request: { body: jsonBody(s.itemInput) }, responses: { 201: jsonOk(any, '已立项'), ...errorResponses } }),
  createItems: createRoute({ method: 'post', path: `${P}/items/batch`, tags, security, summary: '确认的分解立项建议一次立项：全部成功或全部不写入', request: { body: jsonBody(s.itemBatchInput) }, responses: { 201: jsonOk(list, '已立项'), ...errorResponses } }),
  exportCsv: createRoute({ method: 'get', path: `${P}/items/export.csv`, tags, security, summary: '导出台账（CSV，UTF-8 带 BOM），筛选条件同列表', request: { query: itemQuery }, responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses } }),
  item: createRoute({ method: 'get', path: `${P}/items/{id}`, tags, security, summary: '事项详情及其进展反馈、延期申请', request: { params: idParam }, responses: { 200: jsonOk(any), ...errorResponses } }),
  updateItem: createRoute({ method: 'patch', path: `${P}/items/{id}`, tags, security, summary: '修改事项（完成时限只能经延期审批变更）', request: { params: idParam, body: jsonBody(s.itemPatch) }, responses: { 200: jsonOk(any), ...errorResponses } }),
  feedback: createRoute({ method: 'post', path: `${P}/items/{id}/feedback`, tags, security, summary: '进展反馈（承办单位联络员）：日期、内容、到达的节点、附件（Base64，存于 R2）', request: { params: idParam, body: jsonBody(s.feedbackInput) }, responses: { 201: jsonOk(any, '已反馈'), ...errorResponses } }),
  closing: createRoute({ method: 'post', path: `${P}/items/{id}/closing`, tags, security, summary: '提交办结报告（牵头单位联络员）', request: { params: idParam, body: jsonBody(s.closingInput) }, responses: { 201: jsonOk(any, '已提交'), ...errorResponses } }),
  decide: createRoute({ method: 'post', path: `${P}/items/{id}/closing/decision`, tags, security, summary: '销号（accepted）或退回办结报告（returned，须写理由，事项重新推进）：审核人、签发人或管理员', request: { params: idParam, body: jsonBody(s.decisionInput) }, responses: { 200: jsonOk(any), ...errorResponses } }),
  extension: createRoute({ method: 'post', path: `${P}/items/{id}/extensions`, tags, security, summary: '申请延期（牵头单位联络员）；原定时限保留在记录中', request: { params: idParam, body: jsonBody(s.extensionInput) }, responses: { 201: jsonOk(any, '已申请'), ...errorResponses } }),
  decideExtension: createRoute({ method: 'post', path: `${P}/items/{id}/extensions/{extensionId}/decision`, tags, security, summary: '批准（granted）或不批准（refused）延期', request: { params: extParams, body: jsonBody(s.extensionDecisionInput) }, responses: { 200: jsonOk(any), ...errorResponses } }),
  attachment: createRoute({ method: 'get', path: `${P}/items/{id}/feedback/{feedbackId}/attachments/{n}`, tags, security, request: { params: fileParams }, responses: { 200: { description: '附件' }, ...errorResponses } }),
  stats: createRoute({ method: 'get', path: `${P}/stats`, tags, security, summary: '时段内各牵头单位的办结率与按期办结率', request: { query: periodParams }, responses: { 200: jsonOk(any), ...errorResponses } }),
  reminders: createRoute({ method: 'get', path: `${P}/reminders`, tags, security, summary: '催办记录（每个事项每天至多一次）', request: { query: z.object({ day: z.string().optional(), itemId: z.string().optional(), limit: z.string().optional(), cursor: z.string().optional() }) }, responses: { 200: jsonOk(list), ...errorResponses } }),
  tongbao: createRoute({
    method: 'post',
    path: `${P}/tongbao`,
    tags,
    security,
    summary: '督查通报：按时段汇总督办事项（按状态、按单位计数，按期办结率，逾期清单，典型做法），拼装成文并逐句标注所依据的事项 [D…] 和反馈 [R…]；文中每个数字须等于台账统计，否则标记；默认同时生成一篇 ducha-tongbao 文稿',
    request: { body: jsonBody(s.tongbaoInput) },
    responses: { 201: jsonOk(any, '已生成'), ...errorResponses },
  }),
  settings: createRoute({ method: 'get', path: `${P}/settings`, tags, security, responses: { 200: jsonOk(any), ...errorResponses } }),
  updateSettings: createRoute({ method: 'put', path: `${P}/settings`, tags, security, summary: '督查设置（管理员）：dueWithinDays 临期提醒天数', request: { body: jsonBody(s.settingsInput) }, responses: { 200: jsonOk(any), ...errorResponses } }),
}

/** RFC 5987: a Chinese file name for browsers, with an ASCII fallback for old clients. */
const disposition = (name: string) => `attachment; filename="ducha-ledger.csv"; filename*=UTF-8''${encodeURIComponent(name)}`

export const duchaRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(r.units, async (c) => c.json(await listUnits(c.var.ctx), 200))
  .openapi(r.createUnit, async (c) => c.json(await createUnit(c.var.ctx, await c.req.json()), 201))
  .openapi(r.unit, async (c) => c.json(await getUnit(c.var.ctx, c.req.param('id')), 200))
  .openapi(r.updateUnit, async (c) => c.json(await updateUnit(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(r.addMember, async (c) => c.json(await addUnitMember(c.var.ctx, c.req.param('id'), await c.req.json()), 201))
  .openapi(r.removeMember, async (c) => {
    await removeUnitMember(c.var.ctx, c.req.param('id'), c.req.param('memberId'))
    return c.body(null, 204)
  })
  .openapi(r.proposals, async (c) => c.json(await proposeItems(c.var.ctx, await c.req.json()), 200))
  .openapi(r.items, async (c) => c.json(await listItems(c.var.ctx, c.req.query()), 200))
  .openapi(r.createItem, async (c) => c.json(await createItem(c.var.ctx, await c.req.json()), 201))
  .openapi(r.createItems, async (c) => c.json(await createItems(c.var.ctx, await c.req.json()), 201))
  .openapi(r.exportCsv, async (c) => {
    const { fileName, csv } = await exportLedger(c.var.ctx, c.req.query())
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition(fileName) })
  })
  .openapi(r.item, async (c) => c.json(await getItem(c.var.ctx, c.req.param('id')), 200))
  .openapi(r.updateItem, async (c) => c.json(await updateItem(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(r.feedback, async (c) => c.json(await addFeedback(c.var.ctx, c.req.param('id'), await c.req.json()), 201))
  .openapi(r.closing, async (c) => c.json(await submitClosing(c.var.ctx, c.req.param('id'), await c.req.json()), 201))
  .openapi(r.decide, async (c) => c.json(await decideClosing(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(r.extension, async (c) => c.json(await requestExtension(c.var.ctx, c.req.param('id'), await c.req.json()), 201))
  .openapi(r.decideExtension, async (c) => c.json(await decideExtension(c.var.ctx, c.req.param('id'), c.req.param('extensionId'), await c.req.json()), 200))
  .openapi(r.attachment, async (c) => {
    const f = await feedbackAttachment(c.var.ctx, c.req.param('id'), c.req.param('feedbackId'), Number(c.req.param('n')))
    return c.body(f.body, 200, { 'content-type': f.contentType, 'content-disposition': `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(f.name)}` })
  })
  .openapi(r.stats, async (c) => c.json(await unitStats(c.var.ctx, c.req.query()), 200))
  .openapi(r.reminders, async (c) => c.json(await listReminders(c.var.ctx, c.req.query()), 200))
  .openapi(r.tongbao, async (c) => c.json(await composeTongbao(c.var.ctx, await c.req.json()), 201))
  .openapi(r.settings, async (c) => c.json(await getDuchaSettings(c.var.ctx), 200))
  .openapi(r.updateSettings, async (c) => c.json(await updateDuchaSettings(c.var.ctx, await c.req.json()), 200))
