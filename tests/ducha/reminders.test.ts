import { createExecutionContext, createScheduledController, introspectWorkflow, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Ctx } from '../../src/core/context'
import { createDb } from '../../src/db/client'
import { sendOfficeReminders, sendReminders } from '../../src/ducha'
import worker from '../../src/index'
import { verifySignature } from '../../src/webhooks'
import { call, expectJson, listAll } from '../fixtures'
import { createItem, duchaOffice, type DuchaOffice } from './helpers'

/** A receiver outside Wenfu for the reminder webhooks: checks signatures, answers 200. */
function receiver(secret: string) {
  const seen: { valid: boolean; body: any }[] = []
  const original = globalThis.fetch
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init)
    if (!req.url.startsWith('https://receiver.example/')) return original(input as RequestInfo, init)
    const body = await req.text()
    seen.push({ valid: await verifySignature(secret, req.headers, body), body: JSON.parse(body) })
    return new Response('ok')
  })
  return seen
}

const ctxFor = (officeId: string): Ctx => ({ db: createDb(env.DB), env, actor: { memberId: 'sys_test', officeId, role: 'admin', platformAdmin: false }, requestId: 'req_test' })

/** Runs `fn` with webhook deliveries going straight through, and waits for every one queued. */
async function delivering<T>(fn: () => Promise<T>): Promise<T> {
  const introspector = await introspectWorkflow(env.WEBHOOKS)
  try {
    await introspector.modifyAll(async (m) => m.disableRetryDelays())
    const out = await fn()
    for (const instance of await introspector.get()) await instance.waitForStatus('complete')
    return out
  } finally {
    await introspector.dispose()
  }
}

/** 09:00 Beijing time on `day`. */
const at = (day: string) => new Date(`${day}T01:00:00Z`)

async function setup(): Promise<{ o: DuchaOffice; secret: string; items: Record<string, any> }> {
  const o = await duchaOffice()
  const sub = await expectJson(await call('POST', '/api/v1/webhooks', { token: o.tokens.admin, body: { url: 'https://receiver.example/ducha', events: ['ducha.reminder'] } }), 201)
  const items = {
    soon: await createItem(o.tokens.drafter, { title: '临期事项', deadline: '2030-06-05', sensitivity: 'public' }),
    edge: await createItem(o.tokens.drafter, { title: '第七天到期', deadline: '2030-06-08' }),
    later: await createItem(o.tokens.drafter, { title: '远期事项', deadline: '2030-06-20' }),
    late: await createItem(o.tokens.drafter, { title: '逾期事项', deadline: '2030-05-20', sensitivity: 'restricted' }),
    done: await createItem(o.tokens.drafter, { title: '已办结事项', deadline: '2030-06-02' }),
  }
  await expectJson(await call('POST', `/api/v1/ducha/items/${items.done.id}/closing`, { token: o.liaisons['区发展和改革委员会']!.token, body: { text: '已完成', reportedOn: '2030-05-30' } }), 201)
  return { o, secret: sub.secret, items }
}

afterEach(() => vi.restoreAllMocks())

