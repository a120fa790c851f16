/** 管理's 成员与令牌 section: each member with their tokens, and the forms that rename, change the role and issue a token. */
import type { Child } from 'hono/jsx'
import type { Member } from '../../offices'
import { ROLES } from '../../offices'
import type { Session } from '../../core/sessions'
import { Empty } from '../components'
import { CsrfField } from '../layout'
import { label, localTime } from '../labels'
import { newFormNonce, ONCE_FIELD } from '../post-redirect'

/** What was typed into one member's form before a refusal, shown again in that member's row. */
export interface MemberFormState {
  memberId: string
  name?: string
  role?: string
}

/** A new member's form as typed, after a refusal. */
export interface NewMemberState {
  name: string
  role: string
}

const OnceField = () => <input type="hidden" name={ONCE_FIELD} value={newFormNonce()} />

function RoleSelect({ id, value }: { id: string; value: string }) {
  return (
    <select id={id} name="role">
      {ROLES.map((r) => (
        <option value={r} selected={r === value}>{label(r)}</option>
      ))}
    </select>
  )
}

/** A form that changes one field of a member. */
function ChangeForm({ action, session, id, label: text, button, children }: { action: string; session: Session | null; id: string; label: string; button: string; children: Child }) {
  return (
    <form method="post" action={action} class="field-row">
      <CsrfField session={session} />
      <div class="field">
        <label for={id}>{text}</label>
        {children}
      </div>
      <div class="field">
        <span aria-hidden="true">&nbsp;</span>
        <button type="submit">{button}</button>
      </div>
    </form>
  )
}

function MemberRow({ m, session, typed, self }: { m: Member; session: Session | null; typed?: MemberFormState; self: boolean }) {
  const base = `/admin/members/${encodeURIComponent(m.id)}`
  const key = `m-${m.id}`
  return (
    <tr id={key}>
      <td>
        {m.name}
        {self ? '（本人）' : ''}
      </td>
      <td>{label(m.role)}</td>
      <td>
        {m.tokens.length ? (
          <ul class="item-list">
            {m.tokens.map((t) => (
              <li>
                <code>{t.prefix}…</code> {localTime(t.createdAt)} 创建；
                {t.revokedAt ? (
                  `已于 ${localTime(t.revokedAt)} 吊销`
                ) : (
                  <form method="post" action={`/admin/tokens/${encodeURIComponent(t.id)}/revoke`} class="inline-form">
                    <CsrfField session={session} />
                    <button type="submit" class="danger" aria-label={`吊销 ${m.name} 的令牌 ${t.prefix}`}>吊销</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        ) : (
          '没有令牌'
        )}
      </td>
      <td>
        <details open={!!typed}>
          <summary>修改或签发令牌<span class="visually-hidden">：{m.name}</span></summary>
          <ChangeForm action={`${base}/name`} session={session} id={`${key}-name`} label="姓名" button="修改姓名">
            <input id={`${key}-name`} name="name" type="text" required maxlength={100} value={typed?.name ?? m.name} />
          </ChangeForm>
          <ChangeForm action={`${base}/role`} session={session} id={`${key}-role`} label="角色" button="修改角色">
            <RoleSelect id={`${key}-role`} value={typed?.role ?? m.role} />
          </ChangeForm>
          <form method="post" action={`${base}/tokens`}>
            <CsrfField session={session} />
            <OnceField />
            <button type="submit" aria-label={`为 ${m.name} 签发新令牌`}>新令牌</button>
          </form>
        </details>
      </td>
    </tr>
  )
}

export function MembersSection({ members, session, typed, typedNew }: { members: Member[]; session: Session | null; typed?: MemberFormState; typedNew?: NewMemberState }) {
  return (
    <section id="members" aria-labelledby="members-title" class="card">
      <h2 id="members-title">成员与令牌</h2>
      <p class="hint-text">令牌吊销后，可为同一成员签发新令牌；修改角色即时生效。办公室至少保留一名管理员。本系统不设“停用成员”：要让某人不能再登录，吊销其全部令牌，并解除其 Access 邮箱和聊天账号的关联。</p>
      {members.length ? (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">成员</th>
              <th scope="col">角色</th>
              <th scope="col">令牌</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <MemberRow m={m} session={session} typed={typed?.memberId === m.id ? typed : undefined} self={session?.actor.memberId === m.id} />
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>还没有成员。</Empty>
      )}
      <h3>新增成员</h3>
      <form method="post" action="/admin/tokens" class="field-row">
        <CsrfField session={session} />
        <OnceField />
        <div class="field">
          <label for="m-name">姓名</label>
          <input id="m-name" name="name" type="text" required maxlength={100} value={typedNew?.name ?? ''} />
        </div>
        <div class="field">
          <label for="m-role">角色</label>
          <RoleSelect id="m-role" value={typedNew?.role ?? 'drafter'} />
        </div>
        <div class="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit" class="primary">创建成员和令牌</button>
        </div>
      </form>
    </section>
  )
}
