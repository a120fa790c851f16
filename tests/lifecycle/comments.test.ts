import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectError, expectJson } from '../fixtures'
import { fullOffice, getDraft, makeDraft, save, type Office } from './helpers'

let office: Office
let draftId: string
let version: number
let text: string

beforeAll(async () => {
  office = await fullOffice()
  const d = await makeDraft(office)
  const base = await getDraft(office, d.id)
  const saved = await expectJson<{ version: number }>(
    await save(office, d.id, base.version, [{ heading: '一、总体要求', text: '坚持人民至上、生命至上，压实安全生产责任。' }]),
    200,
  )
  draftId = d.id
  version = saved.version
  text = (await expectJson<{ text: string }>(await call('GET', `/api/v1/drafts/${d.id}/versions/${version}`, { token: office.tokens.reader }), 200)).text
})

describe('comments', () => {
  it('anchors a comment to a span of a version, with replies, and resolves it', async () => {
    const start = text.indexOf('压实安全生产责任')
    const comment = await expectJson<{ id: string; quote: string; version: number }>(
      await call('POST', `/api/v1/drafts/${draftId}/comments`, {
        token: office.tokens.reviewer,
        body: { version, start, end: start + 8, body: '建议改为“压紧压实安全生产责任”。' },
      }),
      201,
    )
    expect(comment).toMatchObject({ quote: '压实安全生产责任', version })
    const reply = await expectJson<{ parentId: string; quote: string }>(
      await call('POST', `/api/v1/drafts/${draftId}/comments`, { token: office.tokens.drafter, body: { parentId: comment.id, body: '已按意见修改。' } }),
      201,
    )
    expect(reply).toMatchObject({ parentId: comment.id, quote: '压实安全生产责任' })
    const resolved = await expectJson<{ resolvedAt: string | null; resolvedBy: string }>(
      await call('POST', `/api/v1/drafts/${draftId}/comments/${comment.id}/resolve`, { token: office.tokens.reviewer }),
      200,
    )
    expect(resolved.resolvedAt).not.toBeNull()
    const all = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/drafts/${draftId}/comments`, { token: office.tokens.reader }), 200)
    const listed = all.items.find((c) => c.id === comment.id)
    expect(listed.replies.map((r: any) => r.body)).toEqual(['已按意见修改。'])
    // The author by name, so the 工作台 shows who wrote it and not only the role.
    expect(comment).toMatchObject({ authorRole: 'reviewer', authorName: 'reviewer成员' })
    expect(listed).toMatchObject({ authorName: 'reviewer成员' })
    expect(listed.replies[0]).toMatchObject({ authorRole: 'drafter', authorName: 'drafter成员' })
    const open = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/drafts/${draftId}/comments?includeResolved=false`, { token: office.tokens.reader }), 200)
    expect(open.items.map((c) => c.id)).not.toContain(comment.id)
  })

  it('refuses spans outside the version, replies to replies, readers and other offices', async () => {
    await expectError(
      await call('POST', `/api/v1/drafts/${draftId}/comments`, { token: office.tokens.reviewer, body: { version, start: 0, end: text.length + 1, body: '越界' } }),
      400,
      'VALIDATION',
    )
    await expectError(
      await call('POST', `/api/v1/drafts/${draftId}/comments`, { token: office.tokens.reviewer, body: { version: 999, start: 0, end: 1, body: '无此版本' } }),
      404,
      'NOT_FOUND',
    )
    const c = await expectJson<{ id: string }>(
      await call('POST', `/api/v1/drafts/${draftId}/comments`, { token: office.tokens.reviewer, body: { version, start: 0, end: 2, body: '看看' } }),
      201,
    )
    const r = await expectJson<{ id: string }>(
      await call('POST', `/api/v1/drafts/${draftId}/comments`, { token: office.tokens.drafter, body: { parentId: c.id, body: '好' } }),
      201,
    )
    await expectError(await call('POST', `/api/v1/drafts/${draftId}/comments`, { token: office.tokens.drafter, body: { parentId: r.id, body: '套娃' } }), 400, 'VALIDATION')
    await expectError(await call('POST', `/api/v1/drafts/${draftId}/comments`, { token: office.tokens.reader, body: { version, start: 0, end: 1, body: 'x' } }), 403, 'FORBIDDEN')
    const stranger = await fullOffice()
    await expectError(await call('GET', `/api/v1/drafts/${draftId}/comments`, { token: stranger.tokens.reader }), 404, 'NOT_FOUND')
    await expectError(await call('POST', `/api/v1/drafts/${draftId}/comments/${c.id}/resolve`, { token: stranger.tokens.reviewer }), 404, 'NOT_FOUND')
  })
})

describe('GET /drafts filters and ETag', () => {
  it('filters by status, genre, author and updated range, and pages without gaps', async () => {
    const o = await fullOffice()
    const a = await makeDraft(o)
    const b = await makeDraft(o)
    await makeDraft(o, 'jianghua', { topic: '安全生产', meeting: '全区安全生产工作会议', speaker: '区长 李某', minutes: '8' })
    await expectJson(await call('POST', `/api/v1/drafts/${a.id}/transitions`, { token: o.tokens.drafter, body: { action: 'submit' } }), 200)
    const inReview = await expectJson<{ items: any[] }>(await call('GET', '/api/v1/drafts?status=in_review', { token: o.tokens.reader }), 200)
    expect(inReview.items.map((d) => d.id)).toEqual([a.id])
    const notices = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/drafts?genre=${encodeURIComponent('通知')}`, { token: o.tokens.reader }), 200)
    expect(notices.items.map((d) => d.id).sort()).toEqual([a.id, b.id].sort())
    const author = notices.items[0].author
    const mine = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/drafts?author=${author}`, { token: o.tokens.reader }), 200)
    expect(mine.items).toHaveLength(3)
    const future = await expectJson<{ items: any[] }>(await call('GET', '/api/v1/drafts?updatedFrom=2999-01-01', { token: o.tokens.reader }), 200)
    expect(future.items).toEqual([])
    const page1 = await expectJson<{ items: any[]; nextCursor: string }>(await call('GET', '/api/v1/drafts?limit=2', { token: o.tokens.reader }), 200)
    const page2 = await expectJson<{ items: any[]; nextCursor: null }>(await call('GET', `/api/v1/drafts?limit=2&cursor=${page1.nextCursor}`, { token: o.tokens.reader }), 200)
    expect(new Set([...page1.items, ...page2.items].map((d) => d.id)).size).toBe(3)
    expect(page2.nextCursor).toBeNull()
    await expectError(await call('GET', '/api/v1/drafts?status=published', { token: o.tokens.reader }), 400, 'VALIDATION')
  })

  it('answers GET /drafts/:id with the version as ETag and 304 when unchanged', async () => {
    const d = await makeDraft(office)
    const res = await call('GET', `/api/v1/drafts/${d.id}`, { token: office.tokens.reader })
    const etag = res.headers.get('etag')
    expect(etag).toBe(`"${(await res.json<{ version: number }>()).version}"`)
    const again = await call('GET', `/api/v1/drafts/${d.id}`, { token: office.tokens.reader, headers: { 'if-none-match': etag! } })
    expect(again.status).toBe(304)
  })
})
