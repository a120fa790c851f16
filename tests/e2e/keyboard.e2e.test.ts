/**
 * The 工作台 by keyboard and at tablet width, in Chromium: Ctrl+K reaches the search box from inside the
 * editor (where "/" types a slash); the editor's shortcut list says what Tab does and Tab does it; at
 * 820×1180 the checks panel is one action away and its jump brings the span back into view; the cursor
 * beside a citation chip shows the material at the cursor; axe-core at tablet widths.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { apiCall, draftWithSections, expectAccessible, NOTICE_VARS, signIn, useBrowser, wenfu } from './browser'

const { person } = useBrowser()

const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const draftWith = (token: string, sections: { heading: string; text: string }[], findingIds: string[] = []) => draftWithSections(token, sections, { findingIds })

async function openEditor(page: Page, id: string, viewport?: { width: number; height: number }) {
  await signIn(page, wenfu().tokens.drafter, `/drafts/${id}`)
  if (viewport) await page.setViewportSize(viewport)
  await page.waitForSelector('#editor[data-ready="true"]')
}

type View = { state: { doc: { toString(): string }; selection: { main: { head: number; from: number; to: number } }; sliceDoc(a: number, b: number): string }; coordsAtPos(p: number): { top: number; bottom: number } | null }
const editorText = (page: Page) => page.locator('#editor').evaluate((el) => (el as unknown as { editorView: View }).editorView.state.doc.toString())
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '')
const inEditor = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest('.cm-editor')))
/** Whether an element's box lies (at least partly) inside the window. */
const inViewport = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect()
    return r.bottom > 0 && r.top < window.innerHeight
  })

/** Puts the cursor at the end of the line holding `text`. */
async function cursorAfter(page: Page, text: string) {
  await page.locator('#editor .cm-line', { hasText: text }).first().click()
  await page.keyboard.press('End')
}

const LONG = Array.from({ length: 14 }, (_, i) => `第${i + 1}项：各单位要对照清单逐项排查，建立台账，明确责任人和整改时限，做到闭环管理。`).join('\n\n')

describe('keyboard', () => {
  it('Ctrl+K reaches the search box from inside the editor, where "/" types a slash; the footer and the field say so', async () => {
    const id = await draftWith(wenfu().tokens.drafter, [{ heading: '开头', text: '为做好安全生产工作，现就有关事项通知如下：' }])
    const { page } = await person()
    await openEditor(page, id)
    await cursorAfter(page, '现就有关事项通知如下')
    await page.keyboard.press('/')
    expect(await editorText(page)).toContain('通知如下：/')
    expect(await inEditor(page)).toBe(true)
    await page.keyboard.press('Control+k')
    expect(await focusedId(page)).toBe('site-search-q')
    // nothing typed or deleted in the text by the shortcut
    expect(await editorText(page)).toContain('通知如下：/')
    expect(await page.locator('#site-search-q').getAttribute('aria-keyshortcuts')).toContain('Control+K')
    expect(await page.locator('.site-footer').textContent()).toContain('Ctrl+K')
    // from the title field and from another page's text field too
    await page.locator('#draft-title').focus()
    await page.keyboard.press('Control+k')
    expect(await focusedId(page)).toBe('site-search-q')
    await page.goto('/check')
    await page.locator('textarea').first().focus()
    await page.keyboard.press('Control+k')
    expect(await focusedId(page)).toBe('site-search-q')
  })

  it('lists the shortcuts the editor has, and Tab does what the list says: it moves the focus out of the text', async () => {
    const id = await draftWith(wenfu().tokens.drafter, [{ heading: '开头', text: '为做好安全生产工作，现就有关事项通知如下：' }])
    const { page } = await person()
    await openEditor(page, id)
    const list = (await page.locator('.shortcuts').textContent()) ?? ''
    expect(list).toContain('Ctrl+K')
    expect(list).toContain('移到下一个')
    expect(list).not.toContain('缩进；')
    await cursorAfter(page, '现就有关事项通知如下')
    const before = await editorText(page)
    await page.keyboard.press('Tab')
    expect(await inEditor(page)).toBe(false)
    expect(await editorText(page)).toBe(before)
    await page.keyboard.press('Shift+Tab')
    expect(await inEditor(page)).toBe(true)
  })

  it('shows the material at the cursor beside a citation chip, marked when restricted', async () => {
    const token = wenfu().tokens.drafter
    const title = `${stamp()}城东街道安全检查座谈`
    const finding = await apiCall('POST', '/api/v1/findings', token, { title, body: `${title}：企业反映隐患整改台账不全。`, topic: '安全生产', tags: ['安全生产'], source: { kind: '座谈', unit: '城东街道' }, observedOn: '2026-11-12', sensitivity: 'restricted' })
    const id = await draftWith(token, [{ heading: '开头', text: '部分企业隐患整改台账不全[F1]。请各单位抓紧整改。' }], [finding.id])
    const { page } = await person()
    await openEditor(page, id)
    const tip = page.locator('.cm-tooltip.cite-tooltip.cite-at-cursor')
    expect(await tip.count()).toBe(0)
    await page.locator('#editor .cm-line', { hasText: '请各单位抓紧整改' }).click()
    await page.mouse.move(0, 0)
    await page.keyboard.press('Home')
    // to just after the chip: "部分企业隐患整改台账不全" is 12 characters, the chip one atomic step
    for (let i = 0; i < 13; i++) await page.keyboard.press('ArrowRight')
    await tip.waitFor()
    // at the cursor: placed by CodeMirror next to the chip, inside the window
    const chip = await page.locator('#editor .cite-chip[data-marker="F1"]').boundingBox()
    await expect.poll(async () => (await tip.boundingBox())?.y ?? -1).toBeGreaterThan(0)
    const box = (await tip.boundingBox())!
    expect(Math.abs(box.y + box.height - chip!.y)).toBeLessThan(60)
    const text = (await tip.textContent()) ?? ''
    expect(text).toContain(title)
    expect(text).toContain('【敏感】')
    expect(await tip.locator('p.cite-tip-restricted').count()).toBe(1)
    // the live line under the page says the same for screen readers
    expect(await page.locator('#cite-line').textContent()).toContain(title)
    // the cursor moved away from the chip: no tooltip
    await page.keyboard.press('End')
    await expect.poll(() => tip.count()).toBe(0)
    // leaving the editor takes it away too
    await page.keyboard.press('Home')
    for (let i = 0; i < 13; i++) await page.keyboard.press('ArrowRight')
    await tip.waitFor()
    await page.keyboard.press('Tab')
    await expect.poll(() => tip.count()).toBe(0)
  })
})

