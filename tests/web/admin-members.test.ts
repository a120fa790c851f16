import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectJson, makeOffice, makeToken, unique, type Office } from '../fixtures'
import { followRedirect, formNonce, signIn, web } from './helpers'

interface MemberItem {
  id: string
  name: string
  role: string
  tokens: { id: string; prefix: string; revokedAt: string | null }[]
}

let office: Office
let admin: { cookie: string; csrf: string }
beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter', 'reviewer'])
  admin = await signIn(office.tokens.admin)
})

const adminHtml = async (cookie = admin.cookie) => {
  const res = await web('/admin', { cookie })
  const text = await res.text()
  expect(res.status, text.slice(0, 300)).toBe(200)
  return { res, text }
}

const membersOf = async (o: Office = office) =>
  (await expectJson<{ items: MemberItem[] }>(await call('GET', '/api/v1/admin/members', { token: o.tokens.admin }), 200)).items

const tokenOf = (html: string) => /<code class="token">([^<]+)<\/code>/.exec(html)?.[1]

describe('管理 → 成员', () => {
  it('creates a member once: the token shows in the answer, uncached, and the same form sent again creates no second member', async () => {
    const name = unique('新成员')
    const _once = formNonce((await adminHtml()).text, '/admin/tokens')
    const form = { _csrf: admin.csrf, _once, name, role: 'reviewer' }
    const res = await web('/admin/tokens', { cookie: admin.cookie, form })
    const text = await res.text()
    expect(res.status, text.slice(0, 300)).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(tokenOf(text)).toMatch(/^wf_/)
    expect(res.url).not.toContain('wf_')

    // a reload posts the same form again
    const again = await web('/admin/tokens', { cookie: admin.cookie, form })
    expect(again.status).toBe(409)
    const againText = await again.text()
    expect(againText).toContain('该表单已提交过')
    expect(tokenOf(againText)).toBeUndefined()
    expect((await membersOf()).filter((m) => m.name === name)).toHaveLength(1)

    // a form without its nonce (an old page, a script) is refused, in Chinese, keeping what was typed
    const stale = await web('/admin/tokens', { cookie: admin.cookie, form: { _csrf: admin.csrf, name: `${name}乙`, role: 'reviewer' } })
    expect(stale.status).toBe(400)
    const staleText = await stale.text()
    expect(staleText).toContain('表单已过期，请刷新页面后重新填写')
    expect(staleText).toContain(`id="m-name" name="name" type="text" required="" maxlength="100" value="${name}乙"`)
    expect((await membersOf()).some((m) => m.name === `${name}乙`)).toBe(false)
  })

  it('lists members from the members table, so one whose token was revoked still gets a new token, once', async () => {
    const t = await makeToken(office.id, 'drafter', office.tokens.admin)
    expect((await call('DELETE', `/api/v1/admin/tokens/${t.tokenId}`, { token: office.tokens.admin })).status).toBe(204)
    const { text } = await adminHtml()
    expect(text).toContain(`id="m-${t.memberId}"`)
    expect(text).toMatch(new RegExp(`id="m-${t.memberId}"[\\s\\S]*?已于 [^<]+ 吊销[\\s\\S]*?新令牌`))

    const action = `/admin/members/${t.memberId}/tokens`
    const form = { _csrf: admin.csrf, _once: formNonce(text, action) }
    const res = await web(action, { cookie: admin.cookie, form })
    const issuedText = await res.text()
    expect(res.status, issuedText.slice(0, 300)).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(issuedText).toContain('已签发新令牌')
    const token = tokenOf(issuedText)!
    expect(token).toMatch(/^wf_/)
    const fresh = await signIn(token)
    expect((await web('/', { cookie: fresh.cookie })).status).toBe(200)

    const again = await web(action, { cookie: admin.cookie, form })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('该表单已提交过')
    const member = (await membersOf()).find((m) => m.id === t.memberId)!
    expect(member.tokens).toHaveLength(2)
    expect(member.tokens.filter((k) => !k.revokedAt)).toHaveLength(1)
    const issued = member.tokens.find((k) => !k.revokedAt)!
    const audit = await expectJson<{ items: { action: string }[] }>(await call('GET', `/api/v1/audit?targetId=${issued.id}`, { token: office.tokens.admin }), 200)
    expect(audit.items.map((a) => a.action)).toEqual(['token.create'])
  })

  it('renames a member and changes their role with Post/Redirect/Get; the member’s session follows at once', async () => {
    const t = await makeToken(office.id, 'reader', office.tokens.admin)
    const member = await signIn(t.token)
    expect((await web('/admin', { cookie: member.cookie })).status).toBe(403)
    const name = unique('改名后')
    const renamed = await web(`/admin/members/${t.memberId}/name`, { cookie: admin.cookie, form: { _csrf: admin.csrf, name } })
    const page = await followRedirect(renamed, admin.cookie)
    expect(page.location).toBe(`/admin?done=member-updated#m-${t.memberId}`)
    expect(page.text).toContain('已保存成员的修改')
    const role = await web(`/admin/members/${t.memberId}/role`, { cookie: admin.cookie, form: { _csrf: admin.csrf, role: 'admin' } })
    expect(role.status).toBe(303)
    expect((await membersOf()).find((m) => m.id === t.memberId)).toMatchObject({ name, role: 'admin' })
    const home = await web('/', { cookie: member.cookie })
    const homeText = await home.text()
    expect(homeText).toContain(name)
    expect(homeText).toContain('href="/admin"')
    const audit = await expectJson<{ items: { action: string; detail: unknown }[] }>(await call('GET', `/api/v1/audit?targetId=${t.memberId}`, { token: office.tokens.admin }), 200)
    expect(audit.items.map((a) => a.action).sort()).toEqual(['member.rename', 'member.role'])
    expect(audit.items.find((a) => a.action === 'member.role')?.detail).toEqual({ from: 'reader', to: 'admin' })
  })

  it('refuses a bad name in Chinese and keeps what was typed in that member’s form', async () => {
    const t = await makeToken(office.id, 'drafter', office.tokens.admin)
    const long = '长'.repeat(101)
    const res = await web(`/admin/members/${t.memberId}/name`, { cookie: admin.cookie, form: { _csrf: admin.csrf, name: long } })
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(text).toMatch(/role="alert"[\s\S]*姓名[\s\S]*100/)
    expect(text).toContain(`id="m-${t.memberId}-name" name="name" type="text" required="" maxlength="100" value="${long}"`)
    expect(text).toMatch(new RegExp(`<tr id="m-${t.memberId}">[\\s\\S]*?<details open="">`))
    const bad = await web(`/admin/members/${t.memberId}/role`, { cookie: admin.cookie, form: { _csrf: admin.csrf, role: 'boss' } })
    expect(bad.status).toBe(400)
    expect((await membersOf()).find((m) => m.id === t.memberId)).toMatchObject({ name: 'drafter成员', role: 'drafter' })
  })

  it('keeps the last admin: they cannot make themselves anything else until another admin exists', async () => {
    const solo = await makeOffice(['admin', 'drafter'])
    const soloAdmin = await signIn(solo.tokens.admin)
    const [me] = (await membersOf(solo)).filter((m) => m.role === 'admin')
    const res = await web(`/admin/members/${me!.id}/role`, { cookie: soloAdmin.cookie, form: { _csrf: soloAdmin.csrf, role: 'drafter' } })
    expect(res.status).toBe(409)
    const text = await res.text()
    expect(text).toContain('办公室至少要保留一名管理员')
    expect(text).toMatch(new RegExp(`id="m-${me!.id}-role" name="role"><option value="admin">[^<]+</option><option value="drafter" selected="">`))
    expect((await membersOf(solo)).find((m) => m.id === me!.id)?.role).toBe('admin')
    // with a second admin the change goes through
    const other = (await membersOf(solo)).find((m) => m.role === 'drafter')!
    expect((await web(`/admin/members/${other.id}/role`, { cookie: soloAdmin.cookie, form: { _csrf: soloAdmin.csrf, role: 'admin' } })).status).toBe(303)
    expect((await web(`/admin/members/${me!.id}/role`, { cookie: soloAdmin.cookie, form: { _csrf: soloAdmin.csrf, role: 'drafter' } })).status).toBe(303)
    // read as the new admin: the old one may no longer list members
    expect((await membersOf({ ...solo, tokens: { ...solo.tokens, admin: solo.tokens.drafter } })).find((m) => m.id === me!.id)?.role).toBe('drafter')
  })

  it("answers another office's member as not found, and refuses non-admins and forms without the CSRF token", async () => {
    const other = await makeOffice(['admin', 'drafter'])
    const theirs = (await membersOf(other)).find((m) => m.role === 'drafter')!
    const res = await web(`/admin/members/${theirs.id}/name`, { cookie: admin.cookie, form: { _csrf: admin.csrf, name: '越权改名' } })
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('成员不存在')
    const issue = await web(`/admin/members/${theirs.id}/tokens`, { cookie: admin.cookie, form: { _csrf: admin.csrf, _once: crypto.randomUUID() } })
    expect(issue.status).toBe(404)
    expect((await membersOf(other)).find((m) => m.id === theirs.id)).toMatchObject({ name: theirs.name, tokens: theirs.tokens })
    expect((await adminHtml()).text).not.toContain(theirs.id)

    const drafter = await signIn(office.tokens.drafter)
    const mine = (await membersOf()).find((m) => m.role === 'reviewer')!
    const forbidden = await web(`/admin/members/${mine.id}/role`, { cookie: drafter.cookie, form: { _csrf: drafter.csrf, role: 'admin' } })
    expect(forbidden.status).toBe(403)
    expect(await forbidden.text()).toContain('无权执行此操作')
    expect((await web(`/admin/members/${mine.id}/role`, { cookie: admin.cookie, form: { role: 'admin' } })).status).toBe(403)
    expect((await membersOf()).find((m) => m.id === mine.id)?.role).toBe('reviewer')
  })

  it('marks every signed-in page no-store, and lists the office’s members in the link forms', async () => {
    for (const path of ['/', '/admin', '/knowledge', '/check']) expect((await web(path, { cookie: admin.cookie })).headers.get('cache-control'), path).toBe('no-store')
    const { text } = await adminHtml()
    const choice = /<select id="a-member" name="memberId">([\s\S]*?)<\/select>/.exec(text)?.[1] ?? ''
    for (const m of await membersOf()) expect(choice).toContain(`value="${m.id}"`)
  })
})
