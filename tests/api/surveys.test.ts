import { beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  createFinding,
  createSurvey,
  expectError,
  expectJson,
  listAll,
  makeOffice,
  surveyBody,
  unique,
  type Office,
} from '../fixtures'

let office: Office
let token: string

beforeAll(async () => {
  office = await makeOffice(['drafter', 'reader'])
  token = office.tokens.drafter
})

const get = (id: string) => call('GET', `/api/v1/surveys/${id}`, { token })

describe('surveys CRUD', () => {
  it('creates a survey and reads back every field', async () => {
    const input = surveyBody()
    const created = await expectJson(await call('POST', '/api/v1/surveys', { token, body: input }), 201)
    expect(created.id).toMatch(/^srv_/)
    expect(created).toMatchObject(input)
    expect(Object.keys(created)).not.toContain('officeId')
    expect(await expectJson(await get(created.id), 200)).toEqual(created)
  })

  it('creates a survey with only a title, the rest null', async () => {
    const title = unique('只有名称的课题')
    const created = await expectJson(await call('POST', '/api/v1/surveys', { token, body: { title } }), 201)
    expect(await expectJson(await get(created.id), 200)).toMatchObject({
      title,
      topic: null,
      lead: null,
      periodStart: null,
      periodEnd: null,
      description: null,
    })
  })

  it('updates the given fields, keeps the others, and reads back', async () => {
    const s = await createSurvey(token)
    const updated = await expectJson(
      await call('PATCH', `/api/v1/surveys/${s.id}`, { token, body: { lead: '区委常委 赵某', periodEnd: '2026-06-30' } }),
      200,
    )
    expect(updated).toMatchObject({ title: s.title, topic: s.topic, lead: '区委常委 赵某', periodEnd: '2026-06-30', createdAt: s.createdAt })
    expect(await expectJson(await get(s.id), 200)).toEqual(updated)
  })

  it('refuses an empty title on update and keeps the old one', async () => {
    const s = await createSurvey(token)
    const err = await expectError(await call('PATCH', `/api/v1/surveys/${s.id}`, { token, body: { title: '  ' } }), 400, 'VALIDATION')
    expect(err.details.issues.map((i: { path: string }) => i.path)).toContain('title')
    expect(await expectJson(await get(s.id), 200)).toEqual(s)
  })

  it('deletes a survey without findings: then 404 and gone from the list', async () => {
    const s = await createSurvey(token)
    expect((await call('DELETE', `/api/v1/surveys/${s.id}`, { token })).status).toBe(204)
    await expectError(await get(s.id), 404, 'NOT_FOUND')
    expect((await listAll(token, '/api/v1/surveys')).ids).not.toContain(s.id)
  })

  it('refuses to delete a survey that has findings, and allows it once they are moved out', async () => {
    const s = await createSurvey(token)
    const f = await createFinding(token, { surveyId: s.id })
    const err = await expectError(await call('DELETE', `/api/v1/surveys/${s.id}`, { token }), 409, 'CONFLICT')
    expect(err.message).toContain('调研发现')
    expect(await expectJson(await get(s.id), 200)).toEqual(s)

    await expectJson(await call('PATCH', `/api/v1/findings/${f.id}`, { token, body: { surveyId: null } }), 200)
    expect((await call('DELETE', `/api/v1/surveys/${s.id}`, { token })).status).toBe(204)
    expect((await expectJson(await call('GET', `/api/v1/findings/${f.id}`, { token }), 200)).surveyId).toBeNull()
  })

  it('a reader can read but not create a survey', async () => {
    const s = await createSurvey(token)
    expect(await expectJson(await call('GET', `/api/v1/surveys/${s.id}`, { token: office.tokens.reader }), 200)).toEqual(s)
    await expectError(await call('POST', '/api/v1/surveys', { token: office.tokens.reader, body: surveyBody() }), 403, 'FORBIDDEN')
  })
})

describe('GET /surveys pagination', () => {
  it('walks all pages without duplicates or gaps', async () => {
    const o = await makeOffice(['drafter'])
    const made: string[] = []
    for (let i = 0; i < 12; i++) made.push((await createSurvey(o.tokens.drafter)).id)
    for (const limit of [1, 4, 5, 12, 50]) {
      const { ids, pages } = await listAll(o.tokens.drafter, '/api/v1/surveys', {}, limit)
      expect(ids.sort()).toEqual([...made].sort())
      expect(pages).toBe(Math.ceil(12 / limit))
    }
  })

  it('lists newest first', async () => {
    const o = await makeOffice(['drafter'])
    for (let i = 0; i < 5; i++) await createSurvey(o.tokens.drafter)
    const { items } = await listAll(o.tokens.drafter, '/api/v1/surveys', {}, 2)
    const keys = items.map((s) => `${s.createdAt}|${s.id}`)
    expect(keys).toEqual([...keys].sort().reverse())
  })

  it('an office with no surveys lists none', async () => {
    const o = await makeOffice(['reader'])
    const page = await expectJson(await call('GET', '/api/v1/surveys', { token: o.tokens.reader }), 200)
    expect(page).toEqual({ items: [], nextCursor: null })
  })
})
