/**
 * Factories for tests: every test makes its own office, members and content with fresh ids, through
 * the public API, so tests never depend on each other's data or order.
 */
import { exports } from 'cloudflare:workers'
import { expect } from 'vitest'
import type { Role } from '../src/db/schema'
import type { SearchResult } from '../src/knowledge'
import { assertDocumented } from './helpers/openapi-contract'

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
  const res = await exports.default.fetch(new Request(BASE + path, { method, headers, body }))
  // Every JSON answer is held to the OpenAPI document (tests/helpers/openapi-contract.ts).
  await assertDocumented(method, BASE + path, res, BOOTSTRAP)
  return res
}

/** A body as UTF-8 text whatever its Content-Type (Response.text() warns on application/jsonl, .docx…). */
export const utf8 = async (res: Response): Promise<string> => new TextDecoder().decode(await res.arrayBuffer())

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
  const tokenIds = {} as Record<Role, string>
  for (const role of roles) {
    const t = await makeToken(office.id, role)
    tokens[role] = t.token
    tokenIds[role] = t.tokenId
  }
  return { id: office.id, code, tokens, tokenIds }
}

export type Office = Awaited<ReturnType<typeof makeOffice>>

/** A new member of `officeId` with a token, created by `adminToken` (the deployment admin by default). */
export async function makeToken(officeId: string, role: Role, adminToken: string = BOOTSTRAP) {
  const t = await call('POST', '/api/v1/admin/tokens', { token: adminToken, body: { name: `${role}成员`, role, officeId } })
  if (t.status !== 201) throw new Error(`token: ${t.status} ${await t.text()}`)
  return json<{ token: string; tokenId: string; memberId: string; officeId: string; role: Role }>(t)
}

/** Parses a response expected to be `status`, failing with its body otherwise. */
export async function expectJson<T = any>(res: Response, status: number): Promise<T> {
  const text = await res.text()
  expect(res.status, text.slice(0, 500)).toBe(status)
  return JSON.parse(text) as T
}

/**
 * Asserts the one error envelope: exactly `{ error: { code, message, requestId, details? } }`, a
 * Chinese message, and the request id echoed in X-Request-Id. Returns the `error` object.
 */
export async function expectError(res: Response, status: number, code: string) {
  const body = await expectJson<{ error: { code: string; message: string; requestId: string; details?: any } }>(res, status)
  expect(Object.keys(body)).toEqual(['error'])
  const allowed = ['code', 'message', 'requestId', 'details']
  expect(Object.keys(body.error).every((k) => allowed.includes(k)), JSON.stringify(body)).toBe(true)
  expect(body.error.code).toBe(code)
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/)
  expect(body.error.requestId).toBeTruthy()
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'))
  return body.error
}

/** Creates through the API and returns the created resource, failing unless 201. */
export async function createFinding(token: string, overrides: Record<string, unknown> = {}) {
  return expectJson(await call('POST', '/api/v1/findings', { token, body: findingBody(overrides) }), 201)
}

export async function createSurvey(token: string, overrides: Record<string, unknown> = {}) {
  return expectJson(await call('POST', '/api/v1/surveys', { token, body: surveyBody(overrides) }), 201)
}

export async function createPrecedent(token: string, overrides: Record<string, unknown> = {}) {
  return expectJson(await call('POST', '/api/v1/precedents', { token, body: precedentBody(overrides) }), 201)
}

/** Reads every page of a list endpoint, `limit` at a time; fails on a repeated id. */
export async function listAll(token: string, path: string, params: Record<string, string> = {}, limit = 20) {
  const ids: string[] = []
  const items: any[] = []
  let cursor: string | null = null
  for (let page = 0; page < 100; page++) {
    const qs: URLSearchParams = new URLSearchParams({ ...params, limit: String(limit), ...(cursor ? { cursor } : {}) })
    const body: { items: any[]; nextCursor: string | null } = await expectJson(await call('GET', `${path}?${qs}`, { token }), 200)
    expect(body.items.length).toBeLessThanOrEqual(limit)
    for (const item of body.items) {
      expect(ids, `duplicate ${item.id}`).not.toContain(item.id)
      ids.push(item.id)
      items.push(item)
    }
    cursor = body.nextCursor
    if (!cursor) return { ids, items, pages: page + 1 }
  }
  throw new Error('pagination did not end')
}

export type SearchHit = SearchResult

/** GET /api/v1/search with `q` and filters; fails unless 200. */
export async function searchFor(token: string, q: string, params: Record<string, string | number> = {}): Promise<SearchHit[]> {
  const qs = new URLSearchParams({ q, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) })
  const body = await expectJson<{ results: SearchHit[] }>(await call('GET', `/api/v1/search?${qs}`, { token }), 200)
  return body.results
}

export interface UploadFile {
  name: string
  content: string | ArrayBuffer | Uint8Array
}

/** POST /api/v1/precedents/import as multipart/form-data with `files` and optional fields. */
export async function importFiles(token: string, files: UploadFile[], fields: Record<string, string> = {}): Promise<Response> {
  const form = new FormData()
  for (const f of files) form.append('files', new File([f.content], f.name))
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  return call('POST', '/api/v1/precedents/import', { token, raw: form })
}

export function surveyBody(overrides: Record<string, unknown> = {}) {
  return {
    title: unique('关于城区网格化治理的调研'),
    topic: '基层治理',
    lead: '区委副书记 李某',
    periodStart: '2026-03-01',
    periodEnd: '2026-05-31',
    description: '走访街道社区，了解网格员配备和事项办理情况。',
    ...overrides,
  }
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
