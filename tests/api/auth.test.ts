import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectError, expectJson, findingBody, makeOffice, makeToken, precedentBody, surveyBody } from '../fixtures'

interface RouteCase {
  method: string
  path: string
  body?: unknown
  form?: boolean
}

/** Every route under /api/v1, with a plausible request so that only the token can be wrong. */
const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/api/v1/findings' },
  { method: 'POST', path: '/api/v1/findings', body: findingBody() },
  { method: 'POST', path: '/api/v1/findings/batch', body: { items: [findingBody()] } },
  { method: 'GET', path: '/api/v1/findings/fnd_0000000000000000' },
  { method: 'PATCH', path: '/api/v1/findings/fnd_0000000000000000', body: { title: '新标题' } },
  { method: 'DELETE', path: '/api/v1/findings/fnd_0000000000000000' },
  { method: 'GET', path: '/api/v1/surveys' },
  { method: 'POST', path: '/api/v1/surveys', body: surveyBody() },
  { method: 'GET', path: '/api/v1/surveys/srv_0000000000000000' },
  { method: 'PATCH', path: '/api/v1/surveys/srv_0000000000000000', body: { title: '新课题' } },
  { method: 'DELETE', path: '/api/v1/surveys/srv_0000000000000000' },
  { method: 'GET', path: '/api/v1/precedents' },
  { method: 'POST', path: '/api/v1/precedents', body: precedentBody() },
  { method: 'POST', path: '/api/v1/precedents/import', form: true },
  { method: 'GET', path: '/api/v1/precedents/pre_0000000000000000' },
  { method: 'GET', path: '/api/v1/precedents/pre_0000000000000000/original' },
  { method: 'PATCH', path: '/api/v1/precedents/pre_0000000000000000', body: { title: '新标题' } },
  { method: 'DELETE', path: '/api/v1/precedents/pre_0000000000000000' },
  { method: 'GET', path: '/api/v1/search?q=营商环境' },
  { method: 'GET', path: '/api/v1/admin/offices' },
  { method: 'POST', path: '/api/v1/admin/offices', body: { name: '某办公室', code: 'some-office' } },
  { method: 'GET', path: '/api/v1/admin/tokens' },
  { method: 'POST', path: '/api/v1/admin/tokens', body: { name: '某成员', role: 'drafter' } },
  { method: 'DELETE', path: '/api/v1/admin/tokens/tok_0000000000000000' },
  { method: 'GET', path: '/api/v1/admin/members' },
  { method: 'PATCH', path: '/api/v1/admin/members/mem_0000000000000000', body: { role: 'reader' } },
  { method: 'POST', path: '/api/v1/admin/members/mem_0000000000000000/tokens' },
  { method: 'GET', path: '/api/v1/admin/settings' },
  { method: 'PUT', path: '/api/v1/admin/settings', body: { signRequiresReview: true } },
  { method: 'GET', path: '/api/v1/admin/bot-links' },
  { method: 'POST', path: '/api/v1/admin/bot-links', body: { memberId: 'mem_0000000000000000', platform: 'slack', tenant: 'T0', userId: 'U0' } },
  { method: 'DELETE', path: '/api/v1/admin/bot-links/bln_0000000000000000' },
  { method: 'GET', path: '/api/v1/admin/bot-notifications' },
  { method: 'GET', path: '/api/v1/openapi.json' },
]

function send(route: RouteCase, headers: Record<string, string>): Promise<Response> {
  if (route.form) {
    const form = new FormData()
    form.append('files', new File(['关于做好防汛工作的通知\n\n各街道：请做好防汛准备。'], 'a.txt'))
    return call(route.method, route.path, { token: null, headers, raw: form })
  }
  return call(route.method, route.path, { token: null, headers, body: route.body })
}

/** Every operation the OpenAPI document lists, as method and path template. */
function documentedOperations(doc: { paths: Record<string, Record<string, unknown>> }) {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path })),
  )
}

const label = (r: RouteCase) => `${r.method} ${r.path.replace(/\?.*$/, '')}`

