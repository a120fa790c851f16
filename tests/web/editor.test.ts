/** 新建文稿, 提纲 and 文稿编辑 as the Worker renders them: data, roles, escaping, tenancy, CSP. */
import { beforeAll, describe, expect, it } from 'vitest'
import { call, json, makeOffice, type Office } from '../fixtures'
import { signIn, web } from './helpers'

let office: Office
const session: Record<string, { cookie: string; csrf: string }> = {}
beforeAll(async () => {
  office = await makeOffice(['admin', 'drafter', 'reviewer', 'reader'])
  for (const role of ['drafter', 'reviewer', 'reader'] as const) session[role] = await signIn(office.tokens[role])
})

const XSS = `</script><script>window.__xss=1</script><img src=x onerror=alert(1)>`
const VARS = { subject: '开展安全生产隐患排查整治', recipients: '各镇党委和政府', issuer: '中共示例区委办公室', date: '2026年12月2日' }

async function notice(title?: string) {
  const res = await call('POST', '/api/v1/drafts', { token: office.tokens.drafter, body: { templateId: 'tongzhi', variables: VARS, mode: 'assemble', materials: { findingIds: [] }, ...(title ? { title } : {}) } })
  expect(res.status).toBe(201)
  return json(res)
}

async function page(path: string, role: keyof typeof session, status = 200) {
  const res = await web(path, { cookie: session[role]!.cookie })
  const text = await res.text()
  expect(res.status, text.slice(0, 300)).toBe(status)
  return { res, text }
}

/** The JSON block a page hands its bundle. */
function dataBlock(text: string, id: string) {
  const m = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(text)
  expect(m, `#${id}`).toBeTruthy()
  return JSON.parse(m![1]!)
}

describe('GET /drafts/new', () => {
  it('lists the templates by genre with their descriptions and links to each form', async () => {
    const { text } = await page('/drafts/new', 'drafter')
    expect(text).toContain('<h2 id="genre-通知">通知</h2>')
    expect(text).toContain('<h2 id="genre-讲话稿">讲话稿</h2>')
    expect(text).toContain('href="/drafts/new?template=tongzhi"')
    expect(text).toContain('章节：')
  })

  it("renders a template's variables, marking the locked ones as filled by people", async () => {
    const { text } = await page('/drafts/new?template=tongzhi', 'drafter')
    expect(dataBlock(text, 'new-draft-data')).toEqual({ templateId: 'tongzhi', topicVariable: 'subject' })
    expect(text).toMatch(/<label for="var-subject">事由<span class="required">（必填）<\/span><\/label>/)
    for (const locked of ['docNumber', 'recipients', 'issuer', 'date']) expect(text).toMatch(new RegExp(`<label for="var-${locked}">[^<]*(<span class="required">[^<]*</span>)?<span class="locked-badge">人工填写</span>`))
    expect(/<label for="var-subject">(.*?)<\/label>/.exec(text)![1]).not.toContain('locked-badge')
    // the tests configure a (fake) provider: model writing is offered and chosen, assemble is the alternative
    expect(/<input[^>]*value="generate"[^>]*>/.exec(text)![0]).toContain('checked')
    expect(/<input[^>]*value="assemble"[^>]*>/.exec(text)![0]).not.toContain('checked')
    expect(text).toContain('由已配置的模型逐节撰写')
    expect(text).toContain('src="/assets/web/new-draft.js"')
  })

  it('answers an unknown template with a Chinese 404 page', async () => {
    const { text } = await page('/drafts/new?template=no-such', 'drafter', 404)
    expect(text).toMatch(/模板/)
  })
})

