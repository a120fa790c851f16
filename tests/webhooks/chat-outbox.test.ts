/**
 * The chat outbox (src/webhooks/chat.ts) names what each message is about in its own column: a
 * draft's messages in draftId, a 催办 in itemId (migrations/0012_outbox_item_id.sql). Checked through
 * what an admin reads (GET /api/v1/admin/bot-notifications) and what the linked member receives over
 * WeCom (its API faked by tests/bots/wecom-stand-ins.ts); and the migration itself, run on rows as 0011 kept them.
 */
import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sendOfficeReminders } from '../../src/ducha'
import { systemCtx } from '../../src/ducha/reminders'
import { clearTokenCache } from '../../src/bots/wecom/api'
import type { Env } from '../../src/env'
import { delivering } from '../bots/slack-stand-in'
import { installFakeWecomApi, linkWecom, secretsOf, type FakeWecomApi } from '../bots/wecom-stand-ins'
import { createItem, duchaOffice, type DuchaOffice } from '../ducha/helpers'
import { call, expectJson, unique } from '../fixtures'
import { act, makeDraft } from '../lifecycle/helpers'

const S = secretsOf(env as unknown as Env)
let office: DuchaOffice
let reviewer: { userId: string; memberId: string }
let liaison: string
let api: FakeWecomApi

beforeAll(async () => {
  office = await duchaOffice()
  reviewer = await linkWecom(office, 'reviewer', S.corpId)
  liaison = unique('wx').replace(/[^A-Za-z0-9]/g, '')
  const memberId = office.liaisons['区住房和城乡建设局']!.memberId
  await expectJson(await call('POST', '/api/v1/admin/bot-links', { token: office.tokens.admin, body: { memberId, platform: 'wecom', tenant: S.corpId, userId: liaison } }), 201)
})
beforeEach(() => {
  clearTokenCache()
  api = installFakeWecomApi()
})
afterEach(() => api.restore())

interface Listed {
  kind: string
  event: string
  userId: string
  draftId: string | null
  itemId: string | null
  status: string
}
const listed = async () =>
  (await expectJson<{ items: Listed[] }>(await call('GET', '/api/v1/admin/bot-notifications?limit=100', { token: office.tokens.admin }), 200)).items
const sentTo = (userId: string) => api.of('/cgi-bin/message/send').filter((c) => c.body.touser === userId).map((c) => JSON.stringify(c.body))

describe('the outbox names a draft or an item', () => {
  it('a draft’s message carries its draftId and no itemId, and is delivered about that draft', async () => {
    const d = await makeDraft(office)
    await delivering(async () => expectJson(await act(office, d.id, 'submit', 'drafter'), 200))
    const row = (await listed()).find((n) => n.draftId === d.id)
    expect(row).toMatchObject({ kind: 'transition', event: 'draft.submitted', userId: reviewer.userId, itemId: null, status: 'delivered' })
    expect(sentTo(reviewer.userId).some((b) => b.includes(`/drafts/${d.id}`))).toBe(true)
  })

  it('a 催办 carries its itemId and no draftId, and the delivery builds the reminder from that item', async () => {
    const item = await createItem(office.tokens.drafter, { title: unique('住建局的老旧小区改造'), leadUnit: '区住建局', supportUnits: [], deadline: '2031-03-10' })
    const run = await delivering(() => sendOfficeReminders(systemCtx(env as unknown as Env, office.id), new Date('2031-03-08T01:00:00Z')))
    expect(run.sent).toBeGreaterThanOrEqual(1)
    const rows = (await listed()).filter((n) => n.itemId === item.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: 'ducha_reminder', event: 'ducha.reminder', userId: liaison, draftId: null, status: 'delivered' })
    const sent = sentTo(liaison).find((b) => b.includes(`/ducha/items/${item.id}`))
    expect(sent).toContain(item.title)
    expect(sent).toContain('还有 2 天到期')
  })

  it('the table refuses a reminder without an item, or a draft’s message without a draft', async () => {
    const insert = (kind: string, draftId: string | null, itemId: string | null) =>
      env.DB.prepare("INSERT INTO bot_notifications (id, office_id, member_id, platform, tenant, user_id, kind, event, draft_id, item_id) VALUES (?1, ?2, 'mem_x', 'wecom', ?3, 'u', ?4, 'e', ?5, ?6)")
        .bind(unique('bnt_'), office.id, S.corpId, kind, draftId, itemId)
        .run()
    await expect(insert('ducha_reminder', 'dbi_1', null)).rejects.toThrow(/CHECK constraint failed/)
    await expect(insert('transition', null, null)).rejects.toThrow(/CHECK constraint failed/)
    await expect(insert('compose', 'drf_1', 'dbi_1')).rejects.toThrow(/CHECK constraint failed/)
  })
})

describe('migration 0012 on rows as 0011 kept them', () => {
  it('moves each reminder’s item id from draft_id to item_id and leaves drafts’ rows as they were', async () => {
    const migration = (name: string) => env.TEST_MIGRATIONS.find((m) => m.name.startsWith(name))!
    // This file's D1 is its own: put the 0011 table back, with rows written the old way.
    await env.DB.prepare('DROP TABLE bot_notifications').run()
    for (const q of migration('0011_').queries.filter((q) => q.includes('`bot_notifications`'))) await env.DB.prepare(q).run()
    const old = env.DB.prepare("INSERT INTO bot_notifications (id, office_id, member_id, platform, tenant, user_id, kind, event, draft_id, note, status, attempts) VALUES (?1, ?2, 'mem_x', 'slack', 'T1', 'U1', ?3, ?4, ?5, ?6, 'delivered', 1)")
    await env.DB.batch([
      old.bind('bnt_old_reminder', office.id, 'ducha_reminder', 'ducha.reminder', 'dbi_old_item', '2031-03-08'),
      old.bind('bnt_old_transition', office.id, 'transition', 'draft.submitted', 'drf_old_draft', null),
      old.bind('bnt_old_compose', office.id, 'compose', 'compose.finished', 'drf_old_compose', null),
    ])
    for (const q of migration('0012_').queries) await env.DB.prepare(q).run()

    const rows = await env.DB.prepare("SELECT id, kind, draft_id, item_id, note, status, attempts FROM bot_notifications WHERE id LIKE 'bnt_old_%' ORDER BY id").all()
    expect(rows.results).toEqual([
      { id: 'bnt_old_compose', kind: 'compose', draft_id: 'drf_old_compose', item_id: null, note: null, status: 'delivered', attempts: 1 },
      { id: 'bnt_old_reminder', kind: 'ducha_reminder', draft_id: null, item_id: 'dbi_old_item', note: '2031-03-08', status: 'delivered', attempts: 1 },
      { id: 'bnt_old_transition', kind: 'transition', draft_id: 'drf_old_draft', item_id: null, note: null, status: 'delivered', attempts: 1 },
    ])
    const indexes = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'bot_notifications' AND name NOT LIKE 'sqlite_%'").all<{ name: string }>()
    expect(indexes.results.map((r) => r.name)).toEqual(['bot_notifications_office'])
    // The admin's list reads the migrated rows.
    const migrated = (await listed()).filter((n) => ['dbi_old_item', 'drf_old_draft'].includes(n.itemId ?? n.draftId ?? ''))
    expect(migrated.map((n) => [n.kind, n.draftId, n.itemId]).sort()).toEqual([
      ['ducha_reminder', null, 'dbi_old_item'],
      ['transition', 'drf_old_draft', null],
    ])
  })
})