describe('authentication on every /api/v1 route', () => {
  let revoked: string

  beforeAll(async () => {
    const office = await makeOffice(['admin'])
    const member = await makeToken(office.id, 'drafter', office.tokens.admin)
    const res = await call('DELETE', `/api/v1/admin/tokens/${member.tokenId}`, { token: office.tokens.admin })
    expect(res.status).toBe(204)
    revoked = member.token
  })

  it('the table covers every knowledge-base and admin operation in the OpenAPI document', async () => {
    const doc = await expectJson(await call('GET', '/api/v1/openapi.json'), 200)
    const documented = documentedOperations(doc)
      .filter((o) => /^\/(findings|surveys|precedents|search|admin)\b/.test(o.path))
      .map((o) => `${o.method} /api/v1${o.path.replace(/\{\w+\}/g, ':id')}`)
    const tested = ROUTES.filter((r) => !r.path.endsWith('openapi.json')).map(
      (r) => `${r.method} ${r.path.replace(/\?.*$/, '').replace(/(fnd|srv|pre|tok|bln|mem)_0+/g, ':id')}`,
    )
    expect([...new Set(tested)].sort()).toEqual([...new Set(documented)].sort())
  })

  it('every operation in the OpenAPI document answers 401 without a token, with a bad one and with a revoked one', async () => {
    const doc = await expectJson(await call('GET', '/api/v1/openapi.json'), 200)
    const ops = documentedOperations(doc)
    expect(ops.length).toBeGreaterThanOrEqual(ROUTES.length - 1)
    for (const op of ops) {
      const path = '/api/v1' + op.path.replace(/\{\w+\}/g, 'x_0000000000000000')
      const variants: Record<string, string>[] = [
        {},
        { authorization: 'Bearer wf_thisTokenWasNeverIssued000000000000000000' },
        { authorization: `Bearer ${revoked}` },
      ]
      for (const headers of variants) {
        const body = ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined
        const res = await call(op.method, path, { token: null, headers, body })
        expect(res.status, `${op.method} ${op.path}`).toBe(401)
        await expectError(res, 401, 'UNAUTHORIZED')
      }
    }
  })

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s returns 401 without a token', async (_, route) => {
    const err = await expectError(await send(route, {}), 401, 'UNAUTHORIZED')
    expect(err.message).toContain('令牌')
  })

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s returns 401 with an unknown token', async (_, route) => {
    await expectError(await send(route, { authorization: 'Bearer wf_thisTokenWasNeverIssued000000000000000000' }), 401, 'UNAUTHORIZED')
  })

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s returns 401 with a malformed Authorization header', async (_, route) => {
    await expectError(await send(route, { authorization: 'Basic dXNlcjpwYXNz' }), 401, 'UNAUTHORIZED')
  })

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s returns 401 with a revoked token', async (_, route) => {
    const err = await expectError(await send(route, { authorization: `Bearer ${revoked}` }), 401, 'UNAUTHORIZED')
    expect(err.message).toContain('吊销')
  })

  it('accepts a token until it is revoked, and lists it as revoked afterwards', async () => {
    const office = await makeOffice(['admin'])
    const member = await makeToken(office.id, 'reader', office.tokens.admin)
    expect((await call('GET', '/api/v1/findings', { token: member.token })).status).toBe(200)

    expect((await call('DELETE', `/api/v1/admin/tokens/${member.tokenId}`, { token: office.tokens.admin })).status).toBe(204)
    await expectError(await call('GET', '/api/v1/findings', { token: member.token }), 401, 'UNAUTHORIZED')

    const { items } = await expectJson(await call('GET', '/api/v1/admin/tokens', { token: office.tokens.admin }), 200)
    const row = items.find((t: { id: string }) => t.id === member.tokenId)
    expect(row.revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(row.memberId).toBe(member.memberId)
    expect(JSON.stringify(items)).not.toContain(member.token)
  })

  it('revoking a token twice is harmless and keeps the first revocation time', async () => {
    const office = await makeOffice(['admin'])
    const member = await makeToken(office.id, 'drafter', office.tokens.admin)
    expect((await call('DELETE', `/api/v1/admin/tokens/${member.tokenId}`, { token: office.tokens.admin })).status).toBe(204)
    const first = (await expectJson(await call('GET', '/api/v1/admin/tokens', { token: office.tokens.admin }), 200)).items.find(
      (t: { id: string }) => t.id === member.tokenId,
    ).revokedAt
    expect((await call('DELETE', `/api/v1/admin/tokens/${member.tokenId}`, { token: office.tokens.admin })).status).toBe(204)
    const second = (await expectJson(await call('GET', '/api/v1/admin/tokens', { token: office.tokens.admin }), 200)).items.find(
      (t: { id: string }) => t.id === member.tokenId,
    ).revokedAt
    expect(second).toBe(first)
  })

  it('a new token works at once, and the token itself is never listed', async () => {
    const office = await makeOffice(['admin'])
    const member = await makeToken(office.id, 'drafter', office.tokens.admin)
    expect(member.token).toMatch(/^wf_[\w-]{43}$/)
    expect(member.officeId).toBe(office.id)
    const created = await expectJson(
      await call('POST', '/api/v1/surveys', { token: member.token, body: surveyBody() }),
      201,
    )
    expect(created.id).toMatch(/^srv_/)
    const { items } = await expectJson(await call('GET', '/api/v1/admin/tokens', { token: office.tokens.admin }), 200)
    expect(items.find((t: { id: string }) => t.id === member.tokenId).prefix).toBe(member.token.slice(0, 7))
    expect(JSON.stringify(items)).not.toContain(member.token)
  })

  it('the health check needs no token', async () => {
    expect((await call('GET', '/healthz', { token: null })).status).toBe(200)
  })
})
