import { logLine } from '../core/log'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { streamSSE } from 'hono/streaming'
import {
  checkDraft,
  checkDraftContent,
  COMPOSE_MODES,
  contentCheckInput,
  COMPOSE_STATES,
  createDraft,
  DRAFT_STATUSES,
  draftSchemas as s,
  editOutline,
  getDraft,
  JOB_STATUSES,
  listDrafts,
  MATERIAL_ORIGINS,
  OUTLINE_SOURCES,
  proposeOutline,
  SECTION_KINDS,
  SECTION_STATUSES,
  startGeneration,
  streamSection,
  type ContentCheckResult,
  type DraftCheckResult,
  type DraftSummary,
  type DraftView,
  type Outline,
} from '../drafts'
import { TYPO_SENSITIVITIES } from '../checks'
import { DOC_KINDS, SENSITIVITIES } from '../knowledge'
import { GENRES } from '../templates'
import { errorResponses, idParam, jsonBody, jsonOk, pageOf, security, validationHook } from './openapi'
import { checkOut, issueOut, type Describes } from './schemas'
import type { AppEnv } from './types'

const tags = ['文稿 Drafts']

const usageOut = z.object({
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
  calls: z.number(),
  estimated: z.boolean().optional(),
})
const citationOut = z.object({ marker: z.string().openapi({ example: 'F1' }), kind: z.enum(DOC_KINDS), id: z.string() })
const flagOut = z
  .object({ kind: z.string(), message: z.string(), sectionId: z.string().optional() })
  .catchall(z.unknown())
  .openapi({ description: 'invalid-marker（已删除的无效引用）、untraced-figure（找不到出处的数字）、excluded-materials、mode-fallback、missing-material、restricted-material（使用了敏感材料）、restricted-withheld（检索到但按保密规定未纳入的敏感材料）' })
const sensitivityOut = z.enum(SENSITIVITIES)
const markOut = z.object({
  start: z.number(),
  end: z.number(),
  sensitivity: sensitivityOut.exclude(['public']),
  mark: z.string().openapi({ example: '【敏感】' }),
  markers: z.array(z.string()),
})

const outlineSectionOut = z.object({
  id: z.string(),
  key: z.string(),
  heading: z.string(),
  kind: z.enum(SECTION_KINDS),
  points: z.array(z.string()),
  findingIds: z.array(z.string()),
  precedentIds: z.array(z.string()),
  targetChars: z.number(),
})
const unusedOut = z.object({
  findingId: z.string(),
  marker: z.string(),
  title: z.string(),
  score: z.number().openapi({ description: '与主题的相关度（0–1），低于门槛未采用' }),
  sectionId: z.string().nullable(),
})
export const outlineOut = z
  .object({
    sections: z.array(outlineSectionOut),
    unused: z.array(unusedOut).optional().openapi({ description: '未采用：按主题检索到、但相关度低于门槛的调研发现（列出而不编入）' }),
    source: z.enum(OUTLINE_SOURCES),
    updatedAt: z.string(),
  })
  .openapi('Outline')

