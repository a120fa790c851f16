/**
 * 文稿编辑's printed pages in Chromium: a long draft shows a labelled divider where each page ends
 * (between paragraphs and inside one), the count beside the save state agrees with the layout
 * function, grows when text is added and is announced once; the dividers never reach the saved
 * text; axe finds nothing serious.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { layoutPages, type SectionLine } from '../../src/web/client/editor/pagination'
import { apiCall, expectAccessible, readmeShot, signIn, useBrowser, wenfu } from './browser'

const { person } = useBrowser()

const TITLE = '关于开展安全生产隐患排查整治的通知'
const RECIPIENTS = '各镇党委和政府，区直各单位'
const SENTENCE = '各镇（街道）、区直各单位要切实提高政治站位，把安全生产隐患排查整治作为当前一项重要政治任务，主要负责同志亲自部署、亲自督办，确保各项措施落到实处。'
const paragraph = (n: number) => SENTENCE.repeat(n)

interface DraftJson {
  title: string
  version: number
  sections: { id: string; heading: string; text: string; printHeading: boolean }[]
}

/** What the editor counts for a saved draft, from the same pure function (its document is versionText). */
function expectedPages(d: DraftJson): number {
  let text = ''
  const sections = new Map<number, SectionLine>()
  d.sections.forEach((s, i) => {
    if (i > 0) text += '\n\n'
    if (s.heading) sections.set(text.length, s.printHeading ? 'heading' : 'unprinted')
    text += s.heading ? `${s.heading}\n${s.text}` : s.text
  })
  return layoutPages({ lines: text.split('\n'), title: d.title, recipients: RECIPIENTS, sections }).pages
}

const editorText = (page: Page) =>
  page.locator('#editor').evaluate((el) => (el as unknown as { editorView: { state: { doc: { toString(): string } } } }).editorView.state.doc.toString())

/** Scrolls down the sheet until the divider ending `n` is drawn (CodeMirror draws only what is near the view). */
async function findDivider(page: Page, n: number) {
  const divider = page.locator(`#editor .cm-page-end[data-page="${n}"]`)
  if (!(await divider.count())) await page.evaluate(() => window.scrollTo(0, 0))
  for (let y = 0; y < 40 && !(await divider.count()); y++) {
    await page.mouse.wheel(0, 600)
    await page.waitForTimeout(100)
  }
  await divider.scrollIntoViewIfNeeded()
  return divider
}

describe('文稿编辑：分页', () => {
  it('shows where each page ends, counts the pages, and never saves the dividers', async () => {
    const token = wenfu().tokens.drafter
    const draft = await apiCall('POST', '/api/v1/drafts', token, {
      templateId: 'tongzhi',
      title: TITLE,
      variables: { subject: '开展安全生产隐患排查整治', recipients: RECIPIENTS, issuer: '中共示例区委办公室', date: '2026年12月2日' },
      mode: 'assemble',
      materials: { findingIds: [] },
    })
    const sections = [
      { heading: '一、总体要求', text: [paragraph(3), paragraph(4), paragraph(2)].join('\n') },
      { heading: '二、工作措施', text: [paragraph(5), '（一）压实责任。' + paragraph(2), paragraph(3)].join('\n') },
      { heading: '三、有关要求', text: [paragraph(4), paragraph(6)].join('\n') },
    ]
    const put = await fetch(`${wenfu().url}/api/v1/drafts/${draft.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${draft.version}"` },
      body: JSON.stringify({ sections }),
    })
    expect(put.status).toBe(200)
    const saved = await apiCall<DraftJson>('GET', `/api/v1/drafts/${draft.id}`, token)
    const pages = expectedPages(saved)
    expect(pages).toBeGreaterThanOrEqual(4)

    const { page } = await person()
    await signIn(page, token, `/drafts/${draft.id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    await expect.poll(() => page.locator('#page-count').textContent()).toBe(`约 ${pages} 页`)

    // every page's end is drawn and labelled, the last at the end of the text
    const kinds: string[] = []
    for (let n = 1; n <= pages; n++) {
      const divider = await findDivider(page, n)
      await expect.poll(() => divider.textContent()).toBe(`第 ${n} 页 / 共 ${pages} 页`)
      expect(await divider.getAttribute('role')).toBe('separator')
      kinds.push((await divider.getAttribute('class')) ?? '')
    }
    // with paragraphs of several lines, some page ends fall inside a paragraph: drawn at the wrapped line
    expect(kinds.some((k) => k.includes('cm-page-end-inline'))).toBe(true)
    const inline = page.locator('#editor .cm-line .cm-page-end-inline').first()
    expect(await inline.count()).toBe(1)
    await page.evaluate(() => document.querySelector('.cm-page-end-inline')?.scrollIntoView({ block: 'center' }))
    await page.waitForTimeout(200)
    await readmeShot(page, 'editor-pages')
    expect(await editorText(page)).not.toContain('第 1 页')

    await expectAccessible(page, '文稿编辑：分页')

    // a long paste adds pages; the count follows, and is announced once it stands still
    await page.evaluate(() => {
      const said: string[] = ((window as unknown as { said: string[] }).said = [])
      const region = document.getElementById('live-polite')!
      new MutationObserver(() => region.textContent && said.push(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true })
    })
    const added = paragraph(16)
    await page.locator('#editor').evaluate((el, text) => {
      const view = (el as unknown as { editorView: { state: { doc: { length: number } }; dispatch(tr: unknown): void } }).editorView
      view.dispatch({ changes: { from: view.state.doc.length, insert: `\n${text}` } })
    }, added)
    const more = expectedPages({ ...saved, sections: saved.sections.map((s, i) => (i === saved.sections.length - 1 ? { ...s, text: `${s.text}\n${added}` } : s)) })
    expect(more).toBeGreaterThan(pages)
    await expect.poll(() => page.locator('#page-count').textContent()).toBe(`约 ${more} 页`)
    const said = () => page.evaluate(() => (window as unknown as { said: string[] }).said.filter((t) => t.includes('页')))
    await expect.poll(said, { timeout: 10_000 }).toEqual([`全文约 ${more} 页`])

    // saved: the text as written, no divider in it
    await page.locator('#editor .cm-content').focus()
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('#save-state').textContent(), { timeout: 15_000 }).toMatch(/^已保存（第 \d+ 版）/)
    const after = await apiCall<DraftJson>('GET', `/api/v1/drafts/${draft.id}`, token)
    const last = after.sections[after.sections.length - 1]!
    expect(last.text).toBe(`${sections[2]!.text}\n${added}`)
    expect(after.sections.map((s) => s.text).join('\n')).not.toMatch(/第 \d+ 页|共 \d+ 页/)
    expect(after.sections.slice(0, 2).map((s) => s.text)).toEqual([sections[0]!.text, sections[1]!.text])
  })
})
