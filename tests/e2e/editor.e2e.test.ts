/**
 * 新建文稿 and 文稿编辑 in Chromium: a draft from a template in assemble mode, its outline edited and
 * generated with progress; edit and save; a conflicting save from a second person shows both
 * versions; a reload keeps unsaved text; checks with a fix; submit, approve, sign; export; XSS
 * payloads inert; axe on each page; the README's screenshots.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { apiCall, draftWithSections, editorText, expectAccessible, readmeShot, signIn, useBrowser, wenfu } from './browser'

const { person } = useBrowser()

/** A payload that, rendered as markup or run as script, sets a global or calls alert. */
const XSS = `<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script>"'><svg onload=window.__xss=3>`

const NOTICE_VARS = { subject: '开展安全生产隐患排查整治', recipients: '各镇党委和政府，区直各单位', issuer: '中共示例区委办公室', date: '2026年12月2日' }

async function watchDialogs(page: Page) {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  return dialogs
}

async function openEditor(page: Page, id: string) {
  await page.goto(`/drafts/${id}`)
  await page.waitForSelector('#editor[data-ready="true"]')
}

/** Types at the end of the section whose heading line is `heading`. */
async function typeAfter(page: Page, lineText: string, text: string) {
  const line = page.locator('#editor .cm-line', { hasText: lineText }).first()
  await line.click()
  await page.keyboard.press('End')
  await page.keyboard.type(text)
}

/** A draft made through the API with text of our own, saved as a version. */
const draftWithText = (token: string, sections: { heading: string; text: string }[], title?: string) => draftWithSections(token, sections, { title })

describe('新建文稿', () => {
  it('creates a notice from a template in assemble mode, edits the outline, generates with progress and opens the editor', async () => {
    const { page } = await person()
    const dialogs = await watchDialogs(page)
    await signIn(page, wenfu().tokens.drafter, '/drafts/new')
    expect(await page.getByRole('heading', { level: 2, name: '通知' }).count()).toBe(1)
    await expectAccessible(page, '新建文稿：选择模板')
    await page.locator('a[data-template="tongzhi"]').click()
    await page.waitForURL((u) => u.searchParams.get('template') === 'tongzhi')
    // locked fields are marked as people's
    expect(await page.locator('label[for="var-docNumber"] .locked-badge').textContent()).toContain('人工填写')
    await page.getByLabel(/事由/).fill(`开展安全生产隐患排查整治${XSS}`)
    await page.locator('#var-recipients').fill(NOTICE_VARS.recipients)
    await page.locator('#var-issuer').fill(NOTICE_VARS.issuer)
    await page.locator('#var-date').fill(NOTICE_VARS.date)
    await page.getByLabel('检索词').fill('安全生产 隐患 排查')
    await page.getByRole('radio', { name: /^拼装/ }).check()
    await expectAccessible(page, '新建文稿：填写要素')
    await page.getByRole('button', { name: '新建文稿并生成提纲' }).click()
    await page.waitForURL((u) => u.pathname.endsWith('/outline'), { timeout: 30_000 })
    const sections = page.locator('.outline-section')
    await sections.first().waitFor()
    const before = await sections.count()
    expect(before).toBeGreaterThan(1)
    await expectAccessible(page, '提纲')
    // add a section, name it, move it up one place, and move a material into it when there is one
    await page.getByRole('button', { name: '新增一节' }).click()
    expect(await sections.count()).toBe(before + 1)
    await page.getByLabel(`第 ${before + 1} 节标题`).fill('三、其他事项')
    await page.getByRole('button', { name: '上移“三、其他事项”' }).click()
    expect(await page.getByLabel(`第 ${before} 节标题`).inputValue()).toBe('三、其他事项')
    await page.getByRole('button', { name: '下移“三、其他事项”' }).click()
    const move = page.locator('select[data-material]').first()
    if (await move.count()) {
      const material = await move.getAttribute('data-material')
      await move.selectOption({ label: `第 ${before + 1} 节 三、其他事项` })
      expect(await page.locator(`.outline-section[data-section="${before}"] select[data-material="${material}"]`).count()).toBe(1)
    }
    await page.getByRole('button', { name: '保存提纲并生成正文' }).click()
    await expect.poll(() => page.locator('#progress-summary').textContent(), { timeout: 60_000 }).toContain('已生成完毕')
    const progress = await page.locator('#progress-list li').allTextContents()
    // every written section has a line (fixed ones such as the closing formula are not generated)
    expect(progress.length).toBeGreaterThan(1)
    expect(progress).toContain('三、其他事项：已完成')
    expect(progress.every((p) => p.endsWith('已完成'))).toBe(true)
    await page.getByRole('link', { name: '打开文稿编辑' }).click()
    await page.waitForSelector('#editor[data-ready="true"]')
    expect(await editorText(page)).toContain('三、其他事项')
    // the payload typed into a variable is text, never markup or script
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(dialogs).toEqual([])
  })
})

