import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { CATEGORIES, checkForOffice, checkSchemas as s, fixForOffice, LEVELS, listRules } from '../checks'
import { errorResponses, jsonBody, jsonOk, security, validationHook } from './openapi'
import { checkOut } from './schemas'
import type { AppEnv } from './types'

const tags = ['审校 Check']

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
