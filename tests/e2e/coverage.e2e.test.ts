/**
 * What the other e2e files leave out: XSS payloads in template variables (a draft's values, an office
 * template's labels and description) on 新建文稿, the editor and 管理; axe on the 督查 pages;
 * 登记印发 by the administrator after 签发, with the 发文字号 shown; 审校 opening a .docx built here.
 */
import { Document, Packer, Paragraph } from 'docx'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCall, armed, expectAccessible, signIn, useBrowser, wenfu } from './browser'

const { person } = useBrowser()

/** Each would set window.__xss (or open a dialog) if it ever became markup or script. */
const PAYLOADS = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=2</script>', '"><svg onload="window.__xss=3">', "'><body onload='window.__xss=4'>", '</textarea><script>window.__xss=5</script>']
const PAYLOAD = PAYLOADS.join('')
const TEMPLATE_ID = 'e2e-xss-han'

/** Nothing ran, and no payload became an element of the page's main content. */
async function inertOn(page: Page) {
  const ran = await armed(page)
  return async (what: string) => {
    await ran(what)
    expect(await page.locator('main img[src="x"], main svg[onload], main script:not([type="application/json"])').count(), what).toBe(0)
  }
}

/** An office template whose name, description and variable labels are payloads (the builtin 商洽函, renamed). */
function xssTemplate(): string {
  return `---
id: ${TEMPLATE_ID}
genre: 函
name: 注入测试函${PAYLOADS[1]}
title: 关于{subject}的函
version: 1
description: 注入测试说明${PAYLOADS[0]}${PAYLOADS[2]}
closing: 特此函商，请予函复。
targetChars: 600
---

# 注入测试函

## 变量

| 字段 | 名称 | 必填 | 锁定 | 默认值 | 说明 |
|---|---|---|---|---|---|
| subject | 事由${PAYLOADS[0]} | 是 | 否 | | 说明${PAYLOADS[4]} |
| request | 商请事项${PAYLOADS[2]} | 是 | 否 | | |
| issuer | 发文机关${PAYLOADS[3]} | 否 | 是 | | 由工作人员填写 |
| recipients | 主送机关 | 否 | 是 | | 由工作人员填写 |
| date | 成文日期 | 否 | 是 | | 由工作人员填写 |

## 写作要求

简短、谦敬。

## 章节

### 发函缘由 {#reasons}

- 用途：说明为什么发函。
- 写法：一段话。
- 事实：需要
- 篇幅：50%

### 商请事项 {#request}

- 用途：写明商请事项：{request}。
- 写法：条目化。
- 事实：不需要
- 篇幅：50%
`
}

/** A notice made through the API with text that passes the review gate. */
async function notice(token: string, variables: Record<string, string>) {
  const draft = await apiCall<{ id: string; version: number }>('POST', '/api/v1/drafts', token, { templateId: 'tongzhi', variables, mode: 'assemble', materials: { findingIds: [] } })
  const sections = [
    { heading: '开头', text: '为做好今冬明春安全生产工作，现就有关事项通知如下：' },
    { heading: '一、工作任务', text: '各镇、各部门要对辖区内企业开展全覆盖排查，建立问题清单，逐项整改销号。' },
    { heading: '二、工作要求', text: '各单位要压实责任，于12月20日前报送排查情况。' },
  ]
  const res = await fetch(`${wenfu().url}/api/v1/drafts/${draft.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${draft.version}"` },
    body: JSON.stringify({ sections }),
  })
  if (!res.ok) throw new Error(`save: ${res.status} ${await res.text()}`)
  return draft.id
}

beforeAll(async () => {
  await apiCall('POST', '/api/v1/templates', wenfu().bootstrap, { source: xssTemplate() })
})
afterAll(async () => {
  await fetch(`${wenfu().url}/api/v1/templates/${TEMPLATE_ID}`, { method: 'DELETE', headers: { authorization: `Bearer ${wenfu().bootstrap}` } })
})

