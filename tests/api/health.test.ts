import { describe, expect, it } from 'vitest'
import { call, json } from '../fixtures'

describe('GET /healthz', () => {
  it('answers without a token and carries a request id', async () => {
    const res = await call('GET', '/healthz', { token: null })
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({ ok: true, service: 'wenfu' })
    expect(res.headers.get('x-request-id')).toMatch(/^req_/)
  })

  it('answers unknown paths under /api with the error envelope', async () => {
    const res = await call('GET', '/api/nope', { token: null })
    expect(res.status).toBe(404)
    const body = await json(res)
    expect(body.error.code).toBe('NOT_FOUND')
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'))
  })

  it('leaves every other path to the 工作台, which asks a visitor to sign in', async () => {
    // The redirect is followed: the visitor ends on the sign-in page, which will send them back.
    const res = await call('GET', '/nope', { token: null })
    expect(res.status).toBe(200)
    expect(res.url).toBe('http://wenfu.test/signin?next=%2Fnope')
    expect(await res.text()).toContain('登录文辅工作台')
  })
})