describe('文稿编辑', () => {
  it('edits and saves, keeps unsaved text over a reload, and shows both versions on a conflicting save', async () => {
    const id = await draftWithText(wenfu().tokens.drafter, [
      { heading: '开头', text: '为做好今冬明春安全生产工作，现就有关事项通知如下：' },
      { heading: '一、工作任务', text: '各单位要全面排查隐患。' },
    ])
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter, `/drafts/${id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    await expectAccessible(page, '文稿编辑')
    // edit and save with Ctrl+S
    await typeAfter(page, '各单位要全面排查隐患。', '建立台账，逐项整改。')
    await expect.poll(() => page.locator('#save-state').textContent()).toContain('未保存')
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('#save-state').textContent()).toContain('已保存')
    const saved = await apiCall('GET', `/api/v1/drafts/${id}`, wenfu().tokens.drafter)
    expect(saved.sections.find((s: { heading: string }) => s.heading === '一、工作任务').text).toBe('各单位要全面排查隐患。建立台账，逐项整改。')

    // unsaved text survives a reload
    await typeAfter(page, '建立台账，逐项整改。', '未保存的一句。')
    await expect.poll(() => page.locator('#save-state').textContent()).toContain('本机')
    await page.reload()
    await page.waitForSelector('#editor[data-ready="true"]')
    expect(await editorText(page)).toContain('未保存的一句。')
    expect(await page.locator('#save-state').textContent()).toContain('已恢复')

    // someone else saves meanwhile: our save meets a newer version and shows both side by side
    const other = await person()
    await signIn(other.page, wenfu().tokens.drafter, `/drafts/${id}`)
    await other.page.waitForSelector('#editor[data-ready="true"]')
    // the second browser has its own storage: it sees the saved text, not our unsaved sentence
    expect(await editorText(other.page)).not.toContain('未保存的一句。')
    await typeAfter(other.page, '现就有关事项通知如下：', '（他人补充）')
    await other.page.getByRole('button', { name: '保存', exact: true }).click()
    await expect.poll(() => other.page.locator('#save-state').textContent()).toContain('已保存')
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await page.locator('#conflict').waitFor({ state: 'visible' })
    const sides = await page.locator('#conflict-merge .cm-content').allInnerTexts()
    expect(sides).toHaveLength(2)
    expect(sides[0]).toContain('（他人补充）')
    expect(sides[1]).toContain('未保存的一句。')
    await readmeShot(page, 'editor-conflict')
    // take the other person's change into ours, then save: both survive
    await page.locator('#conflict-merge .cm-merge-revert button').first().click()
    await page.getByRole('button', { name: '合并后保存' }).click()
    await expect.poll(() => page.locator('#save-state').textContent()).toContain('已保存')
    const merged = await apiCall('GET', `/api/v1/drafts/${id}`, wenfu().tokens.drafter)
    const all = merged.sections.map((s: { text: string }) => s.text).join('\n')
    expect(all).toContain('（他人补充）')
    expect(all).toContain('未保存的一句。')
  })

  it('checks as one types, jumps to a span, applies a certain fix and offers candidates', async () => {
    const id = await draftWithText(wenfu().tokens.drafter, [
      { heading: '开头', text: '为做好安全生产工作，现就有关事项通知如下：' },
      { heading: '一、工作任务', text: '各单位要认真布署排查工作。' },
    ])
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter, `/drafts/${id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    await page.keyboard.press('F7')
    const issue = page.locator('#checks-list [data-issue^="typos.lexicon"]')
    await issue.waitFor({ timeout: 20_000 })
    expect(await page.locator('#editor .cm-lintRange-error').count()).toBeGreaterThan(0)
    // typing a suspected typo: re-checked after a pause, its likely correction offered as a choice
    await typeAfter(page, '各单位要认真布署排查工作。', '在全区范围内持旭推进。')
    const candidate = page.locator('#checks-list [data-issue^="typos.model"] button.candidate').first()
    await candidate.waitFor({ timeout: 20_000 })
    expect(await candidate.textContent()).toContain('续')
    await readmeShot(page, 'editor-checks')
    await candidate.click()
    expect(await editorText(page)).toContain('持续推进')
    await page.locator('#checks-list [data-issue^="typos.lexicon"] button.jump').click()
    expect(await page.locator('#editor').evaluate((el) => { const v = (el as unknown as { editorView: { state: { sliceDoc(a: number, b: number): string; selection: { main: { from: number; to: number } } } } }).editorView; return v.state.sliceDoc(v.state.selection.main.from, v.state.selection.main.to) })).toBe('布署')
    await page.locator('#checks-list [data-issue^="typos.lexicon"] button.fix').click()
    expect(await editorText(page)).toContain('认真部署排查')
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('#save-state').textContent()).toContain('已保存')
    const saved = await apiCall('GET', `/api/v1/drafts/${id}`, wenfu().tokens.drafter)
    expect(saved.sections[1].text).toBe('各单位要认真部署排查工作。在全区范围内持续推进。')
  })

  it('submits, is approved by a reviewer in another context, signed, exported, and compared between versions', async () => {
    const id = await draftWithText(wenfu().tokens.drafter, [
      { heading: '开头', text: '为做好今冬明春安全生产工作，现就有关事项通知如下：' },
      { heading: '一、工作任务', text: '各镇、各部门要对辖区内企业开展全覆盖排查，建立问题清单，逐项整改销号。' },
      { heading: '二、工作要求', text: '各单位要压实责任，于12月20日前报送排查情况。' },
    ])
    const drafter = await person()
    await signIn(drafter.page, wenfu().tokens.drafter, `/drafts/${id}`)
    await drafter.page.waitForSelector('#editor[data-ready="true"]')
    // only the drafter's action is offered
    expect(await drafter.page.locator('#flow-actions > button').allTextContents()).toEqual(['提交审核'])
    await drafter.page.getByRole('button', { name: '提交审核' }).click()
    await expect.poll(() => drafter.page.locator('#draft-status').textContent(), { timeout: 15_000 }).toBe('审核中')

    const reviewer = await person()
    await signIn(reviewer.page, wenfu().tokens.reviewer, `/drafts/${id}`)
    await reviewer.page.waitForSelector('#editor[data-ready="true"]')
    expect(await reviewer.page.locator('#flow-actions > button').allTextContents()).toEqual(['审核通过', '退回修改'])
    // a comment on a span, with a reply and resolve
    await reviewer.page.locator('#editor .cm-line', { hasText: '逐项整改销号' }).first().dblclick()
    await reviewer.page.getByRole('button', { name: '批注选中文字' }).click()
    await reviewer.page.getByLabel('批注内容').fill(`建议写明时限。${XSS}`)
    await reviewer.page.getByRole('button', { name: '添加批注' }).click()
    await reviewer.page.locator('.comment').first().waitFor()
    expect(await reviewer.page.locator('.comment-body').first().textContent()).toContain('<img src=x')
    expect(await reviewer.page.locator('#editor .cm-comment').count()).toBeGreaterThan(0)
    await reviewer.page.getByLabel('回复内容').first().fill('同意。')
    await reviewer.page.getByRole('button', { name: '回复' }).first().click()
    await expect.poll(() => reviewer.page.locator('.replies .comment-body').first().textContent()).toBe('同意。')
    await reviewer.page.getByRole('button', { name: '标记为已解决' }).first().click()
    await expect.poll(() => reviewer.page.locator('.comment.resolved').count()).toBe(1)
    await reviewer.page.getByRole('button', { name: '审核通过' }).click()
    await expect.poll(() => reviewer.page.locator('#draft-status').textContent(), { timeout: 15_000 }).toBe('已审核')

    const signer = await person()
    await signIn(signer.page, wenfu().tokens.signer, `/drafts/${id}`)
    await signer.page.waitForSelector('#editor[data-ready="true"]')
    await signer.page.getByRole('button', { name: '签发', exact: true }).click()
    await expect.poll(() => signer.page.locator('#draft-status').textContent(), { timeout: 15_000 }).toBe('已签发')
    expect(await signer.page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined()

    // export .docx and the 送审包
    for (const [button, ext] of [['导出 Word（.docx）', '.docx'], ['导出送审包（.zip）', '.zip']] as const) {
      const download = signer.page.waitForEvent('download', { timeout: 60_000 })
      // a refusal shows in the result box instead of a download: fail with its words, not a timeout
      const refused = signer.page
        .locator('#export-result .error-box')
        .waitFor({ timeout: 60_000 })
        .then(async () => `导出被拒：${await signer.page.locator('#export-result').textContent()}`)
        .catch(() => null)
      await signer.page.getByRole('button', { name: button }).click()
      const file = await Promise.race([download, refused.then((m) => (m ? Promise.reject(new Error(m)) : download))])
      expect(file.suggestedFilename().endsWith(ext)).toBe(true)
      const bytes = await (await file.createReadStream()).toArray()
      const head = Buffer.concat(bytes as Buffer[]).subarray(0, 2).toString('latin1')
      expect(head).toBe('PK')
    }

    // versions with a visual diff
    await signer.page.getByLabel('从').selectOption({ index: 1 })
    await signer.page.getByLabel('到').selectOption({ index: 0 })
    await signer.page.getByRole('button', { name: '比较两个版本' }).click()
    await signer.page.locator('#diff-view .cm-mergeView').waitFor()
    expect(await signer.page.locator('#diff-view .cm-changedLine, #diff-view .cm-changedText').count()).toBeGreaterThan(0)
    await signer.page.locator('#diff-view').scrollIntoViewIfNeeded()
    await readmeShot(signer.page, 'editor-diff')
    await expectAccessible(signer.page, '文稿编辑（签发人）')
  }, 150_000)

  it('renders XSS payloads in drafts, titles and comments as text', async () => {
    const token = wenfu().tokens.drafter
    const id = await draftWithText(token, [{ heading: `一、${XSS}`, text: `正文${XSS}【待补：${XSS}】` }], `关于${XSS}的通知`)
    await apiCall('POST', `/api/v1/drafts/${id}/comments`, token, { body: XSS })
    const { page } = await person()
    const dialogs = await watchDialogs(page)
    await signIn(page, token, `/drafts/${id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    await page.locator('.comment').first().waitFor()
    expect(await editorText(page)).toContain('<img src=x onerror=')
    expect(await page.locator('#draft-title').inputValue()).toContain('<script>')
    expect(await page.locator('#editor img, #editor svg, #editor script, .comment img, .comment svg').count()).toBe(0)
    await page.goto(`/drafts/${id}/outline`)
    await page.getByRole('button', { name: '生成提纲建议' }).click()
    await page.locator('.outline-section').first().waitFor()
    expect(await page.getByLabel('第 1 节标题').inputValue()).toBeTruthy()
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(dialogs).toEqual([])
  })
})