describe('催办 reminders', () => {
  it('reminds items due within N days and overdue ones once a day, never twice across retries', async () => {
    const { o, secret, items } = await setup()
    const seen = receiver(secret)
    const first = await delivering(() => sendOfficeReminders(ctxFor(o.id), at('2030-06-01')))
    expect(first).toMatchObject({ day: '2030-06-01', due: 3, sent: 3, alreadySent: 0 })
    expect(seen.every((s) => s.valid)).toBe(true)
    const byItem = new Map(seen.map((s) => [s.body.data.itemId, s.body.data]))
    expect([...byItem.keys()].sort()).toEqual([items.soon.id, items.edge.id, items.late.id].sort())
    expect(byItem.get(items.late.id)).toMatchObject({ kind: 'overdue', status: 'overdue', daysLeft: -12, mark: '【敏感】' })
    // Only a public item's words go out through a webhook.
    expect(byItem.get(items.late.id)).not.toHaveProperty('title')
    expect(byItem.get(items.edge.id)).not.toHaveProperty('title')
    expect(byItem.get(items.soon.id)).toMatchObject({ kind: 'due_soon', daysLeft: 4, title: '临期事项', leadUnit: { name: '区发展和改革委员会' } })

    // The same day again (a retried cron run, a second trigger): nothing new is sent.
    const again = await sendOfficeReminders(ctxFor(o.id), new Date('2030-06-01T12:00:00Z'))
    expect(again).toMatchObject({ sent: 0, alreadySent: 3 })
    expect(seen).toHaveLength(3)
    const log = await listAll(o.tokens.reader, '/api/v1/ducha/reminders', { day: '2030-06-01' }, 100)
    expect(log.items).toHaveLength(3)
    expect(log.items.every((r: any) => r.deliveryIds.length === 1)).toBe(true)

    // The next day reminds again.
    const next = await delivering(() => sendOfficeReminders(ctxFor(o.id), at('2030-06-02')))
    expect(next.sent).toBe(3)
  })

  it('the office’s N decides what is due soon; the list shows the same items', async () => {
    const { o, items } = await setup()
    await expectJson(await call('PUT', '/api/v1/ducha/settings', { token: o.tokens.admin, body: { dueWithinDays: 5 } }), 200)
    receiver('unused')
    const run = await delivering(() => sendOfficeReminders(ctxFor(o.id), at('2030-06-01')))
    expect(run).toMatchObject({ due: 2, sent: 2 })
    const log = await listAll(o.tokens.reader, '/api/v1/ducha/reminders', { day: '2030-06-01' }, 100)
    expect(log.items.map((r: any) => r.itemId).sort()).toEqual([items.soon.id, items.late.id].sort())
    expect(log.items.find((r: any) => r.itemId === items.late.id).kind).toBe('overdue')
  })

  it('a unique (item, day) index stops two concurrent runs from both reminding', async () => {
    const { o } = await setup()
    const seen = receiver('x')
    const runs = await delivering(() => Promise.all([sendOfficeReminders(ctxFor(o.id), at('2030-06-03')), sendOfficeReminders(ctxFor(o.id), at('2030-06-03'))]))
    expect(runs[0]!.sent + runs[1]!.sent).toBe(3)
    expect(seen).toHaveLength(3)
    const rows = await env.DB.prepare('SELECT item_id, COUNT(*) AS n FROM ducha_reminders WHERE office_id = ? AND day = ? GROUP BY item_id').bind(o.id, '2030-06-03').all<{ n: number }>()
    expect(rows.results.map((r) => r.n)).toEqual([1, 1, 1])
  })

  it('the Cron Trigger runs the reminders for the day of its scheduled time, for every office', async () => {
    const { o } = await setup()
    const other = await setup()
    receiver('x')
    await delivering(async () => {
      const controller = createScheduledController({ scheduledTime: at('2030-06-04'), cron: '0 1 * * *' })
      const ctx = createExecutionContext()
      await worker.scheduled!(controller, env, ctx)
      await waitOnExecutionContext(ctx)
    })
    for (const office of [o, other.o]) {
      const log = await listAll(office.tokens.reader, '/api/v1/ducha/reminders', { day: '2030-06-04' }, 100)
      expect(log.items).toHaveLength(3)
    }
    // Audited as the schedule, in each office's own chain.
    const audit = await expectJson(await call('GET', '/api/v1/audit?action=ducha.reminder.claim', { token: o.tokens.admin }), 200)
    expect(audit.items[0]).toMatchObject({ memberId: 'sys_ducha_reminders', targetId: o.id })
    const verdict = await expectJson(await call('GET', '/api/v1/audit/verify', { token: o.tokens.admin }), 200)
    expect(verdict.intact).toBe(true)
    // And a second scheduled run on that day adds nothing.
    const runs = await sendReminders(env, at('2030-06-04'))
    expect(runs.filter((r) => r.officeId === o.id || r.officeId === other.o.id).map((r) => r.sent)).toEqual([0, 0])
  })
})
