/**
 * The drafting flow as the Worker renders it: 全部文稿 (filters, paging, office isolation,
 * sensitivity), the 流转记录 and the open 退回 note in the editor and on home, 待印发 for whoever
 * registers issuance, the 要素 panel and its save, and an outline that names a material once.
 */
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, createFinding, expectError, expectJson, makeOffice, unique } from '../fixtures'
import { act, advance, fullOffice, getDraft, makeDraft, type Office } from '../lifecycle/helpers'
import { signIn, web } from './helpers'

type Session = { cookie: string; csrf: string }
let office: Office
let other: Office
const session: Partial<Record<keyof Office['tokens'], Session>> = {}
beforeAll(async () => {
  office = await fullOffice()
  other = await makeOffice(['drafter'])
  for (const role of ['admin', 'drafter', 'reviewer', 'signer'] as const) session[role] = await signIn(office.tokens[role])
})

async function html(path: string, role: keyof Office['tokens'], status = 200) {
  const res = await web(path, { cookie: session[role]!.cookie })
  const text = await res.text()
  expect(res.status, text.slice(0, 400)).toBe(status)
  return text
}

/** The table row of a draft in 全部文稿. */
const rowOf = (text: string, id: string) => [...text.matchAll(/<tr data-draft="([^"]+)">[\s\S]*?<\/tr>/g)].find((m) => m[1] === id)?.[0] ?? null
const rowIds = (text: string) => [...text.matchAll(/<tr data-draft="([^"]+)">/g)].map((m) => m[1]!)

/** A 通知 with a title of our own. */
async function notice(token: string, title: string) {
  const d = await expectJson<{ id: string; version: number }>(
    await call('POST', '/api/v1/drafts', { token, body: { templateId: 'tongzhi', title, variables: { subject: title, recipients: '各镇党委和政府', date: '2026年12月2日' }, mode: 'assemble' } }),
    201,
  )
  return d
}

