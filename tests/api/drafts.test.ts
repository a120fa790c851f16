import { afterEach, describe, expect, it } from 'vitest'
import { call, json, makeOffice } from '../fixtures'
import { createSpeech, getDraft, runWorkflow, seededOffice, SPEECH_VARS, startGeneration } from '../helpers/compose'
import { fakeLlm } from '../helpers/fake-llm'

let fake: ReturnType<typeof fakeLlm> | null = null
afterEach(() => {
  fake?.restore()
  fake = null
})

describe('POST /api/v1/drafts', () => {
  it('creates a draft from a template with its materials and markers', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, {
      materials: { findingIds: s.publicIds, precedentIds: [s.precedentId] },
      mode: 'assemble',
    })
    expect(draft).toMatchObject({
      templateId: 'jianghua',
      templateVersion: 1,
      genre: '讲话稿',
      title: '在全区优化营商环境工作推进会上的讲话',
      status: 'drafting',
      mode: 'assemble',
      composeState: 'new',
      version: 1,
      outline: null,
      sections: [],
    })
    expect(draft.materials.map((m: any) => m.marker)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5', 'P1'])
    expect(draft.materials[0]).toMatchObject({ kind: 'finding', id: s.publicIds[0], sensitivity: 'public' })
    expect(draft.length).toEqual({ chars: 0, target: 2200, minutes: 10, ratio: 0 })
    const back = await getDraft(s.office.tokens.reader, draft.id)
    expect(back.variables).toEqual(SPEECH_VARS)
  })

  it('answers 400 naming the missing required variables', async () => {
    const res = await call('POST', '/api/v1/drafts', { body: { templateId: 'jianghua', variables: { topic: '优化营商环境' }, mode: 'assemble' } })
    expect(res.status).toBe(400)
    const body = await json(res)
    expect(body.error.code).toBe('VALIDATION')
    expect(body.error.message).toContain('会议名称（meeting）')
    expect(body.error.message).toContain('讲话人（speaker）')
    expect(body.error.details.missing.map((m: any) => m.name)).toEqual(['meeting', 'speaker'])
  })

  it('answers 400 for an unknown template, unknown variables and materials of another office', async () => {
    const s = await seededOffice()
    const other = await makeOffice(['drafter'])
    const unknownTemplate = await call('POST', '/api/v1/drafts', { body: { templateId: 'no-such', variables: {} } })
    expect(unknownTemplate.status).toBe(400)
    const unknownVar = await call('POST', '/api/v1/drafts', { body: { templateId: 'jianghua', variables: { ...SPEECH_VARS, colour: '红' } } })
    expect((await json(unknownVar)).error.message).toContain('colour')
    const foreign = await call('POST', '/api/v1/drafts', {
      token: other.tokens.drafter,
      body: { templateId: 'jianghua', variables: SPEECH_VARS, materials: { findingIds: [s.publicIds[0]] } },
    })
    expect(foreign.status).toBe(400)
    expect((await json(foreign)).error.message).toContain(s.publicIds[0])
  })

  it('finds materials by topic when asked to retrieve', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { retrieve: { query: '惠企政策 免申即享', limit: 3 }, mode: 'assemble' })
    expect(draft.retrieval).toEqual({ query: '惠企政策 免申即享', limit: 3 })
    const findings = draft.materials.filter((m: any) => m.kind === 'finding')
    expect(findings.length).toBeGreaterThan(0)
    expect(findings.length).toBeLessThanOrEqual(3)
    expect(findings[0].title).toContain('免申即享')
    expect(draft.materials.some((m: any) => m.kind === 'precedent' && m.id === s.precedentId)).toBe(true)
  })

  it('answers 401 without a token and 403 for a reader', async () => {
    const s = await seededOffice()
    expect((await call('POST', '/api/v1/drafts', { token: null, body: { templateId: 'jianghua', variables: SPEECH_VARS } })).status).toBe(401)
    const res = await call('POST', '/api/v1/drafts', { token: s.office.tokens.reader, body: { templateId: 'jianghua', variables: SPEECH_VARS } })
    expect(res.status).toBe(403)
  })
})