export const sectionOut = z
  .object({
    id: z.string(),
    key: z.string(),
    heading: z.string(),
    kind: z.enum(SECTION_KINDS),
    printHeading: z.boolean(),
    text: z.string().openapi({ description: '正文，引用标记形如 [F1]（调研发现）、[P1]（范文）；缺少的事实为【待补：…】' }),
    status: z.enum(SECTION_STATUSES),
    citations: z.array(citationOut),
    sensitivity: sensitivityOut.openapi({ description: '本节引用材料的最高密级' }),
    marks: z.array(markOut).openapi({ description: '引用了内部或敏感材料的段落（text 中的位置）及应显示的标记' }),
    flags: z.array(flagOut),
    usage: usageOut,
    chars: z.number(),
    targetChars: z.number().nullable(),
    attempts: z.number(),
    error: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('DraftSection')

export const draftOut = z
  .object({
    id: z.string(),
    templateId: z.string(),
    templateVersion: z.number(),
    genre: z.enum(GENRES),
    title: z.string(),
    status: z.enum(DRAFT_STATUSES).openapi({ description: '审批流程状态：drafting 起草中、in_review 审核中、approved 已审核、signed 已签发、issued 已印发、returned 已退回' }),
    mode: z.enum(COMPOSE_MODES),
    composeState: z.enum(COMPOSE_STATES).openapi({ description: '撰写进度，与审批状态分开' }),
    jobId: z.string().nullable(),
    variables: z.record(z.string(), z.string()),
    sensitivity: sensitivityOut.openapi({ description: '文稿所用材料的最高密级：文稿随之具有的密级' }),
    sensitivityNotice: z.string().nullable(),
    materials: z.array(
      z.object({
        marker: z.string(),
        kind: z.enum(DOC_KINDS),
        id: z.string(),
        title: z.string().nullable(),
        sensitivity: sensitivityOut.nullable(),
        mark: z.string().nullable().openapi({ description: '【内部】或【敏感】；公开材料为 null' }),
        origin: z.enum(MATERIAL_ORIGINS).optional().openapi({ description: 'picked 人工挑选，retrieved 按主题检索' }),
        relevance: z.number().optional().openapi({ description: '检索到的材料与主题的相关度（0–1）' }),
      }),
    ),
    retrieval: z.object({ query: z.string(), limit: z.number() }).nullable(),
    outline: outlineOut.nullable(),
    sections: z.array(sectionOut),
    flags: z.array(flagOut),
    usage: usageOut,
    length: z.object({ chars: z.number(), target: z.number(), minutes: z.number().nullable(), ratio: z.number() }),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Draft')

const draftSummaryOut = z.object({
  id: z.string(),
  title: z.string(),
  templateId: z.string(),
  genre: z.enum(GENRES),
  status: z.enum(DRAFT_STATUSES),
  mode: z.enum(COMPOSE_MODES),
  composeState: z.enum(COMPOSE_STATES),
  version: z.number(),
  sensitivity: sensitivityOut,
  author: z.string().nullable().openapi({ description: '起草人的成员 id' }),
  createdAt: z.string(),
  updatedAt: z.string(),
})

const jobStartedOut = z
  .object({
    jobId: z.string(),
    draftId: z.string(),
    status: z.enum(JOB_STATUSES).extract(['queued']),
    mode: z.enum(COMPOSE_MODES),
    sections: z.array(z.object({ id: z.string(), heading: z.string() })),
  })
  .openapi('JobStarted')

const draftCheckOut = checkOut
  .extend({
    draftId: z.string(),
    version: z.number().openapi({ description: '检查的文稿版本' }),
    text: z.string().openapi({ description: '被检查的文本（标题、主送机关、各节正文；已去掉引用标记）；问题的位置相对它' }),
    sensitivity: sensitivityOut,
  })
  .openapi('DraftCheckResult')

const contentCheckOut = checkOut
  .omit({ issues: true })
  .extend({
    draftId: z.string(),
    version: z.number().openapi({ description: '所编辑内容依据的已保存版本' }),
    issues: z.array(
      issueOut.extend({
        at: z
          .object({
            part: z.enum(['title', 'body']).openapi({ description: 'title 标题；body 各节（按 GET /drafts/{id}/versions/{n} 的 text 的排法：每节“标题\\n正文”，节间空一行）' }),
            start: z.number(),
            end: z.number(),
          })
          .nullable()
          .openapi({ description: '问题在所提交内容中的位置（引用标记、参考写法行都计入）；问题在文稿信息字段或主送机关行时为 null' }),
      }),
    ),
  })
  .openapi('DraftContentCheckResult')

export type DraftContract = [Describes<typeof draftOut, DraftView>, Describes<typeof outlineOut, Outline>, Describes<typeof draftSummaryOut, DraftSummary>, Describes<typeof draftCheckOut, DraftCheckResult>, Describes<typeof contentCheckOut, ContentCheckResult>]

const sectionParams = z.object({ id: z.string().min(1).max(40), sectionId: z.string().min(1).max(40) })

const routes = {
  list: createRoute({ method: 'get', path: '/drafts', tags, security, request: { query: s.draftListQuery }, responses: { 200: jsonOk(pageOf(draftSummaryOut)), ...errorResponses } }),
  create: createRoute({
    method: 'post',
    path: '/drafts',
    tags,
    security,
    summary: '按模板新建文稿',
    description:
      '选择模板、填写变量、挑选材料（或 retrieve 按主题检索）。mode 缺省时：配置了模型为 generate，否则为 assemble。缺少必填变量返回 400 并列出；generate 模式下选用了不能发给当前模型的材料返回 403 并列出材料。',
    request: { body: jsonBody(s.createDraftInput) },
    responses: { 201: jsonOk(draftOut, '已创建'), ...errorResponses },
  }),
  get: createRoute({
    method: 'get',
    path: '/drafts/{id}',
    tags,
    security,
    summary: '文稿详情；ETag 为版本号，保存时放入 If-Match',
    request: { params: idParam },
    responses: { 200: jsonOk(draftOut), 304: { description: '未变化（If-None-Match 与 ETag 相同）' }, ...errorResponses },
  }),
  propose: createRoute({
    method: 'post',
    path: '/drafts/{id}/outline',
    tags,
    security,
    summary: '生成提纲建议（章节、要点、分配到各章节的材料）',
    request: { params: idParam },
    responses: { 200: jsonOk(outlineOut), ...errorResponses },
  }),
  edit: createRoute({
    method: 'put',
    path: '/drafts/{id}/outline',
    tags,
    security,
    summary: '用修改后的提纲替换当前提纲',
    description: '带 id 的章节保留原章节（id 不变）；不带 id 的是新增章节；未列出的章节被删除。',
    request: { params: idParam, body: jsonBody(s.outlineInput) },
    responses: { 200: jsonOk(outlineOut), ...errorResponses },
  }),
  generate: createRoute({
    method: 'post',
    path: '/drafts/{id}/generate',
    tags,
    security,
    summary: '启动生成（Cloudflare Workflow，每节一个可重试的步骤）',
    description: '默认生成所有未完成的章节（失败后再次调用即续跑）；sections 指定要（重新）生成的章节。进度见 GET /jobs/{jobId} 和 GET /drafts/{id}。',
    request: { params: idParam, body: { required: false, content: { 'application/json': { schema: z.object({ sections: z.array(z.string()).optional() }) } } } },
    responses: { 202: jsonOk(jobStartedOut, '已开始'), ...errorResponses },
  }),
  streamSection: createRoute({
    method: 'post',
    path: '/drafts/{id}/sections/{sectionId}/generate',
    tags,
    security,
    summary: '交互式（重新）生成一节，SSE 流式返回',
    description:
      '事件：start、delta（{text}）、restart（模型流中断后重试，丢弃已收到的文字）、done（{section, flags}：校验后的最终文本）、error（{error}）。每 15 秒发送一次 `: ping` 注释。',
    request: { params: sectionParams },
    responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses },
  }),
  check: createRoute({
    method: 'post',
    path: '/drafts/{id}/check',
    tags,
    security,
    summary: '审校文稿（正文连同锁定字段与找不到出处的数字）',
    description:
      '用本办公室的词库检查文稿当前版本；撰写时找不到出处的数字作为“事实无出处”问题报告。查询参数 typoSensitivity：standard（标准）或 sensitive（错别字模型多报疑似、查得更全）；不给时用本办公室的默认设置（/admin/settings，初始为 standard）。',
    request: { params: idParam, query: z.object({ typoSensitivity: z.enum(TYPO_SENSITIVITIES).optional() }) },
    responses: { 200: jsonOk(draftCheckOut), ...errorResponses },
  }),
  checkContent: createRoute({
    method: 'post',
    path: '/drafts/{id}/check/content',
    tags,
    security,
    summary: '审校正在编辑、尚未保存的文稿内容',
    description:
      '与 POST /drafts/{id}/check 相同的检查（文种、锁定字段、材料密级、找不到出处的数字取自文稿），正文取自请求：标题和各节（带 id 的沿用该节的设置）。每条问题的 at 给出它在所提交内容中的位置，编辑器据此标出。',
    request: { params: idParam, body: jsonBody(contentCheckInput) },
    responses: { 200: jsonOk(contentCheckOut), ...errorResponses },
  }),
}

const PING_MS = 15_000

export const draftRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.list, async (c) => c.json(await listDrafts(c.var.ctx, c.req.query()), 200))
  .openapi(routes.create, async (c) => c.json(await createDraft(c.var.ctx, await c.req.json()), 201))
  .openapi(routes.get, async (c) => {
    const draft = await getDraft(c.var.ctx, c.req.param('id'))
    // The version is the ETag: a save names it in If-Match (PUT /drafts/{id}).
    const etag = `"${draft.version}"`
    c.header('ETag', etag)
    if (c.req.header('if-none-match') === etag) return c.body(null, 304)
    return c.json(draft, 200)
  })
  .openapi(routes.propose, async (c) => c.json(await proposeOutline(c.var.ctx, c.req.param('id')), 200))
  .openapi(routes.check, async (c) => c.json(await checkDraft(c.var.ctx, c.req.param('id'), c.req.valid('query')), 200))
  .openapi(routes.checkContent, async (c) => c.json(await checkDraftContent(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(routes.edit, async (c) => c.json(await editOutline(c.var.ctx, c.req.param('id'), await c.req.json()), 200))
  .openapi(routes.generate, async (c) => {
    const text = await c.req.text()
    const body: unknown = text.trim() ? JSON.parse(text) : {}
    return c.json(await startGeneration(c.var.ctx, c.req.param('id'), body), 202)
  })
  .openapi(routes.streamSection, async (c) => {
    const events = await streamSection(c.var.ctx, { draftId: c.req.param('id'), sectionId: c.req.param('sectionId'), signal: c.req.raw.signal })
    return streamSSE(c, async (stream) => {
      const ping = setInterval(() => void stream.write(': ping\n\n').catch(() => undefined), PING_MS)
      try {
        for await (const ev of events) {
          if (stream.aborted) break
          await stream.writeSSE({ event: ev.type, data: JSON.stringify(ev) })
        }
      } catch (err) {
        logLine(c.env, 'error', `[${c.var.requestId}] SSE`, err)
        if (!stream.aborted) {
          const error = { code: 'INTERNAL', message: '生成中断，请稍后重试' }
          await stream.writeSSE({ event: 'error', data: JSON.stringify({ type: 'error', error }) }).catch(() => undefined)
        }
      } finally {
        clearInterval(ping)
        await events.return(undefined)
      }
    }) as never
  })
