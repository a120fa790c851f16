/** 管理 (admins only): members and tokens, Access e-mails, chat-bot links, lexicons, templates, office settings. */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { linkAccessIdentity, listAccessIdentities } from '../../core/access'
import { requireRole } from '../../core/auth'
import { AppError } from '../../core/errors'
import { LEXICON_KINDS, listLexicons } from '../../checks'
import { createBotLink, createMemberToken, deleteBotLink, getSettings, issueMemberToken, listBotLinks, listMembers, REVIEW_GATES, revokeToken, updateMember, updateSettings } from '../../offices'
import { listTemplates } from '../../templates'
import { Empty, ErrorBox } from '../components'
import { CsrfField } from '../layout'
import { label } from '../labels'
import { doneNotice, formKey, redirectDone } from '../post-redirect'
import { page } from '../render'
import type { WebEnv } from '../types'
import { adminEditPages, formField as field, kindLabel } from './admin-edit'
import { MembersSection, type MemberFormState, type NewMemberState } from './admin-members'
import { adminLexiconVersionPages } from './admin-lexicon-versions'
import { adminTemplatePages } from './admin-templates'

const GATE_LABELS: Record<(typeof REVIEW_GATES)[number], string> = {
  standard: '标准：有必须修改的问题时不能提交，【待补】仅提醒',
  strict: '严格：必须修改的问题和【待补】都不能提交',
  warn: '宽松：两者都只提醒',
}

const PLATFORM_LABELS = { slack: 'Slack', wecom: '企业微信' } as const

/** The member a link is for, and the form's 关联 button. */
const MemberChoice = ({ id, members }: { id: string; members: [string, string][] }) => (
  <>
    <div class="field">
      <label for={id}>成员</label>
      <select id={id} name="memberId">
        {members.map(([value, name]) => (
          <option value={value}>{name}</option>
        ))}
      </select>
    </div>
    <div class="field">
      <span aria-hidden="true">&nbsp;</span>
      <button type="submit">关联</button>
    </div>
  </>
)

interface Flash {
  error?: string
  ok?: string
  token?: { name: string; token: string }
  /** What was typed into a member's form (or the new member's) before a refusal. */
  member?: MemberFormState
  newMember?: NewMemberState
}

