import { beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  createPrecedent,
  expectError,
  expectJson,
  listAll,
  makeOffice,
  precedentBody,
  searchFor,
  unique,
  type Office,
} from '../fixtures'

let office: Office
let token: string

beforeAll(async () => {
  office = await makeOffice(['drafter', 'reader'])
  token = office.tokens.drafter
})

const get = (id: string) => call('GET', `/api/v1/precedents/${id}`, { token })

describe('POST /precedents and GET /precedents/{id}', () => {
  it('creates a precedent and reads back every field', async () => {
    const input = precedentBody({ issuer: '中共示例区委办公室', docNumber: '示办发〔2025〕3号' })
    const created = await expectJson(await call('POST', '/api/v1/precedents', { token, body: input }), 201)
    expect(created.id).toMatch(/^pre_/)
    expect(created).toMatchObject({ ...input, fileName: null, hasOriginal: false })
    for (const hidden of ['officeId', 'contentHash', 'fileKey', 'createdBy']) expect(Object.keys(created)).not.toContain(hidden)
    expect(await expectJson(await get(created.id), 200)).toEqual(created)
  })

  it('is found by search under its heading path', async () => {
    const p = await createPrecedent(token)
    const hits = await searchFor(token, '放管服')
    const hit = hits.find((h) => h.id === p.id)
    expect(hit).toBeDefined()
    expect(hit).toMatchObject({ kind: 'precedent', title: p.title, headingPath: ['二、聚焦重点攻坚'] })
    expect(hit!.meta).toMatchObject({ genre: '讲话稿', speaker: '区委书记 张某某', date: '2025-03-05', tags: ['营商环境'] })
  })

  it('refuses a precedent bearing 绝密 with 400 and stores nothing', async () => {
    const title = unique('带密级的讲话')
    const err = await expectError(
      await call('POST', '/api/v1/precedents', { token, body: precedentBody({ title, body: '绝密★10年\n\n关于某事项的工作安排。' }) }),
      400,
      'VALIDATION',
    )
    expect(err.message).toContain('密级')
    expect(err.details).toMatchObject({ reason: 'classified', mark: '绝密★10年' })
    expect((await listAll(token, '/api/v1/precedents')).items.map((p) => p.title)).not.toContain(title)
    expect((await searchFor(token, '某事项的工作安排')).filter((h) => h.text.includes('某事项'))).toEqual([])
  })

  it.each(['绝密★', '机密★', '秘密★1年', '密级：机密'])('refuses a 密级 mark “%s” in the title as well', async (mark) => {
    await expectError(await call('POST', '/api/v1/precedents', { token, body: precedentBody({ title: `${mark} 某讲话` }) }), 400, 'VALIDATION')
  })

  it('accepts prose about 保守国家秘密', async () => {
    const p = await createPrecedent(token, { body: '各级党组织要教育党员干部保守国家秘密，筑牢保密防线。' })
    expect((await expectJson(await get(p.id), 200)).body).toContain('保守国家秘密')
  })
})

describe('dedup', () => {
  it('returns 409 when the same body is posted twice, naming the first', async () => {
    const body = precedentBody()
    const first = await expectJson(await call('POST', '/api/v1/precedents', { token, body }), 201)
    const err = await expectError(await call('POST', '/api/v1/precedents', { token, body: { ...body, title: '另一个标题' } }), 409, 'CONFLICT')
    expect(err.details.duplicateOf).toBe(first.id)
  })

  it('treats a body differing only in whitespace as the same', async () => {
    const first = await createPrecedent(token, { body: `同志们：\n\n今天${unique('')}我们召开会议。` })
    const spaced = first.body.replace(/\n\n/g, '\n \n  ').replace('今天', '今天 ')
    const err = await expectError(await call('POST', '/api/v1/precedents', { token, body: precedentBody({ body: spaced }) }), 409, 'CONFLICT')
    expect(err.details.duplicateOf).toBe(first.id)
  })

  it('a PATCH that makes a body identical to another precedent answers 409 and changes nothing', async () => {
    const a = await createPrecedent(token)
    const b = await createPrecedent(token)
    const err = await expectError(await call('PATCH', `/api/v1/precedents/${b.id}`, { token, body: { body: a.body } }), 409, 'CONFLICT')
    expect(err.details.duplicateOf).toBe(a.id)
    expect(await expectJson(await get(b.id), 200)).toEqual(b)
  })

  it('a PATCH that keeps its own body is not a conflict with itself', async () => {
    const p = await createPrecedent(token)
    const updated = await expectJson(await call('PATCH', `/api/v1/precedents/${p.id}`, { token, body: { body: p.body, speaker: '区长 王某' } }), 200)
    expect(updated.speaker).toBe('区长 王某')
  })
})

