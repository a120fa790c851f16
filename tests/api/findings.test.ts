import { beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  createFinding,
  createSurvey,
  expectError,
  expectJson,
  findingBody,
  listAll,
  makeOffice,
  searchFor,
  unique,
  type Office,
} from '../fixtures'

let office: Office
let token: string

beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter', 'reader'])
  token = office.tokens.drafter
})

const get = (id: string) => call('GET', `/api/v1/findings/${id}`, { token })

describe('POST /findings and GET /findings/{id}', () => {
  it('creates a finding and reads back every field', async () => {
    const survey = await createSurvey(token)
    const input = findingBody({ surveyId: survey.id, sensitivity: 'internal' })
    const created = await expectJson(await call('POST', '/api/v1/findings', { token, body: input }), 201)
    expect(created.id).toMatch(/^fnd_/)
    const expected = {
      id: created.id,
      surveyId: survey.id,
      title: input.title,
      body: input.body,
      topic: '营商环境',
      tags: ['营商环境', '审批'],
      source: { kind: '座谈', unit: '城东街道', person: '王某（企业负责人）' },
      observedOn: '2026-04-12',
      caliber: '审批用时按工作日计，自受理至办结',
      figures: [{ value: 28, unit: '个工作日', what: '项目审批平均用时' }],
      sensitivity: 'internal',
    }
    expect(created).toMatchObject(expected)
    const read = await expectJson(await get(created.id), 200)
    expect(read).toEqual(created)
    expect(read.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  })

  it('fills defaults for what is left out', async () => {
    const created = await expectJson(
      await call('POST', '/api/v1/findings', { token, body: { title: unique('最简发现'), body: '只有标题和正文。', source: { kind: '走访' } } }),
      201,
    )
    const read = await expectJson(await get(created.id), 200)
    expect(read).toMatchObject({
      surveyId: null,
      topic: null,
      tags: [],
      source: { kind: '走访', unit: null, person: null },
      observedOn: null,
      caliber: null,
      figures: [],
      sensitivity: 'internal',
    })
  })

  it('trims surrounding whitespace from text fields', async () => {
    const title = unique('带空格的标题')
    const created = await createFinding(token, { title: `  ${title}  `, tags: ['  走访 '] })
    expect(created.title).toBe(title)
    expect(created.tags).toEqual(['走访'])
  })

  it('is found by search right after it is created', async () => {
    const f = await createFinding(token, { title: unique('夜间经济'), body: '步行街夜间客流同比增长三成，夜市摊位供不应求。' })
    const hits = await searchFor(token, '夜市摊位')
    expect(hits.map((h) => h.id)).toContain(f.id)
    expect(hits.find((h) => h.id === f.id)).toMatchObject({ kind: 'finding', title: f.title })
  })
})

describe('dedup', () => {
  it('returns 409 when the same content is posted twice, naming the first', async () => {
    const body = findingBody()
    const first = await expectJson(await call('POST', '/api/v1/findings', { token, body }), 201)
    const err = await expectError(await call('POST', '/api/v1/findings', { token, body }), 409, 'CONFLICT')
    expect(err.details.duplicateOf).toBe(first.id)
    const { items } = await listAll(token, '/api/v1/findings', { tag: '审批' })
    expect(items.filter((f) => f.title === body.title)).toHaveLength(1)
  })

  it('treats differences in whitespace within the body as the same content', async () => {
    const body = findingBody({ body: '社区食堂 覆盖 12 个社区，日均就餐 800 人次。' })
    const first = await createFinding(token, body)
    const err = await expectError(
      await call('POST', '/api/v1/findings', { token, body: { ...body, body: '社区食堂覆盖12个社区，\n日均就餐800人次。' } }),
      409,
      'CONFLICT',
    )
    expect(err.details.duplicateOf).toBe(first.id)
  })

  it('the same body under a different title is a different finding', async () => {
    const a = await createFinding(token, { body: '同样的正文，不同的标题。' })
    const b = await createFinding(token, { body: '同样的正文，不同的标题。' })
    expect(b.id).not.toBe(a.id)
  })

  it('a PATCH that makes a finding identical to another answers 409 and changes nothing', async () => {
    const a = await createFinding(token)
    const b = await createFinding(token)
    const res = await call('PATCH', `/api/v1/findings/${b.id}`, { token, body: { title: a.title, body: a.body } })
    const err = await expectError(res, 409, 'CONFLICT')
    expect(err.details.duplicateOf).toBe(a.id)
    expect(await expectJson(await get(b.id), 200)).toEqual(b)
  })
})

describe('PATCH /findings/{id}', () => {
  it('updates the given fields, keeps the others, and reads back', async () => {
    const f = await createFinding(token)
    const res = await call('PATCH', `/api/v1/findings/${f.id}`, {
      token,
      body: { topic: '民营经济', figures: [{ value: 30, unit: '%', what: '审批提速' }], source: { kind: '座谈', person: '李某' } },
    })
    const updated = await expectJson(res, 200)
    const read = await expectJson(await get(f.id), 200)
    expect(read).toEqual(updated)
    expect(read).toMatchObject({
      title: f.title,
      body: f.body,
      topic: '民营经济',
      figures: [{ value: 30, unit: '%', what: '审批提速' }],
      source: { kind: '座谈', unit: '城东街道', person: '李某' },
      createdAt: f.createdAt,
    })
    expect(read.updatedAt >= f.updatedAt).toBe(true)
  })

  it('updates a finding created without source unit or person', async () => {
    const f = await createFinding(token, { source: { kind: '走访' } })
    expect(f.source).toEqual({ kind: '走访', unit: null, person: null })
    const updated = await expectJson(await call('PATCH', `/api/v1/findings/${f.id}`, { token, body: { topic: '城市管理' } }), 200)
    expect(updated).toMatchObject({ topic: '城市管理', source: { kind: '走访', unit: null, person: null } })
    expect(await expectJson(await get(f.id), 200)).toEqual(updated)
  })

  it('clears the source unit with null', async () => {
    const f = await createFinding(token)
    await expectJson(await call('PATCH', `/api/v1/findings/${f.id}`, { token, body: { source: { kind: '会议', unit: null } } }), 200)
    expect((await expectJson(await get(f.id), 200)).source).toEqual({ kind: '会议', unit: null, person: '王某（企业负责人）' })
  })

  it('clears nullable fields with null', async () => {
    const f = await createFinding(token)
    await expectJson(await call('PATCH', `/api/v1/findings/${f.id}`, { token, body: { topic: null, caliber: null, observedOn: null } }), 200)
    expect(await expectJson(await get(f.id), 200)).toMatchObject({ topic: null, caliber: null, observedOn: null })
  })

  it('search reflects the update: old words are gone, new words are found', async () => {
    const f = await createFinding(token, { title: unique('河道保洁'), body: '河道保洁外包后，漂浮物投诉减少。' })
    expect((await searchFor(token, '漂浮物')).map((h) => h.id)).toContain(f.id)

    await expectJson(await call('PATCH', `/api/v1/findings/${f.id}`, { token, body: { body: '垃圾分类督导员到岗率提高到九成。' } }), 200)
    expect((await searchFor(token, '漂浮物')).map((h) => h.id)).not.toContain(f.id)
    const hits = await searchFor(token, '督导员')
    expect(hits.map((h) => h.id)).toContain(f.id)
    expect(hits.find((h) => h.id === f.id)!.text).toContain('到岗率')
  })

  it('search reflects a new title and new tags', async () => {
    const f = await createFinding(token, { title: unique('旧标题甲乙'), tags: ['旧标签'] })
    await expectJson(await call('PATCH', `/api/v1/findings/${f.id}`, { token, body: { title: '新标题丙丁', tags: ['新标签'] } }), 200)
    expect((await searchFor(token, '丙丁')).map((h) => h.id)).toContain(f.id)
    expect((await searchFor(token, '甲乙')).map((h) => h.id)).not.toContain(f.id)
    expect((await searchFor(token, '丙丁', { tag: '新标签' })).map((h) => h.id)).toContain(f.id)
    expect((await searchFor(token, '丙丁', { tag: '旧标签' })).map((h) => h.id)).not.toContain(f.id)
  })

  it('moves a finding to another survey and out of the first survey’s list', async () => {
    const s1 = await createSurvey(token)
    const s2 = await createSurvey(token)
    const f = await createFinding(token, { surveyId: s1.id })
    await expectJson(await call('PATCH', `/api/v1/findings/${f.id}`, { token, body: { surveyId: s2.id } }), 200)
    expect((await listAll(token, '/api/v1/findings', { surveyId: s1.id })).ids).toEqual([])
    expect((await listAll(token, '/api/v1/findings', { surveyId: s2.id })).ids).toEqual([f.id])
  })

  it('refuses a survey that does not exist and leaves the finding unchanged', async () => {
    const f = await createFinding(token)
    await expectError(await call('PATCH', `/api/v1/findings/${f.id}`, { token, body: { surveyId: 'srv_missing' } }), 400, 'VALIDATION')
    expect(await expectJson(await get(f.id), 200)).toEqual(f)
  })
})

describe('DELETE /findings/{id}', () => {
  it('deletes: then 404, gone from the list and from search', async () => {
    const f = await createFinding(token, { title: unique('待删除'), body: '城西菜市场改造后摊位租金下降。' })
    expect((await searchFor(token, '菜市场')).map((h) => h.id)).toContain(f.id)
    const res = await call('DELETE', `/api/v1/findings/${f.id}`, { token })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    await expectError(await get(f.id), 404, 'NOT_FOUND')
    expect((await searchFor(token, '菜市场')).map((h) => h.id)).not.toContain(f.id)
    expect((await listAll(token, '/api/v1/findings')).ids).not.toContain(f.id)
    await expectError(await call('DELETE', `/api/v1/findings/${f.id}`, { token }), 404, 'NOT_FOUND')
  })

  it('the same content can be added again after deletion', async () => {
    const body = findingBody()
    const first = await createFinding(token, body)
    expect((await call('DELETE', `/api/v1/findings/${first.id}`, { token })).status).toBe(204)
    const again = await expectJson(await call('POST', '/api/v1/findings', { token, body }), 201)
    expect(again.id).not.toBe(first.id)
  })
})

describe('GET /findings filters and pagination', () => {
  let own: Office
  let ids: Record<string, string>

  beforeAll(async () => {
    own = await makeOffice(['drafter'])
    const t = own.tokens.drafter
    const s = await createSurvey(t)
    const make = async (key: string, o: Record<string, unknown>) => [key, (await createFinding(t, o)).id] as const
    ids = Object.fromEntries([
      await make('survey', { surveyId: s.id, topic: '养老服务', tags: ['养老'], source: { kind: '走访' }, observedOn: '2026-01-10', sensitivity: 'public' }),
      await make('topic', { topic: '营商环境', tags: ['审批'], source: { kind: '座谈' }, observedOn: '2026-02-10', sensitivity: 'internal' }),
      await make('stats', { topic: '营商环境', tags: ['审批', '数据'], source: { kind: '统计数据' }, observedOn: '2026-03-10', sensitivity: 'restricted' }),
      await make('nodate', { topic: '网格治理', tags: [], source: { kind: '问卷' }, observedOn: null, sensitivity: 'internal' }),
    ])
    ids.surveyId = s.id
  })

  const listIds = async (params: Record<string, string>) => (await listAll(own.tokens.drafter, '/api/v1/findings', params)).ids.sort()
  const sorted = (...keys: string[]) => keys.map((k) => ids[k]!).sort()

  it.each([
    [{ surveyId: 'survey' }, ['survey']],
    [{ topic: '营商环境' }, ['topic', 'stats']],
    [{ tag: '审批' }, ['topic', 'stats']],
    [{ tag: '数据' }, ['stats']],
    [{ tag: '审' }, []],
    [{ sourceKind: '走访' }, ['survey']],
    [{ sourceKind: '统计数据' }, ['stats']],
    [{ sensitivity: 'internal' }, ['topic', 'nodate']],
    [{ sensitivity: 'restricted' }, ['stats']],
    [{ from: '2026-02-10' }, ['topic', 'stats']],
    [{ to: '2026-02-10' }, ['survey', 'topic']],
    [{ from: '2026-01-11', to: '2026-03-09' }, ['topic']],
    [{ topic: '营商环境', sensitivity: 'internal' }, ['topic']],
    [{ topic: '不存在的主题' }, []],
  ] as [Record<string, string>, string[]][])('filters by %j', async (params, expected) => {
    const p = { ...params }
    if (p.surveyId) p.surveyId = ids.surveyId!
    expect(await listIds(p)).toEqual(sorted(...expected))
  })

  it('lists everything of the office without filters, newest first', async () => {
    const { items } = await listAll(own.tokens.drafter, '/api/v1/findings')
    expect(items.map((f) => f.id).sort()).toEqual(sorted('survey', 'topic', 'stats', 'nodate'))
    const keys = items.map((f) => `${f.createdAt}|${f.id}`)
    expect(keys).toEqual([...keys].sort().reverse())
  })

  it('walks all pages without duplicates or gaps', async () => {
    const o = await makeOffice(['drafter'])
    const made: string[] = []
    for (let i = 0; i < 23; i++) made.push((await createFinding(o.tokens.drafter, { tags: ['分页'] })).id)
    for (const limit of [1, 5, 10, 22, 23, 100]) {
      const { ids: seen, pages } = await listAll(o.tokens.drafter, '/api/v1/findings', {}, limit)
      expect(seen.sort()).toEqual([...made].sort())
      expect(pages).toBe(Math.max(1, Math.ceil(23 / limit)))
    }
  })

  it('a cursor with a filter stays within the filter', async () => {
    const o = await makeOffice(['drafter'])
    const wanted: string[] = []
    for (let i = 0; i < 9; i++) {
      const f = await createFinding(o.tokens.drafter, { tags: [i % 2 ? '奇' : '偶'] })
      if (i % 2 === 0) wanted.push(f.id)
    }
    const { ids: seen } = await listAll(o.tokens.drafter, '/api/v1/findings', { tag: '偶' }, 2)
    expect(seen.sort()).toEqual(wanted.sort())
  })

  it('a page has nextCursor null when nothing follows', async () => {
    const o = await makeOffice(['drafter'])
    await createFinding(o.tokens.drafter)
    await createFinding(o.tokens.drafter)
    const page = await expectJson(await call('GET', '/api/v1/findings?limit=2', { token: o.tokens.drafter }), 200)
    expect(page.items).toHaveLength(2)
    expect(page.nextCursor).toBeNull()
    const first = await expectJson(await call('GET', '/api/v1/findings?limit=1', { token: o.tokens.drafter }), 200)
    expect(first.nextCursor).toEqual(expect.any(String))
  })

  it('findings created after the first page appear at the top, not in later pages', async () => {
    const o = await makeOffice(['drafter'])
    const t = o.tokens.drafter
    const old: string[] = []
    for (let i = 0; i < 4; i++) old.push((await createFinding(t)).id)
    const p1 = await expectJson(await call('GET', '/api/v1/findings?limit=2', { token: t }), 200)
    const late = await createFinding(t)
    const p2 = await expectJson(await call('GET', `/api/v1/findings?limit=10&cursor=${p1.nextCursor}`, { token: t }), 200)
    const seen = [...p1.items, ...p2.items].map((f: { id: string }) => f.id)
    expect(seen.sort()).toEqual([...old].sort())
    expect(seen).not.toContain(late.id)
  })
})

describe('POST /findings/batch', () => {
  it('reports each item by line: imported, duplicate, invalid', async () => {
    const o = await makeOffice(['drafter'])
    const t = o.tokens.drafter
    const existing = await createFinding(t)
    const good1 = findingBody()
    const good2 = findingBody({ source: { kind: '问卷' } })
    const items = [
      good1,
      { title: existing.title, body: existing.body, source: { kind: '座谈' } },
      findingBody({ figures: [{ value: '很多', unit: '个', what: '数量' }] }),
      good2,
      good1,
      { title: '缺少来源', body: '没有 source 字段。' },
      findingBody({ body: '机密★1年\n某项工作安排。' }),
    ]
    const report = await expectJson(await call('POST', '/api/v1/findings/batch', { token: t, body: { items } }), 200)
    expect(report.summary).toEqual({ files: 0, imported: 2, skipped: 2, refused: 3 })
    expect(report.imported.map((i: { line: number }) => i.line)).toEqual([1, 4])
    expect(report.imported.map((i: { title: string }) => i.title)).toEqual([good1.title, good2.title])
    expect(report.skipped).toEqual([
      expect.objectContaining({ line: 2, duplicateOf: existing.id }),
      expect.objectContaining({ line: 5, duplicateOf: report.imported[0].id }),
    ])
    const refused = Object.fromEntries(report.refused.map((r: { line: number; reason: string }) => [r.line, r.reason]))
    expect(Object.keys(refused).map(Number)).toEqual([3, 6, 7])
    expect(refused[3]).toContain('figures.0.value')
    expect(refused[6]).toContain('source')
    expect(refused[7]).toContain('密级')

    for (const item of report.imported) {
      const read = await expectJson(await call('GET', `/api/v1/findings/${item.id}`, { token: t }), 200)
      expect(read.title).toBe(item.title)
    }
    expect((await listAll(t, '/api/v1/findings')).ids.sort()).toEqual([existing.id, ...report.imported.map((i: { id: string }) => i.id)].sort())
  })

  it('imported items are searchable', async () => {
    const o = await makeOffice(['drafter'])
    const report = await expectJson(
      await call('POST', '/api/v1/findings/batch', {
        token: o.tokens.drafter,
        body: { items: [findingBody({ body: '托育机构新增普惠托位三百个。' })] },
      }),
      200,
    )
    expect((await searchFor(o.tokens.drafter, '普惠托位')).map((h) => h.id)).toEqual([report.imported[0].id])
  })

  it('answers 400 for an empty list or more than 200 items, storing nothing', async () => {
    const o = await makeOffice(['drafter'])
    await expectError(await call('POST', '/api/v1/findings/batch', { token: o.tokens.drafter, body: { items: [] } }), 400, 'VALIDATION')
    const many = Array.from({ length: 201 }, () => findingBody())
    await expectError(await call('POST', '/api/v1/findings/batch', { token: o.tokens.drafter, body: { items: many } }), 400, 'VALIDATION')
    await expectError(await call('POST', '/api/v1/findings/batch', { token: o.tokens.drafter, body: { items: 'x' } }), 400, 'VALIDATION')
    expect((await listAll(o.tokens.drafter, '/api/v1/findings')).ids).toEqual([])
  })
})

describe('密级 screening of findings', () => {
  it.each(['机密★1年', '秘密★', '绝密', '密级：秘密'])('refuses a finding bearing “%s” with 400 and stores nothing', async (mark) => {
    const title = unique('带密级的发现')
    const err = await expectError(
      await call('POST', '/api/v1/findings', { token, body: findingBody({ title, body: `${mark}\n有关工作部署情况。` }) }),
      400,
      'VALIDATION',
    )
    expect(err.message).toContain('密级')
    expect(err.details.reason).toBe('classified')
    const { items } = await listAll(token, '/api/v1/findings')
    expect(items.map((f) => f.title)).not.toContain(title)
  })

  it('accepts a finding that mentions 保守国家秘密 in prose', async () => {
    const f = await createFinding(token, { body: '座谈中强调要保守国家秘密，严格落实保密责任制。' })
    expect((await expectJson(await get(f.id), 200)).body).toContain('保守国家秘密')
  })

  it('refuses a PATCH that adds a 密级 mark and keeps the old text', async () => {
    const f = await createFinding(token)
    await expectError(await call('PATCH', `/api/v1/findings/${f.id}`, { token, body: { body: '秘密★6个月\n调整后的内容。' } }), 400, 'VALIDATION')
    expect(await expectJson(await get(f.id), 200)).toEqual(f)
  })
})

describe('findings: 密级 marks outside title and body', () => {
  it.each([
    ['caliber', { caliber: '密级：机密' }],
    ['a figure', { figures: [{ value: 3, unit: '个', what: '秘密★项目数' }] }],
    ['the source unit', { source: { kind: '文件', unit: '机密★某单位' } }],
  ])('refuses a mark in %s', async (_, override) => {
    const o = await makeOffice(['drafter'])
    const res = await call('POST', '/api/v1/findings', { token: o.tokens.drafter, body: findingBody(override) })
    expect((await expectError(res, 400, 'VALIDATION')).message).toContain('密级')
    expect((await listAll(o.tokens.drafter, '/api/v1/findings')).ids).toEqual([])
  })
})