async function adminPage(c: Context<WebEnv>, flash: Flash = {}, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const ctx = c.var.ctx
  requireRole(ctx, 'admin')
  const [memberList, access, links, lexicons, templates, settings] = await Promise.all([
    listMembers(ctx),
    listAccessIdentities(ctx),
    listBotLinks(ctx),
    listLexicons(ctx, {}),
    listTemplates(ctx),
    getSettings(ctx),
  ])
  const members: [string, string][] = memberList.map((m) => [m.id, m.name])
  const session = c.get('session')
  return page(
    c,
    { title: '管理', nav: 'admin' },
    <>
      <h1>管理</h1>
      <ErrorBox message={flash.error} />
      {(flash.ok ?? doneNotice(c)) ? <p class="ok-box" role="status">{flash.ok ?? doneNotice(c)}</p> : null}
      {flash.token ? (
        <div class="notice" role="status" id="new-token">
          <p>
            已为“{flash.token.name}”创建令牌。令牌只显示这一次，请复制后通过安全渠道交给本人：
          </p>
          <p>
            <code class="token">{flash.token.token}</code>
          </p>
        </div>
      ) : null}
      <nav aria-label="管理分区" class="toc">
        <a href="#members">成员与令牌</a> · <a href="#access">Access 邮箱</a> · <a href="#bot-links">聊天机器人</a> · <a href="#lexicons">词库</a> · <a href="#templates">模板</a> · <a href="#settings">办公室设置</a>
      </nav>
      <MembersSection members={memberList} session={session} typed={flash.member} typedNew={flash.newMember} />
      <section id="access" aria-labelledby="access-title" class="card">
        <h2 id="access-title">Cloudflare Access 邮箱</h2>
        <p class="hint-text">部署在 Cloudflare Access 之后时，经 Access 验证的邮箱按此表对应到成员，无需令牌即可登录。</p>
        {access.length ? (
          <ul class="item-list">
            {access.map((a) => (
              <li>
                {a.email} → {members.find(([id]) => id === a.memberId)?.[1] ?? a.memberId}
              </li>
            ))}
          </ul>
        ) : (
          <Empty>尚未关联邮箱。</Empty>
        )}
        <form method="post" action="/admin/access" class="field-row">
          <CsrfField session={session} />
          <div class="field">
            <label for="a-email">邮箱</label>
            <input id="a-email" name="email" type="email" required maxlength={200} />
          </div>
          <MemberChoice id="a-member" members={members} />
        </form>
      </section>
      <section id="bot-links" aria-labelledby="bot-links-title" class="card">
        <h2 id="bot-links-title">聊天机器人账号</h2>
        <p class="hint-text">把 Slack 用户（团队 ID T… 与用户 ID U…）或企业微信成员（CorpID 与 userid）关联到成员后，他在聊天窗口中的命令以该成员的身份和角色执行；未关联的账号什么也不能做。</p>
        {links.length ? (
          <table class="data">
            <thead>
              <tr>
                <th scope="col">平台</th>
                <th scope="col">团队或企业 ID</th>
                <th scope="col">用户 ID</th>
                <th scope="col">成员</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr>
                  <td>{PLATFORM_LABELS[l.platform]}</td>
                  <td>{l.tenant}</td>
                  <td>{l.userId}</td>
                  <td>
                    {l.memberName}（{label(l.role)}）
                  </td>
                  <td>
                    <form method="post" action={`/admin/bot-links/${l.id}/delete`}>
                      <CsrfField session={session} />
                      <button type="submit" class="danger" aria-label={`解除 ${l.userId} 与 ${l.memberName} 的关联`}>
                        解除关联
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>尚未关联聊天账号。</Empty>
        )}
        <form method="post" action="/admin/bot-links" class="field-row">
          <CsrfField session={session} />
          <div class="field">
            <label for="b-platform">平台</label>
            <select id="b-platform" name="platform">
              <option value="slack">Slack</option>
              <option value="wecom">企业微信</option>
            </select>
          </div>
          <div class="field">
            <label for="b-tenant">团队或企业 ID</label>
            <input id="b-tenant" name="tenant" required maxlength={64} />
          </div>
          <div class="field">
            <label for="b-user">用户 ID</label>
            <input id="b-user" name="userId" required maxlength={64} />
          </div>
          <MemberChoice id="b-member" members={members} />
        </form>
      </section>
      <section id="lexicons" aria-labelledby="lexicons-title" class="card">
        <h2 id="lexicons-title">办公室词库</h2>
        {lexicons.items.length ? (
          <table class="data">
            <thead>
              <tr>
                <th scope="col">类别</th>
                <th scope="col">名称</th>
                <th scope="col">版本</th>
                <th scope="col">条目</th>
                <th scope="col">生效</th>
              </tr>
            </thead>
            <tbody>
              {lexicons.items.map((l) => (
                <tr>
                  <td>{kindLabel(l.kind)}</td>
                  <td>
                    <a href={`/admin/lexicons/${encodeURIComponent(l.id)}`}>{l.name}</a>
                  </td>
                  <td>第 {l.latestVersion} 版</td>
                  <td>{l.current?.entryCount ?? 0}</td>
                  <td>{l.current ? `${l.current.validFrom} 起${l.current.validTo ? `至 ${l.current.validTo}` : ''}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>还没有办公室词库（规范提法、领导姓名职务、机构更名、敏感词）。可在下面新建，或用命令行 npx wenfu lexicon 导入。</Empty>
        )}
        <p>
          新建词库：
          {LEXICON_KINDS.map((k, i) => (
            <>
              {i ? ' · ' : ''}
              <a href={`/admin/lexicons/new?kind=${k}`}>{kindLabel(k)}</a>
            </>
          ))}
        </p>
      </section>
      <section id="templates" aria-labelledby="templates-title" class="card">
        <h2 id="templates-title">模板</h2>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">文种</th>
              <th scope="col">名称</th>
              <th scope="col">来源</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr>
                <td>{t.genre}</td>
                <td>
                  <a href={`/admin/templates/${encodeURIComponent(t.id)}`}>{t.name}</a>
                </td>
                <td>{t.origin === 'builtin' ? '内置' : '本办公室'}</td>
                <td>{t.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a href="/admin/templates/new">新建模板</a>
          <span class="hint-text">（从空白开始，或以已有模板为基础）</span>
        </p>
      </section>
      <section id="settings" aria-labelledby="settings-title" class="card">
        <h2 id="settings-title">办公室设置</h2>
        <form method="post" action="/admin/settings" class="stack">
          <CsrfField session={session} />
          <label class="checkbox">
            <input type="checkbox" name="signRequiresReview" value="true" checked={settings.signRequiresReview} /> 签发前必须经过审核
          </label>
          <label for="s-code">机关代字 <span class="hint-text">（2–12 个汉字，如“示区委办发”；留空表示不设）</span></label>
          <input id="s-code" name="docAgencyCode" type="text" value={settings.docAgencyCode ?? ''} maxlength={12} />
          <label for="s-typo">错别字检查灵敏度</label>
          <select id="s-typo" name="typoSensitivity">
            <option value="standard" selected={settings.typoSensitivity === 'standard'}>标准</option>
            <option value="sensitive" selected={settings.typoSensitivity === 'sensitive'}>灵敏</option>
          </select>
          <label for="s-gate">提交审核前的检查</label>
          <select id="s-gate" name="reviewGate">
            {REVIEW_GATES.map((g) => (
              <option value={g} selected={settings.reviewGate === g}>{GATE_LABELS[g]}</option>
            ))}
          </select>
          <button type="submit" class="primary">保存设置</button>
        </form>
      </section>
    </>,
    status,
  )
}

/**
 * Runs an admin action. Success redirects (Post/Redirect/Get) to 管理 with its notice, or, for an
 * answer that shows a new token once, renders it with `Cache-Control: no-store`; a refusal shows the
 * page again with the message and what was typed, never a bare error page.
 */
async function act(c: Context<WebEnv>, run: () => Promise<Response | Flash>, typed: Flash = {}) {
  try {
    const done = await run()
    if (done instanceof Response) return done
    c.header('Cache-Control', 'no-store')
    return await adminPage(c, done)
  } catch (e) {
    if (!(e instanceof AppError) || !['VALIDATION', 'CONFLICT', 'NOT_FOUND'].includes(e.code)) throw e
    return adminPage(c, { ...typed, error: e.message }, e.code === 'VALIDATION' ? 400 : e.code === 'CONFLICT' ? 409 : 404)
  }
}

/** The form of a request, parsed once (the CSRF check may have parsed it already; Hono caches it). */
const formOf = (c: Context<WebEnv>) => c.req.parseBody()

export const adminPages = new Hono<WebEnv>()
  .get('/admin', (c) => adminPage(c))
  // before adminEditPages, whose /admin/templates/:id would take /admin/templates/new
  .route('/', adminTemplatePages)
  .route('/', adminLexiconVersionPages)
  .route('/', adminEditPages)
  .post('/admin/tokens', async (c) => {
    const form = await formOf(c)
    const typed = { name: field(form, 'name'), role: field(form, 'role') }
    return act(
      c,
      async () => {
        const created = await createMemberToken(c.var.ctx, typed, { key: await formKey(c, form) })
        return { ok: '已创建成员。', token: { name: typed.name.trim(), token: created.token } }
      },
      { newMember: typed },
    )
  })
  .post('/admin/members/:id/tokens', async (c) => {
    const form = await formOf(c)
    const id = c.req.param('id')
    return act(c, async () => {
      const issued = await issueMemberToken(c.var.ctx, id, { key: await formKey(c, form) })
      return { ok: '已签发新令牌。', token: { name: issued.name, token: issued.token } }
    })
  })
  .post('/admin/members/:id/:field{name|role}', async (c) => {
    const id = c.req.param('id')
    const key = c.req.param('field') === 'role' ? 'role' : 'name'
    const change = { [key]: field(await formOf(c), key) }
    return act(
      c,
      async () => {
        await updateMember(c.var.ctx, id, change)
        return redirectDone(c, '/admin', 'member-updated', `#m-${id}`)
      },
      { member: { memberId: id, ...change } },
    )
  })
  .post('/admin/tokens/:id/revoke', (c) =>
    act(c, async () => {
      await revokeToken(c.var.ctx, c.req.param('id'))
      return redirectDone(c, '/admin', 'token-revoked', '#members')
    }),
  )
  .post('/admin/access', (c) =>
    act(c, async () => {
      const form = await formOf(c)
      await linkAccessIdentity(c.var.ctx, { email: field(form, 'email'), memberId: field(form, 'memberId') })
      return redirectDone(c, '/admin', 'access-linked', '#access')
    }),
  )
  .post('/admin/bot-links', (c) =>
    act(c, async () => {
      const form = await formOf(c)
      await createBotLink(c.var.ctx, { platform: field(form, 'platform'), tenant: field(form, 'tenant'), userId: field(form, 'userId'), memberId: field(form, 'memberId') })
      return redirectDone(c, '/admin', 'bot-linked', '#bot-links')
    }),
  )
  .post('/admin/bot-links/:id/delete', (c) =>
    act(c, async () => {
      await deleteBotLink(c.var.ctx, c.req.param('id'))
      return redirectDone(c, '/admin', 'bot-unlinked', '#bot-links')
    }),
  )
  .post('/admin/settings', (c) =>
    act(c, async () => {
      const form = await formOf(c)
      const code = field(form, 'docAgencyCode').trim()
      await updateSettings(c.var.ctx, {
        signRequiresReview: form.signRequiresReview === 'true',
        docAgencyCode: code || null,
        typoSensitivity: field(form, 'typoSensitivity'),
        reviewGate: field(form, 'reviewGate'),
      })
      return redirectDone(c, '/admin', 'settings-saved', '#settings')
    }),
  )
