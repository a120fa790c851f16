import { beforeAll, describe, expect, it } from 'vitest'
import { call, createFinding, createPrecedent, expectError, expectJson, makeOffice, searchFor, unique, type Office } from '../fixtures'

let office: Office
let token: string
const ids: Record<string, string> = {}

/** A small, known corpus in an office of its own. */
beforeAll(async () => {
  office = await makeOffice(['drafter', 'reader'])
  token = office.tokens.reader
  const t = office.tokens.drafter
  const f = async (key: string, o: Record<string, unknown>) => (ids[key] = (await createFinding(t, o)).id)
  const p = async (key: string, o: Record<string, unknown>) => (ids[key] = (await createPrecedent(t, o)).id)

  await f('business', {
    title: '城东街道营商环境座谈',
    body: '企业反映项目审批用时压缩到28个工作日，但水电气报装仍需多头跑。',
    tags: ['营商环境'],
    observedOn: '2026-04-12',
  })
  await f('elderly', {
    title: '养老服务走访',
    body: '社区嵌入式养老服务站覆盖率达到80%，老年助餐点日均服务500人次。',
    tags: ['养老'],
    topic: '民生',
    observedOn: '2025-10-01',
  })
  await f('grid', {
    title: '网格化治理问卷',
    body: '网格员平均每人联系300户，居民对网格员的知晓率不高，乡镇一级力量薄弱。',
    tags: ['网格', '基层治理'],
    observedOn: '2026-01-20',
  })
  await f('economy', {
    title: '2023年经济运行情况',
    body: '2023年全区GDP增长5.2%，城镇居民人均可支配收入增长4.8%。',
    tags: ['经济'],
    source: { kind: '统计数据' },
    observedOn: '2024-02-01',
  })
  await f('html', {
    title: '门户网站留言分析',
    body: '有网民留言<script>alert(1)</script>要求公开招标结果 & 评标细则，并附<b>截图</b>。',
    tags: ['政务公开'],
    observedOn: '2026-03-03',
  })
  await f('split', {
    title: '托育需求调查',
    body: '家长希望托育机构采用嵌入式布局，同时兼顾社区养老设施共建共享。',
    tags: ['托育'],
    observedOn: '2026-02-02',
  })
  await f('titleHit', { title: '楼宇党建工作经验', body: '商务区写字楼集中，非公企业党组织覆盖仍有空白。', tags: ['党建'] })
  await f('bodyHit', { title: '写字楼调研随记', body: '部分园区探索楼宇党建，由物业牵头组建联合党支部。', tags: ['党建'] })
  await p('speech', {
    genre: '讲话稿',
    title: '在全区营商环境大会上的讲话',
    date: '2025-03-05',
    tags: ['营商环境'],
    body: '同志们：\n\n今天召开大会，部署优化营商环境工作。\n\n## 一、优化政务服务\n\n推行“一件事一次办”，压减审批环节。\n\n## 二、强化要素保障\n\n保障企业用地用能需求。',
  })
  await p('notice', {
    genre: '通知',
    title: '关于开展网格员业务培训的通知',
    date: '2024-06-01',
    tags: ['网格'],
    body: '各街道：\n\n为提升网格员履职能力，定于6月中旬开展集中培训。',
  })
})

const idsOf = (hits: { id: string }[]) => hits.map((h) => h.id)
/** The documents hit, by key, in rank order; a document hit in several chunks counts once. */
const keysOf = (hits: { id: string }[]) => {
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]))
  return [...new Set(hits.map((h) => byId[h.id] ?? h.id))]
}