describe('template variables stay inert', () => {
  it('on 新建文稿, the editor, the outline and 管理: payloads in a draft’s values and a template’s labels and description', async () => {
    const id = await notice(wenfu().tokens.drafter, { subject: `注入测试${PAYLOAD}`, recipients: PAYLOADS[3]!, issuer: PAYLOADS[0]!, date: '2026年12月2日' })
    const { page } = await person()
    const inert = await inertOn(page)
    await signIn(page, wenfu().bootstrap)
    for (const path of ['/drafts/new', `/drafts/new?template=${TEMPLATE_ID}`, `/drafts/${id}/outline`, '/admin', `/admin/templates/${TEMPLATE_ID}`]) {
      await page.goto(path)
      await inert(path)
    }
    // the template's words are shown as text where a person reads them
    await page.goto('/drafts/new')
    expect(await page.locator('main').textContent()).toContain(`注入测试说明${PAYLOADS[0]}`)
    await page.goto(`/drafts/new?template=${TEMPLATE_ID}`)
    expect(await page.locator('main').textContent()).toContain(`事由${PAYLOADS[0]}`)
    await page.goto(`/admin/templates/${TEMPLATE_ID}`)
    expect(await page.locator('h1').textContent()).toContain(PAYLOADS[1])

    // the draft whose values are payloads: the editor shows them as text
    await page.goto(`/drafts/${id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    await inert(`/drafts/${id}`)
    expect(await page.locator('#editor img, #editor svg, #editor script').count()).toBe(0)
    const shown = `${await page.locator('#draft-title').inputValue()} ${await page.locator('#editor').textContent()} ${await page.locator('main').textContent()}`
    expect(shown).toContain('<img src=x onerror=')
  })
})

describe('督查 pages (axe-core)', () => {
  it('find no serious or critical violation on the list and on an item', async () => {
    const items = await apiCall<{ items: { id: string }[] }>('GET', '/api/v1/ducha/items', wenfu().bootstrap)
    expect(items.items.length).toBeGreaterThan(0)
    const { page } = await person()
    await signIn(page, wenfu().bootstrap, '/ducha')
    await expectAccessible(page, '/ducha')
    await page.goto(`/ducha/items/${items.items[0]!.id}`)
    expect(await page.locator('h1').count()).toBe(1)
    await expectAccessible(page, '/ducha/items/:id')
  })
})

describe('登记印发', () => {
  it('is offered to the administrator after 签发, assigns the 发文字号 and shows it', async () => {
    const { bootstrap, tokens } = wenfu()
    const settings = await apiCall<{ signRequiresReview: boolean; docAgencyCode: string | null; typoSensitivity: string; reviewGate: string }>('GET', '/api/v1/admin/settings', bootstrap)
    const code = settings.docAgencyCode ?? '示区委办发'
    if (!settings.docAgencyCode) await apiCall('PUT', '/api/v1/admin/settings', bootstrap, { ...settings, docAgencyCode: code })
    const id = await notice(tokens.drafter, { subject: '开展冬季消防安全检查', recipients: '各镇党委和政府', issuer: '中共示例区委办公室', date: '2026年12月2日' })
    await apiCall('POST', `/api/v1/drafts/${id}/transitions`, tokens.drafter, { action: 'submit' })
    await apiCall('POST', `/api/v1/drafts/${id}/transitions`, tokens.reviewer, { action: 'approve' })
    await apiCall('POST', `/api/v1/drafts/${id}/transitions`, tokens.signer, { action: 'sign' })

    const { page } = await person()
    await signIn(page, bootstrap, `/drafts/${id}`)
    await page.waitForSelector('#editor[data-ready="true"]')
    expect(await page.locator('#draft-status').textContent()).toBe('已签发')
    expect(await page.locator('#draft-doc-number').count()).toBe(0)
    expect(await page.locator('#flow-actions > button').allTextContents()).toEqual(['登记印发'])
    await page.getByRole('button', { name: '登记印发' }).click()
    // the page reloads with the number the office's sequence gave
    const number = page.locator('#draft-doc-number')
    await number.waitFor({ timeout: 15_000 })
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
    expect(await number.textContent()).toMatch(new RegExp(`^${code}〔${year}〕\\d+号$`))
    expect(await page.locator('#flow-actions > button').count()).toBe(0)
    const draft = await apiCall<{ status: string; variables: Record<string, string> }>('GET', `/api/v1/drafts/${id}`, bootstrap)
    expect(draft.status).toBe('issued')
    expect(draft.variables.docNumber).toBe(await number.textContent())
    await expectAccessible(page, '文稿编辑（已印发）')
  })
})

describe('审校 opens a .docx', () => {
  it('reads a Word document built here into the text box and shows its checks', async () => {
    const doc = new Document({ sections: [{ children: [new Paragraph('关于做好冬季安全生产工作的通知'), new Paragraph('各单位要加强领导，压实责任。做好工作布署。')] }] })
    const buffer = await Packer.toBuffer(doc)
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter, '/check')
    await page.setInputFiles('#check-file', { name: '冬季安全生产通知.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer })
    await expect.poll(() => page.getByLabel('文字', { exact: true }).inputValue(), { timeout: 15_000 }).toContain('做好工作布署。')
    expect(await page.getByLabel('文字', { exact: true }).inputValue()).toContain('关于做好冬季安全生产工作的通知')
    await page.getByRole('button', { name: /改为“部署”/ }).waitFor({ timeout: 15_000 })
    expect(await page.locator('#check-error').isHidden()).toBe(true)
  })
})
