/** The 工作台 in Chromium: sign in and out, search and open, create a finding, upload two files, 审校 with a fix. */
import { describe, expect, it } from 'vitest'
import { readmeShot, signIn, useBrowser, wenfu } from './browser'

const { person } = useBrowser()

describe('signing in', () => {
  it('signs in with a token, shows the member, signs out and keeps the pages closed', async () => {
    const { page } = await person()
    await page.goto('/knowledge')
    await expect.poll(() => new URL(page.url()).pathname).toBe('/signin')
    expect(await page.getByRole('complementary', { name: '本地开发提示' }).textContent()).toContain('.dev.vars')
    await page.getByLabel('访问令牌').fill('wf_wrong-token')
    await page.getByRole('button', { name: '登录' }).click()
    expect(await page.getByRole('alert').first().textContent()).toContain('访问令牌无效或已被吊销')
    await page.getByLabel('访问令牌').fill(wenfu().tokens.drafter)
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL((u) => u.pathname === '/knowledge')
    expect(await page.locator('.member-name').textContent()).toBeTruthy()
    expect(await page.locator('.member-role').textContent()).toContain('起草人')
    const cookies = await page.context().cookies()
    const session = cookies.find((c) => c.name === 'wenfu_session')!
    expect(session.httpOnly).toBe(true)
    expect(session.sameSite).toBe('Strict')
    expect(await page.evaluate(() => document.cookie)).not.toContain('wenfu_session')
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.waitForURL((u) => u.pathname === '/signin')
    await page.goto('/')
    await expect.poll(() => new URL(page.url()).pathname).toBe('/signin')
  })
})

describe('知识库', () => {
  it('reaches the search box with "/", finds the demo material with highlights and opens a result', async () => {
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter)
    await readmeShot(page, 'workbench-home')
    await page.locator('body').press('/')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('site-search-q')
    await page.keyboard.type('营商环境')
    await page.keyboard.press('Enter')
    await page.waitForURL((u) => u.pathname === '/knowledge')
    const results = page.getByRole('list', { name: '检索结果' }).locator('li')
    expect(await results.count()).toBeGreaterThan(0)
    expect(await page.locator('.snippet mark').count()).toBeGreaterThan(0)
    await readmeShot(page, 'workbench-search')
    const first = results.first().locator('a').first()
    const title = (await first.textContent())!.trim()
    await first.click()
    await page.waitForURL((u) => /^\/knowledge\/(findings|precedents)\//.test(u.pathname))
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(title)
  })

  it('creates a finding with figures as rows and shows it', async () => {
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter, '/knowledge/findings/new')
    const title = `浏览器录入的调研发现${Date.now()}`
    await page.getByLabel('标题').fill(title)
    await page.getByLabel('正文').fill('走访中了解到，社区食堂覆盖老年人明显增加。')
    await page.getByLabel('来源方式').selectOption('走访')
    await page.getByLabel('来源单位').fill('城南街道')
    await page.getByLabel('调研日期').fill('2026-06-01')
    await page.getByLabel('口径', { exact: false }).fill('截至5月底，按就餐登记计')
    await page.getByLabel('第 1 行 指标').fill('社区食堂')
    await page.getByLabel('第 1 行 数值').fill('12')
    await page.getByLabel('第 1 行 单位').fill('个')
    await page.getByRole('button', { name: '添加一行数据' }).click()
    await page.getByLabel('第 3 行 指标').fill('就餐老人')
    await page.getByLabel('第 3 行 数值').fill('1,350')
    await page.getByLabel('第 3 行 单位').fill('人次')
    await page.getByRole('button', { name: '删除第 2 行数据' }).click()
    await page.getByRole('button', { name: '保存' }).click()
    await page.waitForURL((u) => /^\/knowledge\/findings\/fnd_/.test(u.pathname))
    expect(await page.getByRole('status').first().textContent()).toContain('已保存')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(title)
    const rows = await page.locator('table.data tbody tr').allTextContents()
    expect(rows).toEqual(['社区食堂12个', '就餐老人1350人次'])
    expect(await page.locator('dl.props').textContent()).toContain('截至5月底，按就餐登记计')
  })

  it('uploads two files at once with a result per file', async () => {
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter, '/knowledge/upload')
    const stamp = Date.now()
    await page.getByLabel('选择文件').setInputFiles([
      { name: `关于做好汛期安全工作${stamp}的通知.md`, mimeType: 'text/markdown', buffer: Buffer.from(`# 关于做好汛期安全工作${stamp}的通知\n\n各街道：\n\n要切实做好汛期安全工作，落实责任。${stamp}`) },
      { name: `在全区安全生产${stamp}会议上的讲话.txt`, mimeType: 'text/plain', buffer: Buffer.from(`在全区安全生产${stamp}会议上的讲话\n\n同志们：\n\n安全生产责任重于泰山。${stamp}`) },
    ])
    const items = page.locator('#upload-list li')
    await expect.poll(() => items.count()).toBe(2)
    await expect.poll(() => page.locator('#upload-summary').textContent(), { timeout: 30_000 }).toContain('已完成 2 个，成功 2 个')
    for (const i of [0, 1]) expect(await items.nth(i).textContent()).toContain('已导入')
    expect(await items.nth(0).locator('progress').getAttribute('value')).toBe('100')
    await items.nth(0).getByRole('link').click()
    await page.waitForURL((u) => u.pathname.startsWith('/knowledge/precedents/'))
  })
})

describe('审校', () => {
  it('checks pasted text, jumps to an issue, applies a certain fix and checks again', async () => {
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter, '/check')
    const text = '加强领导，压实责任。做好工作布署。'
    await page.getByLabel('文字', { exact: true }).fill(text)
    await page.getByRole('button', { name: '检查', exact: true }).click()
    const fix = page.getByRole('button', { name: /改为“部署”/ })
    await fix.waitFor()
    await page.getByRole('button', { name: /定位到“布署”/ }).click()
    const selection = await page.evaluate(() => {
      const t = document.getElementById('check-text') as HTMLTextAreaElement
      return { focused: document.activeElement === t, text: t.value.slice(t.selectionStart, t.selectionEnd) }
    })
    expect(selection).toEqual({ focused: true, text: '布署' })
    await readmeShot(page, 'workbench-check')
    await fix.click()
    await expect.poll(() => page.getByLabel('文字', { exact: true }).inputValue()).toBe('加强领导，压实责任。做好工作部署。')
    await expect.poll(() => page.locator('.checks-status').textContent()).not.toContain('正在检查')
    expect(await page.getByRole('button', { name: /改为“部署”/ }).count()).toBe(0)
  })
})