describe('GET /search: Chinese terms of every length', () => {
  it.each([
    ['养', ['elderly', 'split']],
    ['跑', ['business']],
    ['镇', ['grid', 'economy']],
  ])('finds a 1-character term “%s” anywhere in a word', async (q, expected) => {
    expect(keysOf(await searchFor(token, q)).sort()).toEqual(expect.arrayContaining(expected))
    for (const hit of await searchFor(token, q)) expect(hit.title + hit.text).toContain(q)
  })

  it.each([
    ['营商', ['business', 'speech']],
    ['养老', ['elderly', 'split']],
    ['网格', ['grid', 'notice']],
    ['助餐', ['elderly']],
    ['座谈', ['business']],
  ])('finds the 2-character term “%s” in exactly the texts that contain it', async (q, expected) => {
    expect(keysOf(await searchFor(token, q)).sort()).toEqual([...expected].sort())
  })

  it.each([
    ['水电气报装', 'business'],
    ['老年助餐点', 'elderly'],
    ['网格员知晓率', 'grid'],
    ['可支配收入', 'economy'],
    ['一件事一次办', 'speech'],
  ])('ranks the text containing the whole longer term “%s” first', async (q, key) => {
    const hits = await searchFor(token, q)
    expect(keysOf(hits)[0]).toBe(key)
  })

  it('finds a term that appears only in the title', async () => {
    const hits = await searchFor(token, '走访')
    expect(keysOf(hits)).toEqual(['elderly'])
  })

  it('finds a term in a heading and reports the heading path', async () => {
    const hit = (await searchFor(token, '政务服务')).find((h) => h.id === ids.speech)
    expect(hit?.headingPath).toEqual(['一、优化政务服务'])
    expect(hit?.text).toContain('一件事一次办')
  })

  it('finds several terms: each text with any of them', async () => {
    const hits = await searchFor(token, '助餐 培训')
    expect(keysOf(hits).sort()).toEqual(['elderly', 'notice'])
  })

  it('ranks a text with more of the terms above a text with fewer', async () => {
    const hits = await searchFor(token, '网格员 培训')
    expect(keysOf(hits)[0]).toBe('notice')
    expect(keysOf(hits)).toContain('grid')
  })

  it('still returns a passage when only some of the words occur', async () => {
    expect(keysOf(await searchFor(token, '养老 火星探测器'))).toContain('elderly')
    expect(keysOf(await searchFor(token, '助餐点扩容'))).toContain('elderly')
  })

  it('returns nothing for words that occur nowhere', async () => {
    expect(await searchFor(token, '火星探测器')).toEqual([])
  })
})

describe('GET /search: phrases, mixed scripts, case', () => {
  it('ranks the exact quoted phrase above a text that has its words apart', async () => {
    const hits = await searchFor(token, '"嵌入式养老"')
    expect(keysOf(hits)[0]).toBe('elderly')
    expect(keysOf(hits)).toContain('split')
    expect(hits[0]!.score).toBeGreaterThan(hits.find((h) => h.id === ids.split)!.score)
  })

  it.each(['“嵌入式养老”', '「嵌入式养老」', '《嵌入式养老》'])('understands Chinese quotes: %s', async (q) => {
    expect(keysOf(await searchFor(token, q))[0]).toBe('elderly')
  })

  it('finds mixed “2023年 GDP”', async () => {
    const hits = await searchFor(token, '2023年 GDP')
    expect(keysOf(hits)[0]).toBe('economy')
    expect(hits[0]!.snippet).toContain('<mark>GDP</mark>')
  })

  it('matches Latin words without regard to case or full width', async () => {
    for (const q of ['gdp', 'Gdp', 'ＧＤＰ']) expect(keysOf(await searchFor(token, q))).toEqual(['economy'])
  })

  it('matches numbers as words', async () => {
    expect(keysOf(await searchFor(token, '300户'))[0]).toBe('grid')
    expect(keysOf(await searchFor(token, '28'))).toEqual(['business'])
  })
})

describe('GET /search: ranking by title', () => {
  it('ranks a title hit above a body-only hit', async () => {
    const hits = await searchFor(token, '楼宇党建')
    expect(keysOf(hits).slice(0, 2)).toEqual(['titleHit', 'bodyHit'])
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score)
  })

  it('returns results in descending score order', async () => {
    const hits = await searchFor(token, '网格 养老 营商')
    const scores = hits.map((h) => h.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
  })
})

describe('GET /search: FTS syntax typed by people never errors', () => {
  it.each([
    '"',
    '*',
    '养老*',
    'NEAR(a b)',
    'NEAR(养老 网格, 5)',
    'AND OR NOT',
    '养老 AND',
    'NOT 养老',
    '(',
    ')',
    '(养老',
    'a:b',
    'title:养老',
    'scope:o',
    '{}',
    '{title}: 养老',
    '^',
    '^养老',
    '-',
    '-养老',
    '"养老',
    '养老"',
    '""',
    '“',
    '。，！？、；：',
    '!!!',
    '+-*/\\',
    "'",
    '%',
    '_',
    "养老' OR 1=1 --",
    'a'.repeat(200),
    '😀',
  ])('answers 200 for %j', async (q) => {
    const res = await call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token })
    const body = await expectJson(res, 200)
    expect(Array.isArray(body.results)).toBe(true)
  })

  it('still finds the words inside FTS syntax', async () => {
    expect(keysOf(await searchFor(token, 'NEAR(助餐 培训)')).sort()).toEqual(['elderly', 'notice'])
    expect(keysOf(await searchFor(token, '(助餐) AND -培训*'))).toEqual(expect.arrayContaining(['elderly', 'notice']))
    expect(keysOf(await searchFor(token, 'body:助餐'))).toEqual(['elderly'])
  })

  it('cannot reach another office through the scope column', async () => {
    const other = await makeOffice(['drafter'])
    expect(await searchFor(other.tokens.drafter, `scope:${office.id} 助餐`)).toEqual([])
    expect(await searchFor(other.tokens.drafter, '助餐 OR scope')).toEqual([])
  })
})

