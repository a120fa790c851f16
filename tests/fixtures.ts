/**
 * Factories for tests: every test makes its own office, members and content with fresh ids, through
 * the public API, so tests never depend on each other's data or order.
 */
import { exports } from 'cloudflare:workers'
import type { Role } from '../src/db/schema'

export const BOOTSTRAP = 'test-bootstrap-token-0123456789'
const BASE = 'http://wenfu.test'

export interface CallOptions {
  token?: string | null
  body?: unknown
  headers?: Record<string, string>
  raw?: BodyInit
}

/** Calls the Worker through its real fetch handler. */
export async function call(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers }
  const token = opts.token === undefined ? BOOTSTRAP : opts.token
  if (token) headers.authorization = `Bearer ${token}`
  let body: BodyInit | undefined = opts.raw
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = JSON.stringify(opts.body)
  }
  return exports.default.fetch(new Request(BASE + path, { method, headers, body }))
}

export async function json<T = any>(res: Response): Promise<T> {
  const text = await res.text()
  try {
    return JSON.parse(text) as T
  } catch {
    throw new Error(`not JSON (${res.status}): ${text.slice(0, 200)}`)
  }
}

let seq = 0
export const unique = (label: string) => `${label}${Date.now().toString(36)}${(seq++).toString(36)}`

/** A new office with one member per requested role; returns their tokens. */
export async function makeOffice(roles: Role[] = ['admin', 'drafter', 'reviewer', 'signer', 'reader']) {
  const code = unique('o-').toLowerCase()
  const res = await call('POST', '/api/v1/admin/offices', { body: { name: `测试办公室${code}`, code } })
  if (res.status !== 201) throw new Error(`office: ${res.status} ${await res.text()}`)
  const office = await json<{ id: string }>(res)
  const tokens = {} as Record<Role, string>
  for (const role of roles) {
    const t = await call('POST', '/api/v1/admin/tokens', { body: { name: `${role}成员`, role, officeId: office.id } })
    if (t.status !== 201) throw new Error(`token: ${t.status} ${await t.text()}`)
    tokens[role] = (await json<{ token: string }>(t)).token
  }
  return { id: office.id, code, tokens }
}

export function findingBody(overrides: Record<string, unknown> = {}) {
  return {
    title: unique('城东街道营商环境座谈'),
    body: '座谈中企业反映，项目审批平均用时由去年的45个工作日压缩到28个工作日，但水电气报装仍需多头跑。',
    topic: '营商环境',
    tags: ['营商环境', '审批'],
    source: { kind: '座谈', unit: '城东街道', person: '王某（企业负责人）' },
    observedOn: '2026-04-12',
    caliber: '审批用时按工作日计，自受理至办结',
    figures: [{ value: 28, unit: '个工作日', what: '项目审批平均用时' }],
    sensitivity: 'public',
    ...overrides,
  }
}

export function precedentBody(overrides: Record<string, unknown> = {}) {
  return {
    genre: '讲话稿',
    title: unique('在全区优化营商环境工作会议上的讲话'),
    speaker: '区委书记 张某某',
    occasion: '全区优化营商环境工作会议',
    date: '2025-03-05',
    body: `同志们：\n\n今天召开全区优化营商环境工作会议，主要任务是总结工作、部署任务。${unique('')}\n\n## 一、充分肯定成绩\n\n过去一年，全区审批效率明显提升。\n\n## 二、聚焦重点攻坚\n\n要坚持问题导向，持续深化“放管服”改革。`,
    tags: ['营商环境'],
    sensitivity: 'internal',
    ...overrides,
  }
}
