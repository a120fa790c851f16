/** 管理 → 新建模板: a template written as fields (or copied), saved through saveTemplate, used by 新建文稿. */
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectJson, json, makeOffice, type Office } from '../fixtures'
import { followRedirect, signIn, web } from './helpers'

let office: Office
let admin: { cookie: string; csrf: string }
let reviewer: { cookie: string; csrf: string }
beforeAll(async () => {
  office = await makeOffice(['admin', 'reviewer', 'drafter'])
  admin = await signIn(office.tokens.admin)
  reviewer = await signIn(office.tokens.reviewer)
})

let seq = 0
/** A fresh template id (lower-case letters, digits, hyphens). */
const freshId = () => `t${Date.now().toString(36)}${(seq++).toString(36)}`

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')

/** The fields a browser would send for the page's POST form (inputs, checked boxes, selected options, textareas). */
function formFields(html: string, action: string): [string, string][] {
  const form = new RegExp(`<form method="post" action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1]
  expect(form, `form ${action}`).toBeTruthy()
  const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w.-]+)="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]))
  const out: [string, string][] = []
  for (const m of form!.matchAll(/<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>|<textarea\b[^>]*>[\s\S]*?<\/textarea>/g)) {
    const tag = m[0]
    const a = attrs(/^<[^>]*>/.exec(tag)![0])
    if (!a.name) continue
    if (tag.startsWith('<input')) {
      if (a.type === 'checkbox' && !/\schecked(=""|\s|>|\/)/.test(tag)) continue
      out.push([a.name, a.value ?? ''])
    } else if (tag.startsWith('<select')) {
      const options = [...tag.matchAll(/<option\b([^>]*)>/g)].map((o) => o[1]!)
      const chosen = options.find((o) => /\sselected/.test(o)) ?? options[0] ?? ''
      out.push([a.name, attrs(chosen).value ?? ''])
    } else out.push([a.name, unescape(/<textarea\b[^>]*>([\s\S]*?)<\/textarea>/.exec(tag)![1]!)])
  }
  return out
}

const post = (path: string, who: { cookie: string }, fields: [string, string][]) =>
  web(path, { cookie: who.cookie, body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })

/** A 通知 template as the form sends it: four variables (three locked) and two sections, with blank rows after. */
function noticeForm(id: string, over: Record<string, string> = {}): [string, string][] {
  const fields: Record<string, string> = {
    _csrf: admin.csrf,
    genre: '通知',
    id,
    name: '本办专项通知',
    description: '布置专项工作的通知',
    title: '关于{subject}的通知',
    closing: '特此通知。',
    targetChars: '900',
    charsPerMinute: '',
    minutesVariable: '',
    instructions: '- 开门见山，写明工作任务。\n- 结束语由系统添加。',
    vars: '6',
    'v0.name': 'subject', 'v0.label': '事由', 'v0.required': '1', 'v0.default': '', 'v0.description': '标题中的事由',
    'v1.name': 'issuer', 'v1.label': '发文机关', 'v1.locked': '1',
    'v2.name': 'recipients', 'v2.label': '主送机关', 'v2.locked': '1',
    'v3.name': 'date', 'v3.label': '成文日期', 'v3.locked': '1',
    'v4.name': '', 'v4.label': '',
    'v5.name': '', 'v5.label': '',
    sections: '3',
    's0.heading': '一、工作任务', 's0.key': 'tasks', 's0.kind': 'written', 's0.purpose': '写明{subject}的任务', 's0.guidance': '分条写，每条一句话', 's0.points': '任务；分工', 's0.share': '70', 's0.facts': '1', 's0.keywords': '任务 部署',
    's1.heading': '二、工作要求', 's1.key': 'requirements', 's1.kind': 'written', 's1.share': '', 's1.after': '1',
    's2.heading': '', 's2.key': '',
    ...over,
  }
  const out = Object.entries(fields)
  out.push(['s0.takes', '部署'], ['s1.takes', '保障'])
  return out
}

async function template(id: string, token = office.tokens.drafter) {
  return expectJson<{
    id: string; genre: string; name: string; origin: string; version: number; title: string; closing: string; description: string; instructions: string
    length: { targetChars: number }
    variables: { name: string; label: string; required: boolean; locked: boolean; description?: string }[]
    sections: { key: string; heading: string; kind: string; purpose: string; guidance: string; points: string[]; share: number; takes: string[]; facts: boolean; after: boolean; keywords: string[] }[]
  }>(await call('GET', `/api/v1/templates/${id}`, { token }), 200)
}

describe('管理 → 新建模板', () => {
  it('is linked from 管理 and from each template, with a CSRF field and labelled controls', async () => {
    const adminPage = await (await web('/admin', { cookie: admin.cookie })).text()
    expect(adminPage).toContain('href="/admin/templates/new"')
    expect(await (await web('/admin/templates/tongzhi', { cookie: admin.cookie })).text()).toContain('href="/admin/templates/new?from=tongzhi"')
    const res = await web('/admin/templates/new', { cookie: admin.cookie })
    const html = await res.text()
    expect(res.status, html.slice(0, 300)).toBe(200)
    expect(html).toContain('<h1>新建模板</h1>')
    expect(html).toContain('name="_csrf"')
    expect(html).toContain('<optgroup label="公文">')
    expect(html).toContain('aria-label="第 1 个变量 锁定"')
    // every control has a label: its aria-label, a <label for> its id, or the <label> around it
    for (const m of html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
      const a = m[2]!
      if (/type="hidden"/.test(a)) continue
      const id = /\sid="([^"]+)"/.exec(a)?.[1]
      const labelled = /aria-label="[^"]*[\u4e00-\u9fff]/.test(a) || (id && html.includes(`for="${id}"`)) || html.slice(0, m.index).endsWith('<label class="checkbox">')
      expect(labelled, m[0]).toBeTruthy()
    }
  })

  it('creates a template from fields, audited; 新建文稿 lists it under its genre and a draft can be made from it', async () => {
    const id = freshId()
    const res = await post('/admin/templates/new', admin, noticeForm(id))
    // Post/Redirect/Get: a reload of the answer does not post again
    const { location, text: html } = await followRedirect(res, admin.cookie)
    expect(location).toBe(`/admin/templates/${id}?done=template-created`)
    expect(html).toContain('已新建模板')
    expect(html).toContain('本办专项通知')

    const t = await template(id)
    expect(t).toMatchObject({ id, genre: '通知', name: '本办专项通知', origin: 'office', version: 1, title: '关于{subject}的通知', closing: '特此通知。', description: '布置专项工作的通知', length: { targetChars: 900 } })
    expect(t.instructions).toBe('- 开门见山，写明工作任务。\n- 结束语由系统添加。')
    expect(t.variables.map((v) => [v.name, v.label, v.required, v.locked])).toEqual([
      ['subject', '事由', true, false],
      ['issuer', '发文机关', false, true],
      ['recipients', '主送机关', false, true],
      ['date', '成文日期', false, true],
    ])
    expect(t.variables[0]!.description).toBe('标题中的事由')
    expect(t.sections.map((s) => [s.key, s.heading, s.kind, s.share, s.takes, s.facts, s.after])).toEqual([
      ['tasks', '一、工作任务', 'written', 0.7, ['部署'], true, false],
      ['requirements', '二、工作要求', 'written', 0.3, ['保障'], false, true],
    ])
    expect(t.sections[0]).toMatchObject({ purpose: '写明{subject}的任务', guidance: '分条写，每条一句话', points: ['任务', '分工'], keywords: ['任务', '部署'] })

    const audit = await expectJson<{ items: { action: string }[] }>(await call('GET', `/api/v1/audit?targetId=${id}`, { token: office.tokens.admin }), 200)
    expect(audit.items.map((a) => a.action)).toEqual(['template.save'])

    const drafter = await signIn(office.tokens.drafter)
    const chooser = await (await web('/drafts/new', { cookie: drafter.cookie })).text()
    const group = /<h2 id="genre-通知">通知<\/h2>([\s\S]*?)<\/section>/.exec(chooser)?.[1]
    expect(group).toContain(`data-template="${id}"`)
    expect(group).toContain('布置专项工作的通知')

    const draft = await call('POST', '/api/v1/drafts', {
      token: office.tokens.drafter,
      body: { templateId: id, variables: { subject: '开展汛前检查', issuer: '示例区政府办公室', recipients: '各镇政府', date: '2026年12月2日' }, mode: 'assemble', materials: { findingIds: [] } },
    })
    const d = await json<{ id: string; templateId: string; genre: string; title: string }>(draft)
    expect(draft.status, JSON.stringify(d).slice(0, 300)).toBe(201)
    expect(d).toMatchObject({ templateId: id, genre: '通知', title: '关于开展汛前检查的通知' })
    // the proposed outline is the template's sections with their 要点, and its 结束语; the outline page shows them
    const outline = await expectJson<{ sections: { key: string; points: string[] }[] }>(await call('POST', `/api/v1/drafts/${d.id}/outline`, { token: office.tokens.drafter }), 200)
    expect(outline.sections.map((s) => [s.key, s.points])).toEqual([['tasks', ['任务', '分工']], ['requirements', []], ['closing', []]])
    const outlinePage = await web(`/drafts/${d.id}/outline`, { cookie: drafter.cookie })
    const outlineHtml = await outlinePage.text()
    expect(outlinePage.status, outlineHtml.slice(0, 300)).toBe(200)
    expect(outlineHtml).toContain('一、工作任务')
    expect(outlineHtml).toContain('二、工作要求')
  })

  it('refuses in Chinese, saves nothing, and shows the form again as typed (escaped)', async () => {
    const id = freshId()
    // the Markdown cannot hold a pipe in a table cell, and a word is no number
    const bad = await post('/admin/templates/new', admin, noticeForm(id, { name: '<script>alert(1)</script>通知', targetChars: '很多', 'v0.description': '事由|原因' }))
    const html = await bad.text()
    expect(bad.status).toBe(400)
    expect(html).toContain('模板有误，未保存')
    expect(html).toContain('<li>目标字数应为正整数</li>')
    expect(html).toContain('<li>第 1 个变量的说明不能含竖线“|”或换行</li>')
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain(`name="name" value="&lt;script&gt;alert(1)&lt;/script&gt;通知"`)
    expect(html).toContain('value="事由|原因"')
    expect(html).toContain('value="很多"')
    expect(html).toContain('- 开门见山，写明工作任务。\n- 结束语由系统添加。</textarea>')
    expect(html).toContain('name="s0.heading" value="一、工作任务"')
    expect(html).toMatch(/name="s0\.takes" value="部署" checked/)
    expect(html).toMatch(/name="v1\.locked" value="1" checked/)
    expect((await call('GET', `/api/v1/templates/${id}`, { token: office.tokens.admin })).status).toBe(404)

    // the parser's reasons: a 通知 needs its locked 发文机关, and a fixed section needs its text
    const parsed = await post('/admin/templates/new', admin, noticeForm(id, { 'v1.name': '', 'v1.label': '', 'v1.locked': '', 's1.kind': 'fixed' }))
    const parsedHtml = await parsed.text()
    expect(parsed.status).toBe(400)
    expect(parsedHtml).toContain('模板格式有误，未保存')
    expect(parsedHtml).toContain('通知模板必须声明锁定变量：issuer')
    expect(parsedHtml).toContain('固定章节“二、工作要求”缺少“内容”')
    // the blank row is gone and the rest renumbered, as the messages count them
    expect(parsedHtml).toContain('name="v1.name" value="recipients"')
    expect((await call('GET', `/api/v1/templates/${id}`, { token: office.tokens.admin })).status).toBe(404)

    // an id in use is refused; the builtin template is untouched
    const taken = await post('/admin/templates/new', admin, noticeForm('tongzhi'))
    expect(taken.status).toBe(409)
    const takenHtml = await taken.text()
    expect(takenHtml).toContain('已有 id 为“tongzhi”的模板')
    expect(takenHtml).toContain('name="name" value="本办专项通知"')
    expect((await template('tongzhi')).origin).toBe('builtin')
  })

  it('adds blank rows without saving', async () => {
    const id = freshId()
    const res = await post('/admin/templates/new', admin, [...noticeForm(id), ['more', '1']])
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toContain('name="vars" value="9"') // four variables and five blank rows
    expect(html).toContain('name="v8.name"')
    expect(html).toContain('name="s3.heading"')
    expect((await call('GET', `/api/v1/templates/${id}`, { token: office.tokens.admin })).status).toBe(404)
  })

  it('starts from a copy of a template: the form holds it all, and saved under a new id it is the same template', async () => {
    const res = await web('/admin/templates/new?from=jianghua', { cookie: admin.cookie })
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toContain('以“工作会议讲话稿”为基础')
    const fields = formFields(html, '/admin/templates/new')
    expect(fields.find(([k]) => k === 'id')).toEqual(['id', ''])
    const id = freshId()
    const saved = await post('/admin/templates/new', admin, fields.map(([k, v]) => [k, k === 'id' ? id : v]))
    expect((await followRedirect(saved, admin.cookie)).location).toBe(`/admin/templates/${id}?done=template-created`)
    const [copy, original] = await Promise.all([template(id), template('jianghua')])
    const same = (t: typeof copy) => ({ ...t, id: '', origin: '', version: 0, updatedAt: '', sections: t.sections.map((s) => ({ ...s, share: Math.round(s.share * 100), takes: [...s.takes].sort() })) })
    expect(same(copy)).toEqual(same(original))
  })

  it('keeps offices apart and admits admins only', async () => {
    const other = await makeOffice(['admin'])
    const theirs = freshId()
    const src = `---\nid: ${theirs}\ngenre: 讲话稿\nname: 他办讲话\ntargetChars: 900\n---\n\n## 变量\n\n| 字段 | 名称 | 必填 | 锁定 |\n|---|---|---|---|\n| topic | 主题 | 是 | 否 |\n\n## 章节\n\n### 开场 {#open}\n\n- 用途：开场\n`
    await expectJson(await call('POST', '/api/v1/templates', { token: other.tokens.admin, body: { source: src } }), 201)
    expect((await web(`/admin/templates/new?from=${theirs}`, { cookie: admin.cookie })).status).toBe(404)
    expect(await (await web('/admin/templates/new', { cookie: admin.cookie })).text()).not.toContain(theirs)
    // the same id is free here: ids are per office
    const mine = await post('/admin/templates/new', admin, noticeForm(theirs))
    expect(mine.status).toBe(303)
    expect((await template(theirs, other.tokens.admin)).name).toBe('他办讲话')

    expect((await web('/admin/templates/new', { cookie: reviewer.cookie })).status).toBe(403)
    const id = freshId()
    const refused = await post('/admin/templates/new', reviewer, noticeForm(id).map(([k, v]) => [k, k === '_csrf' ? reviewer.csrf : v]))
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('无权执行此操作')
    expect((await call('GET', `/api/v1/templates/${id}`, { token: office.tokens.admin })).status).toBe(404)
    const cross = await web('/admin/templates/new', { cookie: admin.cookie, origin: 'https://evil.example', body: new URLSearchParams(noticeForm(id)).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(cross.status).toBe(403)
    expect((await call('GET', `/api/v1/templates/${id}`, { token: office.tokens.admin })).status).toBe(404)
  })
})
