/**
 * Cloudflare Access: JWTs signed here with a locally generated RSA key; the team's certs endpoint
 * answered by a spy on fetch with that key's JWK (as https://<team>.cloudflareaccess.com/cdn-cgi/access/certs does).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { accessConfig, clearAccessKeys, verifyAccessJwt } from '../../src/core/access'
import { call, expectJson, makeOffice, type Office } from '../fixtures'
import { followRedirect, sessionCookie, signIn, web } from './helpers'

const ISSUER = 'https://wenfu-test.cloudflareaccess.com'
const CERTS = `${ISSUER}/cdn-cgi/access/certs`
const AUD = 'test-access-aud'
const config = { issuer: ISSUER, audience: AUD }

interface Key {
  kid: string
  pair: CryptoKeyPair
  jwk: JsonWebKey
}

async function makeKey(kid: string): Promise<Key> {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey
  return { kid, pair, jwk }
}

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
const encode = (o: unknown) => b64url(new TextEncoder().encode(JSON.stringify(o)))

async function jwt(key: Key, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000)
  const h = encode({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header })
  const p = encode({ iss: ISSUER, aud: [AUD], exp: now + 600, iat: now, nbf: now - 5, email: 'someone@example.gov.cn', ...claims })
  const sig = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key.pair.privateKey, new TextEncoder().encode(`${h}.${p}`)))
  return `${h}.${p}.${b64url(sig)}`
}

let office: Office
let key: Key
let published: Key[]
let certsCalls: number
let certsStatus: number

beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter'])
  key = await makeKey('key-1')
})

beforeEach(() => {
  clearAccessKeys()
  published = [key]
  certsCalls = 0
  certsStatus = 200
  const real = globalThis.fetch
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url !== CERTS) return real(input, init)
    certsCalls++
    if (certsStatus !== 200) return new Response('{"errors":["unavailable"]}', { status: certsStatus })
    const keys = published.map((k) => ({ ...k.jwk, kid: k.kid, alg: 'RS256', use: 'sig' }))
    return Response.json({ keys, public_cert: { kid: key.kid, cert: '-----BEGIN CERTIFICATE-----' }, public_certs: [] })
  })
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('verifyAccessJwt', () => {
  it('reads the configuration: a team name or a full domain, both settings or none', () => {
    expect(accessConfig({ WENFU_ACCESS_TEAM_DOMAIN: 'wenfu-test', WENFU_ACCESS_AUD: AUD } as never)).toEqual(config)
    expect(accessConfig({ WENFU_ACCESS_TEAM_DOMAIN: 'https://wenfu-test.cloudflareaccess.com/', WENFU_ACCESS_AUD: AUD } as never)).toEqual(config)
    expect(accessConfig({ WENFU_ACCESS_TEAM_DOMAIN: 'wenfu-test' } as never)).toBeNull()
  })

  it('accepts a token signed by the team key and returns its e-mail, fetching the keys once', async () => {
    expect(await verifyAccessJwt(config, await jwt(key, { email: 'Someone@Example.gov.cn' }))).toBe('someone@example.gov.cn')
    expect(await verifyAccessJwt(config, await jwt(key, {}))).toBe('someone@example.gov.cn')
    expect(certsCalls).toBe(1)
  })

  it.each([
    ['wrong audience', { aud: ['another-app'] }, '应用标识（aud）不符'],
    ['wrong issuer', { iss: 'https://evil.cloudflareaccess.com' }, '签发方不符'],
    ['expired', { exp: Math.floor(Date.now() / 1000) - 3600 }, '已过期'],
    ['not yet valid', { nbf: Math.floor(Date.now() / 1000) + 3600 }, '尚未生效'],
  ])('refuses a token with %s', async (_what, claims, message) => {
    await expect(verifyAccessJwt(config, await jwt(key, claims))).rejects.toThrow(message)
  })

  it('refuses a token signed by another key, a tampered payload, and alg none', async () => {
    const other = await makeKey('key-1')
    await expect(verifyAccessJwt(config, await jwt(other, {}))).rejects.toThrow('签名不正确')
    const [h, , s] = (await jwt(key, {})).split('.')
    const forged = `${h}.${encode({ iss: ISSUER, aud: [AUD], exp: 9999999999, email: 'admin@example.gov.cn' })}.${s}`
    await expect(verifyAccessJwt(config, forged)).rejects.toThrow('签名不正确')
    const none = `${encode({ alg: 'none', kid: 'key-1' })}.${encode({ iss: ISSUER, aud: [AUD], exp: 9999999999, email: 'a@b.cn' })}.`
    await expect(verifyAccessJwt(config, none)).rejects.toThrow('签名算法不受支持')
    await expect(verifyAccessJwt(config, 'not-a-jwt')).rejects.toThrow('格式不正确')
  })

  it('fetches the keys again for an unknown key id (rotation), and refuses a key the team does not publish', async () => {
    await verifyAccessJwt(config, await jwt(key, {}))
    const rotated = await makeKey('key-2')
    published = [key, rotated]
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 60_000)
    try {
      expect(await verifyAccessJwt(config, await jwt(rotated, {}))).toBe('someone@example.gov.cn')
      expect(certsCalls).toBe(2)
      const stranger = await makeKey('key-3')
      await expect(verifyAccessJwt(config, await jwt(stranger, {}))).rejects.toThrow('签名公钥未知')
    } finally {
      vi.useRealTimers()
    }
  })

  it('says so in Chinese when the certs cannot be fetched', async () => {
    certsStatus = 503
    await expect(verifyAccessJwt(config, await jwt(key, {}))).rejects.toThrow('无法获取 Cloudflare Access 的签名公钥（HTTP 503）')
  })
})

describe('signing in through Access', () => {
  it('opens a session for a linked e-mail: the page shows the member, and the cookie works without the header', async () => {
    const admin = await signIn(office.tokens.admin)
    const members = await expectJson<{ items: { memberId: string; name: string; role: string }[] }>(await call('GET', '/api/v1/admin/tokens', { token: office.tokens.admin }), 200)
    const drafter = members.items.find((m) => m.role === 'drafter')!
    const email = `drafter-${office.code}@example.gov.cn`
    const link = await web('/admin/access', { cookie: admin.cookie, form: { _csrf: admin.csrf, email, memberId: drafter.memberId } })
    const linked = await followRedirect(link, admin.cookie)
    expect(linked.text).toContain('已关联 Access 邮箱')
    expect(linked.text).toContain(email)

    const res = await web('/', { headers: { 'cf-access-jwt-assertion': await jwt(key, { email }) } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(drafter.name)
    const cookie = sessionCookie(res)
    expect(cookie).toBeTruthy()
    expect((await web('/', { cookie })).status).toBe(200)
    const again = await web('/admin/access', { cookie: admin.cookie, form: { _csrf: admin.csrf, email, memberId: drafter.memberId } })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('已关联到成员')
  })

  it('sends an e-mail no member has, or an invalid token, to the sign-in page', async () => {
    const unknown = await web('/', { headers: { 'cf-access-jwt-assertion': await jwt(key, { email: 'nobody@example.gov.cn' }) } })
    expect(unknown.status).toBe(303)
    expect(unknown.headers.get('location')).toMatch(/^\/signin/)
    const bad = await web('/', { headers: { 'cf-access-jwt-assertion': await jwt(key, { aud: 'other' }) } })
    expect(bad.status).toBe(303)
    expect(sessionCookie(bad)).toBeNull()
  })
})
