/**
 * The 工作台: server-rendered pages (hono/jsx) over the domain modules, never the HTTP API. Browser
 * code (client/, bundled by scripts/build-web.mjs into Workers static assets) may call /api/v1 with
 * the session cookie. See docs/web.md.
 */
import { Hono } from 'hono'
import { adminPages } from './pages/admin'
import { checkPages } from './pages/check'
import { draftPages } from './pages/drafts'
import { draftsListPages } from './pages/drafts-list'
import { duchaPages } from './pages/ducha'
import { errorPage, notFoundPage } from './pages/errors'
import { findingPages } from './pages/findings'
import { homePages } from './pages/home'
import { knowledgePages } from './pages/knowledge'
import { signInPages } from './pages/signin'
import { uploadPages } from './pages/upload'
import { noStoreWhenSignedIn, requireSignIn, webHeaders, webSession } from './middleware'
import type { WebEnv } from './types'

/** Paths the 工作台 answers (everything but the API and the health check). */
export const isWebPath = (path: string) => !path.startsWith('/api/') && !path.startsWith('/bots/') && path !== '/healthz'

/** The 工作台 as its own Hono app: the request id comes from the app (X-Request-Id, set by src/app.ts). */
export function webApp() {
  const web = new Hono<WebEnv>()
  web.use('*', async (c, next) => {
    const id = c.req.header('x-request-id') ?? 'unknown'
    c.set('requestId', id)
    c.header('X-Request-Id', id)
    await next()
  })
  web.use('*', webHeaders())
  web.use('*', webSession())
  web.use('*', noStoreWhenSignedIn())
  web.route('/', signInPages)
  web.use('*', requireSignIn())
  web.route('/', homePages)
  web.route('/', knowledgePages)
  web.route('/', uploadPages)
  web.route('/', findingPages)
  web.route('/', checkPages)
  web.route('/', adminPages)
  web.route('/', draftsListPages)
  web.route('/', draftPages)
  web.route('/', duchaPages)
  web.notFound(notFoundPage)
  web.onError((err, c) => errorPage(c, err))
  return web
}
