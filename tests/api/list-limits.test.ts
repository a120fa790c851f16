/**
 * Every list route at its largest page size, with more rows than that stored: D1 allows 100 bound
 * parameters per statement, so a page of 100 ids plus one more condition used to fail with "too many
 * SQL variables". One office is filled once for all routes (the data is slow to make, the checks are not).
 */
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUILTIN_SOURCES } from '../../src/templates/builtin'
import { call, expectJson, findingBody, importFiles, makeOffice, surveyBody, unique, type Office } from '../fixtures'

const PAGE_MAX = 100
const MORE = PAGE_MAX + 5

let office: Office
let draftId: string
let lexiconId: string
let subscriptionId: string

/** Runs `make(i)` for i in 0..n-1, a few at a time (audited writes race for the chain's head). */
async function times(n: number, make: (i: number) => Promise<unknown>, parallel = 3) {
  for (let i = 0; i < n; i += parallel) await Promise.all(Array.from({ length: Math.min(parallel, n - i) }, (_, k) => make(i + k)))
}

const ok = async (res: Response | Promise<Response>, status = 201) => expectJson(await res, status)

beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter', 'reviewer', 'reader'])
  const { admin, drafter } = office.tokens
  const word = unique('边界')
  const report = await ok(call('POST', '/api/v1/findings/batch', { token: drafter, body: { items: Array.from({ length: MORE }, () => findingBody({ body: `${word}：${unique('调研所见')}。` })) } }), 200)
  expect(report.summary.imported).toBe(MORE)
  const jsonl = Array.from({ length: MORE }, (_, i) => JSON.stringify({ title: `范文${i}`, genre: '讲话稿', body: `${word}，第${i}篇：${unique('范文正文')}。` })).join('\n')
  expect((await ok(importFiles(drafter, [{ name: 'many.jsonl', content: jsonl }]), 200)).summary.imported).toBe(MORE)
  await times(MORE, () => ok(call('POST', '/api/v1/surveys', { token: drafter, body: surveyBody() })))
  await times(MORE, (i) => ok(call('POST', '/api/v1/drafts', { token: drafter, body: { templateId: 'tongzhi', variables: { subject: `边界${i}` }, mode: 'assemble' } })))
  await times(MORE, () => ok(call('POST', '/api/v1/lexicons', { token: admin, body: { kind: 'sensitive', name: unique('词库'), entries: [{ word: unique('词'), level: 'caution' }] } })))
  await times(MORE, (i) => ok(call('POST', '/api/v1/admin/tokens', { token: admin, body: { name: `成员${i}`, role: 'reader' } })))
  const tongzhi = BUILTIN_SOURCES.find((s) => /^id: tongzhi$/m.test(s))!
  await times(MORE, (i) => ok(call('POST', '/api/v1/templates', { token: admin, body: { source: tongzhi.replace(/^id: tongzhi$/m, `id: bianjie-${i}`) } })))

  // One lexicon with many versions, one draft with many versions and comments.
  lexiconId = (await ok(call('POST', '/api/v1/lexicons', { token: admin, body: { kind: 'sensitive', name: unique('多版本'), entries: [] } }))).id
  for (let v = 1; v <= MORE; v++) await ok(call('PUT', `/api/v1/lexicons/${lexiconId}`, { token: admin, body: { baseVersion: v, entries: [{ word: `词${v}`, level: 'caution' }] } }), 200)
  const draft = await ok(call('POST', '/api/v1/drafts', { token: drafter, body: { templateId: 'tongzhi', variables: { subject: '多版本' }, mode: 'assemble' } }))
  draftId = draft.id
  for (let v = 1; v <= MORE; v++) {
    await ok(call('PUT', `/api/v1/drafts/${draftId}`, { token: drafter, headers: { 'if-match': `"${v}"` }, body: { sections: [{ heading: '一、', text: `第${v}次修改。` }] } }), 200)
  }
  await times(MORE, () => ok(call('POST', `/api/v1/drafts/${draftId}/comments`, { token: drafter, body: { version: MORE + 1, start: 0, end: 2, body: '请斟酌' } })))

  // Deliveries come from draft events through Workflows that post to the subscriber; their log is
  // stored as rows, written here directly so the test does not wait on a hundred retrying posts.
  subscriptionId = (await ok(call('POST', '/api/v1/webhooks', { token: admin, body: { url: 'https://hooks.example.test/wenfu', events: ['draft.updated'] } }))).id
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()
  const statements = Array.from({ length: MORE }, (_, i) => [
    env.DB.prepare(
      `INSERT INTO webhook_deliveries (id, office_id, subscription_id, event, body, status, attempts, created_at) VALUES (?, ?, ?, 'draft.updated', '{}', 'failed', 2, ?)`,
    ).bind(`dlv_limit${i}_${office.id}`, office.id, subscriptionId, at(i)),
    env.DB.prepare(`INSERT INTO webhook_attempts (office_id, delivery_id, attempt, at, status_code, error) VALUES (?, ?, 1, ?, 500, 'HTTP 500'), (?, ?, 2, ?, 502, 'HTTP 502')`).bind(
      office.id,
      `dlv_limit${i}_${office.id}`,
      at(i),
      office.id,
      `dlv_limit${i}_${office.id}`,
      at(i),
    ),
  ])
  await env.DB.batch(statements.flat())
}, 600_000)

