import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectJson, makeOffice, unique, type Office } from '../fixtures'
import { followRedirect, signIn, web } from './helpers'

let office: Office
let admin: { cookie: string; csrf: string }
let reviewer: { cookie: string; csrf: string }
beforeAll(async () => {
  office = await makeOffice(['admin', 'reviewer', 'drafter'])
  admin = await signIn(office.tokens.admin)
  reviewer = await signIn(office.tokens.reviewer)
})

const page = async (path: string, cookie: string, status = 200) => {
  const res = await web(path, { cookie })
  const text = await res.text()
  expect(res.status, text.slice(0, 400)).toBe(status)
  return text
}

/** The office's lexicon named `name`, as the API lists it. */
async function lexiconNamed(name: string) {
  const list = await expectJson<{ items: { id: string; name: string; latestVersion: number }[] }>(await call('GET', '/api/v1/lexicons', { token: office.tokens.admin }), 200)
  return list.items.find((l) => l.name === name)
}

async function flagged(text: string): Promise<string[]> {
  const res = await expectJson<{ issues: { ruleId: string; start: number; end: number }[] }>(
    await call('POST', '/api/v1/check', { token: office.tokens.drafter, body: { text, rules: { only: ['lexicons.sensitive.forbidden', 'lexicons.sensitive.caution'] } } }),
    200,
  )
  return res.issues.map((i) => text.slice(i.start, i.end))
}