describe('GET /drafts/:id', () => {
  it("hands the editor the draft's sections, version, materials and the drafter's actions, escaped", async () => {
    const draft = await notice(`关于${XSS}的通知`)
    const saved = await call('PUT', `/api/v1/drafts/${draft.id}`, {
      token: office.tokens.drafter,
      headers: { 'if-match': `"${draft.version}"` },
      body: { sections: [{ heading: '一、工作任务', text: `各单位要排查${XSS}【待补：时限】` }] },
    })
    expect(saved.status).toBe(200)
    const { res, text } = await page(`/drafts/${draft.id}`, 'drafter')
    // the payload never closes the JSON block nor becomes a tag in the page
    expect(text).not.toContain('<script>window.__xss')
    expect(text).not.toContain('<img src=x')
    const data = dataBlock(text, 'editor-data')
    expect(data).toMatchObject({ id: draft.id, version: draft.version + 1, status: 'drafting', statusLabel: '起草中', canEdit: true, genre: '通知' })
    expect(data.title).toBe(`关于${XSS}的通知`)
    expect(data.sections).toEqual([{ id: expect.any(String), heading: '一、工作任务', text: `各单位要排查${XSS}【待补：时限】`, printHeading: true }])
    // a section a person wrote has no outline item to write it from
    expect(data.regenerable).toEqual([])
    expect(data.actions).toEqual([{ action: 'submit', label: '提交审核', needsNote: false }])
    // CodeMirror's <style> carries the response's nonce, and only it
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(data.styleNonce).toMatch(/^[\w+/=-]{16,}$/)
    expect(csp).toContain(`style-src 'self' 'nonce-${data.styleNonce}'`)
    expect(csp).not.toContain('unsafe-inline')
    expect(text).toContain('src="/assets/web/editor.js"')
    expect(text).toContain('href="/assets/web/editor.css"')
    // labelled controls and the shortcuts listed on the page
    expect(text).toContain('<label for="draft-title" class="visually-hidden">标题</label>')
    expect(text).toContain('aria-keyshortcuts="Control+S"')
    expect(text).toMatch(/<kbd>F7<\/kbd>/)
  })

  it('offers the reviewer approve and return, and a reader nothing to edit', async () => {
    const draft = await notice()
    await call('PUT', `/api/v1/drafts/${draft.id}`, { token: office.tokens.drafter, headers: { 'if-match': `"${draft.version}"` }, body: { sections: [{ heading: '一、工作任务', text: '各单位要全面排查隐患。' }] } })
    const submitted = await call('POST', `/api/v1/drafts/${draft.id}/transitions`, { token: office.tokens.drafter, body: { action: 'submit' } })
    expect(submitted.status).toBe(200)
    const reviewer = dataBlock((await page(`/drafts/${draft.id}`, 'reviewer')).text, 'editor-data')
    expect(reviewer.actions.map((a: { action: string }) => a.action)).toEqual(['approve', 'return'])
    expect(reviewer.actions[1].needsNote).toBe(true)
    const { text } = await page(`/drafts/${draft.id}`, 'reader')
    const reader = dataBlock(text, 'editor-data')
    expect(reader).toMatchObject({ canEdit: false, actions: [] })
    expect(text).toMatch(/<button type="button" id="save-button" class="primary" aria-keyshortcuts="Control\+S" disabled="">/)
  })

  it('offers 重新生成本节 for the written sections of the outline to roles that write, and not to a reader', async () => {
    const created = await call('POST', '/api/v1/drafts', {
      token: office.tokens.drafter,
      body: { templateId: 'jianghua', variables: { topic: '优化营商环境', meeting: '全区优化营商环境工作会议', speaker: '区委书记 张某某' }, mode: 'assemble', materials: { findingIds: [] } },
    })
    expect(created.status).toBe(201)
    const draft = await json(created)
    const outline = await json(await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: office.tokens.drafter }))
    const written = outline.sections.filter((s: { kind: string }) => s.kind === 'written').map((s: { id: string }) => s.id)
    const fixed = outline.sections.filter((s: { kind: string }) => s.kind === 'fixed').map((s: { id: string }) => s.id)
    expect(fixed.length).toBeGreaterThan(0)
    const { text } = await page(`/drafts/${draft.id}`, 'drafter')
    const data = dataBlock(text, 'editor-data')
    expect(data.regenerable).toEqual(written)
    expect(text).toContain('id="regen-button" aria-keyshortcuts="Control+Alt+G"')
    expect(text).toMatch(/<kbd>Ctrl\+Alt\+G<\/kbd>/)
    const reader = await page(`/drafts/${draft.id}`, 'reader')
    expect(dataBlock(reader.text, 'editor-data').canEdit).toBe(false)
    expect(reader.text).not.toContain('id="regen-button"')
    expect(reader.text).not.toContain('Ctrl+Alt+G')
  })

  it("answers another office's draft with 404 and sends a signed-out visitor to sign in", async () => {
    const draft = await notice()
    const other = await makeOffice(['drafter'])
    const stranger = await signIn(other.tokens.drafter)
    const res = await web(`/drafts/${draft.id}`, { cookie: stranger.cookie })
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain(draft.title)
    const out = await web(`/drafts/${draft.id}`)
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(`/drafts/${draft.id}`)}`)
  })
})

describe('GET /drafts/:id/outline', () => {
  it('hands the outline page the outline, materials and compose state', async () => {
    const draft = await notice()
    const proposed = await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: office.tokens.drafter })
    expect(proposed.status).toBe(200)
    const { text } = await page(`/drafts/${draft.id}/outline`, 'drafter')
    const data = dataBlock(text, 'outline-data')
    expect(data).toMatchObject({ id: draft.id, composeState: 'outlined', mode: 'assemble' })
    expect(data.outline.sections.map((s: { heading: string }) => s.heading)).toEqual((await json(proposed)).sections.map((s: { heading: string }) => s.heading))
    expect(text).toContain('id="progress-summary" role="status" aria-live="polite"')
    expect(text).toContain('<ol id="regen-list" class="regen-list" aria-labelledby="regen-h"></ol>')
  })
})
