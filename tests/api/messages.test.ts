/**
 * Every message a person reads is Chinese and names the field in words: a sweep over the routes
 * with bad input, and the advice given for a body of the wrong content type.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectError, expectJson, findingBody, makeOffice, precedentBody, type Office } from '../fixtures'

let office: Office
let draftId: string
let draftVersion: number

beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter'])
  const draft = await expectJson(
    await call('POST', '/api/v1/drafts', { token: office.tokens.drafter, body: { templateId: 'tongzhi', variables: { subject: '开展报表清理' }, mode: 'assemble', materials: {} } }),
    201,
  )
  draftId = draft.id
  draftVersion = draft.version
})

interface Issue {
  path: string
  field?: string
  message: string
}

/**
 * What is left of a message once the parts meant for whoever fixes the request are taken out:
 * the field keys in 标题（title）, code values glossed as public（公开）, media types, the date
 * pattern YYYY-MM-DD, the format name JSON and ids. Any English word left would reach a person untranslated.
 */
function englishLeft(message: string, paths: string[]): string {
  let s = message
    .replace(/[a-z]+\/[a-z0-9.+-]+/gi, ' ')
    .replace(/[A-Za-z][\w.-]*（[^）]*）/g, ' ')
    .replace(/（[\w.\s,/|-]+）/g, ' ')
    .replace(/YYYY-MM-DD|JSON/g, ' ')
    .replace(/\b[a-z]{3}_[A-Za-z0-9_-]+/g, ' ')
  for (const p of paths) for (const seg of [p, ...p.split('.')]) if (seg) s = s.split(seg).join(' ')
  return s
}

function expectChinese(err: { message: string; details?: { issues?: Issue[] } }) {
  const issues = err.details?.issues ?? []
  const paths = issues.map((i) => i.path)
  expect(err.message).toMatch(/[\u4e00-\u9fff]/)
  expect(englishLeft(err.message, paths), err.message).not.toMatch(/[A-Za-z]{4,}/)
  for (const issue of issues) {
    expect(issue.message, issue.path).toMatch(/[\u4e00-\u9fff]/)
    expect(englishLeft(issue.message, paths), issue.message).not.toMatch(/[A-Za-z]{4,}/)
    if (issue.field) expect(englishLeft(issue.field, paths), issue.field).not.toMatch(/[A-Za-z]{4,}/)
  }
}

type Case = [string, string, string, { body?: unknown; raw?: string; headers?: Record<string, string>; as?: 'admin' | 'drafter' }?]

