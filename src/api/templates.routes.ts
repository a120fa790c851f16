import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { deleteTemplate, GENRES, SECTION_KINDS, SECTION_PURPOSES, TEMPLATE_ORIGINS, getTemplate, listTemplates, saveTemplate, templateInput } from '../templates'
import { errorResponses, jsonBody, jsonOk, security, validationHook } from './openapi'
import type { AppEnv } from './types'

const tags = ['模板 Templates']

const variableOut = z.object({
  name: z.string().openapi({ description: '字段名；锁定字段沿用导出时的字段名（issuer、docNumber、signer、recipients、date、cc）' }),
  label: z.string(),
  required: z.boolean(),
  locked: z.boolean().openapi({ description: '锁定：只能由工作人员填写，模型不生成' }),
  default: z.string().optional(),
  description: z.string().optional(),
})

const sectionOut = z.object({
  key: z.string(),
  heading: z.string(),
  kind: z.enum(SECTION_KINDS),
  printHeading: z.boolean(),
  purpose: z.string(),
  guidance: z.string(),
  points: z.array(z.string()),
  content: z.string().nullable(),
  skeleton: z.string().nullable(),
  facts: z.boolean().openapi({ description: '本节陈述事实，需要分配调研发现' }),
  share: z.number().openapi({ description: '占全文篇幅的比例' }),
  keywords: z.array(z.string()),
  after: z.boolean().openapi({ description: '在其他章节之后撰写（以前文为上下文）' }),
  takes: z.array(z.enum(SECTION_PURPOSES)).optional().openapi({ description: '取材：本节用哪类调研发现（背景、成绩、问题、对策、部署、保障）；拼装与提纲据此把每条发现分到最合适的一节' }),
})

export const templateOut = z
  .object({
    id: z.string(),
    genre: z.enum(GENRES),
    name: z.string(),
    title: z.string().nullable(),
    version: z.number().int(),
    origin: z.enum(TEMPLATE_ORIGINS),
    description: z.string(),
    closing: z.string().nullable().openapi({ description: '文种结束语，如“特此通知。”，系统在正文末尾添加' }),
    length: z.object({ charsPerMinute: z.number().nullable(), minutesVariable: z.string().nullable(), targetChars: z.number() }),
    instructions: z.string(),
    variables: z.array(variableOut),
    sections: z.array(sectionOut),
    updatedAt: z.string(),
  })
  .openapi('Template')

const templateId = z.object({ id: z.string().min(1).max(40) })

const routes = {
  list: createRoute({ method: 'get', path: '/templates', tags, security, summary: '模板列表（内置模板与本办公室的自定义模板）', responses: { 200: jsonOk(z.object({ items: z.array(templateOut) })), ...errorResponses } }),
  get: createRoute({ method: 'get', path: '/templates/{id}', tags, security, request: { params: templateId }, responses: { 200: jsonOk(templateOut), ...errorResponses } }),
  save: createRoute({
    method: 'post',
    path: '/templates',
    tags,
    security,
    summary: '新增或覆盖模板（Markdown 格式，与 prompts/*.md 相同）',
    description: '模板 id 与内置模板相同时，覆盖本办公室使用的该模板，版本号加一。格式有误时返回 400 并列出全部原因。仅管理员可用。',
    request: { body: jsonBody(templateInput) },
    responses: { 200: jsonOk(templateOut, '已更新'), 201: jsonOk(templateOut, '已创建'), ...errorResponses },
  }),
  remove: createRoute({ method: 'delete', path: '/templates/{id}', tags, security, summary: '删除本办公室的自定义模板（被覆盖的内置模板恢复使用）', request: { params: templateId }, responses: { 204: { description: '已删除' }, ...errorResponses } }),
}

export const templateRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.list, async (c) => c.json({ items: await listTemplates(c.var.ctx) }, 200))
  .openapi(routes.get, async (c) => c.json(await getTemplate(c.var.ctx, c.req.param('id')), 200))
  .openapi(routes.save, async (c) => {
    const { template, created } = await saveTemplate(c.var.ctx, await c.req.json())
    return created ? c.json(template, 201) : c.json(template, 200)
  })
  .openapi(routes.remove, async (c) => {
    await deleteTemplate(c.var.ctx, c.req.param('id'))
    return c.body(null, 204)
  })
