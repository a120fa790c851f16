import { introspectWorkflow } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Ctx } from '../../src/core/context'
import { createDb } from '../../src/db/client'
import { emitEvent, verifySignature } from '../../src/webhooks'
import { call, expectError, expectJson, makeOffice } from '../fixtures'

/** A receiver outside Wenfu: checks each delivery's signature and answers with `statuses` in turn. */
function receiver(secret: string, statuses: number[]) {
  const seen: { valid: boolean; event: string | null; body: any; attempt: number }[] = []
  const original = globalThis.fetch
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init)
    if (!req.url.startsWith('https://receiver.example/')) return original(input as RequestInfo, init)
    const body = await req.text()
    const valid = await verifySignature(secret, req.headers, body)
    const status = statuses[Math.min(seen.length, statuses.length - 1)]!
    seen.push({ valid, event: req.headers.get('x-wenfu-event'), body: JSON.parse(body), attempt: seen.length + 1 })
    return new Response(status < 300 ? 'ok' : JSON.stringify({ error: 'busy' }), { status })
  })
  return { seen, spy }
}

function ctxFor(officeId: string): Ctx {
  return { db: createDb(env.DB), env, actor: { memberId: 'mem_test', officeId, role: 'admin', platformAdmin: false }, requestId: 'req_test' }
}

async function deliver(officeId: string, data: Record<string, unknown>, expect: 'complete') {
  const introspector = await introspectWorkflow(env.WEBHOOKS)
  try {
    await introspector.modifyAll(async (m) => m.disableRetryDelays())
    const ids = await emitEvent(ctxFor(officeId), 'draft.approved', data)
    for (const instance of await introspector.get()) await instance.waitForStatus(expect)
    return ids
  } finally {
    await introspector.dispose()
  }
}

afterEach(() => vi.restoreAllMocks())