const cases = (): Case[] => [
  ['GET', '/api/v1/findings?limit=101', 'limit'],
  ['GET', '/api/v1/findings?limit=abc', 'limit'],
  ['GET', '/api/v1/findings?limit=0', 'limit'],
  ['GET', '/api/v1/findings?sourceKind=电话', 'sourceKind'],
  ['GET', '/api/v1/findings?from=2026-1-1', 'from'],
  ['GET', '/api/v1/findings?sensitivity=top', 'sensitivity'],
  ['GET', '/api/v1/precedents?genre=演讲', 'genre'],
  ['GET', '/api/v1/surveys?limit=-1', 'limit'],
  ['GET', '/api/v1/search?q=', 'q'],
  ['GET', '/api/v1/search?q=营商&limit=51', 'limit'],
  ['GET', '/api/v1/search?q=营商&kind=report', 'kind'],
  ['GET', '/api/v1/drafts?status=done&limit=0', 'status'],
  ['GET', '/api/v1/audit?limit=abc', 'limit', { as: 'admin' }],
  ['POST', '/api/v1/findings', 'source', { body: findingBody({ source: undefined }) }],
  ['POST', '/api/v1/findings', 'title', { body: findingBody({ title: 123 }) }],
  ['POST', '/api/v1/findings', 'figures.0.value', { body: findingBody({ figures: [{ value: '28', unit: '个', what: '用时' }] }) }],
  ['POST', '/api/v1/findings', 'tags', { body: findingBody({ tags: Array.from({ length: 21 }, (_, i) => `标签${i}`) }) }],
  ['POST', '/api/v1/findings', 'observedOn', { body: findingBody({ observedOn: '2026年4月12日' }) }],
  ['POST', '/api/v1/findings', 'title', { body: {} }],
  ['POST', '/api/v1/findings/batch', 'items', { body: { items: '很多条' } }],
  ['POST', '/api/v1/surveys', 'periodStart', { body: { title: '课题', periodStart: 2026 } }],
  ['POST', '/api/v1/precedents', 'genre', { body: precedentBody({ genre: '演讲' }) }],
  ['POST', '/api/v1/precedents', 'tags.0', { body: precedentBody({ tags: [1, 2] }) }],
  ['POST', '/api/v1/admin/tokens', 'role', { body: { name: '某人', role: 'boss' }, as: 'admin' }],
  ['POST', '/api/v1/admin/tokens', 'name', { body: { role: 'drafter' }, as: 'admin' }],
  ['PUT', '/api/v1/admin/settings', 'signRequiresReview', { body: { signRequiresReview: 'yes' }, as: 'admin' }],
  ['PUT', '/api/v1/admin/settings', 'typoSensitivity', { body: { typoSensitivity: 'loud' }, as: 'admin' }],
  ['POST', '/api/v1/drafts', 'templateId', { body: { variables: {} } }],
  ['POST', '/api/v1/drafts', 'retrieve.limit', { body: { templateId: 'tongzhi', variables: { subject: '某事' }, retrieve: { query: '报表', limit: 99 } } }],
  ['POST', '/api/v1/drafts', 'mode', { body: { templateId: 'tongzhi', variables: { subject: '某事' }, mode: 'write' } }],
  ['POST', '/api/v1/check', 'text', { body: {} }],
  ['POST', '/api/v1/check', 'text', { body: { text: 5 } }],
  ['POST', '/api/v1/check', 'fields.date', { body: { text: '关于某事的通知', fields: { date: '明天' } } }],
  ['POST', '/api/v1/check', 'genre', { body: { text: '关于某事的通知', genre: '便条' } }],
  ['POST', '/api/v1/check/fix', 'fixes', { body: { text: '关于某事的通知', fixes: [] } }],
  ['POST', '/api/v1/lexicons', 'kind', { body: { kind: 'words', name: '词库', entries: [] }, as: 'admin' }],
  ['POST', '/api/v1/webhooks', 'url', { body: { url: 'nope', events: ['draft.signed'] }, as: 'admin' }],
  ['POST', '/api/v1/webhooks', 'events.0', { body: { url: 'https://oa.example.gov.cn/hook', events: ['draft.burned'] }, as: 'admin' }],
  ['POST', '/api/v1/templates', 'source', { body: { source: 5 }, as: 'admin' }],
]

