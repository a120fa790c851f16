import { describe, expect, it } from 'vitest'
import { call, expectError, expectJson, makeOffice } from '../fixtures'

interface MemberItem {
  id: string
  name: string
  role: string
  tokens: { id: string; revokedAt: string | null }[]
}

const membersOf = async (token: string) => (await expectJson<{ items: MemberItem[] }>(await call('GET', '/api/v1/admin/members', { token }), 200)).items

describe('/api/v1/admin/members', () => {
  it('lists the office’s members with their tokens, renames one, changes the role and issues a token', async () => {
    const office = await makeOffice(['admin', 'drafter'])
    const items = await membersOf(office.tokens.admin)
    expect(items.map((m) => m.role).sort()).toEqual(['admin', 'drafter'])
    const drafter = items.find((m) => m.role === 'drafter')!
    expect(drafter.tokens.map((t) => t.id)).toEqual([office.tokenIds.drafter])

    const changed = await expectJson(await call('PATCH', `/api/v1/admin/members/${drafter.id}`, { token: office.tokens.admin, body: { name: '  王五 ', role: 'reviewer' } }), 200)
    expect(changed).toEqual({ id: drafter.id, name: '王五', role: 'reviewer' })
    const issued = await expectJson<{ memberId: string; name: string; token: string; tokenId: string }>(await call('POST', `/api/v1/admin/members/${drafter.id}/tokens`, { token: office.tokens.admin }), 201)
    expect(issued).toMatchObject({ memberId: drafter.id, name: '王五' })
    // the new token works and carries the new role
    await expectError(await call('POST', '/api/v1/admin/offices', { token: issued.token, body: { name: 'x', code: 'xx' } }), 403, 'FORBIDDEN')
    const after = (await membersOf(office.tokens.admin)).find((m) => m.id === drafter.id)!
    expect(after).toMatchObject({ name: '王五', role: 'reviewer' })
    expect(after.tokens.map((t) => t.id).sort()).toEqual([office.tokenIds.drafter, issued.tokenId].sort())
  })

  it('refuses to demote the last admin, in the error envelope, and changes nothing', async () => {
    const office = await makeOffice(['admin', 'reader'])
    const me = (await membersOf(office.tokens.admin)).find((m) => m.role === 'admin')!
    const body = await expectError(await call('PATCH', `/api/v1/admin/members/${me.id}`, { token: office.tokens.admin, body: { role: 'reader' } }), 409, 'CONFLICT')
    expect(body.message).toContain('办公室至少要保留一名管理员')
    // renaming the last admin is fine; so is setting the same role again
    await expectJson(await call('PATCH', `/api/v1/admin/members/${me.id}`, { token: office.tokens.admin, body: { name: '唯一管理员', role: 'admin' } }), 200)
    expect((await membersOf(office.tokens.admin)).find((m) => m.id === me.id)).toMatchObject({ name: '唯一管理员', role: 'admin' })
  })

  it('validates in Chinese, keeps offices apart and needs an admin', async () => {
    const office = await makeOffice(['admin', 'drafter'])
    const other = await makeOffice(['admin', 'drafter'])
    const mine = (await membersOf(office.tokens.admin)).find((m) => m.role === 'drafter')!
    const theirs = (await membersOf(other.tokens.admin)).find((m) => m.role === 'drafter')!
    const empty = await expectError(await call('PATCH', `/api/v1/admin/members/${mine.id}`, { token: office.tokens.admin, body: {} }), 400, 'VALIDATION')
    expect(empty.message).toMatch(/[\u4e00-\u9fff]/)
    const blank = await expectError(await call('PATCH', `/api/v1/admin/members/${mine.id}`, { token: office.tokens.admin, body: { name: '  ' } }), 400, 'VALIDATION')
    expect(JSON.stringify(blank)).toContain('姓名不能为空')
    await expectError(await call('PATCH', `/api/v1/admin/members/${theirs.id}`, { token: office.tokens.admin, body: { name: '越权' } }), 404, 'NOT_FOUND')
    await expectError(await call('POST', `/api/v1/admin/members/${theirs.id}/tokens`, { token: office.tokens.admin }), 404, 'NOT_FOUND')
    await expectError(await call('PATCH', `/api/v1/admin/members/${mine.id}`, { token: office.tokens.drafter, body: { role: 'admin' } }), 403, 'FORBIDDEN')
    await expectError(await call('GET', '/api/v1/admin/members', { token: office.tokens.drafter }), 403, 'FORBIDDEN')
    expect((await membersOf(other.tokens.admin)).find((m) => m.id === theirs.id)).toMatchObject({ name: theirs.name, tokens: theirs.tokens })
    expect((await membersOf(office.tokens.admin)).some((m) => m.id === theirs.id)).toBe(false)
  })
})