describe('GET /search: snippets', () => {
  it('marks the matched term in the snippet', async () => {
    const hit = (await searchFor(token, '助餐'))[0]!
    expect(hit.snippet).toContain('<mark>助餐</mark>')
    expect(hit.text).toContain('老年助餐点')
  })

  it('marks each term of a multi-term query', async () => {
    const hit = (await searchFor(token, '覆盖率 助餐')).find((h) => h.id === ids.elderly)!
    expect(hit.snippet).toContain('<mark>覆盖率</mark>')
    expect(hit.snippet).toContain('<mark>助餐</mark>')
  })

  it('escapes HTML in the content and keeps only <mark> as markup', async () => {
    const hit = (await searchFor(token, '招标')).find((h) => h.id === ids.html)!
    expect(hit.snippet).toContain('<mark>招标</mark>')
    expect(hit.snippet).not.toContain('<script>')
    expect(hit.snippet).not.toContain('<b>')
    expect(hit.snippet).toContain('&#60;script&#62;alert(1)&#60;/script&#62;')
    expect(hit.snippet).toContain('&#60;b&#62;')
    expect(hit.snippet).toContain('&#38;')
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/)
    expect(hit.text).toContain('<script>alert(1)</script>')
  })

  it('a search for “script” marks the escaped word, not a tag', async () => {
    const hit = (await searchFor(token, 'script')).find((h) => h.id === ids.html)!
    expect(hit.snippet).toContain('&#60;<mark>script</mark>&#62;')
  })

  it('shows a short text whole', async () => {
    const hit = (await searchFor(token, '评标细则')).find((h) => h.id === ids.html)!
    expect(hit.snippet.replace(/<\/?mark>/g, '')).toBe(
      '有网民留言&#60;script&#62;alert(1)&#60;/script&#62;要求公开招标结果 &#38; 评标细则，并附&#60;b&#62;截图&#60;/b&#62;。',
    )
  })

  it('keeps a long text’s snippet short and around the match', async () => {
    const filler = '本段介绍背景情况。'.repeat(30)
    const p = await createPrecedent(office.tokens.drafter, {
      genre: '调研报告',
      title: '关于夜间经济的调研报告',
      body: `${filler}步行街夜市摊位已达120个。${filler}`,
    })
    const hit = (await searchFor(token, '夜市摊位')).find((h) => h.id === p.id)!
    expect(hit.snippet).toContain('<mark>夜市摊位</mark>')
    expect(hit.snippet.replace(/<\/?mark>/g, '').length).toBeLessThanOrEqual(130)
    expect(hit.snippet.startsWith('…')).toBe(true)
  })
})

describe('GET /search: filters', () => {
  it('kind=finding returns only findings, kind=precedent only precedents', async () => {
    const findings = await searchFor(token, '网格', { kind: 'finding' })
    expect(keysOf(findings)).toEqual(['grid'])
    const precedents = await searchFor(token, '网格', { kind: 'precedent' })
    expect(keysOf(precedents)).toEqual(['notice'])
    expect(precedents.every((h) => h.kind === 'precedent')).toBe(true)
  })

  it('genre filters precedents', async () => {
    expect(keysOf(await searchFor(token, '营商 网格', { genre: '通知' }))).toEqual(['notice'])
    expect(keysOf(await searchFor(token, '营商 网格', { genre: '讲话稿' }))).toEqual(['speech'])
    expect(await searchFor(token, '营商 网格', { genre: '函' })).toEqual([])
  })

  it('from and to filter by the observed date or the precedent date', async () => {
    expect(keysOf(await searchFor(token, '网格 养老 营商', { from: '2026-01-01' })).sort()).toEqual(['business', 'grid', 'split'])
    expect(keysOf(await searchFor(token, '网格 养老 营商', { to: '2025-03-05' })).sort()).toEqual(['notice', 'speech'])
    expect(keysOf(await searchFor(token, '网格 养老 营商', { from: '2025-01-01', to: '2025-12-31' })).sort()).toEqual(['elderly', 'speech'])
  })

  it('tag filters by an exact tag', async () => {
    expect(keysOf(await searchFor(token, '网格 营商', { tag: '网格' })).sort()).toEqual(['grid', 'notice'])
    expect(keysOf(await searchFor(token, '网格 营商', { tag: '基层治理' }))).toEqual(['grid'])
    expect(await searchFor(token, '网格 营商', { tag: '网' })).toEqual([])
  })

  it('combines filters', async () => {
    expect(keysOf(await searchFor(token, '营商', { kind: 'precedent', tag: '营商环境', from: '2025-01-01' }))).toEqual(['speech'])
  })

  it('answers 400 for an unknown kind, genre or a bad date', async () => {
    await expectError(await call('GET', '/api/v1/search?q=养老&kind=survey', { token }), 400, 'VALIDATION')
    await expectError(await call('GET', '/api/v1/search?q=养老&genre=演讲', { token }), 400, 'VALIDATION')
    await expectError(await call('GET', '/api/v1/search?q=养老&from=2026/01/01', { token }), 400, 'VALIDATION')
  })
})