describe('validation messages', () => {
  it.each(cases())('%s %s names %s in Chinese words', async (method, path, field, opts = {}) => {
    const token = office.tokens[opts.as ?? 'drafter']
    const res = await call(method, path, { token, body: opts.body, raw: opts.raw, headers: opts.headers })
    const err = await expectError(res, 400, 'VALIDATION')
    const issue = (err.details?.issues as Issue[] | undefined)?.find((i) => i.path === field)
    expect(issue, JSON.stringify(err)).toBeDefined()
    expect(err.message).toContain(`（${field}）`)
    expectChinese(err)
  })

  it.each([
    ['POST', () => `/api/v1/drafts/${draftId}/transitions`, { action: 'publish' }, 'action'],
    ['POST', () => `/api/v1/drafts/${draftId}/comments`, { version: 'one', body: '意见' }, 'version'],
    ['PUT', () => `/api/v1/drafts/${draftId}/outline`, { sections: [{ heading: '' }] }, 'sections.0.heading'],
    ['PUT', () => `/api/v1/drafts/${draftId}`, { sections: '全文' }, 'sections'],
  ] as const)('%s on a draft with bad input names the field in Chinese', async (method, path, body, field) => {
    const res = await call(method, path(), { token: office.tokens.drafter, body, headers: { 'if-match': `"${draftVersion}"` } })
    const err = await expectError(res, 400, 'VALIDATION')
    expect((err.details.issues as Issue[]).map((i) => i.path)).toContain(field)
    expectChinese(err)
  })

  it('says a limit that is too big the way a person reads it', async () => {
    const err = await expectError(await call('GET', '/api/v1/search?q=营商&limit=51', { token: office.tokens.drafter }), 400, 'VALIDATION')
    expect(err.message).toBe('查询参数不符合要求：条数上限（limit）不能大于 50')
    expect(err.details.issues).toEqual([{ path: 'limit', field: '条数上限（limit）', message: '条数上限（limit）不能大于 50' }])
  })

  it('says a missing field is missing, naming it, instead of "received undefined"', async () => {
    const err = await expectError(await call('POST', '/api/v1/findings', { token: office.tokens.drafter, body: findingBody({ source: undefined }) }), 400, 'VALIDATION')
    expect(err.details.issues).toContainEqual({ path: 'source', field: '来源（source）', message: '缺少来源（source）' })
  })

  it('lists the allowed values of an enum with their meaning', async () => {
    const err = await expectError(await call('GET', '/api/v1/findings?sensitivity=top', { token: office.tokens.drafter }), 400, 'VALIDATION')
    expect(err.message).toContain('保密级别（sensitivity）应为以下之一：public（公开）、internal（内部）、restricted（敏感）')
  })

  it('puts the field in front of a schema\'s own message', async () => {
    const err = await expectError(await call('POST', '/api/v1/findings', { token: office.tokens.drafter, body: findingBody({ observedOn: '2026年4月12日' }) }), 400, 'VALIDATION')
    expect(err.details.issues).toContainEqual(expect.objectContaining({ path: 'observedOn', message: '调研日期（observedOn）：日期格式应为 YYYY-MM-DD' }))
  })

  it('counts the issues beyond the first three instead of listing them all in the message', async () => {
    const body = { title: 1, body: 2, topic: 3, source: { kind: '电话' }, sensitivity: 'x' }
    const err = await expectError(await call('POST', '/api/v1/findings', { token: office.tokens.drafter, body }), 400, 'VALIDATION')
    expect(err.details.issues.length).toBeGreaterThan(3)
    expect(err.message).toContain(`另有 ${err.details.issues.length - 3} 处问题`)
    expectChinese(err)
  })

  it('answers malformed JSON in Chinese without the framework\'s English cause', async () => {
    const err = await expectError(await call('POST', '/api/v1/surveys', { token: office.tokens.drafter, raw: '{"title": "未写完', headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION')
    expect(JSON.stringify(err)).not.toMatch(/Malformed|JSON in request/)
    expectChinese(err)
  })
})

describe('content types', () => {
  it('tells a JSON body sent to the import route to upload multipart files', async () => {
    const err = await expectError(await call('POST', '/api/v1/precedents/import', { token: office.tokens.drafter, body: { files: [] } }), 400, 'VALIDATION')
    expect(err.message).toContain('multipart/form-data')
    expect(err.message).toContain('files')
    expect(err.message).not.toContain('应为 application/json')
    expectChinese(err)
  })

  it('tells a text body sent to the import route to upload multipart files', async () => {
    const err = await expectError(await call('POST', '/api/v1/precedents/import', { token: office.tokens.drafter, raw: '讲话稿', headers: { 'content-type': 'text/plain' } }), 400, 'VALIDATION')
    expect(err.message).toContain('multipart/form-data')
  })

  it('tells a multipart body sent to a JSON route to send application/json', async () => {
    const form = new FormData()
    form.append('title', '表单提交的课题')
    const err = await expectError(await call('POST', '/api/v1/surveys', { token: office.tokens.drafter, raw: form }), 400, 'VALIDATION')
    expect(err.message).toContain('application/json')
    expect(err.message).toContain('multipart/form-data')
    expectChinese(err)
  })

  it('tells a text body sent to a JSON route to send application/json', async () => {
    const err = await expectError(await call('POST', '/api/v1/findings', { token: office.tokens.drafter, raw: JSON.stringify(findingBody()), headers: { 'content-type': 'text/plain' } }), 400, 'VALIDATION')
    expect(err.message).toContain('application/json')
    expect(err.message).toContain('text/plain')
    expectChinese(err)
  })
})
