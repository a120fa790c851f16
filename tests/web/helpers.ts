/** A small browser for the workers-pool tests of the 工作台: cookies, same-origin headers, CSRF tokens from pages. */
import { exports } from 'cloudflare:workers'
import { BOOTSTRAP } from '../fixtures'

export const ORIGIN = 'http://localhost:8787'

export interface WebRequest {
  method?: string
  cookie?: string | null
  form?: Record<string, string>
  json?: unknown
  body?: BodyInit
  headers?: Record<string, string>
  /** false: no Origin header (a cross-site or scripted request). */
  origin?: string | false
  base?: string
}

export async function web(path: string, opts: WebRequest = {}): Promise<Response> {
  const method = opts.method ?? (opts.form || opts.json !== undefined || opts.body ? 'POST' : 'GET')
  const base = opts.base ?? ORIGIN
  const headers: Record<string, string> = { accept: 'text/html', ...opts.headers }
  if (opts.cookie) headers.cookie = `wenfu_session=${opts.cookie}`
  if (method !== 'GET' && opts.origin !== false) headers.origin = opts.origin ?? new URL(base).origin
  let body: BodyInit | undefined = opts.body
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(opts.form).toString()
  } else if (opts.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(opts.json)
  }
  return exports.default.fetch(new Request(base + path, { method, headers, body, redirect: 'manual' }))
}

/** The session secret a response sets, or null. */
export function sessionCookie(res: Response): string | null {
  const header = res.headers.get('set-cookie') ?? ''
  const m = /wenfu_session=([^;]*)/.exec(header)
  return m && m[1] ? m[1] : null
}

/** Signs in with `token` and returns the cookie's secret and the CSRF token of the home page. */
export async function signIn(token: string = BOOTSTRAP, base = ORIGIN): Promise<{ cookie: string; csrf: string }> {
  const res = await web('/signin', { form: { token, next: '/' }, base })
  if (res.status !== 303) throw new Error(`sign in: ${res.status} ${await res.text()}`)
  const cookie = sessionCookie(res)
  if (!cookie) throw new Error('sign in set no cookie')
  const home = await web('/', { cookie, base })
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(await home.text())?.[1]
  if (!csrf) throw new Error('home page has no CSRF token')
  return { cookie, csrf }
}

/** Follows a Post/Redirect/Get answer: expects 303 to a same-site page and returns that page's status and text. */
export async function followRedirect(res: Response, cookie: string | null): Promise<{ location: string; status: number; text: string }> {
  if (res.status !== 303) throw new Error(`expected 303, got ${res.status}: ${(await res.text()).slice(0, 300)}`)
  const location = res.headers.get('location') ?? ''
  if (!location.startsWith('/')) throw new Error(`redirect leaves the site: ${location}`)
  const page = await web(location.replace(/#.*$/, ''), { cookie })
  return { location, status: page.status, text: await page.text() }
}

/** The one-time nonce (`_once`) of the form posting to `action` on a page. */
export function formNonce(html: string, action: string): string {
  const form = html.split('<form').find((f) => f.includes(`action="${action}"`))
  const nonce = form && /name="_once" value="([^"]+)"/.exec(form)?.[1]
  if (!nonce) throw new Error(`no one-time nonce in the form posting to ${action}`)
  return nonce
}