const get = (path: string, token = office.tokens.admin) => call('GET', path, { token })

describe('paged lists at their largest page answer a full page and a cursor', () => {
  const paged: [string, string, number][] = [
    ['findings', '/api/v1/findings', PAGE_MAX],
    ['surveys', '/api/v1/surveys', PAGE_MAX],
    ['precedents', '/api/v1/precedents', PAGE_MAX],
    ['drafts', '/api/v1/drafts', PAGE_MAX],
    ['audit events', '/api/v1/audit', 200],
  ]
  for (const [what, path, max] of paged) {
    it(`${what}: limit=${max}, then the next page`, async () => {
      const first = await expectJson(await get(`${path}?limit=${max}`), 200)
      expect(first.items).toHaveLength(max)
      expect(first.nextCursor).not.toBeNull()
      const second = await expectJson(await get(`${path}?limit=${max}&cursor=${encodeURIComponent(first.nextCursor)}`), 200)
      expect(second.items.length).toBeGreaterThan(0)
      const key = (x: any) => x.id
      expect(second.items.map(key).filter((id: string) => first.items.map(key).includes(id))).toEqual([])
    })
  }

  it('webhook deliveries: limit=100 answers 100 deliveries, each with its attempts', async () => {
    const body = await expectJson(await get(`/api/v1/webhooks/${subscriptionId}/deliveries?limit=${PAGE_MAX}`), 200)
    expect(body.items).toHaveLength(PAGE_MAX)
    expect(body.items.every((d: any) => d.log.length === 2)).toBe(true)
    expect(body.items[0].log.map((a: any) => a.statusCode)).toEqual([500, 502])
  })

  it('search: limit=50 with more matching passages answers 50', async () => {
    const all = await expectJson(await get('/api/v1/findings?limit=1'), 200)
    const word = (all.items[0].body as string).split('：')[0]!
    const body = await expectJson(await get(`/api/v1/search?q=${encodeURIComponent(word)}&limit=50`), 200)
    expect(body.results).toHaveLength(50)
  })
})

describe('lists without pages hold every row past a hundred', () => {
  it('lexicons', async () => {
    expect((await expectJson(await get('/api/v1/lexicons'), 200)).items.length).toBe(MORE + 1)
  })
  it('lexicon versions', async () => {
    expect((await expectJson(await get(`/api/v1/lexicons/${lexiconId}/versions`), 200)).items.length).toBe(MORE + 1)
  })
  it('templates (builtin and the office own)', async () => {
    const items = (await expectJson(await get('/api/v1/templates'), 200)).items
    expect(items.filter((t: any) => t.origin === 'office')).toHaveLength(MORE)
  })
  it('tokens of the office', async () => {
    // the office's own four members plus the ones made above
    expect((await expectJson(await get('/api/v1/admin/tokens'), 200)).items.length).toBe(MORE + 4)
  })
  it('draft versions and comments', async () => {
    expect((await expectJson(await get(`/api/v1/drafts/${draftId}/versions`), 200)).items.length).toBe(MORE + 1)
    expect((await expectJson(await get(`/api/v1/drafts/${draftId}/comments`), 200)).items.length).toBe(MORE)
  })
  it('webhook subscriptions and approvals', async () => {
    expect((await expectJson(await get('/api/v1/webhooks'), 200)).items.length).toBe(1)
    expect((await expectJson(await get(`/api/v1/drafts/${draftId}/approvals`), 200)).items).toEqual([])
  })
})
