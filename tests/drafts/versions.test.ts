/**
 * The version a draft reports always exists: creation, outline, each generated section and the
 * job's start and end make versions like a save does, so a freshly generated draft can be commented
 * on and diffed before anyone saves it. General comments attach to the whole draft.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { call, expectError, expectJson } from '../fixtures'
import { createSpeech, getDraft, runWorkflow, seededOffice, startGeneration } from '../helpers/compose'
import { fakeLlm } from '../helpers/fake-llm'

let fake: ReturnType<typeof fakeLlm> | null = null
afterEach(() => {
  fake?.restore()
  fake = null
})

type VersionList = { items: { version: number; reason: string; contentHash: string }[] }

async function versionsOf(token: string, id: string) {
  return expectJson<VersionList>(await call('GET', `/api/v1/drafts/${id}/versions`, { token }), 200)
}

describe('versions of composed drafts', () => {
  it('makes version 1 with the draft, and a version for the outline', async () => {
    const s = await seededOffice()
    const draft = await createSpeech(s.office.tokens.drafter, { mode: 'assemble', materials: { findingIds: s.publicIds } })
    expect(draft.version).toBe(1)
    expect((await versionsOf(s.office.tokens.reader, draft.id)).items).toMatchObject([{ version: 1, reason: 'created' }])
    await expectJson(await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: s.office.tokens.drafter }), 200)
    const after = await getDraft(s.office.tokens.reader, draft.id)
    expect(after.version).toBe(2)
    const v2 = await expectJson<{ reason: string; sections: { heading: string }[] }>(
      await call('GET', `/api/v1/drafts/${draft.id}/versions/2`, { token: s.office.tokens.reader }),
      200,
    )
    expect(v2.reason).toBe('outline')
    expect(v2.sections.map((x) => x.heading)).toEqual(after.sections.map((x: { heading: string }) => x.heading))
  })

  it('keeps every version a generated draft reports, the last one holding the generated text', async () => {
    const s = await seededOffice()
    const token = s.office.tokens.drafter
    fake = fakeLlm()
    const draft = await createSpeech(token, { materials: { findingIds: s.publicIds, precedentIds: [s.precedentId] } })
    await runWorkflow(() => startGeneration(token, draft.id))
    const done = await getDraft(s.office.tokens.reader, draft.id)
    expect(done.composeState).toBe('done')
    expect(done.version).toBeGreaterThan(3)

    const list = await versionsOf(s.office.tokens.reader, draft.id)
    expect(list.items.map((v) => v.version)).toEqual(Array.from({ length: done.version }, (_, i) => done.version - i))
    expect(new Set(list.items.map((v) => v.reason))).toEqual(new Set(['created', 'outline', 'compose', 'generate']))
    const latest = await expectJson<{ sections: { id: string; text: string }[] }>(
      await call('GET', `/api/v1/drafts/${draft.id}/versions/${done.version}`, { token: s.office.tokens.reader }),
      200,
    )
    expect(latest.sections.map((x) => x.text)).toEqual(done.sections.map((x: { text: string }) => x.text))
    expect(latest.sections.some((x) => x.text.length > 0)).toBe(true)

    // The version the draft reports can be commented on before anyone saves it.
    const version = await expectJson<{ text: string }>(await call('GET', `/api/v1/drafts/${draft.id}/versions/${done.version}`, { token }), 200)
    const comment = await expectJson<{ version: number; quote: string }>(
      await call('POST', `/api/v1/drafts/${draft.id}/comments`, { token, body: { version: done.version, start: 0, end: 4, body: '开头再斟酌。' } }),
      201,
    )
    expect(comment).toMatchObject({ version: done.version, quote: version.text.slice(0, 4) })
    // And a save against it lands as the next version, with no "composed" base written after the fact.
    const saved = await expectJson<{ version: number }>(
      await call('PUT', `/api/v1/drafts/${draft.id}`, {
        token,
        headers: { 'if-match': `"${done.version}"` },
        body: { sections: done.sections.map((x: { id: string; heading: string; text: string }) => ({ id: x.id, heading: x.heading, text: x.text })) },
      }),
      200,
    )
    expect(saved.version).toBe(done.version + 1)
    const reasons = (await versionsOf(token, draft.id)).items.map((v) => v.reason)
    expect(reasons).not.toContain('composed')
  })
})

describe('general comments', () => {
  it('comments on the whole draft at its current version, and answers replies to it', async () => {
    const s = await seededOffice()
    const token = s.office.tokens.drafter
    const draft = await createSpeech(token, { mode: 'assemble', materials: { findingIds: s.publicIds } })
    await expectJson(await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token }), 200)
    const now = await getDraft(token, draft.id)
    const general = await expectJson<{ id: string; general: boolean; version: number; quote: string; start: number; end: number }>(
      await call('POST', `/api/v1/drafts/${draft.id}/comments`, { token, body: { body: '全文篇幅偏长，请压缩到 3000 字以内。' } }),
      201,
    )
    expect(general).toMatchObject({ general: true, version: now.version, quote: '', start: 0, end: 0 })
    const reply = await expectJson<{ parentId: string; general: boolean }>(
      await call('POST', `/api/v1/drafts/${draft.id}/comments`, { token: s.office.tokens.admin, body: { parentId: general.id, body: '同意。' } }),
      201,
    )
    expect(reply).toMatchObject({ parentId: general.id, general: true })
    const list = await expectJson<{ items: { id: string; general: boolean; replies: unknown[] }[] }>(
      await call('GET', `/api/v1/drafts/${draft.id}/comments`, { token: s.office.tokens.reader }),
      200,
    )
    expect(list.items).toMatchObject([{ id: general.id, general: true, replies: [{ parentId: general.id }] }])
    // A general comment may name an earlier version; one that does not exist is 404.
    await expectJson(await call('POST', `/api/v1/drafts/${draft.id}/comments`, { token, body: { version: 1, body: '第一版的意见。' } }), 201)
    await expectError(await call('POST', `/api/v1/drafts/${draft.id}/comments`, { token, body: { version: 999, body: '不存在的版本。' } }), 404, 'NOT_FOUND')
  })

  it('refuses a half-given anchor or an empty body in Chinese, naming the field', async () => {
    const s = await seededOffice()
    const token = s.office.tokens.drafter
    const draft = await createSpeech(token, { mode: 'assemble', materials: { findingIds: s.publicIds } })
    const cases: [Record<string, unknown>, string][] = [
      [{ version: 1, start: 0, body: '缺 end' }, 'end'],
      [{ start: 0, end: 2, body: '缺 version' }, 'version'],
      [{ parentId: 'cmt_x', version: 1, body: '回复不带版本' }, 'parentId'],
      [{ body: '   ' }, 'body'],
      [{}, 'body'],
    ]
    for (const [body, field] of cases) {
      const err = await expectError(await call('POST', `/api/v1/drafts/${draft.id}/comments`, { token, body }), 400, 'VALIDATION')
      const issues = err.details.issues as { path: string; message: string }[]
      expect(issues.map((i) => i.path)).toContain(field)
      for (const i of issues) expect(i.message).toMatch(/\p{Script=Han}/u)
      expect(JSON.stringify(err)).not.toMatch(/Invalid input/)
    }
  })
})
