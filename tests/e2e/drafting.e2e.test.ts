/**
 * The drafting flow in Chromium: a 要素 edited in the editor and saved with the text (a wrong date
 * refused in Chinese, the unsaved part named, a reload's kept edit offered for saving), the 退回
 * note a reviewer writes in another context reaching the drafter, an outline whose materials are
 * added and moved without duplicates, and axe on 全部文稿.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { apiCall, expectAccessible, signIn, useBrowser, wenfu } from './browser'

const { person } = useBrowser()

const VARS = { subject: '开展冬季安全生产大检查', recipients: '各镇党委和政府', issuer: '中共示例区委办公室', date: '2026年12月2日' }
const stamp = () => Date.now().toString(36)

async function draftWithText(token: string, title: string, extra: Record<string, unknown> = {}) {
  const draft = await apiCall('POST', '/api/v1/drafts', token, { templateId: 'tongzhi', title, variables: VARS, mode: 'assemble', materials: { findingIds: [] }, ...extra })
  const res = await fetch(`${wenfu().url}/api/v1/drafts/${draft.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${draft.version}"` },
    body: JSON.stringify({ sections: [{ heading: '开头', text: '为做好冬季安全生产工作，现就有关事项通知如下：' }, { heading: '一、检查内容', text: '各单位要全面排查隐患，建立台账，逐项整改。' }] }),
  })
  if (!res.ok) throw new Error(`save: ${res.status} ${await res.text()}`)
  return draft.id as string
}

async function openEditor(page: Page, token: string, id: string) {
  await signIn(page, token, `/drafts/${id}`)
  await page.waitForSelector('#editor[data-ready="true"]')
}

const state = (page: Page) => page.locator('#save-state').textContent()

describe('要素 in the editor', () => {
  it('edits 主送机关 and 成文日期, refuses an impossible date in Chinese, saves them with the text and exports them', async () => {
    const id = await draftWithText(wenfu().tokens.drafter, `关于${stamp()}检查的通知`)
    const { page } = await person()
    await openEditor(page, wenfu().tokens.drafter, id)
    expect(await page.locator('label[for="el-recipients"] .locked-badge').textContent()).toBe('人工填写')
    expect(await page.getByLabel(/主送机关/).inputValue()).toBe(VARS.recipients)

    await page.getByLabel(/主送机关/).fill('各街道党工委和办事处，区直各单位')
    // the printed page follows the field
    expect(await page.locator('#paper-recipients').textContent()).toBe('各街道党工委和办事处，区直各单位：')
    await expect.poll(() => state(page)).toContain('要素（主送机关）')
    await page.getByLabel(/成文日期/).fill('2026年2月30日')
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('#elements-error').textContent()).toContain('成文日期“2026年2月30日”不是有效的日期')
    expect(await page.getByLabel(/成文日期/).getAttribute('aria-invalid')).toBe('true')
    expect(await state(page)).toContain('要素有误')
    expect((await apiCall('GET', `/api/v1/drafts/${id}`, wenfu().tokens.drafter)).variables.date).toBe(VARS.date)

    await page.getByLabel(/成文日期/).fill('2026年12月8日')
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await expect.poll(() => state(page)).toContain('已保存')
    expect(await page.locator('#elements-error').isHidden()).toBe(true)
    const saved = await apiCall('GET', `/api/v1/drafts/${id}`, wenfu().tokens.drafter)
    expect(saved.variables).toMatchObject({ recipients: '各街道党工委和办事处，区直各单位', date: '2026年12月8日', issuer: VARS.issuer })
    expect(saved.sections.map((s: { text: string }) => s.text).join('')).toContain('逐项整改。')
    const md = await (await fetch(`${wenfu().url}/api/v1/drafts/${id}/export?format=md&allowPlaceholders=true`, { headers: { authorization: `Bearer ${wenfu().tokens.drafter}` } })).text()
    expect(md).toContain('各街道党工委和办事处，区直各单位：')
    expect(md).toContain('2026年12月8日')
  })

  it('names what is unsaved, keeps a 要素 over a reload and offers to save it', async () => {
    const id = await draftWithText(wenfu().tokens.drafter, `关于${stamp()}整改的通知`)
    const { page } = await person()
    await openEditor(page, wenfu().tokens.drafter, id)
    await page.getByLabel(/抄送机关/).fill('区纪委监委')
    const line = page.locator('#editor .cm-line', { hasText: '逐项整改。' }).first()
    await line.click()
    await page.keyboard.press('End')
    await page.keyboard.type('限期销号。')
    await expect.poll(() => state(page)).toContain('本机')
    const text = await state(page)
    expect(text).toContain('正文“一、检查内容”')
    expect(text).toContain('要素（抄送机关）')
    await page.reload()
    await page.waitForSelector('#editor[data-ready="true"]')
    expect(await page.getByLabel(/抄送机关/).inputValue()).toBe('区纪委监委')
    expect(await state(page)).toContain('已恢复上次未保存的修改')
    expect(await state(page)).toContain('尚未保存')
    await page.getByRole('button', { name: '保存恢复的修改' }).click()
    await expect.poll(() => state(page)).toContain('已保存')
    const saved = await apiCall('GET', `/api/v1/drafts/${id}`, wenfu().tokens.drafter)
    expect(saved.variables.cc).toBe('区纪委监委')
    expect(saved.sections.map((s: { text: string }) => s.text).join('')).toContain('限期销号。')
  })
})

describe('要素 in a conflicting save', () => {
  it('takes the other person’s 要素 that one left alone, keeps one’s own, and saves both after the merge', async () => {
    const id = await draftWithText(wenfu().tokens.drafter, `关于${stamp()}冲突的通知`)
    const mine = await person()
    const theirs = await person()
    await openEditor(mine.page, wenfu().tokens.drafter, id)
    await openEditor(theirs.page, wenfu().tokens.drafter, id)
    await theirs.page.getByLabel(/主送机关/).fill('各街道党工委和办事处')
    await theirs.page.keyboard.press('Control+s')
    await expect.poll(() => state(theirs.page)).toContain('已保存')

    await mine.page.getByLabel(/成文日期/).fill('2026年12月9日')
    await mine.page.keyboard.press('Control+s')
    await mine.page.locator('#conflict').waitFor({ state: 'visible' })
    expect(await mine.page.locator('#conflict-elements').textContent()).toContain('已采用他人的填写：主送机关')
    expect(await mine.page.getByLabel(/主送机关/).inputValue()).toBe('各街道党工委和办事处')
    expect(await mine.page.getByLabel(/成文日期/).inputValue()).toBe('2026年12月9日')
    await mine.page.getByRole('button', { name: '合并后保存' }).click()
    await expect.poll(() => state(mine.page)).toContain('已保存')
    const saved = await apiCall('GET', `/api/v1/drafts/${id}`, wenfu().tokens.drafter)
    expect(saved.variables).toMatchObject({ recipients: '各街道党工委和办事处', date: '2026年12月9日' })
  })
})

describe('退回', () => {
  it('shows the reviewer’s note to the drafter at the top of the editor, in the 流转记录 and on home', async () => {
    const title = `关于${stamp()}退回测试的通知`
    const id = await draftWithText(wenfu().tokens.drafter, title)
    const drafter = await person()
    await openEditor(drafter.page, wenfu().tokens.drafter, id)
    await drafter.page.getByRole('button', { name: '提交审核' }).click()
    await expect.poll(() => drafter.page.locator('#draft-status').textContent(), { timeout: 15_000 }).toBe('审核中')

    const reviewer = await person()
    await openEditor(reviewer.page, wenfu().tokens.reviewer, id)
    await reviewer.page.getByRole('button', { name: '退回修改', exact: true }).click()
    await reviewer.page.getByLabel('退回修改的理由（必填）').fill('检查内容过于笼统，请分行业列明重点。')
    await reviewer.page.getByRole('button', { name: '确认退回修改' }).click()
    await expect.poll(() => reviewer.page.locator('#draft-status').textContent(), { timeout: 15_000 }).toBe('已退回')

    await drafter.page.reload()
    await drafter.page.waitForSelector('#editor[data-ready="true"]')
    const banner = drafter.page.locator('#return-banner')
    expect(await banner.getByRole('heading').textContent()).toBe('文稿已被退回修改')
    expect(await banner.locator('blockquote').textContent()).toBe('检查内容过于笼统，请分行业列明重点。')
    expect(await banner.textContent()).toMatch(/审核人.*\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/)
    const record = await drafter.page.locator('.flow-history li').allTextContents()
    expect(record[0]).toContain('退回修改')
    expect(record[0]).toContain('检查内容过于笼统')
    expect(record[1]).toContain('提交审核')
    await expectAccessible(drafter.page, '文稿编辑（已退回）')

    await drafter.page.goto('/')
    const mine = drafter.page.locator('section[aria-labelledby="mine-title"] li', { hasText: title })
    expect(await mine.locator('.return-note').textContent()).toBe('已退回：检查内容过于笼统，请分行业列明重点。')
  })
})

describe('提纲', () => {
  it('adds an unplaced precedent to a section and moves a finding to a section that has it, without duplicates', async () => {
    const token = wenfu().tokens.drafter
    const s = stamp()
    const finding = (title: string) =>
      apiCall('POST', '/api/v1/findings', token, { title, body: `${title}：企业反映隐患整改台账不全。`, topic: '安全生产', tags: ['安全生产'], source: { kind: '座谈', unit: '城东街道' }, observedOn: '2026-11-12', sensitivity: 'public' })
    const f1 = await finding(`${s}城东街道安全检查座谈`)
    const f2 = await finding(`${s}城西街道安全检查座谈`)
    const p = await apiCall('POST', '/api/v1/precedents', token, { genre: '通知', title: `${s}关于开展安全生产检查的通知`, issuer: '示例区委办公室', date: '2025-11-05', body: '各镇党委和政府：\n\n为做好安全生产工作，现就有关事项通知如下。\n\n## 一、检查范围\n\n全区各类企业。', tags: ['安全生产'], sensitivity: 'public' })
    const draft = await apiCall('POST', '/api/v1/drafts', token, { templateId: 'tongzhi', variables: { ...VARS, subject: `${s}安全检查` }, mode: 'assemble', materials: { findingIds: [f1.id, f2.id], precedentIds: [p.id] } })
    const outline = await apiCall('POST', `/api/v1/drafts/${draft.id}/outline`, token, {})
    type Sec = { kind: string; heading: string; findingIds: string[]; precedentIds: string[] }
    const sections: Sec[] = outline.sections
    const a = sections.findIndex((x) => x.kind === 'written' && x.findingIds.includes(f1.id))
    const b = sections.findIndex((x, i) => x.kind === 'written' && i !== a)
    expect(a).toBeGreaterThanOrEqual(0)
    expect(b).toBeGreaterThanOrEqual(0)

    const { page } = await person()
    await signIn(page, token, `/drafts/${draft.id}/outline`)
    await page.locator('.outline-section').first().waitFor()
    const section = (i: number) => page.locator(`.outline-section[data-section="${i}"]`)
    const has = (i: number, id: string) => section(i).locator(`select[data-material="${id}"]`).count()
    // the precedent taken out of every section is placed nowhere, and can still be added to one
    while (await page.locator(`select[data-material="${p.id}"]`).count()) await page.locator(`select[data-material="${p.id}"]`).first().selectOption('none')
    await page.getByLabel(`给第 ${b + 1} 节添加材料`).selectOption(p.id)
    expect(await has(b, p.id)).toBe(1)
    // the finding in both sections: moving it from a into b leaves it in b once
    if (!(await has(b, f1.id))) await page.getByLabel(`给第 ${b + 1} 节添加材料`).selectOption(f1.id)
    expect(await has(a, f1.id)).toBe(1)
    expect(await has(b, f1.id)).toBe(1)
    await section(a).locator(`select[data-material="${f1.id}"]`).selectOption({ label: `第 ${b + 1} 节 ${sections[b]!.heading}` })
    expect(await has(a, f1.id)).toBe(0)
    expect(await has(b, f1.id)).toBe(1)
    await expect.poll(() => page.locator('#live-polite').textContent()).toContain('没有重复添加')
    // a section's add list offers only what it has not got
    expect(await page.getByLabel(`给第 ${b + 1} 节添加材料`).locator(`option[value="${f1.id}"]`).count()).toBe(0)
    await page.getByRole('button', { name: '保存提纲', exact: true }).click()
    await expect.poll(() => page.locator('#live-polite').textContent()).toContain('提纲已保存')
    const saved = (await apiCall('GET', `/api/v1/drafts/${draft.id}`, token)).outline.sections
    expect(saved[b].precedentIds).toEqual([p.id])
    expect(saved.filter((x: Sec) => x.precedentIds.includes(p.id))).toHaveLength(1)
    expect(saved[a].findingIds).not.toContain(f1.id)
    expect(saved[b].findingIds.filter((x: string) => x === f1.id)).toHaveLength(1)
  })
})

describe('全部文稿', () => {
  it('filters without script, links each draft to its editor, and has no serious accessibility violation', async () => {
    const title = `关于${stamp()}列表测试的通知`
    const id = await draftWithText(wenfu().tokens.drafter, title)
    const { page } = await person()
    await signIn(page, wenfu().tokens.reviewer, '/')
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '全部文稿' }).click()
    await page.waitForURL((u) => u.pathname === '/drafts')
    await expectAccessible(page, '全部文稿')
    await page.getByLabel('标题包含').fill(title.slice(2, 12))
    await page.getByLabel('文种').selectOption('通知')
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL((u) => u.searchParams.get('genre') === '通知')
    const rows = page.locator('table.drafts-table tbody tr')
    expect(await rows.count()).toBe(1)
    expect(await rows.first().getAttribute('data-draft')).toBe(id)
    await expectAccessible(page, '全部文稿（筛选后）')
    await rows.first().getByRole('link', { name: title }).click()
    await page.waitForURL((u) => u.pathname === `/drafts/${id}`)
  })
})