describe('confidentiality', () => {
  it('refuses restricted material for a model before any call, naming it', async () => {
    const s = await seededOffice()
    fake = fakeLlm()
    const res = await call('POST', '/api/v1/drafts', {
      token: s.office.tokens.drafter,
      body: { templateId: 'jianghua', variables: SPEECH_VARS, materials: { findingIds: [s.publicIds[0], s.restrictedId] }, mode: 'generate' },
    })
    expect(res.status).toBe(403)
    const body = await json(res)
    expect(body.error.code).toBe('FORBIDDEN')
    expect(body.error.message).toContain('部分村存在对外担保和投资风险')
    expect(body.error.details).toMatchObject({ reason: 'confidentiality', providerTrust: 'external' })
    expect(body.error.details.materials).toEqual([expect.objectContaining({ id: s.restrictedId, sensitivity: 'restricted' })])
    expect(fake.calls).toHaveLength(0)
  })

  it('refuses internal material for an external provider, naming each', async () => {
    const s = await seededOffice()
    const res = await call('POST', '/api/v1/drafts', {
      token: s.office.tokens.drafter,
      body: { templateId: 'jianghua', variables: SPEECH_VARS, materials: { findingIds: [...s.internalIds, s.publicIds[0]] } },
    })
    expect(res.status).toBe(403)
    const body = await json(res)
    expect(body.error.details.materials.map((m: any) => m.id).sort()).toEqual([...s.internalIds].sort())
    expect(body.error.message).toContain('内部材料只能发送给内部部署的模型')
  })

  it('allows any material in assemble mode: nothing goes to a model', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: [...s.internalIds, s.restrictedId] }, mode: 'assemble' })
    expect(draft.materials).toHaveLength(3)
  })

  it('leaves retrieved materials the provider may not see out of a generate draft, and says so', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { retrieve: { query: '涉企检查 拖欠账款 企业开办', limit: 10 } })
    expect(draft.mode).toBe('generate')
    const ids = draft.materials.map((m: any) => m.id)
    for (const id of s.internalIds) expect(ids).not.toContain(id)
    const flag = draft.flags.find((f: any) => f.kind === 'excluded-materials')
    expect(flag.materials.map((m: any) => m.id)).toEqual(expect.arrayContaining(s.internalIds))
  })

  it('refuses an outline edit that gives a generate draft a restricted finding', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: [s.publicIds[0]] } })
    const outline = await json(await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter }))
    const sections = outline.sections.map((x: any) => (x.key === 'review' ? { ...x, findingIds: [...x.findingIds, s.restrictedId] } : x))
    const res = await call('PUT', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter, body: { sections } })
    expect(res.status).toBe(403)
    expect((await json(res)).error.details.materials[0].id).toBe(s.restrictedId)
  })
})

