/**
 * 重新生成本节 in Chromium: one section streamed over SSE (POST /drafts/{id}/sections/{sid}/generate)
 * from the outline page and from the editor. The model is the stand-in of tests/e2e/server.ts, which
 * sends a few characters every STREAM_CHUNK_MS, so the text can be seen arriving before `done`;
 * a heading with CUT_MARK has its first stream cut off (the product restarts the call). Assemble-mode
 * drafts stream too, without the model.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { apiCall, editorText, expectAccessible, signIn, useBrowser, wenfu } from './browser'
import { CUT_MARK, FIGURE_MARK, REJECT_MARK, UNTRACED_FIGURE } from './server'

const { person } = useBrowser()

const SPEECH_VARS = { topic: '优化营商环境', meeting: '全区优化营商环境工作会议', speaker: '区委书记 张某某', minutes: '5' }
const NOTICE_VARS = { subject: '开展安全生产隐患排查整治', recipients: '各镇党委和政府，区直各单位', issuer: '中共示例区委办公室', date: '2026年12月2日' }

interface Section {
  id: string
  heading: string
  kind: 'written' | 'fixed'
  text: string
  status: string
}
interface Draft {
  id: string
  version: number
  sections: Section[]
  outline: { sections: { id: string; heading: string; kind: string }[] }
}

const token = () => wenfu().tokens.drafter
const getDraft = (id: string) => apiCall<Draft>('GET', `/api/v1/drafts/${id}`, token())

/** A draft with its outline proposed (and, if `generate`, every section written by the Workflow). */
async function draftWithOutline(templateId: string, variables: Record<string, string>, mode: 'generate' | 'assemble', opts: { generate?: boolean; title?: string } = {}) {
  const draft = await apiCall<Draft>('POST', '/api/v1/drafts', token(), { templateId, variables, mode, materials: { findingIds: [] }, ...(opts.title ? { title: opts.title } : {}) })
  await apiCall('POST', `/api/v1/drafts/${draft.id}/outline`, token())
  if (opts.generate) {
    const { jobId } = await apiCall<{ jobId: string }>('POST', `/api/v1/drafts/${draft.id}/generate`, token(), {})
    await expect.poll(async () => (await apiCall<{ status: string }>('GET', `/api/v1/jobs/${jobId}`, token())).status, { timeout: 60_000, interval: 500 }).toBe('done')
  }
  return getDraft(draft.id)
}

/** Waits until `preview` shows streamed text while the stream is still running; returns that text. */
async function partialText(page: Page, preview: string): Promise<string> {
  const handle = await page.waitForFunction(
    (sel) => {
      const el = document.querySelector<HTMLElement>(sel)
      return el && el.dataset.state === 'streaming' && (el.textContent ?? '').length > 0 ? el.textContent : null
    },
    preview,
    { timeout: 20_000 },
  )
  return (await handle.jsonValue()) as string
}

const stateOf = (page: Page, preview: string) => page.locator(preview).getAttribute('data-state')

/** The first text line of a section the stand-in wrote (it opens with “围绕“<heading>”…”). */
const bodyLine = (page: Page, heading: string) => page.locator('#editor .cm-line', { hasText: `围绕“${heading}”` }).first()

