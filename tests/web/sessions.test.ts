import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { BOOTSTRAP, call, makeOffice, type Office } from '../fixtures'
import { ORIGIN, sessionCookie, signIn, web } from './helpers'

let office: Office
beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter', 'reviewer'])
})

describe('sign in', () => {
  it('sends a visitor without a session to the sign-in page and back', async () => {
    const res = await web('/knowledge?q=营商')
    expect(res.status).toBe(303)
    const location = new URL(res.headers.get('location')!, ORIGIN)
    expect(location.pathname).toBe('/signin')
    expect(location.searchParams.get('next')).toBe('/knowledge?q=%E8%90%A5%E5%95%86')
    const page = await web('/signin?next=%2Fknowledge')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('登录文辅工作台')
    expect(html).toContain('value="/knowledge"')
  })

  it('tells a local developer where the bootstrap token is, and nobody else', async () => {
    expect(await (await web('/signin')).text()).toContain('.dev.vars')
    expect(await (await web('/signin', { base: 'https://wenfu.example.gov.cn' })).text()).not.toContain('.dev.vars')
  })

  it('sets an HttpOnly, SameSite=Strict session cookie (Secure outside localhost) and redirects to next', async () => {
    const res = await web('/signin', { form: { token: office.tokens.drafter, next: '/check' } })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/check')
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(cookie).not.toMatch(/Secure/i)
    expect(cookie).toMatch(/Max-Age=43200/)
    const remote = await web('/signin', { form: { token: office.tokens.drafter }, base: 'https://wenfu.example.gov.cn' })
    expect(remote.headers.get('set-cookie')).toMatch(/Secure/)
  })

  it('stores only the hash of the cookie secret, with an expiry', async () => {
    const { cookie } = await signIn(office.tokens.drafter)
    const rows = await env.DB.prepare('SELECT id, expires_at, via FROM web_sessions WHERE id = ?1 OR id = ?2').bind(cookie, await sha(cookie)).all<{ id: string; expires_at: string; via: string }>()
    expect(rows.results).toHaveLength(1)
    expect(rows.results[0]!.id).not.toBe(cookie)
    expect(rows.results[0]!.via).toBe('token')
    const hours = (Date.parse(rows.results[0]!.expires_at) - Date.now()) / 3600_000
    expect(hours).toBeGreaterThan(11.9)
    expect(hours).toBeLessThanOrEqual(12)
  })

  it('shows the member and the office on every page once signed in', async () => {
    const { cookie } = await signIn(office.tokens.reviewer)
    const html = await (await web('/', { cookie })).text()
    expect(html).toContain('reviewer成员')
    expect(html).toContain(`测试办公室${office.code}`)
    expect(html).toContain('待审核')
    expect(html).not.toContain('href="/admin"')
  })

  it('answers a wrong token with the sign-in page and a Chinese message, no cookie', async () => {
    const res = await web('/signin', { form: { token: 'wf_not-a-real-token' } })
    expect(res.status).toBe(401)
    expect(sessionCookie(res)).toBeNull()
    expect(await res.text()).toContain('访问令牌无效或已被吊销')
    const empty = await web('/signin', { form: { token: '  ' } })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('请输入访问令牌')
  })

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    const res = await web('/signin', { form: { token: office.tokens.drafter }, origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(sessionCookie(res)).toBeNull()
    expect(await res.text()).toContain('请求来源不是本站')
  })

  it('never sends people to another site after signing in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const res = await web('/signin', { form: { token: office.tokens.drafter, next } })
      expect(res.headers.get('location')).toBe('/')
    }
  })
})