describe('GET /search: results and bounds', () => {
  it('returns the fields of each result', async () => {
    const hit = (await searchFor(token, '助餐'))[0]!
    expect(hit).toEqual({
      kind: 'finding',
      id: ids.elderly,
      title: '养老服务走访',
      chunkId: expect.stringMatching(/^\d+$/),
      text: '社区嵌入式养老服务站覆盖率达到80%，老年助餐点日均服务500人次。',
      snippet: expect.stringContaining('<mark>'),
      headingPath: [],
      score: expect.any(Number),
      meta: expect.objectContaining({ topic: '民生', tags: ['养老'], sourceKind: '座谈', observedOn: '2025-10-01', sensitivity: 'public' }),
    })
  })

  it('limit caps the number of results', async () => {
    expect((await searchFor(token, '网格 养老 营商')).length).toBeGreaterThan(2)
    expect(await searchFor(token, '网格 养老 营商', { limit: 2 })).toHaveLength(2)
    expect(await searchFor(token, '网格 养老 营商', { limit: 1 })).toHaveLength(1)
    expect((await searchFor(token, '网格 养老 营商', { limit: 50 })).length).toBeGreaterThan(2)
  })

  it.each(['0', '51', '-1', 'ten', '1.5'])('answers 400 for limit=%s', async (limit) => {
    const err = await expectError(await call('GET', `/api/v1/search?q=养老&limit=${limit}`, { token }), 400, 'VALIDATION')
    expect(err.details.issues.map((i: { path: string }) => i.path)).toContain('limit')
  })

  it('answers 400 for a query over 200 characters, and 200 for exactly 200', async () => {
    await expectError(await call('GET', `/api/v1/search?q=${encodeURIComponent('养'.repeat(201))}`, { token }), 400, 'VALIDATION')
    expect((await call('GET', `/api/v1/search?q=${encodeURIComponent('养'.repeat(200))}`, { token })).status).toBe(200)
  })

  it.each(['', '   ', null])('answers 400 for an empty or missing q (%j)', async (q) => {
    const path = q === null ? '/api/v1/search' : `/api/v1/search?q=${encodeURIComponent(q)}`
    const err = await expectError(await call('GET', path, { token }), 400, 'VALIDATION')
    expect(err.details.issues.map((i: { path: string }) => i.path)).toContain('q')
  })

  it('a reader may search', async () => {
    expect(keysOf(await searchFor(office.tokens.reader, '助餐'))).toEqual(['elderly'])
  })
})

describe('search falls back to common bigrams when the rare ones find too little', () => {
  it('finds a passage that shares only a common word with a longer term', async () => {
    const o = await makeOffice(['drafter'])
    const title = unique('关于落实减税降费的情况')
    await call('POST', '/api/v1/precedents', {
      token: o.tokens.drafter,
      body: { genre: '报告', title, body: `今年以来，我区认真落实各项政策，企业获得感明显增强。${unique('')}` },
    })
    const res = await call('GET', `/api/v1/search?q=${encodeURIComponent('惠企政策')}`, { token: o.tokens.drafter })
    const { results } = await res.json<{ results: { title: string }[] }>()
    expect(results.map((r) => r.title)).toContain(title)
  })
})

describe('GET /search: precedent details', () => {
  it('gives a precedent result its genre, issuer, 发文字号 and date', async () => {
    const o = await makeOffice(['drafter'])
    const title = unique('关于做好防汛抗旱工作的通知')
    await call('POST', '/api/v1/precedents', {
      token: o.tokens.drafter,
      body: { genre: '通知', title, issuer: '示例区人民政府办公室', docNumber: '示区政办发〔2025〕7号', date: '2025-05-20', tags: ['防汛'], body: `各镇人民政府：入汛在即，现就防汛抗旱工作通知如下。${unique('')}`, sensitivity: 'public' },
    })
    const res = await call('GET', `/api/v1/search?q=${encodeURIComponent('防汛抗旱')}`, { token: o.tokens.drafter })
    const { results } = await res.json<{ results: { title: string; meta: Record<string, unknown> }[] }>()
    expect(results.find((r) => r.title === title)!.meta).toEqual({
      genre: '通知',
      issuer: '示例区人民政府办公室',
      docNumber: '示区政办发〔2025〕7号',
      speaker: null,
      date: '2025-05-20',
      tags: ['防汛'],
      sensitivity: 'public',
    })
  })
})
