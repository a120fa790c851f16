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
  precedentBody,
  type Office,
} from '../fixtures'

let office: Office
let token: string

beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter'])
  token = office.tokens.drafter
})

const MB = 1024 * 1024

/** A body of `bytes` bytes, streamed in pieces, so the request carries no Content-Length. */
function streamOf(bytes: number, piece = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close()
      const n = Math.min(piece, bytes - sent)
      controller.enqueue(new Uint8Array(n).fill(0x20))
      sent += n
    },
  })
}

const issuePaths = (err: { details?: { issues?: { path: string }[] } }) => (err.details?.issues ?? []).map((i) => i.path)

describe('malformed JSON', () => {
  it.each([
    ['POST', '/api/v1/findings'],
    ['POST', '/api/v1/findings/batch'],
    ['POST', '/api/v1/surveys'],
    ['POST', '/api/v1/precedents'],
    ['POST', '/api/v1/admin/tokens'],
  ])('%s %s answers 400 VALIDATION with the request id of the response', async (method, path) => {
    const res = await call(method, path, { token: office.tokens.admin, raw: '{"title": "未写完', headers: { 'content-type': 'application/json' } })
    const err = await expectError(res, 400, 'VALIDATION')
    expect(err.requestId).toMatch(/^req_/)
  })

  it('PATCH with malformed JSON answers 400 and leaves the row unchanged', async () => {
    const f = await createFinding(token)
    const res = await call('PATCH', `/api/v1/findings/${f.id}`, { token, raw: '{title:', headers: { 'content-type': 'application/json' } })
    await expectError(res, 400, 'VALIDATION')
    expect(await expectJson(await call('GET', `/api/v1/findings/${f.id}`, { token }), 200)).toEqual(f)
  })

  it('keeps a sane incoming X-Request-Id in the error body', async () => {
    const res = await call('POST', '/api/v1/findings', {
      token,
      raw: '{',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-trace-12345' },
    })
    const err = await expectError(res, 400, 'VALIDATION')
    expect(err.requestId).toBe('client-trace-12345')
  })

  it('replaces an unsafe incoming X-Request-Id with its own', async () => {
    const res = await call('GET', '/api/v1/findings/fnd_nope', { token, headers: { 'x-request-id': '<script>' } })
    const err = await expectError(res, 404, 'NOT_FOUND')
    expect(err.requestId).toMatch(/^req_/)
  })

  it.each([
    ['an array', '[]'],
    ['a string', '"标题"'],
    ['null', 'null'],
    ['a number', '42'],
  ])('a JSON body that is %s answers 400 VALIDATION', async (_, raw) => {
    const res = await call('POST', '/api/v1/findings', { token, raw, headers: { 'content-type': 'application/json' } })
    await expectError(res, 400, 'VALIDATION')
  })

  it('an empty JSON body answers 400 VALIDATION', async () => {
    const res = await call('POST', '/api/v1/surveys', { token, raw: '', headers: { 'content-type': 'application/json' } })
    await expectError(res, 400, 'VALIDATION')
  })

  it('a JSON body sent as text/plain answers 400 VALIDATION and stores nothing', async () => {
    const before = (await listAll(token, '/api/v1/surveys')).ids
    const res = await call('POST', '/api/v1/surveys', { token, raw: JSON.stringify({ title: '纯文本提交的课题' }), headers: { 'content-type': 'text/plain' } })
    const err = await expectError(res, 400, 'VALIDATION')
    expect(err.message).toContain('application/json')
    expect((await listAll(token, '/api/v1/surveys')).ids).toEqual(before)
  })
})

