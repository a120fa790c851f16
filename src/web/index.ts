/**
 * The 工作台: server-rendered pages (hono/jsx) over the domain modules, never the HTTP API. Browser
 * code (client/, bundled by scripts/build-web.mjs into Workers static assets) may call /api/v1 with
 * the session cookie. See docs/web.md.
 */
import { Hono } from 'hono'
import { adminPages } from './pages/admin'
import { checkPages } from './pages/check'
import { draftPages } from './pages/drafts'
import { errorPage, notFoundPage } from './pages/errors'
import { findingPages } from './pages/findings'
import { homePages } from './pages/home'
import { knowledgePages } from './pages/knowledge'
import { signInPages } from './pages/signin'
import { uploadPages } from './pages/upload'
import { requireSignIn, webHeaders, webSession } from './middleware'
import type { WebEnv } from './types'

/** Paths the 工作台 answers (everything but the API and the health check). */
export const isWebPath = (path: string) => !path.startsWith('/api/') && path !== '/healthz'

export const webRoutes = new Hono<WebEnv>()
webRoutes.use('*', async (c, next) => (isWebPath(c.req.path) ? webHeaders()(c, next) : next()))
webRoutes.use('*', async (c, next) => (isWebPath(c.req.path) ? webSession()(c, next) : next()))
webRoutes.route('/', signInPages)
webRoutes.use('*', async (c, next) => (isWebPath(c.req.path) ? requireSignIn()(c, next) : next()))
webRoutes.route('/', homePages)
webRoutes.route('/', knowledgePages)
webRoutes.route('/', uploadPages)
webRoutes.route('/', findingPages)
webRoutes.route('/', checkPages)
webRoutes.route('/', adminPages)
webRoutes.route('/', draftPages)
webRoutes.onError((err, c) => errorPage(c, err))

export { notFoundPage as webNotFound }
