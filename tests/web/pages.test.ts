import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Env as AppEnv } from '../../src/env'
import { createSpeech } from '../helpers/compose'
import { call, createFinding, createPrecedent, expectJson, makeOffice, unique, type Office } from '../fixtures'
import { followRedirect, formNonce, signIn, web } from './helpers'

let office: Office
let drafter: { cookie: string; csrf: string }
let admin: { cookie: string; csrf: string }
let reader: { cookie: string; csrf: string }
beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter', 'reviewer', 'signer', 'reader'])
  drafter = await signIn(office.tokens.drafter)
  admin = await signIn(office.tokens.admin)
  reader = await signIn(office.tokens.reader)
})

const html = async (path: string, cookie: string, status = 200) => {
  const res = await web(path, { cookie })
  const text = await res.text()
  expect(res.status, text.slice(0, 400)).toBe(status)
  return { res, text }
}

describe('every page', () => {
  it('has the frame: skip link, landmarks, the search box with its shortcut, a CSP without inline scripts', async () => {
    for (const path of ['/', '/knowledge', '/knowledge/findings/new', '/knowledge/upload', '/check', '/drafts/new']) {
      const { res, text } = await html(path, drafter.cookie)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain('unsafe-inline')
      expect(csp).toContain("frame-ancestors 'none'")
      expect(text).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/)
      expect(text).toContain('<a class="skip-link" href="#main">跳到正文</a>')
      expect(text).toContain('<main id="main"')
      expect(text).toContain('aria-label="主导航"')
      expect(text).toContain('aria-keyshortcuts="/ Control+K Meta+K"')
      expect(text).toContain('id="live-polite"')
      // Every script is an external bundle.
      expect(text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
      expect(text).toContain('src="/assets/web/base.js"')
    }
  })

  it('shows 管理 in the navigation to admins only, and refuses /admin to others', async () => {
    expect((await html('/', admin.cookie)).text).toContain('href="/admin"')
    expect((await html('/', drafter.cookie)).text).not.toContain('href="/admin"')
    const { text } = await html('/admin', drafter.cookie, 403)
    expect(text).toContain('无权执行此操作')
  })

  it('names the favicon, which the static assets serve at /favicon.ico and /favicon.svg', async () => {
    const { text } = await html('/', drafter.cookie)
    expect(text).toContain('<link rel="icon" href="/favicon.ico" sizes="32x32"/>')
    expect(text).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>')
    // the Worker's own fetch does not pass through the asset layer; the ASSETS binding reads dist/web as deploy serves it
    const assets = (env as unknown as AppEnv).ASSETS!
    const ico = await assets.fetch('http://localhost/favicon.ico')
    expect(ico.status).toBe(200)
    expect(ico.headers.get('content-type')).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/)
    const bytes = new Uint8Array(await ico.arrayBuffer())
    // ICONDIR: reserved 0, type 1 (icon), one image
    expect([...bytes.slice(0, 6)]).toEqual([0, 0, 1, 0, 1, 0])
    const svg = await assets.fetch('http://localhost/favicon.svg')
    expect(svg.status).toBe(200)
    expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/)
    expect(await svg.text()).toMatch(/^<svg /)
  })

  it('gives every date field Chinese guidance on its format, linked to the field', async () => {
    const pages: [string, string[]][] = [
      ['/knowledge', ['kb-from', 'kb-to']],
      ['/knowledge/findings/new', ['f-observed']],
      ['/ducha', ['f-from', 'f-to']],
    ]
    for (const [path, ids] of pages) {
      const { text } = await html(path, drafter.cookie)
      for (const id of ids) {
        expect(text, `${path} #${id}`).toMatch(new RegExp(`<input id="${id}" name="[^"]+" type="date"[^>]* aria-describedby="${id}-format"`))
        expect(text).toContain(`<span id="${id}-format" class="date-format">格式：2026-01-31（年-月-日），也可点日历图标选择</span>`)
      }
      expect(text).not.toMatch(/<input(?![^>]*aria-describedby)[^>]*type="date"/)
    }
  })

  it('answers an unknown page with a Chinese 404 page, and unknown API paths with the JSON envelope', async () => {
    const { text } = await html('/no/such/page', drafter.cookie, 404)
    expect(text).toContain('页面不存在')
    const api = await web('/api/v1/nothing-here', { cookie: drafter.cookie, headers: { accept: 'application/json' } })
    expect(api.status).toBe(404)
    expect((await api.json<{ error: { code: string } }>()).error.code).toBe('NOT_FOUND')
  })
})

