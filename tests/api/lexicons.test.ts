import { describe, expect, it } from 'vitest'
import { call, json, makeOffice, unique } from '../fixtures'

const leaderLexicon = (overrides: Record<string, unknown> = {}) => ({
  kind: 'leader',
  name: unique('区领导名单'),
  validFrom: '2020-01-01',
  entries: [
    { name: '张明', post: '区委书记', validFrom: '2021-06-01' },
    { name: '张明', post: '区长', validFrom: '2018-01-01', validTo: '2021-05-31' },
  ],
  ...overrides,
})

async function checkIds(token: string, text: string, date?: string) {
  const res = await call('POST', '/api/v1/check', { token, body: { text, ...(date ? { fields: { date } } : {}), rules: { categories: ['lexicons'] } } })
  expect(res.status).toBe(200)
  return (await json(res)).issues.map((i: { ruleId: string }) => i.ruleId) as string[]
}

describe('/api/v1/lexicons', () => {
  it('creates a lexicon (version 1), reads it back and lists it', async () => {
    const office = await makeOffice(['admin', 'reader'])
    const res = await call('POST', '/api/v1/lexicons', { token: office.tokens.admin, body: leaderLexicon() })
    expect(res.status).toBe(201)
    const created = await json(res)
    expect(created).toMatchObject({ kind: 'leader', latestVersion: 1, archivedAt: null, current: { version: 1, validFrom: '2020-01-01', validTo: null, entryCount: 2 } })
    const got = await json(await call('GET', `/api/v1/lexicons/${created.id}`, { token: office.tokens.reader }))
    expect(got.current.entries).toEqual(leaderLexicon().entries)
    const list = await json(await call('GET', '/api/v1/lexicons?kind=leader', { token: office.tokens.reader }))
    expect(list.items.map((l: { id: string }) => l.id)).toEqual([created.id])
  })

  it('keeps old versions readable when an update creates a new one', async () => {
    const office = await makeOffice(['reviewer'])
    const token = office.tokens.reviewer
    const created = await json(await call('POST', '/api/v1/lexicons', { token, body: { kind: 'sensitive', name: unique('禁用词'), entries: [{ word: '老板', level: 'forbidden' }] } }))
    const res = await call('PUT', `/api/v1/lexicons/${created.id}`, {
      token,
      body: { baseVersion: 1, validFrom: '2024-01-01', entries: [{ word: '老板', level: 'forbidden', replacement: '负责人' }, { word: '村官', level: 'caution' }], note: '补充慎用词' },
    })
    expect(res.status).toBe(200)
    const updated = await json(res)
    expect(updated).toMatchObject({ latestVersion: 2, current: { version: 2, entryCount: 2, note: '补充慎用词' } })
    const versions = await json(await call('GET', `/api/v1/lexicons/${created.id}/versions`, { token }))
    expect(versions.items.map((v: { version: number }) => v.version)).toEqual([2, 1])
    const v1 = await json(await call('GET', `/api/v1/lexicons/${created.id}/versions/1`, { token }))
    expect(v1.entries).toEqual([{ word: '老板', level: 'forbidden' }])
    expect((await call('GET', `/api/v1/lexicons/${created.id}/versions/9`, { token })).status).toBe(404)
  })

  it('returns 409 when the base version is stale', async () => {
    const office = await makeOffice(['admin'])
    const token = office.tokens.admin
    const created = await json(await call('POST', '/api/v1/lexicons', { token, body: { kind: 'confusable', name: unique('易混词'), entries: [] } }))
    await call('PUT', `/api/v1/lexicons/${created.id}`, { token, body: { baseVersion: 1, entries: [{ wrong: '街到', right: '街道' }] } })
    const res = await call('PUT', `/api/v1/lexicons/${created.id}`, { token, body: { baseVersion: 1, entries: [] } })
    expect(res.status).toBe(409)
    expect((await json(res)).error.details.latestVersion).toBe(2)
  })

  it('validates entries against the kind and enforces the limits', async () => {
    const office = await makeOffice(['admin'])
    const token = office.tokens.admin
    const bad = await call('POST', '/api/v1/lexicons', { token, body: { kind: 'leader', name: unique('名单'), entries: [{ name: '张明' }] } })
    expect(bad.status).toBe(400)
    expect((await json(bad)).error.message).toContain('第 1 条')
    const tooMany = await call('POST', '/api/v1/lexicons', {
      token,
      body: { kind: 'sensitive', name: unique('词'), entries: Array.from({ length: 1001 }, (_, i) => ({ word: `词${i}`, level: 'caution' })) },
    })
    expect(tooMany.status).toBe(400)
    const badDates = await call('POST', '/api/v1/lexicons', { token, body: { kind: 'sensitive', name: unique('词'), entries: [], validFrom: '2024-05-01', validTo: '2024-01-01' } })
    expect(badDates.status).toBe(400)
    const dup = unique('同名')
    expect((await call('POST', '/api/v1/lexicons', { token, body: { kind: 'sensitive', name: dup, entries: [] } })).status).toBe(201)
    expect((await call('POST', '/api/v1/lexicons', { token, body: { kind: 'sensitive', name: dup, entries: [] } })).status).toBe(409)
  })

  it('forbids drafters and readers to write (403) but lets them read', async () => {
    const office = await makeOffice(['admin', 'drafter', 'reader'])
    const created = await json(await call('POST', '/api/v1/lexicons', { token: office.tokens.admin, body: leaderLexicon() }))
    for (const role of ['drafter', 'reader'] as const) {
      const token = office.tokens[role]
      const post = await call('POST', '/api/v1/lexicons', { token, body: leaderLexicon() })
      expect(post.status).toBe(403)
      expect((await json(post)).error.code).toBe('FORBIDDEN')
      expect((await call('PUT', `/api/v1/lexicons/${created.id}`, { token, body: { entries: [] } })).status).toBe(403)
      expect((await call('DELETE', `/api/v1/lexicons/${created.id}`, { token })).status).toBe(403)
      expect((await call('GET', `/api/v1/lexicons/${created.id}`, { token })).status).toBe(200)
    }
  })

  it("answers 404 for another office's lexicon, and never uses it in my checks", async () => {
    const mine = await makeOffice(['admin'])
    const theirs = await makeOffice(['admin'])
    const created = await json(
      await call('POST', '/api/v1/lexicons', { token: theirs.tokens.admin, body: { kind: 'sensitive', name: unique('禁用词'), validFrom: '2000-01-01', entries: [{ word: '老板', level: 'forbidden' }] } }),
    )
    for (const [method, path] of [
      ['GET', `/api/v1/lexicons/${created.id}`],
      ['GET', `/api/v1/lexicons/${created.id}/versions`],
      ['GET', `/api/v1/lexicons/${created.id}/versions/1`],
      ['DELETE', `/api/v1/lexicons/${created.id}`],
    ] as const) {
      expect((await call(method, path, { token: mine.tokens.admin })).status, path).toBe(404)
    }
    expect((await call('PUT', `/api/v1/lexicons/${created.id}`, { token: mine.tokens.admin, body: { entries: [] } })).status).toBe(404)
    expect(await checkIds(mine.tokens.admin, '他是我们的老板。')).toEqual([])
    expect(await checkIds(theirs.tokens.admin, '他是我们的老板。')).toEqual(['lexicons.sensitive.forbidden'])
  })

  it('uses the version in force on the check date, and each leader term by its dates', async () => {
    const office = await makeOffice(['admin'])
    const token = office.tokens.admin
    const created = await json(await call('POST', '/api/v1/lexicons', { token, body: leaderLexicon({ validFrom: '2019-01-01', validTo: '2023-12-31' }) }))
    await call('PUT', `/api/v1/lexicons/${created.id}`, {
      token,
      body: { validFrom: '2024-01-01', entries: [...leaderLexicon().entries, { name: '李华', post: '区长', validFrom: '2024-01-01' }] },
    })
    // 2020: 张明 was 区长, so "区长张明" is right; 2022: he is 区委书记 (version 1 in force)
    expect(await checkIds(token, '区长张明出席会议。', '2020-05-01')).toEqual([])
    expect(await checkIds(token, '区长张明出席会议。', '2022-05-01')).toEqual(['lexicons.leader.outdated-post'])
    // 李华 is only in version 2 (from 2024): in 2022 the name is unknown to the lexicon
    expect(await checkIds(token, '区委书记李华出席会议。', '2022-05-01')).toEqual([])
    expect(await checkIds(token, '区委书记李华出席会议。', '2024-05-01')).toEqual(['lexicons.leader.unknown-post'])
    const active = await json(await call('GET', '/api/v1/lexicons/active?date=2022-05-01', { token }))
    expect(active.used).toEqual([expect.objectContaining({ id: created.id, version: 1 })])
    expect(active.lexicons.leaders).toHaveLength(2)
  })

  it('stops using an archived lexicon, and keeps it readable', async () => {
    const office = await makeOffice(['admin'])
    const token = office.tokens.admin
    const created = await json(await call('POST', '/api/v1/lexicons', { token, body: { kind: 'sensitive', name: unique('禁用词'), validFrom: '2000-01-01', entries: [{ word: '老板', level: 'forbidden' }] } }))
    expect(await checkIds(token, '他是老板。')).toEqual(['lexicons.sensitive.forbidden'])
    expect((await call('DELETE', `/api/v1/lexicons/${created.id}`, { token })).status).toBe(204)
    expect(await checkIds(token, '他是老板。')).toEqual([])
    const got = await json(await call('GET', `/api/v1/lexicons/${created.id}`, { token }))
    expect(got.archivedAt).toBeTruthy()
    expect((await json(await call('GET', '/api/v1/lexicons', { token }))).items).toEqual([])
    expect((await json(await call('GET', '/api/v1/lexicons?includeArchived=true', { token }))).items).toHaveLength(1)
    expect((await call('PUT', `/api/v1/lexicons/${created.id}`, { token, body: { entries: [] } })).status).toBe(409)
  })

  it('returns 401 without a token', async () => {
    expect((await call('GET', '/api/v1/lexicons', { token: null })).status).toBe(401)
    expect((await call('POST', '/api/v1/lexicons', { token: null, body: leaderLexicon() })).status).toBe(401)
  })
})