describe('outline', () => {
  it('proposes the template sections with key points and materials assigned to each', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: s.publicIds, precedentIds: [s.precedentId] }, mode: 'assemble' })
    const res = await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter })
    expect(res.status).toBe(200)
    const outline = await json(res)
    expect(outline.source).toBe('proposed')
    expect(outline.sections.map((x: any) => x.heading)).toEqual([
      '称谓',
      '开头',
      '一、充分肯定成绩，清醒认识差距',
      '二、聚焦重点任务，推动工作落实',
      '三、加强组织领导，强化工作保障',
      '结尾',
    ])
    const assigned = new Set(outline.sections.flatMap((x: any) => x.findingIds))
    for (const id of s.publicIds) expect(assigned.has(id)).toBe(true)
    const review = outline.sections.find((x: any) => x.key === 'review')
    expect(review.findingIds.length).toBeGreaterThan(0)
    expect(review.points.length).toBeGreaterThan(0)
    expect(review.precedentIds).toEqual([s.precedentId])
    expect(outline.sections.find((x: any) => x.key === 'opening').findingIds).toEqual([])
    expect(outline.sections.reduce((n: number, x: any) => n + x.targetChars, 0)).toBeGreaterThan(2000)

    const back = await getDraft(s.office.tokens.drafter, draft.id)
    expect(back.composeState).toBe('outlined')
    expect(back.version).toBe(2)
    expect(back.sections.map((x: any) => x.id)).toEqual(outline.sections.map((x: any) => x.id))
    expect(back.sections[0]).toMatchObject({ heading: '称谓', kind: 'fixed', text: '同志们：', status: 'done' })
  })

  it('replaces the outline with an edit, keeping section ids', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: s.publicIds }, mode: 'assemble' })
    const outline = await json(await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter }))
    const [salutation, opening, review, tasks, , closing] = outline.sections
    const edited = [
      salutation,
      opening,
      { ...review, heading: '一、工作成效', findingIds: [s.publicIds[0]] },
      { heading: '二、企业反映的问题', points: ['融资难', '审批体外循环'], findingIds: [s.publicIds[2], s.publicIds[3]] },
      tasks,
      { ...closing, findingIds: [s.internalIds[0]] },
    ]
    const res = await call('PUT', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter, body: { sections: edited } })
    expect(res.status).toBe(200)
    const out = await json(res)
    expect(out.source).toBe('edited')
    expect(out.sections.map((x: any) => x.heading)).toEqual(['称谓', '开头', '一、工作成效', '二、企业反映的问题', tasks.heading, '结尾'])
    expect(out.sections[2].id).toBe(review.id)
    expect(out.sections[3].id).toMatch(/^sec_/)
    expect(out.sections[3].key).toBe('custom-4')

    const back = await getDraft(s.office.tokens.drafter, draft.id)
    expect(back.sections.map((x: any) => x.heading)).toEqual(out.sections.map((x: any) => x.heading))
    expect(back.sections.some((x: any) => x.key === 'requirements')).toBe(false)
    expect(back.materials.find((m: any) => m.id === s.internalIds[0]).marker).toBe('F6')
  })

  it('answers 400 for a section id of another draft and 404 for another office', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: s.publicIds }, mode: 'assemble' })
    const bad = await call('PUT', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter, body: { sections: [{ id: 'sec_nope', heading: '一、x' }] } })
    expect(bad.status).toBe(400)
    const empty = await call('PUT', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter, body: { sections: [] } })
    expect(empty.status).toBe(400)
    const other = await makeOffice(['drafter'])
    for (const [method, path] of [
      ['GET', `/api/v1/drafts/${draft.id}`],
      ['POST', `/api/v1/drafts/${draft.id}/outline`],
      ['POST', `/api/v1/drafts/${draft.id}/generate`],
    ] as const) {
      const res = await call(method, path, { token: other.tokens.drafter })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect((await json(res)).error.code).toBe('NOT_FOUND')
    }
  })
})

describe('assemble mode', () => {
  it('fills the outline with cited findings, a reference passage and 【待补】 where nothing matches', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: s.publicIds, precedentIds: [s.precedentId] }, mode: 'assemble' })
    fake = fakeLlm()
    const started = await runWorkflow(() => startGeneration(s.office.tokens.drafter, draft.id))
    expect(started.mode).toBe('assemble')
    expect(started.sections).toHaveLength(5)
    expect(fake.calls).toHaveLength(0)

    const job = await json(await call('GET', `/api/v1/jobs/${started.jobId}`, { token: s.office.tokens.reader }))
    expect(job).toMatchObject({ id: started.jobId, draftId: draft.id, status: 'done', mode: 'assemble' })
    expect(job.sections.every((x: any) => x.status === 'done')).toBe(true)

    const back = await getDraft(s.office.tokens.drafter, draft.id)
    expect(back.composeState).toBe('done')
    expect(back.sections.every((x: any) => x.status === 'done')).toBe(true)
    const review = back.sections.find((x: any) => x.key === 'review')
    expect(review.text).toMatch(/\[F\d\]/)
    expect(review.citations.length).toBeGreaterThan(1)
    for (const c of review.citations) {
      expect(back.materials.find((m: any) => m.marker === c.marker)).toMatchObject({ kind: c.kind, id: c.id })
    }
    expect(review.text).toContain('【参考写法】《在全区优化营商环境工作大会上的讲话》')
    expect(review.citations.some((c: any) => c.kind === 'precedent')).toBe(true)
    // Old figures of the precedent are masked: it lends voice, not facts.
    const reference = review.text.split('\n').find((l: string) => l.startsWith('【参考写法】'))
    expect(reference.replace(/\[P\d+\]$/, '')).not.toMatch(/\d/)
    const opening = back.sections.find((x: any) => x.key === 'opening')
    expect(opening.text).toContain('今天，我们召开全区优化营商环境工作推进会')
    expect(opening.text).toContain('【待补：')
    expect(back.flags.filter((f: any) => f.kind === 'untraced-figure')).toEqual([])
    expect(back.usage).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 })
    expect(back.length.chars).toBeGreaterThan(300)
    expect(back.length.target).toBe(2200)
    expect(back.version).toBeGreaterThan(3)
  })

  it('is the default without a provider and what a restricted finding gets: 【待补】 for sections without material', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: [s.restrictedId] }, mode: 'assemble' })
    await runWorkflow(() => startGeneration(s.office.tokens.drafter, draft.id))
    const back = await getDraft(s.office.tokens.drafter, draft.id)
    const empty = back.sections.filter((x: any) => x.kind === 'written' && x.citations.length === 0)
    expect(empty.length).toBeGreaterThan(0)
    for (const x of empty) expect(x.text).toContain('【待补：')
  })

  it('regenerates the sections named, and refuses unknown or fixed ones', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: s.publicIds }, mode: 'assemble' })
    await runWorkflow(() => startGeneration(s.office.tokens.drafter, draft.id))
    const before = await getDraft(s.office.tokens.drafter, draft.id)
    const review = before.sections.find((x: any) => x.key === 'review')
    const again = await runWorkflow(() => startGeneration(s.office.tokens.drafter, draft.id, { sections: [review.id] }))
    expect(again.sections).toEqual([{ id: review.id, heading: review.heading }])
    const after = await getDraft(s.office.tokens.drafter, draft.id)
    expect(after.sections.find((x: any) => x.id === review.id)).toMatchObject({ status: 'done', attempts: 2, text: review.text })
    const fixed = before.sections.find((x: any) => x.kind === 'fixed')
    const bad = await call('POST', `/api/v1/drafts/${draft.id}/generate`, { token: s.office.tokens.drafter, body: { sections: [fixed.id, 'sec_nope'] } })
    expect(bad.status).toBe(400)
    expect((await json(bad)).error.details.unknown).toEqual([fixed.id, 'sec_nope'])
  })

  it('answers 409 when every section is done and 404 for an unknown job', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: s.publicIds }, mode: 'assemble' })
    await runWorkflow(() => startGeneration(s.office.tokens.drafter, draft.id))
    const again = await call('POST', `/api/v1/drafts/${draft.id}/generate`, { token: s.office.tokens.drafter })
    expect(again.status).toBe(409)
    expect((await json(again)).error.code).toBe('CONFLICT')
    const job = await call('GET', '/api/v1/jobs/job_nope', { token: s.office.tokens.drafter })
    expect(job.status).toBe(404)
  })
})