describe('工作台', () => {
  it('lists my drafts, and what waits for the reviewer and the signer', async () => {
    const mine = await createSpeech(office.tokens.drafter, { title: unique('我的讲话稿') })
    const waiting = await createSpeech(office.tokens.drafter, { title: unique('送审的讲话稿') })
    const approved = await createSpeech(office.tokens.drafter, { title: unique('待签的讲话稿') })
    // The lists read the status column; the transitions that set it are tested in tests/lifecycle.
    await env.DB.prepare("UPDATE drafts SET status = 'in_review' WHERE id = ?1").bind(waiting.id).run()
    await env.DB.prepare("UPDATE drafts SET status = 'approved' WHERE id = ?1").bind(approved.id).run()
    const { text: home } = await html('/', drafter.cookie)
    expect(home).toContain(`/drafts/${mine.id}`)
    expect(home).toContain('起草中')
    expect(home).not.toContain('id="waiting-in_review"')
    const reviewer = await signIn(office.tokens.reviewer)
    const reviewerHome = (await html('/', reviewer.cookie)).text
    const reviewSection = reviewerHome.slice(reviewerHome.indexOf('id="waiting-in_review"'))
    expect(reviewSection).toContain(`/drafts/${waiting.id}`)
    expect(reviewerHome).not.toContain('id="waiting-approved"')
    const signer = await signIn(office.tokens.signer)
    const signerHome = (await html('/', signer.cookie)).text
    expect(signerHome.slice(signerHome.indexOf('id="waiting-approved"'))).toContain(`/drafts/${approved.id}`)
    expect(signerHome).not.toContain('id="waiting-in_review"')
  })

  it('shows recently added material with its sensitivity mark', async () => {
    const f = await createFinding(office.tokens.drafter, { sensitivity: 'restricted', title: unique('敏感座谈纪要') })
    const { text } = await html('/', drafter.cookie)
    expect(text).toContain(`/knowledge/findings/${f.id}`)
    expect(text).toContain('【敏感】')
  })
})

