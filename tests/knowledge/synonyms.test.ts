/**
 * Synonyms in search: the built-in table (两新 → 大规模设备更新和消费品以旧换新, former organisation
 * names) and an office's own `synonym` lexicon, which takes effect on the very next search and
 * stops with a new version or when archived — nothing is re-indexed.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { call, createFinding, createPrecedent, expectError, expectJson, makeOffice, searchFor, unique, type Office } from '../fixtures'

let office: Office
let other: Office
const ids: Record<string, string> = {}

beforeAll(async () => {
  ;[office, other] = await Promise.all([makeOffice(['admin', 'reviewer', 'drafter', 'reader']), makeOffice(['admin', 'drafter'])])
  const t = office.tokens.drafter
  ids.twoNew = (await createFinding(t, { title: '设备更新调研', body: '全区推动大规模设备更新和消费品以旧换新，上半年带动投资3.2亿元。', topic: '经济运行' })).id
  ids.renewal = (await createFinding(t, { title: '城市更新进展', body: '示例区城市更新三年行动实施以来，完成老旧街区改造12片，惠及居民8600户。', topic: '城市建设' })).id
  ids.formerName = (await createPrecedent(t, { title: unique('关于在建工程质量检查的通报'), genre: '通报', body: '示例区建委组织开展了在建工程质量专项检查，发现问题37个，已全部整改。' })).id
  // the other office has the same passage: it must never appear in this office's results
  await createFinding(other.tokens.drafter, { title: '城市更新进展', body: '示例区城市更新三年行动实施以来，完成老旧街区改造12片。', topic: '城市建设' })
})

const hitIds = async (token: string, q: string, params: Record<string, string> = {}) => (await searchFor(token, q, params)).map((r) => r.id)

describe('built-in synonyms', () => {
  it('finds the full form from the abbreviation, and not when expansion is turned off', async () => {
    expect(await hitIds(office.tokens.reader, '两新')).toContain(ids.twoNew)
    expect(await hitIds(office.tokens.reader, '两新', { expand: 'false' })).not.toContain(ids.twoNew)
  })

  it('expands an abbreviation inside a longer term', async () => {
    const results = await searchFor(office.tokens.reader, '两新工作')
    expect(results.map((r) => r.id)).toContain(ids.twoNew)
    expect(results.find((r) => r.id === ids.twoNew)!.snippet).toContain('<mark>')
  })
})

describe("an office's synonym lexicon", () => {
  let lexiconId: string

  it('is refused with a Chinese message when an entry names no other form', async () => {
    const res = await call('POST', '/api/v1/lexicons', { token: office.tokens.admin, body: { kind: 'synonym', name: unique('同义词'), entries: [{ term: '城市更新三年行动' }] } })
    const err = await expectError(res, 400, 'VALIDATION')
    expect(JSON.stringify(err.details)).toContain('至少填写一个简称、别称或曾用名')
  })

  it('takes effect on the next search, without re-indexing', async () => {
    expect(await hitIds(office.tokens.reader, '旧改攻坚')).not.toContain(ids.renewal)
    expect(await hitIds(office.tokens.reader, '住房和城乡建设局')).not.toContain(ids.formerName)
    const created = await expectJson(
      await call('POST', '/api/v1/lexicons', {
        token: office.tokens.reviewer,
        body: {
          kind: 'synonym',
          name: unique('本区简称'),
          validFrom: '2020-01-01',
          entries: [
            { term: '城市更新三年行动', abbreviations: ['旧改攻坚'], note: '区委常委会2024年第3次会议用语' },
            { term: '住房和城乡建设局', formerNames: ['建委'] },
          ],
        },
      }),
      201,
    )
    lexiconId = created.id
    expect(created).toMatchObject({ kind: 'synonym', latestVersion: 1 })
    expect(await hitIds(office.tokens.reader, '旧改攻坚')).toContain(ids.renewal)
    expect(await hitIds(office.tokens.reader, '住房和城乡建设局')).toContain(ids.formerName)
  })

  it('never reaches another office', async () => {
    expect(await searchFor(other.tokens.drafter, '旧改攻坚')).toEqual([])
  })

  it('stops when a new version drops the entry, and when the lexicon is archived', async () => {
    await expectJson(
      await call('PUT', `/api/v1/lexicons/${lexiconId}`, { token: office.tokens.admin, body: { validFrom: '2020-01-01', entries: [{ term: '住房和城乡建设局', formerNames: ['建委'] }] } }),
      200,
    )
    expect(await hitIds(office.tokens.reader, '旧改攻坚')).not.toContain(ids.renewal)
    expect(await hitIds(office.tokens.reader, '住房和城乡建设局')).toContain(ids.formerName)
    expect((await call('DELETE', `/api/v1/lexicons/${lexiconId}`, { token: office.tokens.admin })).status).toBe(204)
    expect(await hitIds(office.tokens.reader, '住房和城乡建设局')).not.toContain(ids.formerName)
  })

  it('is listed with the other lexicons by kind', async () => {
    const list = await expectJson(await call('GET', '/api/v1/lexicons?kind=synonym&includeArchived=true', { token: office.tokens.reader }), 200)
    expect(list.items.map((l: { id: string }) => l.id)).toContain(lexiconId)
  })
})