describe('wrong types', () => {
  it.each([
    ['figures value as a string', { figures: [{ value: '28', unit: '个', what: '用时' }] }, 'figures.0.value'],
    ['an unknown source kind', { source: { kind: '电话' } }, 'source.kind'],
    ['tags not an array', { tags: '营商环境' }, 'tags'],
    ['a numeric title', { title: 123 }, 'title'],
    ['an empty body', { body: '   ' }, 'body'],
    ['an impossible date', { observedOn: '2026-13-45' }, 'observedOn'],
    ['a date in another format', { observedOn: '2026年4月12日' }, 'observedOn'],
    ['an unknown sensitivity', { sensitivity: 'secret' }, 'sensitivity'],
    ['a missing source', { source: undefined }, 'source'],
    ['an overlong title', { title: '长'.repeat(201) }, 'title'],
    ['too many tags', { tags: Array.from({ length: 21 }, (_, i) => `标签${i}`) }, 'tags'],
  ])('a finding with %s answers 400 naming the field', async (_, override, field) => {
    const res = await call('POST', '/api/v1/findings', { token, body: findingBody(override) })
    const err = await expectError(res, 400, 'VALIDATION')
    expect(issuePaths(err)).toContain(field)
    expect(err.message).toContain(field)
    for (const issue of err.details.issues) expect(typeof issue.message).toBe('string')
  })

  it('a rejected finding is not stored', async () => {
    const title = `类型错误的发现${Date.now()}`
    await expectError(await call('POST', '/api/v1/findings', { token, body: findingBody({ title, tags: '单个' }) }), 400, 'VALIDATION')
    const { items } = await listAll(token, '/api/v1/findings')
    expect(items.map((f) => f.title)).not.toContain(title)
  })

  it.each([
    ['an unknown genre', { genre: '演讲' }, 'genre'],
    ['a numeric body', { body: 5 }, 'body'],
    ['tags of numbers', { tags: [1, 2] }, 'tags.0'],
  ])('a precedent with %s answers 400 naming the field', async (_, override, field) => {
    const err = await expectError(await call('POST', '/api/v1/precedents', { token, body: precedentBody(override) }), 400, 'VALIDATION')
    expect(issuePaths(err)).toContain(field)
  })

  it('a PATCH with a wrong type answers 400 and leaves the row unchanged', async () => {
    const p = await createPrecedent(token)
    const err = await expectError(await call('PATCH', `/api/v1/precedents/${p.id}`, { token, body: { date: 'yesterday' } }), 400, 'VALIDATION')
    expect(issuePaths(err)).toContain('date')
    expect(await expectJson(await call('GET', `/api/v1/precedents/${p.id}`, { token }), 200)).toEqual(p)
  })

  it('a survey period given as numbers answers 400 naming both fields', async () => {
    const err = await expectError(await call('POST', '/api/v1/surveys', { token, body: { title: '课题', periodStart: 2026, periodEnd: 2027 } }), 400, 'VALIDATION')
    expect(issuePaths(err)).toEqual(expect.arrayContaining(['periodStart', 'periodEnd']))
  })

  it('an unknown role for a token answers 400 naming the field', async () => {
    const err = await expectError(await call('POST', '/api/v1/admin/tokens', { token: office.tokens.admin, body: { name: '某人', role: 'boss' } }), 400, 'VALIDATION')
    expect(issuePaths(err)).toContain('role')
  })

  it.each([
    ['/api/v1/findings?limit=0', 'limit'],
    ['/api/v1/findings?limit=101', 'limit'],
    ['/api/v1/findings?limit=abc', 'limit'],
    ['/api/v1/findings?sourceKind=电话', 'sourceKind'],
    ['/api/v1/findings?from=2026-1-1', 'from'],
    ['/api/v1/precedents?genre=演讲', 'genre'],
    ['/api/v1/precedents?sensitivity=top', 'sensitivity'],
    ['/api/v1/surveys?limit=-1', 'limit'],
  ])('GET %s answers 400 naming the query parameter', async (path, field) => {
    const err = await expectError(await call('GET', path, { token }), 400, 'VALIDATION')
    expect(issuePaths(err)).toContain(field)
  })
})

describe('oversized bodies', () => {
  it('a JSON body over 1 MB answers 413 PAYLOAD_TOO_LARGE', async () => {
    const body = findingBody({ body: '长'.repeat(400_000) })
    const res = await call('POST', '/api/v1/findings', { token, body })
    const err = await expectError(res, 413, 'PAYLOAD_TOO_LARGE')
    expect(err.details.maxBytes).toBe(MB)
    expect(err.message).toContain('1 MB')
  })

  it('a streamed body over 1 MB without Content-Length answers 413', async () => {
    const res = await call('POST', '/api/v1/findings', { token, raw: streamOf(MB + 1), headers: { 'content-type': 'application/json' } })
    expect(res.headers.get('x-request-id')).toBeTruthy()
    await expectError(res, 413, 'PAYLOAD_TOO_LARGE')
  })

  it('a streamed PATCH body over 1 MB answers 413 and leaves the row unchanged', async () => {
    const f = await createFinding(token)
    const res = await call('PATCH', `/api/v1/findings/${f.id}`, { token, raw: streamOf(2 * MB), headers: { 'content-type': 'application/json' } })
    await expectError(res, 413, 'PAYLOAD_TOO_LARGE')
    expect(await expectJson(await call('GET', `/api/v1/findings/${f.id}`, { token }), 200)).toEqual(f)
  })

  it('a streamed multipart import without Content-Length is read and imported', async () => {
    const form = new FormData()
    form.append('files', new File([`# 关于流式上传的通知\n\n${'各单位要按时报送材料。'.repeat(50)}`], '流式.md'))
    const encoded = new Response(form)
    const type = encoded.headers.get('content-type')!
    const bytes = new Uint8Array(await encoded.arrayBuffer())
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.slice(i, i + 100))
        controller.close()
      },
    })
    const res = await call('POST', '/api/v1/precedents/import', { token, raw: stream, headers: { 'content-type': type } })
    expect((await expectJson(res, 200)).summary).toMatchObject({ imported: 1 })
  })

  it('a streamed body under 1 MB is read and validated as usual', async () => {
    const text = JSON.stringify(findingBody())
    const bytes = new TextEncoder().encode(text)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 10))
        controller.enqueue(bytes.slice(10))
        controller.close()
      },
    })
    const created = await expectJson(await call('POST', '/api/v1/findings', { token, raw: stream, headers: { 'content-type': 'application/json' } }), 201)
    expect(created.title).toBe(JSON.parse(text).title)
  })

  it('an upload over 1 MB is not held to the JSON limit', async () => {
    const big = '长'.repeat(450_000)
    const res = await importFiles(token, [{ name: '很长的讲话.txt', content: `在某会议上的讲话\n\n${big}` }], { genre: '讲话稿' })
    const report = await expectJson(res, 200)
    expect(report.refused).toHaveLength(1)
    expect(report.refused[0].file).toBe('很长的讲话.txt')
    expect(report.refused[0].reason).toContain('body')
  })
})