describe('sign out and revocation', () => {
  it('signs out: the session is revoked even if the cookie was copied', async () => {
    const { cookie, csrf } = await signIn(office.tokens.drafter)
    const out = await web('/signout', { cookie, form: { _csrf: csrf } })
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/signin')
    expect(out.headers.get('set-cookie')).toMatch(/wenfu_session=;/)
    expect((await web('/', { cookie })).status).toBe(303)
  })

  it('ends the session when its token is revoked', async () => {
    const { makeToken } = await import('../fixtures')
    const t = await makeToken(office.id, 'drafter')
    const { cookie } = await signIn(t.token)
    expect((await web('/', { cookie })).status).toBe(200)
    const revoke = await call('DELETE', `/api/v1/admin/tokens/${t.tokenId}`, { token: office.tokens.admin })
    expect(revoke.status).toBe(204)
    expect((await web('/', { cookie })).status).toBe(303)
    expect((await web('/api/v1/findings', { cookie, headers: { accept: 'application/json' } })).status).toBe(401)
  })

  it('ends a session when it expires', async () => {
    const { cookie } = await signIn(office.tokens.drafter)
    await env.DB.prepare("UPDATE web_sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?1").bind(await sha(cookie)).run()
    expect((await web('/', { cookie })).status).toBe(303)
  })

  it('audits sign-in and sign-out in the office chain', async () => {
    const { cookie, csrf } = await signIn(office.tokens.reviewer)
    await web('/signout', { cookie, form: { _csrf: csrf } })
    const rows = await env.DB.prepare("SELECT action FROM audit_events WHERE office_id = ?1 AND action LIKE 'session.%'").bind(office.id).all<{ action: string }>()
    const actions = rows.results.map((r) => r.action)
    expect(actions).toContain('session.create')
    expect(actions).toContain('session.revoke')
  })
})

describe('CSRF on cookie-authenticated writes', () => {
  it('rejects a form post without the session token', async () => {
    const { cookie } = await signIn(office.tokens.drafter)
    const res = await web('/signout', { cookie, form: {} })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('安全校验码')
    expect((await web('/', { cookie })).status).toBe(200)
  })

  it('rejects a post from another origin even with the right token', async () => {
    const { cookie, csrf } = await signIn(office.tokens.drafter)
    const res = await web('/signout', { cookie, form: { _csrf: csrf }, origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    const none = await web('/signout', { cookie, form: { _csrf: csrf }, origin: false })
    expect(none.status).toBe(403)
    const referred = await web('/signout', { cookie, form: { _csrf: csrf }, origin: false, headers: { referer: `${ORIGIN}/` } })
    expect(referred.status).toBe(303)
  })

  it('lets the API accept the session cookie: reads freely, writes with X-CSRF-Token only', async () => {
    const { cookie, csrf } = await signIn(office.tokens.drafter)
    const list = await web('/api/v1/findings', { cookie, headers: { accept: 'application/json' } })
    expect(list.status).toBe(200)
    const finding = { title: '会话写入', body: '调研发现正文。', source: { kind: '座谈' } }
    const noToken = await web('/api/v1/findings', { cookie, json: finding })
    expect(noToken.status).toBe(403)
    expect((await noToken.json<{ error: { message: string } }>()).error.message).toContain('安全校验码')
    const crossSite = await web('/api/v1/findings', { cookie, json: finding, headers: { 'x-csrf-token': csrf }, origin: 'https://evil.example' })
    expect(crossSite.status).toBe(403)
    const ok = await web('/api/v1/findings', { cookie, json: finding, headers: { 'x-csrf-token': csrf } })
    expect(ok.status).toBe(201)
    const created = await ok.json<{ id: string }>()
    const read = await call('GET', `/api/v1/findings/${created.id}`, { token: office.tokens.drafter })
    expect(read.status).toBe(200)
  })

  it('keeps bearer tokens working without any CSRF token', async () => {
    const res = await call('POST', '/api/v1/findings', { token: office.tokens.drafter, body: { title: '令牌写入', body: '正文。', source: { kind: '座谈' } } })
    expect(res.status).toBe(201)
  })

  it('answers an API call with a stale cookie in the error envelope', async () => {
    const res = await web('/api/v1/findings', { cookie: 'no-such-session', headers: { accept: 'application/json' } })
    expect(res.status).toBe(401)
    const body = await res.json<{ error: { code: string; message: string } }>()
    expect(body.error.code).toBe('UNAUTHORIZED')
    expect(body.error.message).toBe('登录已过期或已退出，请重新登录')
  })
})

describe('bootstrap sessions', () => {
  it('signs in with the bootstrap token as the local administrator', async () => {
    const { cookie } = await signIn(BOOTSTRAP)
    const html = await (await web('/', { cookie })).text()
    expect(html).toContain('本地管理员')
    expect(html).toContain('href="/admin"')
  })
})

async function sha(s: string) {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s))
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