describe('提纲页：重新生成本节', () => {
  it('streams one section (text visible before done, final text after), restarts after a cut stream, and stops', { timeout: 150_000 }, async () => {
    const draft = await draftWithOutline('jianghua', SPEECH_VARS, 'generate', { title: '在全区优化营商环境工作会议上的讲话' })
    // a section whose first stream the stand-in cuts off midway, and one it gives a figure no material holds
    const mark = (i: number) => (i === 2 ? CUT_MARK : i === 4 ? FIGURE_MARK : i === 5 ? REJECT_MARK : '')
    const outline = draft.outline.sections.map((s, i) => ({ id: s.id, heading: `${s.heading}${mark(i)}`, points: [], findingIds: [], precedentIds: [] }))
    await apiCall('PUT', `/api/v1/drafts/${draft.id}/outline`, token(), { sections: outline })
    const { page } = await person()
    await signIn(page, token(), `/drafts/${draft.id}/outline`)
    await page.locator('.regen-item').first().waitFor()
    const written = draft.outline.sections.filter((s) => s.kind === 'written')
    const fixed = draft.outline.sections.filter((s) => s.kind === 'fixed')
    expect(fixed.length).toBeGreaterThan(0)
    // one entry per written section; the fixed ones (称谓) have none
    expect(await page.locator('.regen-item').count()).toBe(written.length)
    for (const f of fixed) expect(await page.locator(`.regen-item[data-section-id="${f.id}"]`).count()).toBe(0)

    // the whole draft first (the Workflow, with the model), then one section again on its own
    await page.getByRole('button', { name: '保存提纲并生成正文' }).click()
    await expect.poll(() => page.locator('#progress-summary').textContent(), { timeout: 60_000 }).toContain('已生成完毕')
    const target = written[0]!
    const item = `.regen-item[data-section-id="${target.id}"]`
    const preview = `${item} .regen-preview`
    const before = await getDraft(draft.id)
    await page.getByRole('button', { name: `重新生成本节“${target.heading}”` }).click()
    const partial = await partialText(page, preview)
    // while it streams, the page's other writes wait
    expect(await page.getByRole('button', { name: '保存提纲并生成正文' }).isDisabled()).toBe(true)
    await expect.poll(() => stateOf(page, preview), { timeout: 30_000 }).toBe('done')
    const final = (await page.locator(preview).textContent()) ?? ''
    expect(partial.length).toBeLessThan(final.length)
    expect(final.startsWith(partial)).toBe(true)
    const after = await getDraft(draft.id)
    // a new version (and one more when it completes the draft's generation)
    expect(after.version).toBeGreaterThan(before.version)
    expect(after.sections.find((s) => s.id === target.id)!.text).toBe(final)
    expect(await page.locator(`${item} .regen-status`).textContent()).toContain('已重新生成')
    // no materials: the stand-in writes a 【待补】 sentence; nothing to flag, and the page says so
    expect(await page.locator(`${item} .regen-flags li`).count()).toBe(0)
    await expectAccessible(page, '提纲页（重新生成后）')

    // a cut stream: the product restarts the call, the page clears what it showed and says why
    const cutSection = after.outline.sections[2]!
    expect(cutSection.heading).toContain(CUT_MARK)
    const cutItem = `.regen-item[data-section-id="${cutSection.id}"]`
    await page.getByRole('button', { name: `重新生成本节“${cutSection.heading}”` }).click()
    await expect.poll(() => page.locator(`${cutItem} .regen-status`).textContent(), { timeout: 30_000 }).toContain('模型连接中断')
    await expect.poll(() => stateOf(page, `${cutItem} .regen-preview`), { timeout: 30_000 }).toBe('done')
    const cutFinal = (await page.locator(`${cutItem} .regen-preview`).textContent()) ?? ''
    expect((await getDraft(draft.id)).sections.find((s) => s.id === cutSection.id)!.text).toBe(cutFinal)

    // a figure no material holds: flagged in Chinese under the final text
    const figured = after.outline.sections[4]!
    expect(figured.heading).toContain(FIGURE_MARK)
    const figuredItem = `.regen-item[data-section-id="${figured.id}"]`
    await page.getByRole('button', { name: `重新生成本节“${figured.heading}”` }).click()
    await expect.poll(() => stateOf(page, `${figuredItem} .regen-preview`), { timeout: 30_000 }).toBe('done')
    expect(await page.locator(`${figuredItem} .regen-status`).textContent()).toContain('有 1 处需要核实')
    expect(await page.locator(`${figuredItem} .regen-flags li`).allTextContents()).toEqual([`“${UNTRACED_FIGURE}”在本节的调研材料中找不到出处，请核实并补充来源`])

    // the model refuses: the stream's error event, in Chinese, in the page's error box; the section keeps its text
    const rejected = after.outline.sections[5]!
    expect(rejected.heading).toContain(REJECT_MARK)
    const rejectedItem = `.regen-item[data-section-id="${rejected.id}"]`
    const beforeReject = await getDraft(draft.id)
    await page.getByRole('button', { name: `重新生成本节“${rejected.heading}”` }).click()
    await expect.poll(() => stateOf(page, `${rejectedItem} .regen-preview`), { timeout: 30_000 }).toBe('failed')
    expect(await page.locator('#form-error').textContent()).toContain('模型服务拒绝了请求')
    expect(await page.locator('#form-error').getAttribute('role')).toBe('alert')
    const afterReject = await getDraft(draft.id)
    expect(afterReject.version).toBe(beforeReject.version)
    expect(afterReject.sections.find((s) => s.id === rejected.id)!.text).toBe(beforeReject.sections.find((s) => s.id === rejected.id)!.text)

    // a refusal before the stream (the section left the outline meanwhile): the server's message, nothing sent
    const gone = afterReject.outline.sections.find((s) => s.id === target.id)!
    const kept3 = afterReject.outline.sections.filter((s) => s.id !== gone.id).map((s) => ({ id: s.id, heading: s.heading, points: [], findingIds: [], precedentIds: [] }))
    await apiCall('PUT', `/api/v1/drafts/${draft.id}/outline`, token(), { sections: kept3 })
    await page.getByRole('button', { name: `重新生成本节“${gone.heading}”` }).click()
    await expect.poll(() => page.locator('#form-error').textContent()).toContain('章节不存在')

    // 停止: the stream ends, the section keeps its text and no version is made
    const other = written[2]!
    const otherItem = `.regen-item[data-section-id="${other.id}"]`
    const kept = await getDraft(draft.id)
    await page.getByRole('button', { name: `重新生成本节“${other.heading}”` }).click()
    await partialText(page, `${otherItem} .regen-preview`)
    await page.getByRole('button', { name: `停止生成“${other.heading}”` }).click()
    await expect.poll(() => stateOf(page, `${otherItem} .regen-preview`)).toBe('stopped')
    expect(await page.locator(`${otherItem} .regen-status`).textContent()).toContain('已停止')
    // focus returns to the section's button
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('重新生成本节')
    await new Promise((r) => setTimeout(r, 1500))
    const stopped = await getDraft(draft.id)
    expect(stopped.version).toBe(kept.version)
    expect(stopped.sections.find((s) => s.id === other.id)!.text).toBe(kept.sections.find((s) => s.id === other.id)!.text)
    expect(await page.getByRole('button', { name: '保存提纲并生成正文' }).isDisabled()).toBe(false)
  })
})