describe('unknown ids and paths', () => {
  it.each([
    ['GET', '/api/v1/findings/fnd_doesnotexist0000'],
    ['PATCH', '/api/v1/findings/fnd_doesnotexist0000'],
    ['DELETE', '/api/v1/findings/fnd_doesnotexist0000'],
    ['GET', '/api/v1/surveys/srv_doesnotexist0000'],
    ['PATCH', '/api/v1/surveys/srv_doesnotexist0000'],
    ['DELETE', '/api/v1/surveys/srv_doesnotexist0000'],
    ['GET', '/api/v1/precedents/pre_doesnotexist0000'],
    ['GET', '/api/v1/precedents/pre_doesnotexist0000/original'],
    ['PATCH', '/api/v1/precedents/pre_doesnotexist0000'],
    ['DELETE', '/api/v1/precedents/pre_doesnotexist0000'],
    ['DELETE', '/api/v1/admin/tokens/tok_doesnotexist0000'],
  ])('%s %s answers 404 NOT_FOUND', async (method, path) => {
    const body = method === 'PATCH' ? { title: '新标题' } : undefined
    const err = await expectError(await call(method, path, { token: office.tokens.admin, body }), 404, 'NOT_FOUND')
    expect(err.message).toMatch(/不存在/)
  })

  it('the original of a precedent created without a file answers 404', async () => {
    const p = await createPrecedent(token)
    expect(p.hasOriginal).toBe(false)
    const err = await expectError(await call('GET', `/api/v1/precedents/${p.id}/original`, { token }), 404, 'NOT_FOUND')
    expect(err.message).toContain('原件')
  })

  it('an id longer than 40 characters answers 400', async () => {
    await expectError(await call('GET', `/api/v1/findings/fnd_${'x'.repeat(60)}`, { token }), 400, 'VALIDATION')
  })

  it('an unknown path under /api/v1 answers 404 with a valid token', async () => {
    await expectError(await call('GET', '/api/v1/nothing-here', { token }), 404, 'NOT_FOUND')
  })

  it('an unsupported method answers 404 envelope, not a bare text page', async () => {
    await expectError(await call('PUT', '/api/v1/findings', { token, body: findingBody() }), 404, 'NOT_FOUND')
  })
})

describe('bad cursors', () => {
  it.each(['/api/v1/findings', '/api/v1/surveys', '/api/v1/precedents'])('%s with a garbage cursor answers 400', async (path) => {
    for (const cursor of ['not-a-cursor!!', 'eyJhIjoxfQ', btoa('["only-one"]'), '%%%']) {
      const err = await expectError(await call('GET', `${path}?cursor=${encodeURIComponent(cursor)}`, { token }), 400, 'VALIDATION')
      expect(err.message).toContain('游标')
    }
  })

  it('an overlong cursor answers 400', async () => {
    await expectError(await call('GET', `/api/v1/findings?cursor=${'a'.repeat(300)}`, { token }), 400, 'VALIDATION')
  })
})

describe('conflicts', () => {
  it('a duplicate answers 409 CONFLICT in the envelope', async () => {
    const body = findingBody()
    const first = await expectJson(await call('POST', '/api/v1/findings', { token, body }), 201)
    const err = await expectError(await call('POST', '/api/v1/findings', { token, body }), 409, 'CONFLICT')
    expect(err.details).toEqual({ duplicateOf: first.id })
  })

  it('deleting a survey that still has findings answers 409 and keeps the survey', async () => {
    const s = await createSurvey(token)
    await createFinding(token, { surveyId: s.id })
    await expectError(await call('DELETE', `/api/v1/surveys/${s.id}`, { token }), 409, 'CONFLICT')
    expect((await call('GET', `/api/v1/surveys/${s.id}`, { token })).status).toBe(200)
  })
})
