import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  createFinding,
  createPrecedent,
  createSurvey,
  expectError,
  expectJson,
  findingBody,
  importFiles,
  listAll,
  makeOffice,
  makeToken,
  precedentBody,
  searchFor,
  surveyBody,
  type Office,
} from '../fixtures'

/** Office A owns data; office B must never see or touch it. */
let A: Office
let B: Office
let survey: any
let finding: any
let precedent: any
let imported: string
const MARKER = '翡翠湾片区'

beforeAll(async () => {
  A = await makeOffice()
  B = await makeOffice()
  survey = await createSurvey(A.tokens.drafter, { title: `${MARKER}老旧小区改造调研` })
  finding = await createFinding(A.tokens.drafter, {
    surveyId: survey.id,
    title: `${MARKER}加装电梯进展`,
    body: `${MARKER}已完成加装电梯37部，居民满意度较高。`,
    tags: ['老旧小区', MARKER],
    topic: '城市更新',
  })
  precedent = await createPrecedent(A.tokens.drafter, {
    title: `在${MARKER}城市更新推进会上的讲话`,
    body: `同志们：\n\n${MARKER}城市更新是今年的重点民生工程。`,
    tags: [MARKER],
  })
  const report = await expectJson(
    await importFiles(A.tokens.drafter, [{ name: '翡翠湾讲话.md', content: `# 在${MARKER}座谈会上的讲话\n\n${MARKER}要抓好物业管理。` }], { genre: '讲话稿' }),
    200,
  )
  imported = report.imported[0].id
})

/** Reads a resource with A's token, so a test can compare before and after B's attempt. */
const readA = async (path: string) => expectJson(await call('GET', path, { token: A.tokens.drafter }), 200)

interface IdRoute {
  name: string
  method: 'GET' | 'PATCH' | 'DELETE'
  path: () => string
  body?: unknown
  readBack: () => string
}

const ID_ROUTES: IdRoute[] = [
  { name: 'GET finding', method: 'GET', path: () => `/api/v1/findings/${finding.id}`, readBack: () => `/api/v1/findings/${finding.id}` },
  { name: 'PATCH finding', method: 'PATCH', path: () => `/api/v1/findings/${finding.id}`, body: { title: '被改写的标题' }, readBack: () => `/api/v1/findings/${finding.id}` },
  { name: 'DELETE finding', method: 'DELETE', path: () => `/api/v1/findings/${finding.id}`, readBack: () => `/api/v1/findings/${finding.id}` },
  { name: 'GET survey', method: 'GET', path: () => `/api/v1/surveys/${survey.id}`, readBack: () => `/api/v1/surveys/${survey.id}` },
  { name: 'PATCH survey', method: 'PATCH', path: () => `/api/v1/surveys/${survey.id}`, body: { title: '被改写的课题' }, readBack: () => `/api/v1/surveys/${survey.id}` },
  { name: 'DELETE survey', method: 'DELETE', path: () => `/api/v1/surveys/${survey.id}`, readBack: () => `/api/v1/surveys/${survey.id}` },
  { name: 'GET precedent', method: 'GET', path: () => `/api/v1/precedents/${precedent.id}`, readBack: () => `/api/v1/precedents/${precedent.id}` },
  { name: 'PATCH precedent', method: 'PATCH', path: () => `/api/v1/precedents/${precedent.id}`, body: { title: '被改写的讲话' }, readBack: () => `/api/v1/precedents/${precedent.id}` },
  { name: 'DELETE precedent', method: 'DELETE', path: () => `/api/v1/precedents/${precedent.id}`, readBack: () => `/api/v1/precedents/${precedent.id}` },
  { name: 'GET precedent original', method: 'GET', path: () => `/api/v1/precedents/${imported}/original`, readBack: () => `/api/v1/precedents/${imported}` },
]