describe('文稿编辑：重新生成本节', () => {
  it('refuses with unsaved edits, streams the section under the cursor into the document, and the next save has no conflict', { timeout: 120_000 }, async () => {
    const draft = await draftWithOutline('jianghua', SPEECH_VARS, 'generate', { generate: true, title: '在全区优化营商环境工作会议上的讲话（编辑）' })
    const target = draft.sections.find((s) => s.kind === 'written' && s.heading.startsWith('一、'))!
    const fixed = draft.sections.find((s) => s.kind === 'fixed')!
    const { page } = await person()
    await signIn(page, token(), `/drafts/${draft.id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    expect(await page.locator('.shortcuts').textContent()).toContain('Ctrl+Alt+G')

    // a fixed section (称谓) cannot be regenerated: the panel says so
    await page.locator('#editor .cm-line', { hasText: fixed.text.slice(0, 4) }).first().click()
    await expect.poll(() => page.locator('#regen-target').textContent()).toContain('固定内容')

    // unsaved edits: refused, nothing sent, and the person is told to save first
    await bodyLine(page, target.heading).click()
    await expect.poll(() => page.locator('#regen-target').textContent()).toContain(target.heading)
    await page.keyboard.press('End')
    await page.keyboard.type('（补一句）')
    await page.getByRole('button', { name: '重新生成本节' }).click()
    await expect.poll(() => page.locator('#editor-error').textContent()).toContain('请先保存')
    expect((await getDraft(draft.id)).version).toBe(draft.version)
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('#save-state').textContent()).toContain('已保存')
    const saved = await getDraft(draft.id)

    // the section under the cursor, streamed into the preview, then into the document
    await page.locator('#editor .cm-line', { hasText: target.heading }).first().click()
    await page.getByRole('button', { name: '重新生成本节' }).click()
    const preview = '#regen-host .regen-preview'
    const partial = await partialText(page, preview)
    // the document is read-only meanwhile
    expect(await page.locator('#editor .cm-content').getAttribute('aria-readonly')).toBe('true')
    await expect.poll(() => stateOf(page, preview), { timeout: 30_000 }).toBe('done')
    const after = await getDraft(draft.id)
    expect(after.version).toBeGreaterThan(saved.version)
    const final = after.sections.find((s) => s.id === target.id)!.text
    expect(final.startsWith(partial)).toBe(true)
    expect(partial.length).toBeLessThan(final.length)
    expect(await page.locator(preview).textContent()).toBe(final)
    await expect.poll(() => editorText(page)).toContain(`${target.heading}\n${final}`)
    expect(await editorText(page)).not.toContain('（补一句）')
    await expect.poll(() => page.locator('#save-state').textContent()).toContain(`第 ${after.version} 版`)
    expect(await page.locator('#draft-version').textContent()).toBe(String(after.version))
    expect(await page.locator('#editor .cm-content').getAttribute('aria-readonly')).not.toBe('true')
    // nothing is kept as unsaved
    expect(await page.evaluate((id) => localStorage.getItem(`wenfu:draft-edit:${id}`), draft.id)).toBeNull()
    await expectAccessible(page, '文稿编辑（重新生成后）')

    // the next save names the new version: saved, no conflict
    await bodyLine(page, target.heading).click()
    await page.keyboard.press('End')
    await page.keyboard.type('再改一句。')
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('#save-state').textContent()).toContain(`第 ${after.version + 1} 版`)
    expect(await page.locator('#conflict').isHidden()).toBe(true)
    // (End ends the wrapped line on screen, so the sentence may land inside the line)
    expect((await getDraft(draft.id)).sections.find((s) => s.id === target.id)!.text.replace('再改一句。', '')).toBe(final)
  })

  it('stops a stream started with Ctrl+Alt+G: the document and the version stay as they were', { timeout: 120_000 }, async () => {
    const draft = await draftWithOutline('jianghua', SPEECH_VARS, 'generate', { generate: true, title: '在全区优化营商环境工作会议上的讲话（停止）' })
    const target = draft.sections.find((s) => s.kind === 'written' && s.heading.startsWith('二、'))!
    const { page } = await person()
    await signIn(page, token(), `/drafts/${draft.id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    const before = await editorText(page)
    const stop = page.locator('#regen-host .regen-stop')
    // 停止 is there only while a stream runs
    expect(await stop.isVisible()).toBe(false)
    await bodyLine(page, target.heading).click()
    await page.keyboard.press('Control+Alt+g')
    await partialText(page, '#regen-host .regen-preview')
    expect(await stop.isVisible()).toBe(true)
    await page.getByRole('button', { name: `停止生成“${target.heading}”` }).click()
    await expect.poll(() => stateOf(page, '#regen-host .regen-preview')).toBe('stopped')
    expect(await page.locator('#regen-host .regen-status').textContent()).toContain('本节保持原样')
    expect(await stop.isVisible()).toBe(false)
    await new Promise((r) => setTimeout(r, 1500))
    expect(await editorText(page)).toBe(before)
    expect((await getDraft(draft.id)).version).toBe(draft.version)
    expect(await page.locator('#save-state').textContent()).toContain('已保存')
    // the editor is editable again and a save goes through
    await bodyLine(page, target.heading).click()
    await page.keyboard.press('End')
    await page.keyboard.type('（停止后修改）')
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('#save-state').textContent()).toContain(`第 ${draft.version + 1} 版`)
  })

  it('regenerates in assemble mode without the model: done arrives and the document takes the assembled text', async () => {
    const draft = await draftWithOutline('tongzhi', NOTICE_VARS, 'assemble', { title: '关于开展安全生产隐患排查整治的通知' })
    const target = draft.sections.find((s) => s.kind === 'written' && s.heading.startsWith('一、'))!
    const { page } = await person()
    await signIn(page, token(), `/drafts/${draft.id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    await page.locator('#editor .cm-line', { hasText: target.heading }).first().click()
    await page.getByRole('button', { name: '重新生成本节' }).click()
    await expect.poll(() => stateOf(page, '#regen-host .regen-preview'), { timeout: 30_000 }).toBe('done')
    const after = await getDraft(draft.id)
    const text = after.sections.find((s) => s.id === target.id)!.text
    expect(text.length).toBeGreaterThan(0)
    expect(text).not.toBe(target.text)
    await expect.poll(() => editorText(page)).toContain(`${target.heading}\n${text}`)
    await expect.poll(() => page.locator('#save-state').textContent()).toContain(`第 ${after.version} 版`)
    await page.locator('#editor .cm-line', { hasText: target.heading }).first().click()
    await page.keyboard.press('End')
    await page.keyboard.type('（拼装后补充）')
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('#save-state').textContent()).toContain(`第 ${after.version + 1} 版`)
    expect(await page.locator('#conflict').isHidden()).toBe(true)
  })
})
