import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { call, json, makeOffice } from '../fixtures'

const DRAFT = '关于做好防汛工作的通知\n各街道党工委、办事处:\n根据区委办发[2024]第12号文件要求,现将有关事项通知如下。\n一、加强领导\n三、压实责任\n截止2024年底，要完成布署。\n特此通知。'

describe('POST /api/v1/check', () => {
  it('answers issues sorted by position with levels, sources and stats', async () => {
    const res = await call('POST', '/api/v1/check', { body: { text: DRAFT } })
    expect(res.status).toBe(200)
    expect(res.headers.get('server-timing')).toMatch(/^check;dur=\d+/)
    const body = await json(res)
    const ids = body.issues.map((i: { ruleId: string }) => i.ruleId)
    expect(ids).toEqual(
      expect.arrayContaining([
        'format.recipient.half-width-colon',
        'format.doc-number.bracket',
        'format.doc-number.ordinal',
        'punctuation.half-width.comma',
        'format.heading.skip',
        'typos.context.jiezhi',
        'typos.lexicon',
      ]),
    )
    const starts = body.issues.map((i: { start: number }) => i.start)
    expect(starts).toEqual([...starts].sort((a, b) => a - b))
    for (const i of body.issues) {
      expect(['must-fix', 'suspect', 'hint']).toContain(i.level)
      expect(i.source).toBeTruthy()
      expect(DRAFT.slice(i.start, i.end)).toBe(i.excerpt)
    }
    expect(body.stats.characters).toBe(DRAFT.length)
    expect(body.stats.rulesRun).toBeGreaterThanOrEqual(100)
    expect(body.stats.issues).toBe(body.issues.length)
    expect(body.stats.byLevel['must-fix']).toBe(body.issues.filter((i: { level: string }) => i.level === 'must-fix').length)
  })

  it('reports issues in draft fields with the field name', async () => {
    const res = await call('POST', '/api/v1/check', { body: { text: '正文。', fields: { docNumber: '区委发（2024）3号' } } })
    const body = await json(res)
    const issue = body.issues.find((i: { ruleId: string }) => i.ruleId === 'format.doc-number.bracket')
    expect(issue).toMatchObject({ field: 'docNumber', excerpt: '（2024）', suggestion: '〔2024〕' })
  })

  it('runs only the selected rules', async () => {
    const res = await call('POST', '/api/v1/check', { body: { text: DRAFT, rules: { categories: ['typos'] } } })
    const body = await json(res)
    expect(body.issues.length).toBeGreaterThan(0)
    expect(body.issues.every((i: { category: string }) => i.category === 'typos')).toBe(true)
  })

  it('finds more with typoSensitivity "sensitive" than by default, and a clear typo either way', async () => {
    // 持旭 scores far above both thresholds; 没置 (for 设置) between them
    const text = '在全区范围内持旭推进营商环境改革。鼓励普通高校、职业院校没置相关专业。'
    const model = async (typoSensitivity?: string) => {
      const res = await call('POST', '/api/v1/check', { body: { text, rules: { only: ['typos.model'] }, ...(typoSensitivity ? { typoSensitivity } : {}) } })
      expect(res.status).toBe(200)
      return (await json(res)).issues.map((i: { excerpt: string }) => i.excerpt) as string[]
    }
    const standard = await model()
    expect(standard).toEqual(await model('standard'))
    expect(standard).toEqual(['旭'])
    expect(await model('sensitive')).toEqual(['旭', '没'])
  })

  it("offers the typo model's likely corrections as candidates, best first, and no certain fix", async () => {
    const text = '在全区范围内持旭推进营商环境改革。'
    const res = await call('POST', '/api/v1/check', { body: { text, rules: { only: ['typos.model'] } } })
    expect(res.status).toBe(200)
    const [issue] = (await json(res)).issues as { id: string; excerpt: string; message: string; suggestion?: string; candidates?: string[] }[]
    expect(issue).toMatchObject({ excerpt: '旭' })
    expect(issue!.suggestion).toBeUndefined()
    expect(issue!.candidates![0]).toBe('续')
    expect(issue!.message).toContain(`“${issue!.candidates![0]}”`)
    expect(new Set(issue!.candidates).size).toBe(issue!.candidates!.length)
    expect(issue!.candidates).not.toContain('旭')
    // the same corrections, in the same order, as the model answers over its binding
    const answer = await env.CHECKER.analyse({ text, sensitivity: 'standard', words: [] })
    expect(issue!.candidates).toEqual(answer.suspects[0]!.candidates.map((c) => c.right))
    // a choice for a person: /check/fix does not apply it
    const fix = await call('POST', '/api/v1/check/fix', { body: { text, rules: { only: ['typos.model'] }, fixes: [issue!.id] } })
    expect(fix.status).toBe(400)
    expect((await json(fix)).error.message).toContain('人工修改')
  })

  it("uses the office's default typoSensitivity when a check names none, and the request's when it does", async () => {
    const office = await makeOffice(['admin', 'drafter'])
    const other = await makeOffice(['drafter'])
    const text = '鼓励普通高校、职业院校没置相关专业。'
    const check = async (token: string, typoSensitivity?: string) => {
      const res = await call('POST', '/api/v1/check', { token, body: { text, rules: { only: ['typos.model'] }, ...(typoSensitivity ? { typoSensitivity } : {}) } })
      expect(res.status).toBe(200)
      const body = await json(res)
      return { used: body.typoSensitivity as string, excerpts: body.issues.map((i: { excerpt: string }) => i.excerpt) as string[] }
    }
    expect(await check(office.tokens.drafter)).toEqual({ used: 'standard', excerpts: [] })

    // a drafter may not change it; a bad value is refused in Chinese and changes nothing
    expect((await call('PUT', '/api/v1/admin/settings', { token: office.tokens.drafter, body: { typoSensitivity: 'sensitive' } })).status).toBe(403)
    const bad = await call('PUT', '/api/v1/admin/settings', { token: office.tokens.admin, body: { typoSensitivity: 'loud' } })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(await json(bad))).toContain('灵敏')
    const set = await call('PUT', '/api/v1/admin/settings', { token: office.tokens.admin, body: { typoSensitivity: 'sensitive' } })
    expect(set.status).toBe(200)
    expect(await json(set)).toMatchObject({ typoSensitivity: 'sensitive', signRequiresReview: true })
    expect(await json(await call('GET', '/api/v1/admin/settings', { token: office.tokens.admin }))).toMatchObject({ typoSensitivity: 'sensitive' })

    expect(await check(office.tokens.drafter)).toEqual({ used: 'sensitive', excerpts: ['没'] })
    expect(await check(office.tokens.drafter, 'standard')).toEqual({ used: 'standard', excerpts: [] })
    // another office keeps its own default
    expect(await check(other.tokens.drafter)).toEqual({ used: 'standard', excerpts: [] })
    // and /check/fix re-checks with the same default: the suspect 没 is left after fixing 布署
    const withFix = `${text}抓紧布署。`
    const rules = { only: ['typos.model', 'typos.lexicon'] }
    const fix = async (token: string) => {
      const res = await call('POST', '/api/v1/check/fix', { token, body: { text: withFix, rules, fixes: [{ ruleId: 'typos.lexicon', start: withFix.indexOf('布署'), end: withFix.indexOf('布署') + 2 }] } })
      expect(res.status).toBe(200)
      return json(res)
    }
    expect(await fix(office.tokens.drafter)).toMatchObject({ text: `${text}抓紧部署。`, remaining: 1 })
    expect(await fix(other.tokens.drafter)).toMatchObject({ text: `${text}抓紧部署。`, remaining: 0 })
  })

  it('returns 400 with a message in Chinese for an unknown typoSensitivity', async () => {
    const res = await call('POST', '/api/v1/check', { body: { text: '正文。', typoSensitivity: 'high' } })
    expect(res.status).toBe(400)
    const body = await json(res)
    expect(body.error.code).toBe('VALIDATION')
    expect(JSON.stringify(body.error)).toContain('灵敏')
  })

  it('returns 400 in the error envelope when text is missing', async () => {
    const res = await call('POST', '/api/v1/check', { body: { genre: '通知' } })
    expect(res.status).toBe(400)
    const body = await json(res)
    expect(body.error.code).toBe('VALIDATION')
    expect(body.error.message).toContain('text')
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'))
  })

  it('returns 400 when the text is longer than 200,000 characters', async () => {
    const res = await call('POST', '/api/v1/check', { body: { text: '文'.repeat(200_001) } })
    expect(res.status).toBe(400)
    const body = await json(res)
    expect(body.error.code).toBe('VALIDATION')
    expect(JSON.stringify(body.error.details)).toContain('200000')
  })

  it('returns 400 for wrong types and unknown genres', async () => {
    for (const bad of [{ text: 123 }, { text: '正文', genre: '便条' }, { text: '正文', fields: { date: '2024/3/5' } }, { text: '正文', fields: { recipients: '区政府' } }]) {
      const res = await call('POST', '/api/v1/check', { body: bad })
      expect(res.status, JSON.stringify(bad)).toBe(400)
      expect((await json(res)).error.code).toBe('VALIDATION')
    }
  })

  it('returns 400 for a body that is not JSON', async () => {
    const res = await call('POST', '/api/v1/check', { raw: '{text:', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
  })

  it('returns 401 without a token', async () => {
    const res = await call('POST', '/api/v1/check', { token: null, body: { text: DRAFT } })
    expect(res.status).toBe(401)
    expect((await json(res)).error.code).toBe('UNAUTHORIZED')
  })

  it('lets every role check, readers included', async () => {
    const office = await makeOffice(['reader'])
    const res = await call('POST', '/api/v1/check', { token: office.tokens.reader, body: { text: DRAFT } })
    expect(res.status).toBe(200)
  })
})

describe('GET /api/v1/check/rules', () => {
  it('lists at least 100 rules with id, category, level and source', async () => {
    const res = await call('GET', '/api/v1/check/rules')
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.count).toBeGreaterThanOrEqual(100)
    expect(body.rules.length).toBe(body.count)
    expect(body.rules[0]).toEqual(expect.objectContaining({ id: expect.any(String), category: expect.any(String), level: expect.any(String), source: expect.any(String), title: expect.any(String) }))
    expect(body.categories.map((c: { id: string }) => c.id)).toEqual(['format', 'genre', 'numbers', 'punctuation', 'typos', 'repetition', 'placeholders', 'lexicons', 'facts', 'confidentiality'])
  })

  it('returns 401 without a token', async () => {
    expect((await call('GET', '/api/v1/check/rules', { token: null })).status).toBe(401)
  })
})

