import { afterEach, describe, expect, it } from 'vitest'
import { call, json, makeOffice } from '../fixtures'
import { createSpeech, runWorkflow, seededOffice, startGeneration } from '../helpers/compose'
import { defaultAnswer, fakeLlm } from '../helpers/fake-llm'

let fake: ReturnType<typeof fakeLlm> | null = null
afterEach(() => {
  fake?.restore()
  fake = null
})

describe('POST /api/v1/drafts/:id/check', () => {
  it("checks the draft's text with its untraced figures", async () => {
    const s = await seededOffice()
    const token = s.office.tokens.drafter
    const draft = await createSpeech(token, { materials: { findingIds: s.publicIds } })
    fake = fakeLlm((c) => (c.section.startsWith('一、') ? { text: `${defaultAnswer(c)}\n\n全区营商环境满意度达到97.5%。` } : 'ok'))
    await runWorkflow(() => startGeneration(token, draft.id))
    const res = await call('POST', `/api/v1/drafts/${draft.id}/check`, { token })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.draftId).toBe(draft.id)
    expect(body.text.startsWith('在全区优化营商环境工作推进会上的讲话\n同志们：')).toBe(true)
    expect(body.text).not.toMatch(/\[F\d+\]/)
    const untraced = body.issues.filter((i: any) => i.ruleId === 'facts.untraced-figure')
    expect(untraced).toHaveLength(1)
    expect(body.text.slice(untraced[0].start, untraced[0].end)).toBe('97.5%')
    expect(body.stats.characters).toBeGreaterThan(100)
    const sensitive = await call('POST', `/api/v1/drafts/${draft.id}/check?typoSensitivity=sensitive`, { token })
    expect(sensitive.status).toBe(200)
    const modelIssues = (b: any) => b.issues.filter((i: any) => i.ruleId === 'typos.model').length
    expect(modelIssues(await json(sensitive))).toBeGreaterThanOrEqual(modelIssues(body))
    const bad = await call('POST', `/api/v1/drafts/${draft.id}/check?typoSensitivity=loud`, { token })
    expect(bad.status).toBe(400)
    expect((await json(bad)).error.code).toBe('VALIDATION')
  })

  it('answers 412 before there is any text, 404 for another office and 401 without a token', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { mode: 'assemble', materials: { findingIds: [] } })
    const empty = await call('POST', `/api/v1/drafts/${draft.id}/check`, { token: s.office.tokens.drafter })
    expect(empty.status).toBe(412)
    expect((await json(empty)).error.code).toBe('PRECONDITION_FAILED')
    const other = await makeOffice(['drafter'])
    expect((await call('POST', `/api/v1/drafts/${draft.id}/check`, { token: other.tokens.drafter })).status).toBe(404)
    expect((await call('POST', `/api/v1/drafts/${draft.id}/check`, { token: null })).status).toBe(401)
  })
})

describe('POST /api/v1/drafts/:id/check/content', () => {
  it('checks unsaved content and places each issue in it', async () => {
    const s = await seededOffice()
    const token = s.office.tokens.drafter
    const draft = await createSpeech(token, { mode: 'assemble', materials: { findingIds: s.publicIds.slice(0, 1) } })
    const sections = [{ heading: '一、工作成效', text: '各单位做好了[F1]布署。' }]
    const res = await call('POST', `/api/v1/drafts/${draft.id}/check/content`, { token, body: { title: draft.title, sections } })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.version).toBe(draft.version)
    const issue = body.issues.find((i: any) => i.ruleId === 'typos.lexicon')
    const doc = `${sections[0]!.heading}\n${sections[0]!.text}`
    expect(issue.at.part).toBe('body')
    expect(doc.slice(issue.at.start, issue.at.end)).toBe('布署')
    // the saved draft is unchanged: its own check still has no text to check
    expect((await call('POST', `/api/v1/drafts/${draft.id}/check`, { token })).status).toBe(412)
  })

  it('answers 400 for bad content, 404 for another office and 401 without a token', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { mode: 'assemble', materials: { findingIds: [] } })
    const path = `/api/v1/drafts/${draft.id}/check/content`
    const bad = await call('POST', path, { token: s.office.tokens.drafter, body: { title: '标题', sections: 'x' } })
    expect(bad.status).toBe(400)
    expect((await json(bad)).error.message).toMatch(/[\u4e00-\u9fff]/)
    const other = await makeOffice(['drafter'])
    expect((await call('POST', path, { token: other.tokens.drafter, body: { title: '标题', sections: [] } })).status).toBe(404)
    expect((await call('POST', path, { token: null, body: { title: '标题', sections: [] } })).status).toBe(401)
  })
})

describe('OpenAPI', () => {
  it('documents the compose endpoints', async () => {
    const doc = await json(await call('GET', '/api/v1/openapi.json'))
    for (const p of ['/templates', '/templates/{id}', '/drafts', '/drafts/{id}', '/drafts/{id}/outline', '/drafts/{id}/generate', '/drafts/{id}/sections/{sectionId}/generate', '/drafts/{id}/check', '/drafts/{id}/check/content', '/jobs/{id}']) {
      expect(doc.paths[p], p).toBeDefined()
    }
    expect(doc.paths['/drafts/{id}/outline'].put).toBeDefined()
  })
})