describe('GET /api/v1/drafts', () => {
  it("lists the office's drafts, newest first", async () => {
    const s = await seededOffice()
    const a = await createSpeech(s.office.tokens.drafter, { mode: 'assemble', materials: { findingIds: [] } })
    const b = await createSpeech(s.office.tokens.drafter, { mode: 'assemble', materials: { findingIds: [] } })
    const page = await json(await call('GET', '/api/v1/drafts?limit=10', { token: s.office.tokens.reader }))
    expect(page.items.map((d: any) => d.id)).toEqual([b.id, a.id])
    const other = await makeOffice(['reader'])
    expect((await json(await call('GET', '/api/v1/drafts', { token: other.tokens.reader }))).items).toEqual([])
  })
})

describe('auth and tenancy across the compose endpoints', () => {
  it('answers 401 in the error envelope without a token', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/templates/jianghua'],
      ['POST', '/api/v1/templates'],
      ['DELETE', '/api/v1/templates/jianghua'],
      ['GET', '/api/v1/drafts'],
      ['GET', '/api/v1/drafts/drf_x'],
      ['POST', '/api/v1/drafts/drf_x/outline'],
      ['PUT', '/api/v1/drafts/drf_x/outline'],
      ['POST', '/api/v1/drafts/drf_x/generate'],
      ['POST', '/api/v1/drafts/drf_x/check'],
      ['GET', '/api/v1/jobs/job_x'],
    ] as const) {
      const res = await call(method, path, { token: null })
      expect(res.status, `${method} ${path}`).toBe(401)
      expect((await json(res)).error.code).toBe('UNAUTHORIZED')
    }
  })

  it("hides another office's jobs and outline edits (404)", async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: s.publicIds }, mode: 'assemble' })
    const { jobId } = await runWorkflow(() => startGeneration(s.office.tokens.drafter, draft.id))
    const other = await makeOffice(['drafter'])
    expect((await call('GET', `/api/v1/jobs/${jobId}`, { token: other.tokens.drafter })).status).toBe(404)
    const put = await call('PUT', `/api/v1/drafts/${draft.id}/outline`, { token: other.tokens.drafter, body: { sections: [{ heading: '一、x' }] } })
    expect(put.status).toBe(404)
    expect((await json(put)).error.code).toBe('NOT_FOUND')
  })
})
