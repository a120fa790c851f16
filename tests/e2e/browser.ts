/**
 * Chromium for the e2e tests: Debian's chromium (CHROMIUM_PATH, else `chromium` on PATH) driven by
 * playwright-core; one browser per file, a fresh context (cookies) per person. A failing test leaves a
 * screenshot of every open page in tests/e2e/.artifacts/. axe-core is injected from node_modules.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, onTestFailed } from 'vitest'

export const wenfu = () => inject('wenfu')

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error('chromium is not installed: apt-get install -y chromium (or set CHROMIUM_PATH)')
  }
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage']

/** The browser of this file: launched before its tests, closed after them. */
export function useBrowser() {
  const state: { browser: Browser | null; contexts: BrowserContext[] } = { browser: null, contexts: [] }
  beforeAll(async () => {
    state.browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  })
  afterAll(async () => {
    await state.browser?.close()
  })
  return {
    /** A new person: a fresh context at 1280×800 (or `viewport`), with screenshots if the test fails. */
    async person(viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
      if (!state.browser) throw new Error('browser not started')
      const context = await state.browser.newContext({ baseURL: wenfu().url, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
      state.contexts.push(context)
      const page = await context.newPage()
      onTestFailed(async ({ task }) => {
        const dir = wenfu().artifacts
        mkdirSync(dir, { recursive: true })
        const name = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)
        for (const [i, p] of context.pages().entries()) {
          await p.screenshot({ path: path.join(dir, `${name}-${i}.png`), fullPage: true }).catch(() => undefined)
        }
      })
      return { context, page }
    },
  }
}

/** Signs in through the sign-in page with `token`; ends on 工作台 (or `next`). */
export async function signIn(page: Page, token: string, next = '/') {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`)
  await page.getByLabel('访问令牌').fill(token)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL((u) => u.pathname === next.split('?')[0])
}

/** The editor's whole text (CodeMirror's document; the DOM holds only the lines in view). */
export const editorText = (page: Page) =>
  page.locator('#editor').evaluate((el) => (el as unknown as { editorView: { state: { doc: { toString(): string } } } }).editorView.state.doc.toString())

/** Calls /api/v1 from Node with a bearer token (setting up data the browser then shows). */
export async function apiCall<T = any>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(wenfu().url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body instanceof FormData ? {} : body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body instanceof FormData ? body : body !== undefined ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`)
  return (text ? JSON.parse(text) : undefined) as T
}

/**
 * Watches a page for a stored payload that ran: the returned check fails if anything set
 * window.__xss or opened a dialog since the page was armed.
 */
export async function armed(page: Page) {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  return async (what: string) => {
    await page.waitForLoadState('load')
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), what).toBeUndefined()
    expect(dialogs, what).toEqual([])
  }
}

/** The 要素 of the notices the e2e tests draft. */
export const NOTICE_VARS = { subject: '开展安全生产隐患排查整治', recipients: '各镇党委和政府，区直各单位', issuer: '中共示例区委办公室', date: '2026年12月2日' }

/** A notice made through the API (assemble mode, with `findingIds` as its materials) with text of our own, saved as a version. */
export async function draftWithSections(token: string, sections: { heading: string; text: string }[], opts: { title?: string; findingIds?: string[] } = {}): Promise<string> {
  const title = opts.title ?? '关于开展安全生产隐患排查整治的通知'
  const draft = await apiCall('POST', '/api/v1/drafts', token, { templateId: 'tongzhi', title, variables: NOTICE_VARS, mode: 'assemble', materials: { findingIds: opts.findingIds ?? [] } })
  const res = await fetch(`${wenfu().url}/api/v1/drafts/${draft.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${draft.version}"` },
    body: JSON.stringify({ sections }),
  })
  if (!res.ok) throw new Error(`save: ${res.status} ${await res.text()}`)
  return draft.id as string
}

const require = createRequire(import.meta.url)
export const AXE_PATH = require.resolve('axe-core/axe.min.js')

let axeSource: string | null = null

/**
 * Runs axe-core in the page; fails on any serious or critical violation, naming each. The source is
 * evaluated over the DevTools protocol, which the page's CSP (script-src 'self') does not govern; a
 * <script> tag would be refused, as it should be.
 */
export async function expectAccessible(page: Page, what: string) {
  axeSource ??= readFileSync(AXE_PATH, 'utf8')
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[] }> } }).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 5) }))
  })
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad, `${what}: ${JSON.stringify(bad, null, 1)}`).toEqual([])
}

/** Screenshots for the README (docs/screenshots/), taken from the run so that they stay true. */
export async function readmeShot(page: Page, name: string) {
  const dir = path.join(import.meta.dirname, '../../docs/screenshots')
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, `${name}.png`) })
}
