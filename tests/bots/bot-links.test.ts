import { afterEach, describe, expect, it, vi } from 'vitest'
import { call, expectError, expectJson, makeOffice, unique } from '../fixtures'

const memberOf = async (office: Awaited<ReturnType<typeof makeOffice>>, role: string) =>
  (await expectJson<{ items: { memberId: string; role: string }[] }>(await call('GET', '/api/v1/admin/tokens', { token: office.tokens.admin }), 200)).items.find((m) => m.role === role)!.memberId

const link = (token: string, body: Record<string, unknown>) => call('POST', '/api/v1/admin/bot-links', { token, body })

afterEach(() => vi.restoreAllMocks())

describe('/admin/bot-links', () => {
  it('links a Slack user and a WeCom userid to members, lists them and records both in the audit chain', async () => {
    const o = await makeOffice(['admin', 'reviewer', 'drafter'])
    const reviewer = await memberOf(o, 'reviewer')
    const slackUser = unique('U').toUpperCase()
    const a = await expectJson<any>(await link(o.tokens.admin, { memberId: reviewer, platform: 'slack', tenant: 'T0TEAM', userId: slackUser }), 201)
    expect(a).toMatchObject({ memberId: reviewer, role: 'reviewer', platform: 'slack', tenant: 'T0TEAM', userId: slackUser, memberName: 'reviewer成员' })
    await expectJson(await link(o.tokens.admin, { memberId: reviewer, platform: 'wecom', tenant: 'ww0123456789abcdef', userId: 'zhangsan' }), 201)
    const { items } = await expectJson<{ items: any[] }>(await call('GET', '/api/v1/admin/bot-links', { token: o.tokens.admin }), 200)
    expect(items.map((i) => i.platform).sort()).toEqual(['slack', 'wecom'])
    const audit = await expectJson<{ items: any[] }>(await call('GET', '/api/v1/audit?action=bot-link.create', { token: o.tokens.admin }), 200)
    expect(audit.items.map((e) => e.targetId)).toContain(a.id)
  })

  it('refuses a chat user linked already, even from another office, without saying where', async () => {
    const o = await makeOffice(['admin', 'drafter'])
    const other = await makeOffice(['admin', 'drafter'])
    const userId = unique('U').toUpperCase()
    await expectJson(await link(o.tokens.admin, { memberId: await memberOf(o, 'drafter'), platform: 'slack', tenant: 'T0TEAM', userId }), 201)
    const e = await expectError(await link(other.tokens.admin, { memberId: await memberOf(other, 'drafter'), platform: 'slack', tenant: 'T0TEAM', userId }), 409, 'CONFLICT')
    expect(e.message).not.toContain(o.id)
  })

  it('is for admins of the office only, and never crosses an office', async () => {
    const o = await makeOffice(['admin', 'drafter'])
    const other = await makeOffice(['admin', 'drafter'])
    const drafter = await memberOf(o, 'drafter')
    await expectError(await link(o.tokens.drafter, { memberId: drafter, platform: 'slack', tenant: 'T0TEAM', userId: unique('U') }), 403, 'FORBIDDEN')
    await expectError(await call('GET', '/api/v1/admin/bot-links', { token: o.tokens.drafter }), 403, 'FORBIDDEN')
    await expectError(await call('GET', '/api/v1/admin/bot-notifications', { token: o.tokens.drafter }), 403, 'FORBIDDEN')
    // another office's member is not one of ours
    const e = await expectError(await link(other.tokens.admin, { memberId: drafter, platform: 'slack', tenant: 'T0TEAM', userId: unique('U') }), 400, 'VALIDATION')
    expect(e.message).toContain('不存在')
    const mine = await expectJson<any>(await link(o.tokens.admin, { memberId: drafter, platform: 'slack', tenant: 'T0TEAM', userId: unique('U') }), 201)
    expect((await expectJson<{ items: any[] }>(await call('GET', '/api/v1/admin/bot-links', { token: other.tokens.admin }), 200)).items).toEqual([])
    await expectError(await call('DELETE', `/api/v1/admin/bot-links/${mine.id}`, { token: other.tokens.admin }), 404, 'NOT_FOUND')
    expect(await call('DELETE', `/api/v1/admin/bot-links/${mine.id}`, { token: o.tokens.admin }).then((r) => r.status)).toBe(204)
    expect((await expectJson<{ items: any[] }>(await call('GET', '/api/v1/admin/bot-links', { token: o.tokens.admin }), 200)).items).toEqual([])
    await expectError(await call('DELETE', `/api/v1/admin/bot-links/${mine.id}`, { token: o.tokens.admin }), 404, 'NOT_FOUND')
  })

  it('validates the platform and the ids, in Chinese', async () => {
    const o = await makeOffice(['admin', 'drafter'])
    const drafter = await memberOf(o, 'drafter')
    await expectError(await link(o.tokens.admin, { memberId: drafter, platform: 'teams', tenant: 'T', userId: 'U1' }), 400, 'VALIDATION')
    const e = await expectError(await link(o.tokens.admin, { memberId: drafter, platform: 'slack', tenant: 'T0TEAM', userId: '<script>' }), 400, 'VALIDATION')
    expect(JSON.stringify(e)).toMatch(/用户 ID/)
    await expectError(await link(o.tokens.admin, { memberId: drafter, platform: 'slack', tenant: 'T0TEAM', userId: 'U'.repeat(65) }), 400, 'VALIDATION')
  })
})
