/**
 * Cloudflare Access in front of the 工作台: when the Worker is configured with the team domain and
 * the application's audience tag (WENFU_ACCESS_TEAM_DOMAIN, WENFU_ACCESS_AUD), the member can come
 * from the JWT Access puts in the Cf-Access-Jwt-Assertion header. The token is verified here, never
 * trusted: RS256 signature against the team's keys (https://<team>.cloudflareaccess.com/cdn-cgi/access/certs,
 * cached per isolate), issuer, audience and expiry. The verified e-mail is mapped to a member through
 * `access_identities`, which this file owns and an administrator fills (链接 e-mail 与成员).
 */
import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import { accessIdentities, members } from '../db/schema'
import type { Env } from '../env'
import { runAudited } from './audit'
import { isOfficeMember, requireRole } from './auth'
import type { Ctx } from './context'
import { AppError, notFound } from './errors'
import { parseInput } from './validation'

export const ACCESS_HEADER = 'cf-access-jwt-assertion'
/** How long fetched keys are used before they are fetched again. */
const KEYS_TTL_MS = 10 * 60_000
/** A token signed with an unknown key refetches the keys, at most this often (key rotation). */
const REFETCH_MIN_MS = 30_000
/** Clock skew tolerated on exp/nbf. */
const LEEWAY_S = 60

export interface AccessConfig {
  /** https://<team>.cloudflareaccess.com */
  issuer: string
  audience: string
}

/** The Access settings of the Worker, or null when Access is not configured. */
export function accessConfig(env: Env): AccessConfig | null {
  const team = env.WENFU_ACCESS_TEAM_DOMAIN?.trim()
  const audience = env.WENFU_ACCESS_AUD?.trim()
  if (!team || !audience) return null
  const host = team.replace(/^https?:\/\//, '').replace(/\/+$/, '')
  return { issuer: `https://${host.includes('.') ? host : `${host}.cloudflareaccess.com`}`, audience }
}

interface KeySet {
  keys: Map<string, CryptoKey>
  fetchedAt: number
}
const keyCache = new Map<string, KeySet>()

/** Tests only: forget the cached keys. */
export function clearAccessKeys(): void {
  keyCache.clear()
}

const jwkSchema = z.object({ kid: z.string(), kty: z.literal('RSA'), n: z.string(), e: z.string() }).passthrough()
const jwksSchema = z.object({ keys: z.array(z.unknown()).max(50) })

async function fetchKeys(issuer: string, now: number): Promise<KeySet> {
  const res = await fetch(`${issuer}/cdn-cgi/access/certs`, { headers: { accept: 'application/json' } })
  if (!res.ok) throw new AppError('UPSTREAM', `无法获取 Cloudflare Access 的签名公钥（HTTP ${res.status}）`)
  const body = jwksSchema.safeParse(await res.json().catch(() => null))
  if (!body.success) throw new AppError('UPSTREAM', 'Cloudflare Access 返回的签名公钥格式不正确')
  const keys = new Map<string, CryptoKey>()
  for (const raw of body.data.keys) {
    const jwk = jwkSchema.safeParse(raw)
    if (!jwk.success) continue
    const key = await crypto.subtle.importKey(
      'jwk',
      { kty: 'RSA', n: jwk.data.n, e: jwk.data.e, alg: 'RS256', ext: true },
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    )
    keys.set(jwk.data.kid, key)
  }
  const set = { keys, fetchedAt: now }
  keyCache.set(issuer, set)
  return set
}

async function keyFor(issuer: string, kid: string, now: number): Promise<CryptoKey | null> {
  let set = keyCache.get(issuer)
  if (!set || now - set.fetchedAt > KEYS_TTL_MS) set = await fetchKeys(issuer, now)
  const key = set.keys.get(kid)
  if (key) return key
  if (now - set.fetchedAt < REFETCH_MIN_MS) return null
  return (await fetchKeys(issuer, now)).keys.get(kid) ?? null
}

function decodePart(part: string): Uint8Array {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/')
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
  return Uint8Array.from(bin, (c) => c.charCodeAt(0))
}

const headerSchema = z.object({ alg: z.string(), kid: z.string() })
const claimsSchema = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  nbf: z.number().optional(),
  email: z.string().email(),
})

const invalid = (why: string) => new AppError('UNAUTHORIZED', `Cloudflare Access 身份凭证无效：${why}`)

/** Verifies an Access JWT and returns its e-mail; throws UNAUTHORIZED (with the reason in Chinese) otherwise. */
export async function verifyAccessJwt(config: AccessConfig, jwt: string, now = Date.now()): Promise<string> {
  const parts = jwt.split('.')
  if (parts.length !== 3 || jwt.length > 8192) throw invalid('格式不正确')
  const [h, p, s] = parts as [string, string, string]
  let header: z.infer<typeof headerSchema>
  let claims: z.infer<typeof claimsSchema>
  try {
    header = headerSchema.parse(JSON.parse(new TextDecoder().decode(decodePart(h))))
    claims = claimsSchema.parse(JSON.parse(new TextDecoder().decode(decodePart(p))))
  } catch {
    throw invalid('内容无法解析')
  }
  if (header.alg !== 'RS256') throw invalid('签名算法不受支持')
  const key = await keyFor(config.issuer, header.kid, now)
  if (!key) throw invalid('签名公钥未知')
  let signature: Uint8Array
  try {
    signature = decodePart(s)
  } catch {
    throw invalid('签名无法解析')
  }
  const ok = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, new TextEncoder().encode(`${h}.${p}`))
  if (!ok) throw invalid('签名不正确')
  if (claims.iss !== config.issuer) throw invalid('签发方不符')
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if (!audiences.includes(config.audience)) throw invalid('应用标识（aud）不符')
  const seconds = now / 1000
  if (claims.exp + LEEWAY_S < seconds) throw invalid('已过期')
  if (claims.nbf !== undefined && claims.nbf - LEEWAY_S > seconds) throw invalid('尚未生效')
  return claims.email.toLowerCase()
}

export const accessIdentityInput = z.object({
  email: z.string().trim().toLowerCase().email('请输入有效的电子邮箱').max(200),
  memberId: z.string().trim().min(1, '请选择成员').max(40),
})

/** Links an Access e-mail to a member of the actor's office (admins only); an e-mail names one member. */
export async function linkAccessIdentity(ctx: Ctx, input: unknown): Promise<{ email: string; memberId: string }> {
  requireRole(ctx, 'admin')
  const v = parseInput(accessIdentityInput, input, 'Access 身份')
  if (!(await isOfficeMember(ctx, v.memberId))) throw notFound('成员')
  const taken = await ctx.db.select({ officeId: accessIdentities.officeId }).from(accessIdentities).where(eq(accessIdentities.email, v.email)).get()
  if (taken) throw new AppError('CONFLICT', `邮箱“${v.email}”已关联到成员`, { field: 'email' })
  await runAudited(ctx, [{ action: 'access.link', targetKind: 'member', targetId: v.memberId, detail: { email: v.email } }], [
    ctx.db.insert(accessIdentities).values({ email: v.email, officeId: ctx.actor.officeId, memberId: v.memberId }),
  ])
  return v
}

/** The Access e-mails of the actor's office. */
export async function listAccessIdentities(ctx: Ctx): Promise<{ email: string; memberId: string }[]> {
  requireRole(ctx, 'admin')
  return ctx.db
    .select({ email: accessIdentities.email, memberId: accessIdentities.memberId })
    .from(accessIdentities)
    .where(eq(accessIdentities.officeId, ctx.actor.officeId))
    .orderBy(accessIdentities.email)
    .limit(200)
}