describe('tenant isolation: office B and office A’s ids', () => {
  it.each(ID_ROUTES.map((r) => [r.name, r] as const))('%s with another office’s id answers 404 and leaves the row as it was', async (_, route) => {
    const before = await readA(route.readBack())
    for (const role of ['admin', 'drafter'] as const) {
      const res = await call(route.method, route.path(), { token: B.tokens[role], body: route.body })
      await expectError(res, 404, 'NOT_FOUND')
    }
    expect(await readA(route.readBack())).toEqual(before)
  })

  it('revoking another office’s token answers 404 and the token keeps working', async () => {
    const member = await makeToken(A.id, 'reader', A.tokens.admin)
    await expectError(await call('DELETE', `/api/v1/admin/tokens/${member.tokenId}`, { token: B.tokens.admin }), 404, 'NOT_FOUND')
    expect((await call('GET', '/api/v1/findings', { token: member.token })).status).toBe(200)
    const { items } = await expectJson(await call('GET', '/api/v1/admin/tokens', { token: A.tokens.admin }), 200)
    expect(items.find((t: { id: string }) => t.id === member.tokenId).revokedAt).toBeNull()
  })

  it('the original file of A’s import cannot be read by B, but A reads it', async () => {
    const res = await call('GET', `/api/v1/precedents/${imported}/original`, { token: A.tokens.reader })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(MARKER)
  })

  it('B’s search never returns A’s content', async () => {
    const aIds = [finding.id, precedent.id, imported]
    expect((await searchFor(A.tokens.reader, MARKER)).map((h) => h.id)).toEqual(expect.arrayContaining(aIds))
    for (const q of [MARKER, '翡翠', '加装电梯', '城市更新', '物业管理', '电梯 37', '"翡翠湾"', '湾']) {
      const hits = await searchFor(B.tokens.reader, q)
      expect(hits.filter((h) => aIds.includes(h.id))).toEqual([])
    }
    for (const kind of ['finding', 'precedent']) {
      const hits = await searchFor(B.tokens.reader, MARKER, { kind })
      expect(hits.filter((h) => aIds.includes(h.id))).toEqual([])
    }
  })

  it('B’s search finds B’s own copy of the same words, and only that', async () => {
    const own = await createFinding(B.tokens.drafter, { title: `${MARKER}乙方记录`, body: `${MARKER}乙方的记录。` })
    const hits = await searchFor(B.tokens.reader, MARKER)
    expect(hits.map((h) => h.id)).toEqual([own.id])
  })

  it('B’s list endpoints never show A’s rows', async () => {
    const aIds = new Set([finding.id, survey.id, precedent.id, imported])
    for (const path of ['/api/v1/findings', '/api/v1/surveys', '/api/v1/precedents']) {
      const { ids } = await listAll(B.tokens.reader, path)
      expect(ids.filter((id) => aIds.has(id))).toEqual([])
    }
    const filtered = await listAll(B.tokens.reader, '/api/v1/findings', { surveyId: survey.id })
    expect(filtered.ids).toEqual([])
    const byTag = await listAll(B.tokens.reader, '/api/v1/precedents', { tag: MARKER })
    expect(byTag.ids).toEqual([])
  })

  it('B cannot attach a finding to A’s survey', async () => {
    const err = await expectError(
      await call('POST', '/api/v1/findings', { token: B.tokens.drafter, body: findingBody({ surveyId: survey.id }) }),
      400,
      'VALIDATION',
    )
    expect(err.details.field).toBe('surveyId')
    expect(await listAll(A.tokens.reader, '/api/v1/findings', { surveyId: survey.id })).toMatchObject({ ids: [finding.id] })
  })

  it('the same content in two offices is not a duplicate', async () => {
    const body = findingBody()
    const inA = await expectJson(await call('POST', '/api/v1/findings', { token: A.tokens.drafter, body }), 201)
    const inB = await expectJson(await call('POST', '/api/v1/findings', { token: B.tokens.drafter, body }), 201)
    expect(inB.id).not.toBe(inA.id)
  })

  it('an office admin sees only its own office and its own tokens', async () => {
    const offices = await expectJson(await call('GET', '/api/v1/admin/offices', { token: B.tokens.admin }), 200)
    expect(offices.items.map((o: { id: string }) => o.id)).toEqual([B.id])
    const tokens = await expectJson(await call('GET', '/api/v1/admin/tokens', { token: B.tokens.admin }), 200)
    const ids = tokens.items.map((t: { id: string }) => t.id)
    expect(ids).toEqual(expect.arrayContaining(Object.values(B.tokenIds)))
    for (const id of Object.values(A.tokenIds)) expect(ids).not.toContain(id)
  })

  it('an office admin cannot create a token in another office: 404, and no member appears there', async () => {
    const before = await expectJson(await call('GET', '/api/v1/admin/tokens', { token: A.tokens.admin }), 200)
    const err = await expectError(
      await call('POST', '/api/v1/admin/tokens', { token: B.tokens.admin, body: { name: '越权成员', role: 'admin', officeId: A.id } }),
      404,
      'NOT_FOUND',
    )
    expect(err.message).toContain('办公室')
    expect(await expectJson(await call('GET', '/api/v1/admin/tokens', { token: A.tokens.admin }), 200)).toEqual(before)
  })

  it('an office admin creates tokens in its own office without naming it', async () => {
    const t = await expectJson(await call('POST', '/api/v1/admin/tokens', { token: B.tokens.admin, body: { name: '新成员', role: 'reader' } }), 201)
    expect(t.officeId).toBe(B.id)
    expect((await call('GET', '/api/v1/findings', { token: t.token })).status).toBe(200)
  })

  it('an office admin cannot create offices: 403', async () => {
    const code = `x-${Date.now().toString(36)}`
    const err = await expectError(await call('POST', '/api/v1/admin/offices', { token: B.tokens.admin, body: { name: '新办公室', code } }), 403, 'FORBIDDEN')
    expect(err.message).toContain('系统管理员')
    const all = await expectJson(await call('GET', '/api/v1/admin/offices'), 200)
    expect(all.items.map((o: { code: string }) => o.code)).not.toContain(code)
  })

  it('the deployment admin sees every office', async () => {
    const all = await expectJson(await call('GET', '/api/v1/admin/offices'), 200)
    expect(all.items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([A.id, B.id, 'off_default']))
  })
})