describe('tablet width', () => {
  for (const viewport of [
    { width: 820, height: 1180 },
    { width: 768, height: 1024 },
  ]) {
    it(`at ${viewport.width}×${viewport.height} the checks panel is one action away and its jump scrolls the span back into view`, async () => {
      const id = await draftWith(wenfu().tokens.drafter, [
        { heading: '开头', text: '为做好安全生产工作，现就有关事项通知如下：' },
        { heading: '一、工作任务', text: `各单位要认真布署排查工作。\n\n${LONG}` },
        { heading: '二、工作要求', text: LONG },
      ])
      const { page } = await person(viewport)
      await openEditor(page, id)
      await page.keyboard.press('F7')
      await page.locator('#checks-list [data-issue^="typos.lexicon"]').waitFor({ timeout: 20_000 })
      expect(await inViewport(page, '#checks-h')).toBe(false)
      await expectAccessible(page, `文稿编辑（${viewport.width}×${viewport.height}）`)
      // the bar of jumps stays at the top while the page scrolls
      const bar = page.getByRole('navigation', { name: '页内跳转' })
      expect(await bar.isVisible()).toBe(true)
      await bar.getByRole('link', { name: '审校' }).click()
      expect(await inViewport(page, '#checks-h')).toBe(true)
      expect(await focusedId(page)).toBe('checks-h')
      // not hidden under the bar
      const [barBox, headBox] = [await page.locator('.editor-jump').boundingBox(), await page.locator('#checks-h').boundingBox()]
      expect(headBox!.y).toBeGreaterThanOrEqual(barBox!.y + barBox!.height)
      expect(await bar.isVisible()).toBe(true)
      expect(await inViewport(page, '.editor-jump')).toBe(true)
      // the next Tab is inside the panel: the first issue's jump
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('#checks-list')))).toBe(true)
      await page.locator('#checks-list [data-issue^="typos.lexicon"] button.jump').click()
      const sel = await page.locator('#editor').evaluate((el) => {
        const v = (el as unknown as { editorView: View }).editorView
        const c = v.coordsAtPos(v.state.selection.main.head)
        return { text: v.state.sliceDoc(v.state.selection.main.from, v.state.selection.main.to), top: c?.top ?? -1, bottom: c?.bottom ?? -1, height: window.innerHeight }
      })
      expect(sel.text).toBe('布署')
      expect(sel.top).toBeGreaterThan(0)
      expect(sel.bottom).toBeLessThan(sel.height)
      expect(await inEditor(page)).toBe(true)
      // and back: 正文 returns to the cursor in the text
      await bar.getByRole('link', { name: '版本' }).click()
      expect(await inViewport(page, '#versions-h')).toBe(true)
      await bar.getByRole('link', { name: '正文' }).click()
      expect(await inEditor(page)).toBe(true)
    })
  }

  it('has the bar of jumps only where the side panels sit below the document', async () => {
    const id = await draftWith(wenfu().tokens.drafter, [{ heading: '开头', text: '为做好安全生产工作，现就有关事项通知如下：' }])
    const { page } = await person()
    await openEditor(page, id)
    expect(await page.locator('.editor-jump').isVisible()).toBe(false)
    expect(await inViewport(page, '#checks-h')).toBe(true)
  })

  it('审校, 新建文稿 and 提纲 have no serious accessibility violation at 768×1024, and the 审校 results are reached by Tab', async () => {
    const token = wenfu().tokens.drafter
    const { page } = await person({ width: 768, height: 1024 })
    await signIn(page, token, '/check')
    await expectAccessible(page, '审校（768×1024）')
    await page.locator('#check-text').fill('各单位要认真布署排查工作。')
    await page.keyboard.press('Control+Enter')
    await page.locator('#checks-panel [data-issue^="typos.lexicon"]').waitFor({ timeout: 20_000 })
    let reached = false
    for (let i = 0; i < 6 && !reached; i++) {
      await page.keyboard.press('Tab')
      reached = await page.evaluate(() => Boolean(document.activeElement?.closest('#checks-panel')))
    }
    expect(reached).toBe(true)
    expect(await inViewport(page, '#checks-panel [data-issue^="typos.lexicon"]')).toBe(true)
    await expectAccessible(page, '审校结果（768×1024）')
    await page.goto('/drafts/new?template=tongzhi')
    await expectAccessible(page, '新建文稿（768×1024）')
    const draft = await apiCall('POST', '/api/v1/drafts', token, { templateId: 'tongzhi', variables: NOTICE_VARS, mode: 'assemble', materials: { findingIds: [] } })
    await apiCall('POST', `/api/v1/drafts/${draft.id}/outline`, token, {})
    await page.goto(`/drafts/${draft.id}/outline`)
    await page.locator('.outline-section').first().waitFor()
    await expectAccessible(page, '提纲（768×1024）')
  })
})