describe('知识库', () => {
  it('searches with highlighted snippets and keeps the filters in the form', async () => {
    const f = await createFinding(office.tokens.drafter, { title: unique('营商环境座谈'), body: '企业反映水电气报装仍需多头跑，审批用时压缩。' })
    const { text } = await html(`/knowledge?q=${encodeURIComponent('报装')}&kind=finding`, drafter.cookie)
    expect(text).toContain(`/knowledge/findings/${f.id}`)
    expect(text).toContain('<mark>报装</mark>')
    expect(text).toMatch(/<option value="finding" selected="">调研发现<\/option>/)
  })

  it('says so in Chinese when nothing matches, and when a filter is wrong', async () => {
    expect((await html(`/knowledge?q=${encodeURIComponent('不存在的词语组合')}`, drafter.cookie)).text).toContain('没有找到')
    expect((await html(`/knowledge?q=x&from=2026-13-45`, drafter.cookie)).text).toContain('检索参数不符合要求')
  })

  it('shows a finding with its source, date, 口径 and figures as a table', async () => {
    const f = await createFinding(office.tokens.drafter)
    const { text } = await html(`/knowledge/findings/${f.id}`, drafter.cookie)
    expect(text).toContain('城东街道')
    expect(text).toContain('2026-04-12')
    expect(text).toContain('审批用时按工作日计，自受理至办结')
    expect(text).toContain('<td>项目审批平均用时</td><td>28</td><td>个工作日</td>')
    // An empty 口径 says so rather than showing a blank.
    for (const caliber of ['', '   ', null]) {
      const blank = await createFinding(office.tokens.drafter, { caliber })
      expect((await html(`/knowledge/findings/${blank.id}`, drafter.cookie)).text, JSON.stringify(caliber)).toContain('<dt>口径</dt><dd>未注明</dd>')
    }
  })

  it('creates a finding from the form, figures as rows (empty rows ignored), and reads it back', async () => {
    const title = unique('表单录入的调研发现')
    const body = new URLSearchParams({ _csrf: drafter.csrf, title, body: '正文一段。', source_kind: '走访', source_unit: '城西街道', source_person: '', observed_on: '2026-05-06', topic: '', tags: '民生，就业、养老', caliber: '截至4月底', sensitivity: 'internal' })
    for (const [what, value, unit] of [['新增就业', '１,２００', '人'], ['', '', ''], ['养老床位', '35.5', '张']]) {
      body.append('figure_what', what!)
      body.append('figure_value', value!)
      body.append('figure_unit', unit!)
    }
    const res = await web('/knowledge/findings', { cookie: drafter.cookie, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status, await res.clone().text()).toBe(303)
    const id = /\/knowledge\/findings\/([^?]+)\?saved=1/.exec(res.headers.get('location') ?? '')?.[1]
    expect(id).toBeTruthy()
    const stored = await expectJson(await call('GET', `/api/v1/findings/${id}`, { token: office.tokens.drafter }), 200)
    expect(stored).toMatchObject({ title, tags: ['民生', '就业', '养老'], observedOn: '2026-05-06', caliber: '截至4月底', source: { kind: '走访', unit: '城西街道', person: null } })
    expect(stored.figures).toEqual([
      { what: '新增就业', value: 1200, unit: '人' },
      { what: '养老床位', value: 35.5, unit: '张' },
    ])
  })

  it('keeps what was typed and says what is wrong when the form is refused', async () => {
    const body = new URLSearchParams({ _csrf: drafter.csrf, title: '保留的标题', body: '', source_kind: '座谈', sensitivity: 'internal' })
    body.append('figure_what', '某指标')
    body.append('figure_value', '很多')
    body.append('figure_unit', '')
    const res = await web('/knowledge/findings', { cookie: drafter.cookie, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(text).toContain('第 1 行数据的数值“很多”不是数字')
    expect(text).toContain('value="保留的标题"')
    const empty = new URLSearchParams({ _csrf: drafter.csrf, title: '保留的标题', body: '', source_kind: '座谈', sensitivity: 'internal' })
    const res2 = await web('/knowledge/findings', { cookie: drafter.cookie, body: empty, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res2.status).toBe(400)
    expect(await res2.text()).toContain('正文不能为空')
  })

  it('says what is wrong in words for people, each issue once: no field keys, no codes', async () => {
    const body = new URLSearchParams({ _csrf: drafter.csrf, title: '保留的标题', body: '正文', source_kind: '座谈', sensitivity: 'secret', observed_on: '2026-13-01' })
    const res = await web('/knowledge/findings', { cookie: drafter.cookie, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(400)
    const box = /<div class="error-box"[^>]*>([\s\S]*?)<\/div>/.exec(await res.text())![1]!
    expect(box).toContain('保密级别应为以下之一：公开、内部、敏感')
    expect(box).toContain('调研日期：')
    expect(box).not.toMatch(/（[A-Za-z_.0-9]+）|public|sensitivity|observedOn/)
    expect(box.split('保密级别应为').length - 1).toBe(1)
    const search = (await html(`/knowledge?q=${encodeURIComponent('营商')}&kind=memo`, drafter.cookie, 200)).text
    const searchBox = /<div class="error-box"[^>]*>([\s\S]*?)<\/div>/.exec(search)![1]!
    expect(searchBox).toContain('类型应为')
    expect(searchBox).toContain('调研发现')
    expect(searchBox).not.toMatch(/（[A-Za-z_.0-9]+）|finding|kind/)
  })

  it('edits a finding through its form', async () => {
    const f = await createFinding(office.tokens.drafter)
    const { text: form } = await html(`/knowledge/findings/${f.id}/edit`, drafter.cookie)
    expect(form).toContain('value="项目审批平均用时"')
    const body = new URLSearchParams({ _csrf: drafter.csrf, title: '改过的标题', body: f.body, source_kind: '座谈', source_unit: '城东街道', observed_on: '2026-04-12', sensitivity: 'public', tags: '', caliber: '', topic: '' })
    body.append('figure_what', '项目审批平均用时')
    body.append('figure_value', '26')
    body.append('figure_unit', '个工作日')
    const res = await web(`/knowledge/findings/${f.id}`, { cookie: drafter.cookie, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(303)
    const stored = await expectJson(await call('GET', `/api/v1/findings/${f.id}`, { token: office.tokens.drafter }), 200)
    expect(stored.title).toBe('改过的标题')
    expect(stored.figures).toEqual([{ what: '项目审批平均用时', value: 26, unit: '个工作日' }])
  })

  it('refuses the form to a reader', async () => {
    const body = new URLSearchParams({ _csrf: reader.csrf, title: '读者', body: '正文', source_kind: '座谈', sensitivity: 'internal' })
    const res = await web('/knowledge/findings', { cookie: reader.cookie, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(403)
  })

  it('shows a precedent with its fields and its text rendered from Markdown', async () => {
    const p = await createPrecedent(office.tokens.drafter)
    const { text } = await html(`/knowledge/precedents/${p.id}`, drafter.cookie)
    expect(text).toContain('区委书记 张某某')
    expect(text).toContain('2025-03-05')
    expect(text).toContain('持续深化“放管服”改革')
    expect(text).toContain('【内部】')
  })

  it('renders a body in block Markdown: headings and lists, never the # and - marks, and markup inert', async () => {
    const payload = '<script>globalThis.pwned=1</script>\n\n<img src=x onerror="globalThis.pwned=1">'
    const p = await createPrecedent(office.tokens.drafter, { body: `## 一、总体要求\n\n坚持问题导向。\n\n- 第一条\n- 第二条\n\n${payload}` })
    const f = await createFinding(office.tokens.drafter, { body: `### （一）主要做法\n\n1. 建立台账\n2. 定期通报\n\n${payload}` })
    const precedent = (await html(`/knowledge/precedents/${p.id}`, drafter.cookie)).text
    expect(precedent).toContain('<h2>一、总体要求</h2>')
    expect(precedent).toContain('<ul>\n<li>第一条</li>\n<li>第二条</li>\n</ul>')
    expect(precedent).not.toContain('## 一、')
    const finding = (await html(`/knowledge/findings/${f.id}`, drafter.cookie)).text
    expect(finding).toContain('<h3>（一）主要做法</h3>')
    expect(finding).toContain('<li>建立台账</li>')
    for (const text of [precedent, finding]) {
      expect(text).not.toContain('<script>globalThis')
      expect(text).not.toContain('<img src=x')
      expect(text).toContain('&lt;script&gt;globalThis.pwned=1&lt;/script&gt;')
      expect(text).toContain('&lt;img src=x onerror=&quot;globalThis.pwned=1&quot;&gt;')
    }
  })

  it("answers another office's finding as not found", async () => {
    const other = await makeOffice(['drafter'])
    const f = await createFinding(other.tokens.drafter)
    expect((await html(`/knowledge/findings/${f.id}`, drafter.cookie, 404)).text).toContain('调研发现不存在')
  })
})

describe('stored strings are escaped', () => {
  it('renders markup in titles, bodies, figures and 口径 as text', async () => {
    const payload = '<img src=x onerror="globalThis.pwned=1"><script>alert(1)</script>'
    const f = await createFinding(office.tokens.drafter, {
      title: `标题${payload}`,
      body: `正文${payload}[点我](javascript:alert(1))`,
      caliber: `口径${payload}`,
      figures: [{ what: `指标${payload}`, value: 1, unit: '<b>个</b>' }],
    })
    for (const path of [`/knowledge/findings/${f.id}`, `/knowledge/findings/${f.id}/edit`, '/', '/knowledge', `/knowledge?q=${encodeURIComponent('标题')}`]) {
      const { text } = await html(path, drafter.cookie)
      expect(text, path).not.toContain('<script>alert(1)</script>')
      expect(text, path).not.toContain('<img src=x')
      expect(text, path).not.toContain('href="javascript:')
    }
    const { text } = await html(`/knowledge/findings/${f.id}`, drafter.cookie)
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})

describe('审校', () => {
  it('has the text box, the checks panel and the shortcut', async () => {
    const { text } = await html('/check', drafter.cookie)
    expect(text).toContain('<label for="check-text">文字</label>')
    expect(text).toContain('aria-labelledby="checks-title"')
    expect(text).toContain('src="/assets/web/check.js"')
  })

  it('reads an opened document into text without storing it', async () => {
    const form = new FormData()
    form.append('file', new File(['# 关于做好防汛工作的通知\n\n各街道：\n\n要做好防汛准备。'], '通知.md'))
    const res = await web('/check/read', { cookie: drafter.cookie, body: form, headers: { accept: 'application/json', 'x-csrf-token': drafter.csrf } })
    expect(res.status).toBe(200)
    const body = await res.json<{ text: string }>()
    expect(body.text).toContain('各街道：')
    expect(body.text).not.toContain('#')
  })

  it('refuses a form post above 1 MB before reading it', async () => {
    const res = await web('/knowledge/findings', { cookie: drafter.cookie, form: { _csrf: drafter.csrf, title: 'x', body: '长'.repeat(400_000) } })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('提交的内容超过上限 1 MB')
  })

  it('answers an unreadable document in the error envelope, in Chinese', async () => {
    const form = new FormData()
    form.append('file', new File(['x'], '旧文件.doc'))
    const res = await web('/check/read', { cookie: drafter.cookie, body: form, headers: { accept: 'application/json', 'x-csrf-token': drafter.csrf } })
    expect(res.status).toBe(400)
    const body = await res.json<{ error: { code: string; message: string } }>()
    expect(body.error.code).toBe('VALIDATION')
    expect(body.error.message).toContain('.docx')
  })
})

describe('管理', () => {
  it('creates a member with a token shown once, and revokes it', async () => {
    const _once = formNonce((await html('/admin', admin.cookie)).text, '/admin/tokens')
    const res = await web('/admin/tokens', { cookie: admin.cookie, form: { _csrf: admin.csrf, _once, name: '新来的起草人', role: 'drafter' } })
    expect(res.status).toBe(200)
    const text = await res.text()
    const token = /<code class="token">([^<]+)<\/code>/.exec(text)?.[1]
    expect(token).toMatch(/^wf_/)
    const fresh = await signIn(token!)
    expect((await html('/', fresh.cookie)).text).toContain('新来的起草人')
    const tokens = await expectJson<{ items: { id: string; name: string }[] }>(await call('GET', '/api/v1/admin/tokens', { token: office.tokens.admin }), 200)
    const id = tokens.items.find((t) => t.name === '新来的起草人')!.id
    const revoked = await web(`/admin/tokens/${id}/revoke`, { cookie: admin.cookie, form: { _csrf: admin.csrf } })
    expect((await followRedirect(revoked, admin.cookie)).text).toContain('令牌已吊销')
    expect((await web('/', { cookie: fresh.cookie })).status).toBe(303)
  })

  it('saves the office settings and shows a refusal in Chinese', async () => {
    const ok = await web('/admin/settings', { cookie: admin.cookie, form: { _csrf: admin.csrf, docAgencyCode: '示区委办发', typoSensitivity: 'sensitive', reviewGate: 'strict' } })
    expect((await followRedirect(ok, admin.cookie)).text).toContain('设置已保存')
    const settings = await expectJson(await call('GET', '/api/v1/admin/settings', { token: office.tokens.admin }), 200)
    expect(settings).toMatchObject({ signRequiresReview: false, docAgencyCode: '示区委办发', typoSensitivity: 'sensitive', reviewGate: 'strict' })
    const bad = await web('/admin/settings', { cookie: admin.cookie, form: { _csrf: admin.csrf, docAgencyCode: 'abc', typoSensitivity: 'standard', reviewGate: 'standard' } })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('机关代字应为 2–12 个汉字')
  })

  it('links a chat account to a member, shows it, refuses a bad id in Chinese, and unlinks it', async () => {
    const tokens = await expectJson<{ items: { memberId: string; role: string }[] }>(await call('GET', '/api/v1/admin/tokens', { token: office.tokens.admin }), 200)
    const reviewerId = tokens.items.find((t) => t.role === 'reviewer')!.memberId
    const userId = `U${Date.now().toString(36).toUpperCase()}`
    const linked = await web('/admin/bot-links', { cookie: admin.cookie, form: { _csrf: admin.csrf, platform: 'slack', tenant: 'T0WEBPAGE', userId, memberId: reviewerId } })
    expect((await followRedirect(linked, admin.cookie)).text).toContain('已关联聊天账号')
    const links = await expectJson<{ items: { id: string; userId: string; memberId: string }[] }>(await call('GET', '/api/v1/admin/bot-links', { token: office.tokens.admin }), 200)
    const link = links.items.find((l) => l.userId === userId)!
    expect(link.memberId).toBe(reviewerId)
    expect((await html('/admin', admin.cookie)).text).toContain(userId)

    const bad = await web('/admin/bot-links', { cookie: admin.cookie, form: { _csrf: admin.csrf, platform: 'slack', tenant: 'T0WEBPAGE', userId: '<script>', memberId: reviewerId } })
    expect(bad.status).toBe(400)
    const badText = await bad.text()
    expect(badText).toContain('用户 ID只能由字母、数字')
    expect(badText).not.toContain('<script>')
    // a second member may not take the same chat account
    const taken = await web('/admin/bot-links', { cookie: admin.cookie, form: { _csrf: admin.csrf, platform: 'slack', tenant: 'T0WEBPAGE', userId, memberId: reviewerId } })
    expect(taken.status).toBe(409)

    const removed = await web(`/admin/bot-links/${link.id}/delete`, { cookie: admin.cookie, form: { _csrf: admin.csrf } })
    expect((await followRedirect(removed, admin.cookie)).text).toContain('已解除关联')
    const after = await expectJson<{ items: { userId: string }[] }>(await call('GET', '/api/v1/admin/bot-links', { token: office.tokens.admin }), 200)
    expect(after.items.some((l) => l.userId === userId)).toBe(false)
    // only admins, and only with the session's CSRF token
    expect((await web('/admin/bot-links', { cookie: drafter.cookie, form: { _csrf: drafter.csrf, platform: 'slack', tenant: 'T0', userId: 'U1', memberId: reviewerId } })).status).toBe(403)
    expect((await web('/admin/bot-links', { cookie: admin.cookie, form: { platform: 'slack', tenant: 'T0', userId: 'U1', memberId: reviewerId } })).status).toBe(403)
  })

  it('lists templates and lexicons', async () => {
    const { text } = await html('/admin', admin.cookie)
    expect(text).toContain('模板')
    expect(text).toContain('内置')
    expect(text).toContain('办公室词库')
  })
})
