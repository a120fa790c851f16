import { afterEach, describe, expect, it } from 'vitest'
import { call, json, makeOffice } from '../fixtures'
import { createSpeech, getDraft, seededOffice } from '../helpers/compose'
import { failFirst, fakeLlm } from '../helpers/fake-llm'

let fake: ReturnType<typeof fakeLlm> | null = null
afterEach(() => {
  fake?.restore()
  fake = null
})

interface Sse {
  event: string
  data: any
}

async function sse(res: Response): Promise<Sse[]> {
  const text = await res.text()
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message'
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n')
      return { event, data: JSON.parse(data) }
    })
}

async function outlined(mode?: 'assemble' | 'generate') {
  const s = await seededOffice()
  const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: s.publicIds, precedentIds: [s.precedentId] }, ...(mode ? { mode } : {}) })
  const outline = await json(await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter }))
  const review = outline.sections.find((x: any) => x.key === 'review')
  return { s, draft, review, token: s.office.tokens.drafter, path: `/api/v1/drafts/${draft.id}/sections/${review.id}/generate` }
}

describe('POST /api/v1/drafts/:id/sections/:sectionId/generate (SSE)', () => {
  it('streams one section from the model and saves the validated text', async () => {
    const { draft, review, token, path } = await outlined()
    fake = fakeLlm()
    const res = await call('POST', path, { token })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const events = await sse(res)
    expect(events[0]).toMatchObject({ event: 'start', data: { sectionId: review.id, mode: 'generate' } })
    const deltas = events.filter((e) => e.event === 'delta')
    expect(deltas.length).toBeGreaterThan(1)
    const done = events.at(-1)!
    expect(done.event).toBe('done')
    expect(done.data.section).toMatchObject({ id: review.id, status: 'done' })
    expect(done.data.section.text).toBe(deltas.map((d) => d.data.text).join('').trim())
    expect(done.data.section.usage.calls).toBe(1)
    expect(fake.calls[0]!.stream).toBe(true)
    const back = await getDraft(token, draft.id)
    expect(back.sections.find((x: any) => x.id === review.id).text).toBe(done.data.section.text)
  })

  it('restarts when the model stream is cut off midway, and ends with the full text', async () => {
    const { token, path } = await outlined()
    fake = fakeLlm(failFirst(1, 'cut'))
    const events = await sse(await call('POST', path, { token }))
    const restart = events.findIndex((e) => e.event === 'restart')
    expect(restart).toBeGreaterThan(0)
    const after = events.slice(restart + 1).filter((e) => e.event === 'delta').map((e) => e.data.text).join('')
    const done = events.at(-1)!
    expect(done.event).toBe('done')
    expect(done.data.section.text).toBe(after.trim())
    expect(fake.calls).toHaveLength(2)
  })

  it('ends with an error event (and a failed section) when the provider keeps failing', async () => {
    const { draft, review, token, path } = await outlined()
    fake = fakeLlm(() => ({ status: 500 }))
    const events = await sse(await call('POST', path, { token }))
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { error: { code: 'UPSTREAM' } } })
    const back = await getDraft(token, draft.id)
    expect(back.sections.find((x: any) => x.id === review.id)).toMatchObject({ status: 'failed' })
  })

  it('streams the assembled text in assemble mode without calling a model', async () => {
    const { token, path } = await outlined('assemble')
    fake = fakeLlm()
    const events = await sse(await call('POST', path, { token }))
    expect(events[0]!.data.mode).toBe('assemble')
    expect(events.at(-1)!.data.section.citations.length).toBeGreaterThan(0)
    expect(fake.calls).toHaveLength(0)
  })

  it('adds one version per streamed section, and the last one marks the draft composed in that same version', async () => {
    const { draft, token } = await outlined('assemble')
    let before = await getDraft(token, draft.id)
    const written = before.sections.filter((x: any) => x.kind === 'written')
    expect(written.length).toBeGreaterThan(1)
    for (const [i, section] of written.entries()) {
      const events = await sse(await call('POST', `/api/v1/drafts/${draft.id}/sections/${section.id}/generate`, { token }))
      expect(events.at(-1)!.event).toBe('done')
      const after = await getDraft(token, draft.id)
      expect(after.version).toBe(before.version + 1)
      expect(after.composeState).toBe(i === written.length - 1 ? 'done' : before.composeState)
      before = after
    }
    // once composed, regenerating a section again is one more version, not two
    const again = await sse(await call('POST', `/api/v1/drafts/${draft.id}/sections/${written[0].id}/generate`, { token }))
    expect(again.at(-1)!.event).toBe('done')
    const last = await getDraft(token, draft.id)
    expect(last.version).toBe(before.version + 1)
    expect(last.composeState).toBe('done')
  })

  it('refuses before streaming: 403 for material the model may not see, in the error envelope', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { materials: { findingIds: s.publicIds } })
    const outline = await json(await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter }))
    // Made internal after the draft was created: the next call refuses it.
    const first = outline.sections.find((x: any) => x.key === 'review').findingIds[0]
    const patched = await call('PATCH', `/api/v1/findings/${first}`, { token: s.office.tokens.drafter, body: { sensitivity: 'internal' } })
    expect(patched.status).toBe(200)
    fake = fakeLlm()
    const res = await call('POST', `/api/v1/drafts/${draft.id}/sections/${outline.sections.find((x: any) => x.key === 'review').id}/generate`, {
      token: s.office.tokens.drafter,
    })
    expect(res.status).toBe(403)
    expect((await json(res)).error.details.materials[0].id).toBe(first)
    expect(fake.calls).toHaveLength(0)
  })

  it('answers 400 for a fixed section, 404 for an unknown one, 401 and other-office 404', async () => {
    const { s, draft, token } = await outlined('assemble')
    const back = await getDraft(token, draft.id)
    const salutation = back.sections.find((x: any) => x.kind === 'fixed')
    expect((await call('POST', `/api/v1/drafts/${draft.id}/sections/${salutation.id}/generate`, { token })).status).toBe(400)
    expect((await call('POST', `/api/v1/drafts/${draft.id}/sections/sec_nope/generate`, { token })).status).toBe(404)
    const review = back.sections.find((x: any) => x.key === 'review')
    expect((await call('POST', `/api/v1/drafts/${draft.id}/sections/${review.id}/generate`, { token: null })).status).toBe(401)
    const other = await makeOffice(['drafter'])
    const res = await call('POST', `/api/v1/drafts/${draft.id}/sections/${review.id}/generate`, { token: other.tokens.drafter })
    expect(res.status).toBe(404)
    expect((await json(res)).error.code).toBe('NOT_FOUND')
    expect((await call('POST', `/api/v1/drafts/${draft.id}/sections/${review.id}/generate`, { token: s.office.tokens.reader })).status).toBe(403)
  })
})