describe('全部文稿', () => {
  it('lists the office’s drafts with author, status and sensitivity, each linking to the editor, and filters them', async () => {
    const stamp = unique('筛选')
    const a = await notice(office.tokens.drafter, `关于${stamp}甲的通知`)
    const restricted = await createFinding(office.tokens.drafter, { sensitivity: 'restricted', title: unique('敏感材料') })
    const b = await expectJson<{ id: string }>(
      await call('POST', '/api/v1/drafts', {
        token: office.tokens.drafter,
        body: { templateId: 'jianghua', title: `${stamp}乙讲话`, variables: { topic: stamp, meeting: '推进会', speaker: '区长', minutes: '10' }, mode: 'assemble', materials: { findingIds: [restricted.id] } },
      }),
      201,
    )
    // the list reads the status column; the transitions that set it are tested in tests/lifecycle
    await env.DB.prepare("UPDATE drafts SET status = 'in_review' WHERE id = ?1").bind(a.id).run()

    const all = await html('/drafts', 'reviewer')
    expect(all).toContain('<h1>全部文稿</h1>')
    const rowA = rowOf(all, a.id)!
    const rowB = rowOf(all, b.id)!
    expect(rowA).toContain(`href="/drafts/${a.id}"`)
    expect(rowA).toContain('审核中')
    expect(rowA).toContain('drafter成员')
    expect(rowA).not.toContain('【')
    expect(rowB).toContain('【敏感】')
    expect(rowB).toContain('讲话稿')

    // title contains
    expect(rowIds(await html(`/drafts?title=${encodeURIComponent(stamp)}`, 'reviewer')).sort()).toEqual([a.id, b.id].sort())
    // 状态 and 文种
    expect(rowIds(await html(`/drafts?title=${encodeURIComponent(stamp)}&status=in_review`, 'reviewer'))).toEqual([a.id])
    expect(rowIds(await html(`/drafts?title=${encodeURIComponent(stamp)}&genre=${encodeURIComponent('讲话稿')}`, 'reviewer'))).toEqual([b.id])
    // 起草人: the drafter is offered by name; another member's choice finds none of these
    const author = (await expectJson<{ items: { id: string; author: string }[] }>(await call('GET', `/api/v1/drafts?title=${encodeURIComponent(stamp)}`, { token: office.tokens.reader }), 200)).items[0]!.author
    expect(all).toMatch(new RegExp(`<option value="${author}">drafter成员</option>`))
    expect(rowIds(await html(`/drafts?title=${encodeURIComponent(stamp)}&author=${author}`, 'reviewer')).sort()).toEqual([a.id, b.id].sort())
    const filtered = await html(`/drafts?title=${encodeURIComponent(stamp)}&author=nobody`, 'reviewer')
    expect(rowIds(filtered)).toEqual([])
    expect(filtered).toContain('没有符合筛选条件的文稿')
    // updated date range: b was last updated long ago
    await env.DB.prepare("UPDATE drafts SET updated_at = '2025-03-10T02:00:00.000Z' WHERE id = ?1").bind(b.id).run()
    expect(rowIds(await html(`/drafts?title=${encodeURIComponent(stamp)}&from=2025-03-01&to=2025-03-10`, 'reviewer'))).toEqual([b.id])
    expect(rowIds(await html(`/drafts?title=${encodeURIComponent(stamp)}&from=2025-03-11`, 'reviewer'))).toEqual([a.id])
    // the filters stay in the form
    const kept = await html(`/drafts?title=${encodeURIComponent(stamp)}&status=in_review`, 'reviewer')
    expect(kept).toContain(`value="${stamp}"`)
    expect(kept).toMatch(/<option value="in_review" selected="">/)
  })

  it('says in Chinese what is wrong with a filter', async () => {
    const text = await html('/drafts?from=2026-02-30', 'drafter')
    expect(text).toContain('role="alert"')
    expect(text).toMatch(/筛选条件有误：.*不是有效日期/)
    expect(rowIds(text)).toEqual([])
  })

  it('pages by cursor, 100 a page, keeping the filters, with no draft twice or missed', async () => {
    const own = await makeOffice(['drafter'])
    const first = await notice(own.tokens.drafter, '分页样本的通知')
    // 104 drafts in all: copies of one, made in the database (the listing reads rows, not how they were made)
    const cols = (await env.DB.prepare('PRAGMA table_info(drafts)').all<{ name: string }>()).results.map((c) => c.name)
    const exprs = cols.map((c) => (c === 'id' ? `id || '_' || n.i` : c === 'created_at' ? `printf('2025-06-%02dT%02d:00:00.000Z', 1 + n.i / 24, n.i % 24)` : c === 'title' ? `title || n.i` : c))
    await env.DB.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 103) INSERT INTO drafts (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM drafts, n WHERE drafts.id = ?1`)
      .bind(first.id)
      .run()
    const s = await signIn(own.tokens.drafter)
    const page1 = await (await web('/drafts?genre=%E9%80%9A%E7%9F%A5', { cookie: s.cookie })).text()
    const ids1 = rowIds(page1)
    expect(ids1).toHaveLength(100)
    expect(ids1[0]).toBe(first.id) // newest first
    expect(page1).toContain('还有更多')
    const next = /<a href="([^"]+)" rel="next">下一页<\/a>/.exec(page1)![1]!.replace(/&amp;/g, '&')
    expect(next).toContain('genre=')
    const page2 = await (await web(next, { cookie: s.cookie })).text()
    const ids2 = rowIds(page2)
    expect(ids2).toHaveLength(4)
    expect(page2).not.toContain('rel="next"')
    expect(page2).toContain('回到第一页')
    expect(new Set([...ids1, ...ids2]).size).toBe(104)
  })

  it('shows only the office’s own drafts and members', async () => {
    const theirs = await notice(other.tokens.drafter, unique('别的办公室的通知'))
    const text = await html('/drafts', 'drafter')
    expect(text).not.toContain(theirs.id)
    const s = await signIn(other.tokens.drafter)
    const theirList = await (await web('/drafts', { cookie: s.cookie })).text()
    expect(rowIds(theirList)).toEqual([theirs.id])
    expect(theirList).not.toContain('reviewer成员')
  })

  it('is linked from the navigation and from home', async () => {
    const home = await html('/', 'drafter')
    expect(home).toMatch(/<nav class="site-nav"[\s\S]*href="\/drafts">全部文稿<\/a>[\s\S]*<\/nav>/)
    expect(home).toMatch(/<section aria-labelledby="mine-title"[\s\S]*?<a href="\/drafts">全部文稿<\/a>/)
  })
})

describe('流转记录 and the 退回 note', () => {
  const NOTE = '第二部分数据口径不一致，请核对后再报。<img src=x onerror=alert(1)>'

  it('shows who did what when, and the open 退回 note to the drafter in the editor and on home, until resubmitted', async () => {
    const d = await makeDraft(office)
    await expectJson(await act(office, d.id, 'submit', 'drafter'), 200)
    await expectJson(await act(office, d.id, 'return', 'reviewer', NOTE), 200)

    const editor = await html(`/drafts/${d.id}`, 'drafter')
    const banner = /<section class="return-banner"[\s\S]*?<\/section>/.exec(editor)?.[0]
    expect(banner).toBeTruthy()
    expect(banner).toContain('reviewer成员（审核人）')
    expect(banner).toContain('第二部分数据口径不一致，请核对后再报。&lt;img src=x onerror=alert(1)&gt;')
    expect(editor).not.toContain('<img src=x')
    // the record, newest first, in Beijing time
    const history = /<ol class="flow-history"[\s\S]*?<\/ol>/.exec(editor)![0]
    const actions = [...history.matchAll(/<li data-action="([a-z]+)">/g)].map((m) => m[1])
    expect(actions).toEqual(['return', 'submit', 'create'])
    expect(history).toContain('<strong>退回修改</strong>')
    expect(history).toContain('<strong>提交审核</strong>')
    expect(history).toContain('drafter成员（起草人）')
    const audit = await expectJson<{ items: { action: string; at: string }[] }>(await call('GET', `/api/v1/audit?targetId=${d.id}&action=draft.return`, { token: office.tokens.admin }), 200)
    const at = audit.items[0]!.at
    const beijing = new Date(Date.parse(at) + 8 * 3600_000).toISOString()
    expect(history).toContain(`<time datetime="${at}">${beijing.slice(0, 10)} ${beijing.slice(11, 16)}</time>`)

    // on home, next to the draft
    const home = await html('/', 'drafter')
    const mine = home.slice(home.indexOf('id="mine-title"'), home.indexOf('</section>', home.indexOf('id="mine-title"')))
    expect(mine).toContain(`/drafts/${d.id}`)
    expect(mine).toContain('已退回：第二部分数据口径不一致，请核对后再报。&lt;img src=x onerror=al……')
    // in 全部文稿 too
    expect(rowOf(await html('/drafts', 'drafter'), d.id)).toContain('已退回：')

    // back to 起草: still shown; submitted again: answered, gone
    await expectJson(await act(office, d.id, 'revise', 'drafter'), 200)
    expect(await html(`/drafts/${d.id}`, 'drafter')).toContain('class="return-banner"')
    await expectJson(await act(office, d.id, 'submit', 'drafter'), 200)
    const after = await html(`/drafts/${d.id}`, 'drafter')
    expect(after).not.toContain('class="return-banner"')
    expect([...after.matchAll(/<li data-action="([a-z]+)">/g)].map((m) => m[1])).toEqual(['submit', 'revise', 'return', 'submit', 'create'])
    expect(await html('/', 'drafter')).not.toContain(`已退回：第二部分`)
  })

  it('shows no banner on a draft never returned', async () => {
    const d = await makeDraft(office)
    const text = await html(`/drafts/${d.id}`, 'drafter')
    expect(text).not.toContain('class="return-banner"')
    expect([...text.matchAll(/<li data-action="([a-z]+)">/g)].map((m) => m[1])).toEqual(['create'])
  })
})

describe('工作台 lists by role', () => {
  it('gives whoever registers issuance (the admin) 待印发 with the signed drafts, and no one else', async () => {
    const d = await makeDraft(office)
    await advance(office, d.id, 'sign')
    const admin = await html('/', 'admin')
    const waiting = admin.slice(admin.indexOf('id="waiting-signed"'))
    expect(admin).toContain('<h2 id="waiting-signed">待印发</h2>')
    expect(waiting.slice(0, waiting.indexOf('</section>'))).toContain(`/drafts/${d.id}`)
    for (const role of ['drafter', 'reviewer', 'signer'] as const) expect(await html('/', role)).not.toContain('id="waiting-signed"')
  })
})

describe('要素 in the editor', () => {
  it('renders each variable as a labelled field with its value, the locked ones marked 人工填写', async () => {
    const d = await notice(office.tokens.drafter, unique('要素通知'))
    const text = await html(`/drafts/${d.id}`, 'drafter')
    expect(text).toContain('<h2 id="elements-h">要素</h2>')
    expect(text).toMatch(/<label for="el-recipients">[^<]*<span class="locked-badge">人工填写<\/span><\/label><input type="text" id="el-recipients" data-element="recipients" value="各镇党委和政府"/)
    expect(text).toMatch(/<label for="el-date">[^<]*<span class="locked-badge">人工填写<\/span><\/label>/)
    expect(/<label for="el-subject">(.*?)<\/label>/.exec(text)![1]).not.toContain('locked-badge')
    expect(text).toContain('如：2026年12月2日')
    const data = JSON.parse(/<script type="application\/json" id="editor-data">([\s\S]*?)<\/script>/.exec(text)![1]!)
    expect(data.variables).toMatchObject({ recipients: '各镇党委和政府', date: '2026年12月2日' })
    expect(data.elements).toContainEqual({ name: 'recipients', label: expect.any(String), required: expect.any(Boolean), locked: true })
    // a reader sees the fields read-only
    const reader = await signIn(office.tokens.reader)
    expect(await (await web(`/drafts/${d.id}`, { cookie: reader.cookie })).text()).toMatch(/id="el-recipients"[^>]*readonly=""/)
  })

  it('saves changed 要素 with the text; a changed 成文日期 must be a real day, said in Chinese', async () => {
    const d = await notice(office.tokens.drafter, unique('改要素的通知'))
    const put = (version: number, variables: Record<string, string>) =>
      call('PUT', `/api/v1/drafts/${d.id}`, { token: office.tokens.drafter, headers: { 'if-match': `"${version}"` }, body: { sections: [{ heading: '一、任务', text: '排查隐患。' }], variables } })
    const vars = { subject: '排查', recipients: '各镇党委和政府', date: '2026年12月2日' }
    for (const bad of ['2026年2月30日', '下周一']) {
      const err = await expectError(await put(d.version, { ...vars, date: bad }), 400, 'VALIDATION')
      expect(err.message).toMatch(/成文日期/)
    }
    expect((await getDraft(office, d.id)).version).toBe(d.version)
    const ok = await expectJson<{ version: number }>(await put(d.version, { ...vars, recipients: '各街道党工委', date: '2026-12-03' }), 200)
    expect((await getDraft(office, d.id)).variables).toMatchObject({ recipients: '各街道党工委', date: '2026-12-03' })
    // a date stored before as people typed it is kept as it is
    await env.DB.prepare("UPDATE drafts SET variables = json_set(variables, '$.date', '十二月初') WHERE id = ?1").bind(d.id).run()
    await expectJson(await put(ok.version, { ...vars, recipients: '各街道党工委', date: '十二月初' }), 200)
  })
})

describe('outline materials', () => {
  it('keeps a material named twice in one section once', async () => {
    const f = await createFinding(office.tokens.drafter, { title: unique('台账') })
    const d = await expectJson<{ id: string }>(
      await call('POST', '/api/v1/drafts', { token: office.tokens.drafter, body: { templateId: 'tongzhi', variables: { subject: unique('整治') }, mode: 'assemble', materials: { findingIds: [f.id] } } }),
      201,
    )
    const outline = await expectJson<{ sections: { id: string; heading: string; findingIds: string[]; precedentIds: string[]; points: string[] }[] }>(
      await call('POST', `/api/v1/drafts/${d.id}/outline`, { token: office.tokens.drafter, body: {} }),
      200,
    )
    const written = outline.sections.findIndex((s) => s.heading.includes('、'))
    const sections = outline.sections.map((s, i) => ({ id: s.id, heading: s.heading, points: s.points, findingIds: i === written ? [f.id, f.id] : [], precedentIds: [] }))
    const saved = await expectJson<{ sections: { findingIds: string[] }[] }>(await call('PUT', `/api/v1/drafts/${d.id}/outline`, { token: office.tokens.drafter, body: { sections } }), 200)
    expect(saved.sections[written]!.findingIds).toEqual([f.id])
  })
})