describe('outbound webhooks', () => {
  it('signs every delivery, retries after failures and logs each attempt', async () => {
    const o = await makeOffice(['admin'])
    const sub = await expectJson<{ id: string; secret: string }>(
      await call('POST', '/api/v1/webhooks', { token: o.tokens.admin, body: { url: 'https://receiver.example/hook', events: ['draft.approved'] } }),
      201,
    )
    expect(sub.secret).toMatch(/^whsec_/)
    const { seen } = receiver(sub.secret, [500, 503, 200])
    const [deliveryId] = await deliver(o.id, { draftId: 'drf_x', status: 'approved' }, 'complete')
    expect(seen.map((s) => s.valid)).toEqual([true, true, true])
    expect(seen.map((s) => s.event)).toEqual(['draft.approved', 'draft.approved', 'draft.approved'])
    expect(seen[2]!.body).toMatchObject({ id: deliveryId, event: 'draft.approved', data: { draftId: 'drf_x' } })
    const { items } = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/webhooks/${sub.id}/deliveries`, { token: o.tokens.admin }), 200)
    expect(items[0]).toMatchObject({ id: deliveryId, status: 'delivered', attempts: 3, lastStatusCode: 200 })
    expect(items[0].log.map((a: any) => a.statusCode)).toEqual([500, 503, 200])
  })

  it('gives a delivery up as failed after the last retry', async () => {
    const o = await makeOffice(['admin'])
    const sub = await expectJson<{ id: string; secret: string }>(
      await call('POST', '/api/v1/webhooks', { token: o.tokens.admin, body: { url: 'https://receiver.example/down' } }),
      201,
    )
    const { seen } = receiver(sub.secret, [500])
    await deliver(o.id, { draftId: 'drf_y' }, 'complete')
    expect(seen.length).toBeGreaterThan(2)
    const { items } = await expectJson<{ items: any[] }>(await call('GET', `/api/v1/webhooks/${sub.id}/deliveries`, { token: o.tokens.admin }), 200)
    expect(items[0]).toMatchObject({ status: 'failed', attempts: seen.length, lastStatusCode: 500 })
  })

  it('a signature made with another secret, or replayed late, does not verify', async () => {
    const headers = new Headers({ 'X-Wenfu-Timestamp': String(Math.floor(Date.now() / 1000)) })
    const { signPayload } = await import('../../src/webhooks')
    headers.set('X-Wenfu-Signature', await signPayload('whsec_right', Number(headers.get('X-Wenfu-Timestamp')), '{}'))
    expect(await verifySignature('whsec_right', headers, '{}')).toBe(true)
    expect(await verifySignature('whsec_wrong', headers, '{}')).toBe(false)
    expect(await verifySignature('whsec_right', headers, '{"x":1}')).toBe(false)
    expect(await verifySignature('whsec_right', headers, '{}', { now: Date.now() + 3600_000 })).toBe(false)
  })

  it('sends nothing for events a subscription did not ask for, nor to other offices', async () => {
    const a = await makeOffice(['admin'])
    const b = await makeOffice(['admin'])
    await expectJson(await call('POST', '/api/v1/webhooks', { token: a.tokens.admin, body: { url: 'https://receiver.example/a', events: ['draft.issued'] } }), 201)
    const ids = await emitEvent(ctxFor(a.id), 'draft.approved', {})
    expect(ids).toEqual([])
    expect(await emitEvent(ctxFor(b.id), 'draft.issued', {})).toEqual([])
  })

  it('refuses bad subscriptions and keeps them to admins of the office', async () => {
    const o = await makeOffice(['admin', 'drafter'])
    const other = await makeOffice(['admin'])
    await expectError(await call('POST', '/api/v1/webhooks', { token: o.tokens.admin, body: { url: 'http://example.com/hook' } }), 400, 'VALIDATION')
    await expectError(await call('POST', '/api/v1/webhooks', { token: o.tokens.admin, body: { url: 'https://x.example', events: ['draft.exploded'] } }), 400, 'VALIDATION')
    await expectError(await call('POST', '/api/v1/webhooks', { token: o.tokens.drafter, body: { url: 'https://x.example' } }), 403, 'FORBIDDEN')
    const sub = await expectJson<{ id: string }>(await call('POST', '/api/v1/webhooks', { token: o.tokens.admin, body: { url: 'https://x.example/h' } }), 201)
    await expectError(await call('DELETE', `/api/v1/webhooks/${sub.id}`, { token: other.tokens.admin }), 404, 'NOT_FOUND')
    await expectError(await call('GET', `/api/v1/webhooks/${sub.id}/deliveries`, { token: other.tokens.admin }), 404, 'NOT_FOUND')
    const list = await expectJson<{ items: any[] }>(await call('GET', '/api/v1/webhooks', { token: o.tokens.admin }), 200)
    expect(list.items.map((s) => s.id)).toContain(sub.id)
    expect(list.items[0]).not.toHaveProperty('secret')
    expect((await call('DELETE', `/api/v1/webhooks/${sub.id}`, { token: o.tokens.admin })).status).toBe(204)
  })
})

describe('draft events', () => {
  it('a transition through the API reaches a subscribed receiver, signed', async () => {
    const { fullOffice, makeDraft, act } = await import('../lifecycle/helpers')
    const o = await fullOffice()
    const sub = await expectJson<{ secret: string }>(
      await call('POST', '/api/v1/webhooks', { token: o.tokens.admin, body: { url: 'https://receiver.example/drafts', events: ['draft.submitted', 'draft.approved'] } }),
      201,
    )
    const { seen } = receiver(sub.secret, [200])
    const d = await makeDraft(o)
    const introspector = await introspectWorkflow(env.WEBHOOKS)
    try {
      await introspector.modifyAll(async (m) => m.disableRetryDelays())
      await expectJson(await act(o, d.id, 'submit', 'drafter'), 200)
      await expectJson(await act(o, d.id, 'approve', 'reviewer'), 200)
      const instances = await introspector.get()
      expect(instances).toHaveLength(2)
      for (const instance of instances) await instance.waitForStatus('complete')
    } finally {
      await introspector.dispose()
    }
    expect(seen.map((s) => s.valid)).toEqual([true, true])
    expect(seen.map((s) => s.event).sort()).toEqual(['draft.approved', 'draft.submitted'])
    expect(seen.find((s) => s.event === 'draft.approved')!.body.data).toMatchObject({ draftId: d.id, status: 'approved' })
  })
})
