import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { CATEGORIES, checkForOffice, checkSchemas as s, fixForOffice, LEVELS, listRules, TYPO_MODEL_STATES, TYPO_SENSITIVITIES } from '../checks'
import { errorResponses, jsonBody, jsonOk, security, validationHook } from './openapi'
import type { AppEnv } from './types'

const tags = ['审校 Check']

export const issueOut = z
  .object({
    id: z.string().openapi({ description: '问题标识（规则号@起-止），用于 /check/fix', example: 'format.doc-number.ordinal@12-13' }),
    ruleId: z.string(),
    category: z.enum(CATEGORIES),
    level: z.enum(LEVELS).openapi({ description: 'must-fix 必须修改；suspect 疑似，需人工判断；hint 提示' }),
    start: z.number().openapi({ description: '在 text 中的起始位置（JavaScript 字符串下标，UTF-16）' }),
    end: z.number(),
    excerpt: z.string(),
    message: z.string(),
    suggestion: z.string().optional().openapi({ description: '确定的修改（替换 start–end 的内容）；只有确定时才给出' }),
    source: z.string().openapi({ description: '依据的标准条款或本办规则' }),
    field: z.string().optional().openapi({ description: '问题位于文稿信息字段（如 docNumber）而不在正文时，位置相对该字段' }),
  })
  .openapi('CheckIssue')

const countOf = <T extends readonly string[]>(keys: T) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<T[number], z.ZodNumber>)

export const checkOut = z
  .object({
    issues: z.array(issueOut),
    stats: z.object({
      characters: z.number(),
      rulesRun: z.number(),
      issues: z.number(),
      byLevel: countOf(LEVELS),
      byCategory: countOf(CATEGORIES),
    }),
    lexicons: z.object({
      date: z.string().openapi({ description: '查词库所用的日期（成文日期或今天）' }),
      used: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), version: z.number() })),
    }),
    typoSensitivity: z.enum(TYPO_SENSITIVITIES).openapi({ description: '错别字模型所用的灵敏度：请求给出的，或本办公室的默认设置（/admin/settings）' }),
    typoModel: z.enum(TYPO_MODEL_STATES).openapi({
      description: '错别字模型是否参与了本次检查：used 已使用；unavailable 暂时无法使用（依赖它的规则未运行，见 notices）；not-needed 所选规则不需要它',
    }),
    notices: z.array(z.string()).openapi({ description: '关于本次检查本身的说明（如错别字模型暂时无法使用）' }),
  })
  .openapi('CheckResult')

const fixOut = z
  .object({
    text: z.string(),
    applied: z.array(z.object({ id: z.string(), ruleId: z.string(), start: z.number(), end: z.number(), before: z.string(), after: z.string() })),
    remaining: z.number().openapi({ description: '修改前检查出的其他问题数（修改后请重新检查）' }),
  })
  .openapi('FixResult')

const ruleOut = z.object({
  id: z.string(),
  category: z.enum(CATEGORIES),
  level: z.enum(LEVELS),
  source: z.string(),
  title: z.string(),
  description: z.string(),
})

const routes = {
  rules: createRoute({
    method: 'get',
    path: '/check/rules',
    tags,
    security,
    summary: '审校规则目录',
    responses: {
      200: jsonOk(z.object({ count: z.number(), categories: z.array(z.object({ id: z.string(), label: z.string(), count: z.number() })), rules: z.array(ruleOut) })),
      ...errorResponses,
    },
  }),
  check: createRoute({
    method: 'post',
    path: '/check',
    tags,
    security,
    summary: '检查任意文本（无状态）',
    description: '按规则目录检查文本；办公室词库按 fields.date（成文日期）或今天生效的版本使用。响应头 Server-Timing 给出服务端用时。',
    request: { body: jsonBody(s.checkInput) },
    responses: { 200: jsonOk(checkOut), ...errorResponses },
  }),
  fix: createRoute({
    method: 'post',
    path: '/check/fix',
    tags,
    security,
    summary: '应用选定的确定修改',
    description: '重新检查提交的文本，把 fixes 中选定问题的 suggestion 从后往前替换。问题已不存在（文本已改）或所选修改重叠时返回 409；问题没有确定修改时返回 400。',
    request: { body: jsonBody(s.fixInput) },
    responses: { 200: jsonOk(fixOut), ...errorResponses },
  }),
}

export const checkRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.rules, (c) => c.json(listRules(), 200))
  .openapi(routes.check, async (c) => {
    const body = await c.req.json()
    // Deployed Workers advance Date.now() only across I/O: there this shows the lexicon read, not CPU time.
    const started = Date.now()
    const result = await checkForOffice(c.var.ctx, body)
    c.header('Server-Timing', `check;dur=${Date.now() - started}`)
    return c.json(result, 200)
  })
  .openapi(routes.fix, async (c) => c.json(await fixForOffice(c.var.ctx, await c.req.json()), 200))
