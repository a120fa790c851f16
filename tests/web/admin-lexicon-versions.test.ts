/** 管理 → 词库 → an old version: its entries, the difference from the current version, and restoring it. */
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectJson, makeOffice, unique, type Office } from '../fixtures'
import { followRedirect, signIn, web } from './helpers'

let office: Office
let admin: { cookie: string; csrf: string }
let reviewer: { cookie: string; csrf: string }
beforeAll(async () => {
  office = await makeOffice(['admin', 'reviewer'])
  admin = await signIn(office.tokens.admin)
  reviewer = await signIn(office.tokens.reviewer)
})

const V1 = [
  { word: '老板', level: 'forbidden' },
  { word: '村官', level: 'caution', note: '非正式称谓' },
]
const V2 = [
  { word: '老板', level: 'forbidden', replacement: '负责人' },
  { word: '摆拍', level: 'caution' },
]

/** A sensitive-word lexicon of `token`'s office with versions 1 (V1) and 2 (V2). */
async function twoVersions(token = office.tokens.admin) {
  const created = await expectJson<{ id: string }>(await call('POST', '/api/v1/lexicons', { token, body: { kind: 'sensitive', name: unique('版本词库'), validFrom: '2024-01-01', entries: V1 } }), 201)
  await expectJson(await call('PUT', `/api/v1/lexicons/${created.id}`, { token, body: { entries: V2, validFrom: '2024-06-01', note: '调整', baseVersion: 1 } }), 200)
  return created.id
}

const lexicon = async (id: string, token = office.tokens.admin) =>
  expectJson<{ latestVersion: number; current: { version: number; validFrom: string; note: string | null; entries: unknown[] } }>(await call('GET', `/api/v1/lexicons/${id}`, { token }), 200)

async function html(path: string, cookie: string, status = 200) {
  const res = await web(path, { cookie })
  const text = await res.text()
  expect(res.status, text.slice(0, 400)).toBe(status)
  return text
}

