/** Defects the 工作台 audit found that only a browser shows (issue #15). */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { apiCall, signIn, useBrowser, wenfu } from './browser'

const { person } = useBrowser()

describe('the hidden attribute', () => {
  it('hides what a page hides, even where a stylesheet sets display (审校: 应用全部确定修改 before a check)', async () => {
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter, '/check')
    const fixAll = page.locator('#check-fix-all')
    expect(await fixAll.getAttribute('hidden')).not.toBeNull()
    expect(await fixAll.isVisible()).toBe(false)
  })
})

describe('the header', () => {
  it('names the demo member once with the role once: 王文（起草人）', async () => {
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter)
    const member = (await page.locator('.member').innerText()).replace(/\s+/g, '')
    expect(member).toContain('王文（起草人）')
    expect(member.split('起草人').length - 1).toBe(1)
  })
})

/** Text and labels a person meets in an element: its text, placeholders, aria-labels and titles. */
const wordsIn = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const out = [(el as HTMLElement).innerText]
    for (const n of el.querySelectorAll('*')) for (const a of ['placeholder', 'aria-label', 'title']) if (n.getAttribute(a)) out.push(n.getAttribute(a)!)
    for (const a of ['aria-label', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a)!)
    return out.join(' ')
  })

const NOTICE = { templateId: 'tongzhi', variables: { subject: '开展安全生产隐患排查整治', recipients: '各镇党委和政府', issuer: '中共示例区委办公室', date: '2026年12月2日' }, mode: 'assemble', materials: { findingIds: [] } }

/** A draft made through the API; with `sections`, saved with that text. */
async function draft(token: string, sections?: { heading: string; text: string }[]): Promise<{ id: string }> {
  const d = await apiCall('POST', '/api/v1/drafts', token, NOTICE)
  if (!sections) return d
  const res = await fetch(`${wenfu().url}/api/v1/drafts/${d.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${d.version}"` },
    body: JSON.stringify({ sections }),
  })
  if (!res.ok) throw new Error(`save: ${res.status} ${await res.text()}`)
  return d
}

describe('the editor speaks Chinese', () => {
  it('labels the search panel (Ctrl+F) and the checks list (Ctrl+Shift+M) of CodeMirror in Chinese', async () => {
    const token = wenfu().tokens.drafter
    const draft0 = await draft(token)
    const { page } = await person()
    await signIn(page, token, `/drafts/${draft0.id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    await page.locator('#editor .cm-content').click()
    await page.keyboard.press('Control+f')
    await page.locator('#editor .cm-search').waitFor()
    const search = await wordsIn(page, '#editor .cm-search')
    for (const zh of ['查找', '替换', '下一个', '上一个', '区分大小写', '正则表达式', '整词匹配', '全部替换', '关闭']) expect(search).toContain(zh)
    expect(search).not.toMatch(/[A-Za-z]{2,}/)
    // The checks list of @codemirror/lint (Ctrl+Shift+M)
    await page.keyboard.press('Escape')
    await page.keyboard.press('Control+Shift+KeyM')
    await page.locator('#editor .cm-panel-lint').waitFor({ timeout: 5000 })
    const lint = await wordsIn(page, '#editor .cm-panel-lint')
    expect(lint).toContain('检查结果')
    expect(lint).not.toMatch(/[A-Za-z]{2,}/)
  })
})

describe('citation chips', () => {
  it("shows a 督查通报's record markers [D1] and [R1、R2等] as chips that say what they are", async () => {
    const token = wenfu().tokens.drafter
    const d = await draft(token, [{ heading: '一、总体情况', text: '区财政局按期完成项目清单[D1]，区住建局反馈进展[R1、R2等]。' }])
    const { page } = await person()
    await signIn(page, token, `/drafts/${d.id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    for (const [marker, words] of [['D1', '督办事项记录'], ['R1', '督办反馈记录'], ['R2', '督办反馈记录']] as const) {
      const chip = page.locator(`#editor .cite-chip[data-marker="${marker}"]`)
      await chip.waitFor()
      expect(await chip.getAttribute('aria-label')).toContain(words)
      expect(await chip.getAttribute('class')).not.toContain('cite-missing')
    }
    expect(await page.locator('#editor .cm-content').innerText()).not.toMatch(/\[D1\]|\[R1/)
  })
})
