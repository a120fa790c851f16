/**
 * Stored XSS and accessibility on every page this run can reach: a corpus of payloads stored in
 * findings, precedents and a member's name is rendered by each page, and none of them runs (no
 * global set, no dialog); axe-core finds no serious or critical violation on any page.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { apiCall, armed, expectAccessible, signIn, useBrowser, wenfu } from './browser'

const { person } = useBrowser()

/** Each payload would set window.__xss (or open a dialog) if it ever became markup or script. */
const CORPUS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  "'><body onload='window.__xss=4'>",
  '</textarea><script>window.__xss=5</script>',
  '<iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
  '[点我](javascript:window.__xss=7)',
  '<a href="javascript:alert(8)">链接</a>',
  '<details open ontoggle="window.__xss=9">',
  '<style>@import "http://evil.example/x.css";</style>',
  '${alert(10)}{{constructor.constructor("window.__xss=11")()}}',
]
const PAYLOAD = CORPUS.join(' ')

let findingId = ''
let precedentId = ''
let lexiconId = ''

beforeAll(async () => {
  const { bootstrap, tokens } = wenfu()
  const finding = await apiCall<{ id: string }>('POST', '/api/v1/findings', tokens.drafter, {
    title: `注入测试调研发现 ${CORPUS[0]}`,
    body: `营商环境注入测试正文。${PAYLOAD}`,
    topic: CORPUS[2],
    tags: ['注入', CORPUS[1]!.slice(0, 40)],
    source: { kind: '座谈', unit: CORPUS[3], person: CORPUS[4] },
    caliber: PAYLOAD.slice(0, 1000),
    figures: [{ what: CORPUS[5]!, value: 1, unit: '<b>个</b>' }],
    sensitivity: 'public',
  })
  findingId = finding.id
  const precedent = await apiCall<{ id: string }>('POST', '/api/v1/precedents', tokens.drafter, {
    genre: '通知',
    title: `注入测试范文 ${CORPUS[2]}`,
    issuer: CORPUS[0],
    docNumber: '示委发〔2026〕1号',
    date: '2026-01-05',
    body: `营商环境注入测试范文。\n\n${CORPUS.join('\n\n')}`,
    tags: ['注入'],
    sensitivity: 'internal',
  })
  precedentId = precedent.id
  // A lexicon whose entries are payloads: shown as form fields on its 管理 page.
  const lexicon = await apiCall<{ id: string }>('POST', '/api/v1/lexicons', bootstrap, {
    kind: 'sensitive',
    name: `注入测试词库 ${CORPUS[1]}`.slice(0, 100),
    entries: CORPUS.map((c, i) => ({ word: `${i}${c}`.slice(0, 50), level: 'caution', note: c })),
  })
  lexiconId = lexicon.id
  // A member whose name is a payload: shown in the header and the 管理 table.
  await apiCall('POST', '/api/v1/admin/tokens', bootstrap, { name: `成员${CORPUS[0]}`.slice(0, 100), role: 'reader' })
})

describe('stored payloads stay inert', () => {
  it('on every page, as the drafter and as the administrator', async () => {
    const { page } = await person()
    const inert = await armed(page)
    await signIn(page, wenfu().bootstrap)
    const pages = ['/', '/knowledge', `/knowledge?q=${encodeURIComponent('注入测试')}`, `/knowledge/findings/${findingId}`, `/knowledge/findings/${findingId}/edit`, `/knowledge/precedents/${precedentId}`, '/knowledge/upload', '/check', '/admin', `/admin/lexicons/${lexiconId}`, '/admin/templates/tongbao']
    for (const path of pages) {
      await page.goto(path)
      await inert(path)
    }
    // The payload text is shown as text.
    await page.goto(`/knowledge/findings/${findingId}`)
    expect(await page.locator('h1').textContent()).toContain('<img src=x onerror=')
    await page.goto(`/admin/lexicons/${lexiconId}`)
    expect(await page.getByLabel('第 2 行 词语').inputValue()).toBe(`1${CORPUS[1]}`)
    // Through the checks panel too: excerpts and messages built from the checked text.
    await page.goto('/check')
    await page.getByLabel('文字', { exact: true }).fill(`${PAYLOAD}，做好工作布署。`)
    await page.getByRole('button', { name: '检查', exact: true }).click()
    await page.locator('.checks-status', { hasText: '发现' }).waitFor()
    await inert('/check with results')
  })
})

describe('accessibility (axe-core)', () => {
  it('finds no serious or critical violation on any page, signed in or not', async () => {
    const { page } = await person()
    await page.goto('/signin')
    await expectAccessible(page, '/signin')
    await signIn(page, wenfu().bootstrap)
    for (const path of ['/', '/knowledge', `/knowledge?q=${encodeURIComponent('营商环境')}`, `/knowledge/findings/${findingId}`, '/knowledge/findings/new', `/knowledge/findings/${findingId}/edit`, `/knowledge/precedents/${precedentId}`, '/knowledge/upload', '/check', '/admin', `/admin/lexicons/${lexiconId}`, '/admin/lexicons/new?kind=formulation', '/admin/templates/tongbao', '/no-such-page']) {
      await page.goto(path)
      await expectAccessible(page, path)
    }
    await page.goto('/check')
    await page.getByLabel('文字', { exact: true }).fill('加强领导,压实责任。做好工作布署。')
    await page.getByRole('button', { name: '检查', exact: true }).click()
    await page.getByRole('button', { name: /改为“部署”/ }).waitFor()
    await expectAccessible(page, '/check with results')
  })

  it('works at tablet width: the navigation and the checks panel stay reachable', async () => {
    const { page } = await person({ width: 768, height: 1024 })
    await signIn(page, wenfu().tokens.drafter, '/check')
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(768)
    expect(await page.getByRole('navigation', { name: '主导航' }).isVisible()).toBe(true)
    expect(await page.getByRole('complementary', { name: '检查结果' }).isVisible()).toBe(true)
    await expectAccessible(page, '/check at 768px')
  })

  it('lets the keyboard reach the main content with the skip link', async () => {
    const { page } = await person()
    await signIn(page, wenfu().tokens.drafter)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
  })
})