describe('PATCH /precedents/{id}', () => {
  it('updates the given fields, keeps the others, and reads back', async () => {
    const p = await createPrecedent(token)
    const updated = await expectJson(
      await call('PATCH', `/api/v1/precedents/${p.id}`, { token, body: { genre: '调研报告', tags: ['营商环境', '调研'], speaker: null } }),
      200,
    )
    expect(updated).toMatchObject({ title: p.title, body: p.body, genre: '调研报告', tags: ['营商环境', '调研'], speaker: null, createdAt: p.createdAt })
    expect(await expectJson(await get(p.id), 200)).toEqual(updated)
  })

  it('search reflects the update: old words are gone, new words are found', async () => {
    const p = await createPrecedent(token, { body: '同志们：\n\n今年要抓好秸秆综合利用，守住耕地红线。' })
    expect((await searchFor(token, '秸秆')).map((h) => h.id)).toContain(p.id)
    await expectJson(
      await call('PATCH', `/api/v1/precedents/${p.id}`, { token, body: { body: '同志们：\n\n## 一、抓好冬春消防\n\n要排查高层建筑消防通道。' } }),
      200,
    )
    expect((await searchFor(token, '秸秆')).map((h) => h.id)).not.toContain(p.id)
    const hit = (await searchFor(token, '消防通道')).find((h) => h.id === p.id)
    expect(hit?.headingPath).toEqual(['一、抓好冬春消防'])
  })

  it('search filters follow an updated genre and date', async () => {
    const p = await createPrecedent(token, { body: `同志们：\n\n${unique('')}推进数字乡村建设。`, genre: '讲话稿', date: '2024-05-01' })
    await expectJson(await call('PATCH', `/api/v1/precedents/${p.id}`, { token, body: { genre: '通知', date: '2025-09-01' } }), 200)
    expect((await searchFor(token, '数字乡村', { genre: '通知' })).map((h) => h.id)).toContain(p.id)
    expect((await searchFor(token, '数字乡村', { genre: '讲话稿' })).map((h) => h.id)).not.toContain(p.id)
    expect((await searchFor(token, '数字乡村', { from: '2025-01-01' })).map((h) => h.id)).toContain(p.id)
    expect((await searchFor(token, '数字乡村', { to: '2024-12-31' })).map((h) => h.id)).not.toContain(p.id)
  })

  it('refuses a PATCH adding a 密级 mark and keeps the text', async () => {
    const p = await createPrecedent(token)
    const err = await expectError(await call('PATCH', `/api/v1/precedents/${p.id}`, { token, body: { body: `机密★1年\n${p.body}` } }), 400, 'VALIDATION')
    expect(err.message).toContain('密级')
    expect(await expectJson(await get(p.id), 200)).toEqual(p)
  })
})

describe('DELETE /precedents/{id}', () => {
  it('deletes: then 404, gone from list and search, and the same body may be added again', async () => {
    const p = await createPrecedent(token, { body: `同志们：\n\n${unique('')}要抓好城乡环境综合整治。` })
    expect((await searchFor(token, '综合整治')).map((h) => h.id)).toContain(p.id)
    expect((await call('DELETE', `/api/v1/precedents/${p.id}`, { token })).status).toBe(204)
    await expectError(await get(p.id), 404, 'NOT_FOUND')
    expect((await searchFor(token, '综合整治')).map((h) => h.id)).not.toContain(p.id)
    expect((await listAll(token, '/api/v1/precedents')).ids).not.toContain(p.id)
    const again = await createPrecedent(token, { body: p.body })
    expect(again.id).not.toBe(p.id)
  })
})

describe('GET /precedents filters and pagination', () => {
  let own: Office
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    own = await makeOffice(['drafter'])
    const t = own.tokens.drafter
    ids.speech = (await createPrecedent(t, { genre: '讲话稿', tags: ['营商环境'], sensitivity: 'public', date: '2024-03-01' })).id
    ids.notice = (await createPrecedent(t, { genre: '通知', tags: ['防汛', '安全'], sensitivity: 'internal', date: '2025-06-01' })).id
    ids.report = (await createPrecedent(t, { genre: '调研报告', tags: ['安全'], sensitivity: 'restricted', date: '2025-12-31' })).id
    ids.undated = (await createPrecedent(t, { genre: '通知', tags: [], sensitivity: 'internal', date: null })).id
  })

  it.each([
    [{ genre: '通知' }, ['notice', 'undated']],
    [{ genre: '讲话稿' }, ['speech']],
    [{ genre: '函' }, []],
    [{ tag: '安全' }, ['notice', 'report']],
    [{ tag: '防汛' }, ['notice']],
    [{ sensitivity: 'internal' }, ['notice', 'undated']],
    [{ sensitivity: 'restricted' }, ['report']],
    [{ from: '2025-01-01' }, ['notice', 'report']],
    [{ to: '2025-06-01' }, ['speech', 'notice']],
    [{ from: '2025-06-02', to: '2025-12-31' }, ['report']],
    [{ genre: '通知', tag: '安全' }, ['notice']],
  ] as [Record<string, string>, string[]][])('filters by %j', async (params, expected) => {
    const got = (await listAll(own.tokens.drafter, '/api/v1/precedents', params)).ids.sort()
    expect(got).toEqual(expected.map((k) => ids[k]!).sort())
  })

  it('walks all pages without duplicates or gaps', async () => {
    const o = await makeOffice(['drafter'])
    const made: string[] = []
    for (let i = 0; i < 11; i++) made.push((await createPrecedent(o.tokens.drafter)).id)
    for (const limit of [1, 3, 10, 11, 100]) {
      const { ids: seen, pages } = await listAll(o.tokens.drafter, '/api/v1/precedents', {}, limit)
      expect(seen.sort()).toEqual([...made].sort())
      expect(pages).toBe(Math.ceil(11 / limit))
    }
  })
})