describe('管理 → 词库 → 旧版本', () => {
  it('lists each version as a link, and shows an old one read-only with who saved it and when', async () => {
    const id = await twoVersions()
    expect(await html(`/admin/lexicons/${id}`, admin.cookie)).toContain(`<a href="/admin/lexicons/${id}/versions/1">第 1 版</a>`)
    const page = await html(`/admin/lexicons/${id}/versions/1`, admin.cookie)
    expect(page).toContain('第 1 版的条目（只读）')
    expect(page).toContain(`<a href="/admin/lexicons/${id}">← 返回词库`)
    expect(page).toMatch(/2024-01-01 起生效；2 条；admin成员于 [^<]*保存/)
    expect(page).toContain('当前为第 2 版')
    // the editor's columns, read-only: no input carries an entry
    expect(page).toContain('<th scope="col">词语</th><th scope="col">级别</th><th scope="col">建议替换为</th><th scope="col">备注</th>')
    expect(page).toContain('<td>村官</td><td>慎用</td><td></td><td>非正式称谓</td>')
    expect(page).not.toMatch(/name="r\d+\./)
    expect(page).toContain(`href="/admin/lexicons/${id}/versions/1?compare=current"`)
    // the current version is shown without compare or restore
    const current = await html(`/admin/lexicons/${id}/versions/2`, admin.cookie)
    expect(current).toContain('这是当前版本')
    expect(current).toContain('<td>摆拍</td><td>慎用</td>')
    expect(current).not.toContain('以此版本恢复')
    expect(current).not.toContain('与当前版本比较')
  })

  it('compares with the current version: added, removed and changed entries, each labelled in words', async () => {
    const id = await twoVersions()
    const page = await html(`/admin/lexicons/${id}/versions/1?compare=current`, admin.cookie)
    expect(page).toContain('当前版本相对第 1 版：新增 1 条，删除 1 条，修改 1 条。')
    expect(page).toMatch(/<tr class="change-added"><td><strong>当前新增<\/strong><\/td><td>第 2 版（当前）<\/td><td>摆拍<\/td><td>慎用<\/td>/)
    expect(page).toMatch(/<tr class="change-removed"><td><strong>当前已删除<\/strong><\/td><td>第 1 版<\/td><td>村官<\/td><td>慎用<\/td><td><\/td><td>非正式称谓<\/td>/)
    expect(page).toMatch(/<tr class="change-changed"><td><strong>已修改<\/strong>（修改前）<\/td><td>第 1 版<\/td><td>老板<\/td><td>禁用<\/td><td><strong>（无）<\/strong><\/td>/)
    expect(page).toMatch(/<tr class="change-changed"><td><strong>已修改<\/strong>（修改后）<\/td><td>第 2 版（当前）<\/td><td>老板<\/td><td>禁用<\/td><td><strong>负责人<\/strong><\/td>/)
    expect(page.match(/<tr class="change-/g)).toHaveLength(4)
  })

  it('restores an old version as a new one with the same entries, through the audited update', async () => {
    const id = await twoVersions()
    const page = await html(`/admin/lexicons/${id}/versions/1`, admin.cookie)
    expect(page).toContain(`action="/admin/lexicons/${id}/versions/1/restore"`)
    expect(page).toContain('name="baseVersion" value="2"')
    const res = await web(`/admin/lexicons/${id}/versions/1/restore`, { cookie: admin.cookie, form: { _csrf: admin.csrf, baseVersion: '2', validFrom: '2024-09-01', validTo: '', note: '恢复第 1 版的内容' } })
    const { location, text } = await followRedirect(res, admin.cookie)
    expect(location).toBe(`/admin/lexicons/${id}?done=lexicon-restored`)
    expect(text).toContain('已将旧版本的内容恢复为新版本')
    const after = await lexicon(id)
    expect(after.latestVersion).toBe(3)
    expect(after.current).toMatchObject({ version: 3, validFrom: '2024-09-01', note: '恢复第 1 版的内容' })
    expect(after.current.entries).toEqual(V1)
    const audit = await expectJson<{ items: { action: string; detail?: { version?: number } }[] }>(await call('GET', `/api/v1/audit?targetId=${id}`, { token: office.tokens.admin }), 200)
    expect(audit.items.map((a) => a.action).sort()).toEqual(['lexicon.create', 'lexicon.update', 'lexicon.update'])

    // a restore from a page that is out of date is refused; what was typed stays, nothing is saved
    const stale = await web(`/admin/lexicons/${id}/versions/2/restore`, { cookie: admin.cookie, form: { _csrf: admin.csrf, baseVersion: '2', validFrom: '2024-10-01', note: '我的说明' } })
    const staleText = await stale.text()
    expect(stale.status).toBe(409)
    expect(staleText).toContain('词库已有更新的版本（第 3 版）')
    expect(staleText).toContain('value="我的说明"')
    expect(staleText).toContain('value="2024-10-01"')
    const bad = await web(`/admin/lexicons/${id}/versions/2/restore`, { cookie: admin.cookie, form: { _csrf: admin.csrf, baseVersion: '3', validFrom: '2024-10-01', validTo: '2024-01-01' } })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('失效日期不能早于生效日期')
    expect((await lexicon(id)).latestVersion).toBe(3)
  })

  it('keeps offices apart, refuses bad version numbers, and admits admins only', async () => {
    const other = await makeOffice(['admin'])
    const theirs = await twoVersions(other.tokens.admin)
    await html(`/admin/lexicons/${theirs}/versions/1`, admin.cookie, 404)
    await html(`/admin/lexicons/${theirs}/versions/1?compare=current`, admin.cookie, 404)
    const restore = await web(`/admin/lexicons/${theirs}/versions/1/restore`, { cookie: admin.cookie, form: { _csrf: admin.csrf, baseVersion: '2', validFrom: '2024-09-01' } })
    expect(restore.status).toBe(404)
    expect((await lexicon(theirs, other.tokens.admin)).latestVersion).toBe(2)

    const mine = await twoVersions()
    await html(`/admin/lexicons/${mine}/versions/9`, admin.cookie, 404)
    expect(await html(`/admin/lexicons/${mine}/versions/abc`, admin.cookie, 400)).toContain('版本号应为正整数')
    await html(`/admin/lexicons/${mine}/versions/1`, reviewer.cookie, 403)
    const refused = await web(`/admin/lexicons/${mine}/versions/1/restore`, { cookie: reviewer.cookie, form: { _csrf: reviewer.csrf, baseVersion: '2', validFrom: '2024-09-01' } })
    expect(refused.status).toBe(403)
    const noCsrf = await web(`/admin/lexicons/${mine}/versions/1/restore`, { cookie: admin.cookie, form: { baseVersion: '2', validFrom: '2024-09-01' } })
    expect(noCsrf.status).toBe(403)
    expect((await lexicon(mine)).latestVersion).toBe(2)
  })

  it('shows entries with markup as inert text', async () => {
    const xss = '<img src=x onerror=alert(1)>'
    const created = await expectJson<{ id: string }>(await call('POST', '/api/v1/lexicons', { token: office.tokens.admin, body: { kind: 'confusable', name: unique('标记词库'), validFrom: '2024-01-01', entries: [{ wrong: xss, right: '对' }] } }), 201)
    await expectJson(await call('PUT', `/api/v1/lexicons/${created.id}`, { token: office.tokens.admin, body: { entries: [], validFrom: '2024-02-01' } }), 200)
    for (const page of [await html(`/admin/lexicons/${created.id}/versions/1`, admin.cookie), await html(`/admin/lexicons/${created.id}/versions/1?compare=current`, admin.cookie)]) {
      expect(page).not.toContain(xss)
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;')
    }
  })
})
