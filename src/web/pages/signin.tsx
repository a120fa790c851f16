/** 登录 and 退出登录: a personal token becomes a session cookie; signing out revokes the session. */
import { Hono } from 'hono'
import { AppError } from '../../core/errors'
import { checkOrigin, signInWithToken, signOut } from '../../core/sessions'
import { clearSessionCookie, isLocal, safeNext, setSessionCookie } from '../middleware'
import { page } from '../render'
import type { WebEnv } from '../types'

function SignInForm({ next, error, local }: { next: string; error?: string; local: boolean }) {
  return (
    <section class="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">登录文辅工作台</h1>
      <p>请输入管理员发给您的个人访问令牌（以 wf_ 开头）。令牌相当于密码，请勿转发他人。</p>
      {error ? (
        <p class="error-message" role="alert" id="signin-error">
          {error}
        </p>
      ) : null}
      <form method="post" action="/signin" class="stack">
        <input type="hidden" name="next" value={next} />
        <label for="token">访问令牌</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required maxlength={200} aria-describedby={error ? 'signin-error' : undefined} />
        <button type="submit" class="primary">登录</button>
      </form>
      {local ? (
        <aside class="hint" aria-label="本地开发提示">
          <h2>本地开发</h2>
          <p>
            管理员引导令牌在项目根目录的 <code>.dev.vars</code> 文件中（<code>WENFU_BOOTSTRAP_TOKEN=</code> 之后的内容），由 <code>npm run dev</code> 首次运行时生成。
          </p>
          <p>
            示例成员（起草人、审核人、签发人）的令牌在 <code>.wrangler/wenfu-dev.json</code> 的 <code>tokens</code> 中。
          </p>
        </aside>
      ) : null}
    </section>
  )
}

export const signInPages = new Hono<WebEnv>()
  .get('/signin', (c) => {
    if (c.get('session')) return c.redirect(safeNext(c.req.query('next')), 303)
    return page(c, { title: '登录' }, <SignInForm next={safeNext(c.req.query('next'))} local={isLocal(c.req.url) && Boolean(c.env.WENFU_BOOTSTRAP_TOKEN)} />)
  })
  .post('/signin', async (c) => {
    // No session yet, so no CSRF token: the origin check stops a cross-site sign-in (login CSRF).
    checkOrigin({ method: 'POST', url: c.req.url, origin: c.req.header('origin'), referer: c.req.header('referer') })
    const form = await c.req.parseBody()
    const next = safeNext(typeof form.next === 'string' ? form.next : null)
    const token = typeof form.token === 'string' ? form.token : ''
    try {
      const secret = await signInWithToken(c.get('db'), c.env, c.get('requestId'), token)
      setSessionCookie(c, secret)
      return c.redirect(next, 303)
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'UNAUTHORIZED' && e.code !== 'VALIDATION')) throw e
      const local = isLocal(c.req.url) && Boolean(c.env.WENFU_BOOTSTRAP_TOKEN)
      return page(c, { title: '登录' }, <SignInForm next={next} error={e.message} local={local} />, e.code === 'UNAUTHORIZED' ? 401 : 400)
    }
  })
  .post('/signout', async (c) => {
    const session = c.get('session')
    if (session) await signOut(c.get('db'), c.env, c.get('requestId'), session)
    clearSessionCookie(c)
    return c.redirect('/signin', 303)
  })
