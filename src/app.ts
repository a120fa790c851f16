import { OpenAPIHono } from '@hono/zod-openapi'
import { adminRoutes } from './api/admin.routes'
import { auditRoutes } from './api/audit.routes'
import { checkRoutes } from './api/check.routes'
import { draftRoutes } from './api/drafts.routes'
import { duchaRoutes } from './api/ducha.routes'
import { isUploadPath, onError } from './api/errors'
import { exportRoutes } from './api/export.routes'
import { findingRoutes } from './api/findings.routes'
import { jobRoutes } from './api/jobs.routes'
import { lexiconRoutes } from './api/lexicons.routes'
import { lifecycleRoutes } from './api/lifecycle.routes'
import { auth, bodyLimit, requestId } from './api/middleware'
import { validationHook } from './api/openapi'
import { precedentRoutes } from './api/precedents.routes'
import { searchRoutes } from './api/search.routes'
import { templateRoutes } from './api/templates.routes'
import type { AppEnv } from './api/types'
import { webhookRoutes } from './api/webhooks.routes'
import { isWebPath, webNotFound, webRoutes } from './web'
import { AppError } from './core/errors'
import { configureValidationMessages } from './core/validation'

/** Request body limits: uploads may be large, everything else is small JSON. */
export const BODY_LIMITS = { json: 1024 * 1024, upload: 60 * 1024 * 1024 } as const
const limitFor = (path: string) => (isUploadPath(path) ? BODY_LIMITS.upload : BODY_LIMITS.json)

export function createApp() {
  configureValidationMessages()
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', requestId())
  app.get('/healthz', (c) => c.json({ ok: true, service: 'wenfu' }))

  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  api.use('*', bodyLimit(limitFor))
  api.use('*', auth())
  api.route('/', findingRoutes)
  api.route('/', precedentRoutes)
  api.route('/', searchRoutes)
  api.route('/', adminRoutes)
  api.route('/', auditRoutes)
  api.route('/', webhookRoutes)
  api.route('/', lifecycleRoutes)
  api.route('/', templateRoutes)
  api.route('/', draftRoutes)
  api.route('/', jobRoutes)
  api.route('/', checkRoutes)
  api.route('/', lexiconRoutes)
  api.route('/', exportRoutes)
  api.route('/', duchaRoutes)
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: '文辅 Wenfu API',
      version: '1',
      description: '党委政府办公室的调研与文稿辅助系统。所有接口（健康检查与机器人回调除外）都需要 Bearer 令牌。',
    },
    servers: [{ url: '/api/v1' }],
  })
  app.route('/api/v1', api)
  // The 工作台 (src/web): pages at every path outside /api/v1.
  app.route('/', webRoutes)

  app.notFound((c) => {
    if (isWebPath(c.req.path)) return webNotFound(c as never)
    throw new AppError('NOT_FOUND', '请求的地址不存在')
  })
  app.onError(onError)
  return app
}
