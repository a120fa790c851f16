/**
 * The page frame of the 工作台: skip link, header (office, member, search, sign out), the main
 * navigation, the main landmark and the two live regions browser code announces through
 * (client/lib/announce.ts). Every script is a bundle of scripts/build-web.mjs: no inline script.
 */
import type { Child } from 'hono/jsx'
import { ROLE_LABEL } from '../core/field-labels'
import { CSRF_FIELD, type Session } from '../core/sessions'

export const ASSET_BASE = '/assets/web'

export type NavKey = 'home' | 'knowledge' | 'new-draft' | 'check' | 'ducha' | 'admin' | 'drafts' | null

export interface LayoutProps {
  title: string
  session: Session | null
  /** Which navigation entry is this page's. */
  nav?: NavKey
  /** Bundles this page loads (names of src/web/client/**\/<name>.page.ts); "base" is always loaded. */
  scripts?: string[]
  /** Extra stylesheets (names under /assets/web/), e.g. the editor's. */
  styles?: string[]
  /** A wider main area (the editor). */
  wide?: boolean
  children?: Child
}

const NAV: { key: Exclude<NavKey, null>; href: string; label: string; admin?: boolean }[] = [
  { key: 'home', href: '/', label: '工作台' },
  { key: 'knowledge', href: '/knowledge', label: '知识库' },
  { key: 'drafts', href: '/drafts', label: '全部文稿' },
  { key: 'new-draft', href: '/drafts/new', label: '新建文稿' },
  { key: 'check', href: '/check', label: '审校' },
  { key: 'ducha', href: '/ducha', label: '督查' },
  { key: 'admin', href: '/admin', label: '管理', admin: true },
]

/** A hidden form field with the session's CSRF token: every POST form carries one. */
export const CsrfField = ({ session }: { session: Session | null }) =>
  session ? <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} /> : null

export function Layout({ title, session, nav = null, scripts = [], styles = [], wide = false, children }: LayoutProps) {
  const bundles = ['base', ...scripts.filter((s) => s !== 'base')]
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {session ? <meta name="csrf-token" content={session.csrfToken} /> : null}
        <title>{`${title} · 文辅`}</title>
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={`${ASSET_BASE}/app.css`} />
        {styles.map((s) => (
          <link rel="stylesheet" href={`${ASSET_BASE}/${s}`} />
        ))}
        {bundles.map((s) => (
          <script type="module" src={`${ASSET_BASE}/${s}.js`}></script>
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">跳到正文</a>
        <header class="site-header">
          <div class="brand">
            <a href="/" class="brand-name">文辅</a>
            {session ? <span class="office-name">{session.officeName}</span> : null}
          </div>
          {session ? (
            <>
              <form class="site-search" role="search" action="/knowledge" method="get">
                <label for="site-search-q" class="visually-hidden">搜索知识库</label>
                <input id="site-search-q" name="q" type="search" placeholder="搜索知识库（按 / 或 Ctrl+K）" aria-keyshortcuts="/ Control+K Meta+K" maxlength={200} />
                <button type="submit">搜索</button>
              </form>
              <div class="member">
                <span class="member-name">{session.memberName}</span>
                <span class="member-role">（{ROLE_LABEL[session.actor.role]}）</span>
                <form action="/signout" method="post" class="inline-form">
                  <CsrfField session={session} />
                  <button type="submit" class="link-button">退出登录</button>
                </form>
              </div>
            </>
          ) : null}
        </header>
        {session ? (
          <nav class="site-nav" aria-label="主导航">
            <ul>
              {NAV.filter((n) => !n.admin || session.actor.role === 'admin').map((n) => (
                <li>
                  <a href={n.href} aria-current={n.key === nav ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main id="main" tabindex={-1} class={wide ? 'main wide' : 'main'}>
          {children}
        </main>
        <div id="live-polite" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
        <div id="live-assertive" class="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true"></div>
        <footer class="site-footer">
          <p>文辅 · 党委政府办公室调研与文稿辅助系统 · 快捷键：<kbd>/</kbd> 跳到搜索框，在正文或输入框中用 <kbd>Ctrl</kbd>+<kbd>K</kbd>（Mac：<kbd>⌘</kbd>+<kbd>K</kbd>）</p>
        </footer>
      </body>
    </html>
  )
}