describe('管理 → 词库', () => {
  it('creates a sensitive-word lexicon through the form, edits it, and the check API uses the new version', async () => {
    const name = unique('网页敏感词')
    const newForm = await page('/admin/lexicons/new?kind=sensitive', admin.cookie)
    expect(newForm).toContain('新建敏感词词库')
    expect(newForm).toContain('name="_csrf"')
    const created = await web('/admin/lexicons', {
      cookie: admin.cookie,
      form: { _csrf: admin.csrf, kind: 'sensitive', name, validFrom: '2024-01-01', rows: '2', 'r0.word': '老板', 'r0.level': 'forbidden', 'r0.replacement': '负责人', 'r1.word': '', 'r1.level': 'forbidden' },
    })
    // Post/Redirect/Get: a reload of the answer repeats nothing
    const createdPage = await followRedirect(created, admin.cookie)
    expect(createdPage.status, createdPage.text.slice(0, 400)).toBe(200)
    expect(createdPage.text).toContain('已创建词库')
    const lexicon = (await lexiconNamed(name))!
    expect(createdPage.location).toBe(`/admin/lexicons/${lexicon.id}?done=lexicon-created`)
    expect(lexicon.latestVersion).toBe(1)
    expect(await flagged('请老板和村官参加。')).toEqual(['老板'])

    // the editor shows the entry as fields, not JSON
    const edit = await page(`/admin/lexicons/${lexicon.id}`, admin.cookie)
    expect(edit).toContain('name="r0.word" type="text" value="老板"')
    expect(edit).toContain('name="baseVersion" value="1"')
    const saved = await web(`/admin/lexicons/${lexicon.id}`, {
      cookie: admin.cookie,
      form: {
        _csrf: admin.csrf, name, validFrom: '2024-02-01', note: '补充慎用词', baseVersion: '1', rows: '3',
        'r0.word': '老板', 'r0.level': 'forbidden', 'r0.replacement': '负责人',
        'r1.word': '村官', 'r1.level': 'caution',
        'r2.word': '', 'r2.level': 'forbidden',
      },
    })
    const savedPage = await followRedirect(saved, admin.cookie)
    expect(savedPage.status, savedPage.text.slice(0, 400)).toBe(200)
    expect(savedPage.text).toContain('已保存为新版本')
    expect(savedPage.text).toContain('当前第 2 版')
    const full = await expectJson<{ latestVersion: number; current: { validFrom: string; note: string; entries: unknown[] } }>(await call('GET', `/api/v1/lexicons/${lexicon.id}`, { token: office.tokens.admin }), 200)
    expect(full).toMatchObject({ latestVersion: 2, current: { validFrom: '2024-02-01', note: '补充慎用词' } })
    expect(full.current.entries).toEqual([{ word: '老板', level: 'forbidden', replacement: '负责人' }, { word: '村官', level: 'caution' }])
    expect(await flagged('请老板和村官参加。')).toEqual(['老板', '村官'])
    const audit = await expectJson<{ items: { action: string; targetId: string }[] }>(await call('GET', `/api/v1/audit?targetId=${lexicon.id}`, { token: office.tokens.admin }), 200)
    expect(audit.items.map((a) => a.action).sort()).toEqual(['lexicon.create', 'lexicon.update'])

    // a stale form (base version 1) is refused in Chinese
    const stale = await web(`/admin/lexicons/${lexicon.id}`, { cookie: admin.cookie, form: { _csrf: admin.csrf, name, validFrom: '2024-03-01', baseVersion: '1', rows: '0' } })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('词库已有更新的版本（第 2 版）')

    // the versions with their dates; stopping the lexicon stops the check using it
    const versions = await page(`/admin/lexicons/${lexicon.id}`, admin.cookie)
    expect(versions).toMatch(/<td><a href="[^"]*\/versions\/2">第 2 版<\/a><\/td><td>2024-02-01 起<\/td><td>2<\/td><td>补充慎用词<\/td>/)
    expect(versions).toMatch(/<td><a href="[^"]*\/versions\/1">第 1 版<\/a><\/td><td>2024-01-01 起<\/td><td>1<\/td>/)
    const archived = await web(`/admin/lexicons/${lexicon.id}/archive`, { cookie: admin.cookie, form: { _csrf: admin.csrf } })
    expect((await followRedirect(archived, admin.cookie)).text).toContain('已停用词库')
    expect(await flagged('请老板和村官参加。')).toEqual([])
  })

  it('edits list fields of 规范提法 rows and 领导 dates', async () => {
    const name = unique('网页领导')
    const res = await web('/admin/lexicons', {
      cookie: admin.cookie,
      form: { _csrf: admin.csrf, kind: 'leader', name, validFrom: '2024-01-01', rows: '1', 'r0.name': '张三', 'r0.post': '区委书记', 'r0.validFrom': '2023-01-01', 'r0.validTo': '' },
    })
    expect(res.status).toBe(303)
    const l = (await lexiconNamed(name))!
    const full = await expectJson<{ current: { entries: unknown[] } }>(await call('GET', `/api/v1/lexicons/${l.id}`, { token: office.tokens.admin }), 200)
    expect(full.current.entries).toEqual([{ name: '张三', post: '区委书记', validFrom: '2023-01-01' }])

    const fname = unique('网页提法')
    const f = await web('/admin/lexicons', {
      cookie: admin.cookie,
      form: { _csrf: admin.csrf, kind: 'formulation', name: fname, validFrom: '2024-01-01', rows: '1', 'r0.label': '五位一体', 'r0.items': '经济建设、政治建设，文化建设', 'r0.variants': '', 'r0.note': '' },
    })
    expect(f.status).toBe(303)
    const fl = (await lexiconNamed(fname))!
    const ff = await expectJson<{ current: { entries: unknown[] } }>(await call('GET', `/api/v1/lexicons/${fl.id}`, { token: office.tokens.admin }), 200)
    expect(ff.current.entries).toEqual([{ label: '五位一体', items: ['经济建设', '政治建设', '文化建设'] }])
    expect(await page(`/admin/lexicons/${fl.id}`, admin.cookie)).toContain('value="经济建设、政治建设、文化建设"')
  })

  it('refuses a bad entry in Chinese, keeps what was typed, and saves nothing', async () => {
    const name = unique('网页易混词')
    await web('/admin/lexicons', { cookie: admin.cookie, form: { _csrf: admin.csrf, kind: 'confusable', name, validFrom: '2024-01-01', rows: '1', 'r0.wrong': '布署', 'r0.right': '部署' } })
    const l = (await lexiconNamed(name))!
    const bad = await web(`/admin/lexicons/${l.id}`, {
      cookie: admin.cookie,
      form: { _csrf: admin.csrf, name, validFrom: '2024-02-01', baseVersion: '1', rows: '3', 'r0.wrong': '布署', 'r0.right': '部署', 'r1.wrong': '', 'r1.right': '', 'r2.wrong': '帐户', 'r2.right': '' },
    })
    const text = await bad.text()
    expect(bad.status).toBe(400)
    expect(text).toContain('词库条目不符合要求：第 3 行')
    expect(text).toMatch(/第 3 行“正确写法”：[^<]*[\u4e00-\u9fff]/)
    // the rows come back as typed, numbered as in the message, the bad one marked
    expect(text).toMatch(/name="r2\.wrong" type="text" value="帐户" aria-label="第 3 行 易错写法" aria-invalid="true"/)
    expect(text.match(/aria-invalid="true"/g)).toHaveLength(3) // the three fields of that one row
    expect((await lexiconNamed(name))!.latestVersion).toBe(1)

    const badDates = await web(`/admin/lexicons/${l.id}`, { cookie: admin.cookie, form: { _csrf: admin.csrf, name, validFrom: '2024-05-01', validTo: '2024-01-01', baseVersion: '1', rows: '0' } })
    expect(badDates.status).toBe(400)
    expect(await badDates.text()).toContain('失效日期不能早于生效日期')
    expect((await lexiconNamed(name))!.latestVersion).toBe(1)
  })

  it('renders an entry with markup as inert text', async () => {
    const name = unique('网页<b>词</b>')
    const xss = '<script>alert(1)</script>'
    const res = await web('/admin/lexicons', { cookie: admin.cookie, form: { _csrf: admin.csrf, kind: 'sensitive', name, validFrom: '2024-01-01', rows: '1', 'r0.word': '"><img src=x onerror=alert(1)>', 'r0.level': 'caution', 'r0.note': xss } })
    expect(res.status).toBe(303)
    const l = (await lexiconNamed(name))!
    for (const html of [await page(`/admin/lexicons/${l.id}`, admin.cookie), await page('/admin', admin.cookie)]) {
      expect(html).not.toContain(xss)
      expect(html).not.toContain('<img src=x')
      expect(html).not.toContain('<b>词</b>')
    }
    expect(await page(`/admin/lexicons/${l.id}`, admin.cookie)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})

describe('管理 → 模板', () => {
  it('shows a template with its locked fields, saves the office override, and GET /api/v1/templates uses it', async () => {
    const text = await page('/admin/templates/tongbao', admin.cookie)
    expect(text).toContain('情况通报')
    expect(text).toMatch(/<code>issuer<\/code><\/td><td>发文机关<\/td><td>选填<\/td><td><strong class="locked">🔒 锁定/)
    const source = /<textarea[^>]*name="source"[^>]*>([\s\S]*?)<\/textarea>/.exec(text)?.[1]
    expect(source).toBeTruthy()
    const unescaped = source!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    const changed = unescaped.replace('name: 情况通报', 'name: 本办情况通报')
    expect(changed).not.toBe(unescaped)
    const saved = await web('/admin/templates/tongbao', { cookie: admin.cookie, form: { _csrf: admin.csrf, source: changed } })
    const savedPage = await followRedirect(saved, admin.cookie)
    expect(savedPage.status, savedPage.text.slice(0, 400)).toBe(200)
    expect(savedPage.text).toContain('已保存模板')
    expect(savedPage.text).toContain('<h1>模板：本办情况通报</h1>')
    const list = await expectJson<{ items: { id: string; name: string; origin: string; version: number }[] }>(await call('GET', '/api/v1/templates', { token: office.tokens.drafter }), 200)
    expect(list.items.find((t) => t.id === 'tongbao')).toMatchObject({ name: '本办情况通报', origin: 'office', version: 2 })
    // another office still sees the builtin one
    const other = await makeOffice(['drafter'])
    const theirs = await expectJson<{ items: { id: string; name: string }[] }>(await call('GET', '/api/v1/templates', { token: other.tokens.drafter }), 200)
    expect(theirs.items.find((t) => t.id === 'tongbao')?.name).toBe('情况通报')

    // a broken source is refused with the parser's reasons in Chinese; the override stays
    const broken = await web('/admin/templates/tongbao', { cookie: admin.cookie, form: { _csrf: admin.csrf, source: '---\nid: tongbao\n---\n没有章节' } })
    const brokenText = await broken.text()
    expect(broken.status).toBe(400)
    expect(brokenText).toContain('模板格式有误，未保存')
    expect(brokenText).toMatch(/<li>[^<]*[\u4e00-\u9fff][^<]*<\/li>/)
    expect(brokenText).toContain('没有章节</textarea>')
    const after = await expectJson<{ name: string }>(await call('GET', '/api/v1/templates/tongbao', { token: office.tokens.admin }), 200)
    expect(after.name).toBe('本办情况通报')

    // deleting the override brings the builtin back
    const removed = await web('/admin/templates/tongbao/delete', { cookie: admin.cookie, form: { _csrf: admin.csrf } })
    expect((await followRedirect(removed, admin.cookie)).text).toContain('已删除本办公室的模板')
    const back = await expectJson<{ name: string; origin: string }>(await call('GET', '/api/v1/templates/tongbao', { token: office.tokens.admin }), 200)
    expect(back).toMatchObject({ name: '情况通报', origin: 'builtin' })
    const audit = await expectJson<{ items: { action: string }[] }>(await call('GET', '/api/v1/audit?targetId=tongbao', { token: office.tokens.admin }), 200)
    expect(audit.items.map((a) => a.action).sort()).toEqual(['template.delete', 'template.save'])
  })
})

describe('only admins', () => {
  it('refuses the editors to a reviewer, and a form without its CSRF token', async () => {
    const name = unique('网页拒绝')
    await page('/admin/lexicons/new?kind=sensitive', reviewer.cookie, 403)
    await page('/admin/templates/tongbao', reviewer.cookie, 403)
    const res = await web('/admin/lexicons', { cookie: reviewer.cookie, form: { _csrf: reviewer.csrf, kind: 'sensitive', name, rows: '1', 'r0.word': '老板', 'r0.level': 'forbidden' } })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('无权执行此操作')
    const tpl = await web('/admin/templates/tongbao', { cookie: reviewer.cookie, form: { _csrf: reviewer.csrf, source: 'x' } })
    expect(tpl.status).toBe(403)
    const noCsrf = await web('/admin/lexicons', { cookie: admin.cookie, form: { kind: 'sensitive', name, rows: '0' } })
    expect(noCsrf.status).toBe(403)
    expect(await lexiconNamed(name)).toBeUndefined()
  })
})