describe('roles', () => {
  const writes: [string, string, () => string, () => unknown][] = [
    ['POST /findings', 'POST', () => '/api/v1/findings', () => findingBody()],
    ['POST /findings/batch', 'POST', () => '/api/v1/findings/batch', () => ({ items: [findingBody()] })],
    ['PATCH /findings/{id}', 'PATCH', () => `/api/v1/findings/${finding.id}`, () => ({ title: '读者改写' })],
    ['DELETE /findings/{id}', 'DELETE', () => `/api/v1/findings/${finding.id}`, () => undefined],
    ['POST /surveys', 'POST', () => '/api/v1/surveys', () => surveyBody()],
    ['PATCH /surveys/{id}', 'PATCH', () => `/api/v1/surveys/${survey.id}`, () => ({ title: '读者改写' })],
    ['DELETE /surveys/{id}', 'DELETE', () => `/api/v1/surveys/${survey.id}`, () => undefined],
    ['POST /precedents', 'POST', () => '/api/v1/precedents', () => precedentBody()],
    ['PATCH /precedents/{id}', 'PATCH', () => `/api/v1/precedents/${precedent.id}`, () => ({ title: '读者改写' })],
    ['DELETE /precedents/{id}', 'DELETE', () => `/api/v1/precedents/${precedent.id}`, () => undefined],
  ]

  it.each(writes)('a reader cannot %s: 403, and nothing changes', async (_, method, path, body) => {
    const before = {
      finding: await readA(`/api/v1/findings/${finding.id}`),
      survey: await readA(`/api/v1/surveys/${survey.id}`),
      precedent: await readA(`/api/v1/precedents/${precedent.id}`),
      findings: (await listAll(A.tokens.reader, '/api/v1/findings')).ids,
      surveys: (await listAll(A.tokens.reader, '/api/v1/surveys')).ids,
      precedents: (await listAll(A.tokens.reader, '/api/v1/precedents')).ids,
    }
    const err = await expectError(await call(method, path(), { token: A.tokens.reader, body: body() }), 403, 'FORBIDDEN')
    expect(err.message).toContain('只读成员')
    expect({
      finding: await readA(`/api/v1/findings/${finding.id}`),
      survey: await readA(`/api/v1/surveys/${survey.id}`),
      precedent: await readA(`/api/v1/precedents/${precedent.id}`),
      findings: (await listAll(A.tokens.reader, '/api/v1/findings')).ids,
      surveys: (await listAll(A.tokens.reader, '/api/v1/surveys')).ids,
      precedents: (await listAll(A.tokens.reader, '/api/v1/precedents')).ids,
    }).toEqual(before)
  })

  it('a reader cannot import files: 403, and nothing is stored', async () => {
    const before = await env.FILES.list({ prefix: `offices/${A.id}/` })
    const res = await importFiles(A.tokens.reader, [{ name: '读者上传.md', content: '# 读者上传的讲话\n\n内容。' }], { genre: '讲话稿' })
    await expectError(res, 403, 'FORBIDDEN')
    const after = await env.FILES.list({ prefix: `offices/${A.id}/` })
    expect(after.objects.map((o) => o.key)).toEqual(before.objects.map((o) => o.key))
  })

  it('a reader can read, list and search', async () => {
    expect((await readA(`/api/v1/findings/${finding.id}`)).id).toBe(finding.id)
    expect((await call('GET', `/api/v1/findings/${finding.id}`, { token: A.tokens.reader })).status).toBe(200)
    expect((await call('GET', '/api/v1/precedents', { token: A.tokens.reader })).status).toBe(200)
    expect((await searchFor(A.tokens.reader, '加装电梯')).map((h) => h.id)).toContain(finding.id)
  })

  it.each(['drafter', 'reviewer', 'signer', 'reader'] as const)('a %s cannot use the admin routes: 403', async (role) => {
    const token = A.tokens[role]
    await expectError(await call('GET', '/api/v1/admin/tokens', { token }), 403, 'FORBIDDEN')
    await expectError(await call('GET', '/api/v1/admin/offices', { token }), 403, 'FORBIDDEN')
    await expectError(await call('POST', '/api/v1/admin/tokens', { token, body: { name: '自封管理员', role: 'admin' } }), 403, 'FORBIDDEN')
    await expectError(await call('DELETE', `/api/v1/admin/tokens/${A.tokenIds.admin}`, { token }), 403, 'FORBIDDEN')
    expect((await call('GET', '/api/v1/admin/tokens', { token: A.tokens.admin })).status).toBe(200)
  })

  it.each(['drafter', 'reviewer', 'signer', 'admin'] as const)('a %s may write knowledge', async (role) => {
    const s = await createSurvey(A.tokens[role])
    expect((await readA(`/api/v1/surveys/${s.id}`)).title).toBe(s.title)
  })
})