describe('POST /api/v1/check/fix', () => {
  const text = '加强领导,压实责任。做好工作布署。'

  async function issuesOf(t: string) {
    return (await json(await call('POST', '/api/v1/check', { body: { text: t } }))).issues as { id: string; ruleId: string; start: number; end: number; suggestion?: string }[]
  }

  it('applies the chosen certain fixes and returns the new text', async () => {
    const issues = await issuesOf(text)
    const chosen = issues.filter((i) => i.suggestion !== undefined && ['punctuation.half-width.comma', 'typos.lexicon'].includes(i.ruleId))
    expect(chosen.length).toBe(2)
    const res = await call('POST', '/api/v1/check/fix', { body: { text, fixes: chosen.map((i) => i.id) } })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.text).toBe('加强领导，压实责任。做好工作部署。')
    expect(body.applied.map((a: { before: string; after: string }) => `${a.before}→${a.after}`)).toEqual([',→，', '布署→部署'])
    const after = await issuesOf(body.text)
    expect(after.filter((i) => ['punctuation.half-width.comma', 'typos.lexicon'].includes(i.ruleId))).toEqual([])
  })

  it('accepts fixes given as rule id and span', async () => {
    const res = await call('POST', '/api/v1/check/fix', { body: { text, fixes: [{ ruleId: 'typos.lexicon', start: 14, end: 16 }] } })
    expect(res.status).toBe(200)
    expect((await json(res)).text).toBe('加强领导,压实责任。做好工作部署。')
  })

  it('returns 409 for a stale fix (the text changed since the check)', async () => {
    const issues = await issuesOf(text)
    const id = issues.find((i) => i.ruleId === 'typos.lexicon')!.id
    const res = await call('POST', '/api/v1/check/fix', { body: { text: `前言。${text}`, fixes: [id] } })
    expect(res.status).toBe(409)
    const body = await json(res)
    expect(body.error.code).toBe('CONFLICT')
    expect(body.error.message).toContain('已不存在')
    expect(body.error.details.stale).toEqual([id])
  })

  it('returns 409 for overlapping fixes', async () => {
    // issues of different categories may overlap; their fixes cannot both apply
    const t = '学习"工作布署"精神。'
    const issues = await issuesOf(t)
    const quote = issues.find((i) => i.ruleId === 'punctuation.half-width.quote')
    const typo = issues.find((i) => i.ruleId === 'typos.lexicon')
    expect(quote && typo).toBeTruthy()
    const res = await call('POST', '/api/v1/check/fix', { body: { text: t, fixes: [quote!.id, typo!.id] } })
    expect(res.status).toBe(409)
    expect((await json(res)).error.message).toContain('重叠')
  })

  it('returns 400 for an issue without a certain fix', async () => {
    const t = '区委办发〔24〕12号'
    const issue = (await issuesOf(t)).find((i) => i.ruleId === 'format.doc-number.short-year')!
    const res = await call('POST', '/api/v1/check/fix', { body: { text: t, fixes: [issue.id] } })
    expect(res.status).toBe(400)
    expect((await json(res)).error.message).toContain('人工修改')
  })

  it('returns 400 for an empty or oversized fix list', async () => {
    expect((await call('POST', '/api/v1/check/fix', { body: { text, fixes: [] } })).status).toBe(400)
    const many = Array.from({ length: 501 }, (_, i) => `typos.lexicon@${i}-${i + 1}`)
    expect((await call('POST', '/api/v1/check/fix', { body: { text, fixes: many } })).status).toBe(400)
  })

  it('returns 401 without a token', async () => {
    expect((await call('POST', '/api/v1/check/fix', { token: null, body: { text, fixes: ['x'] } })).status).toBe(401)
  })
})
