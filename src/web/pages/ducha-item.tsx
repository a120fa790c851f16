/**
 * 督查: an item's page with its feedback and, by role, the forms: 进展反馈 and 办结/延期 for the units'
 * 联络员, 销号/退回 and the extension decision for the office's deciders. A refused form comes back
 * with what the person typed and the refusal in Chinese.
 */
import type { Context } from 'hono'
import { materialPath, pagePaths } from '../../core/pages'
import { AppError } from '../../core/errors'
import { getItem, ITEM_DECIDERS, unitsOfActor } from '../../ducha'
import { DateInput, Empty, ErrorBox, SensitivityMark, StatusBadge } from '../components'
import { filled } from '../forms'
import { CsrfField } from '../layout'
import { localTime } from '../labels'
import { page } from '../render'
import type { WebEnv } from '../types'

type Item = Awaited<ReturnType<typeof getItem>>

const SOURCE_LABELS: Record<string, string> = { draft: '文稿', precedent: '范文', finding: '调研成果', instruction: '领导批示', text: '原文摘录', none: '无' }
const FEEDBACK_KINDS: Record<string, string> = { progress: '进展反馈', closing: '办结报告' }
const DECISIONS: Record<string, string> = { accepted: '已销号', returned: '已退回', granted: '已批准', refused: '不批准', pending: '待审批' }

function SourceLine({ item }: { item: Item }) {
  const s = item.source
  const href = s.id ? (s.kind === 'draft' ? pagePaths.draft(s.id) : s.kind === 'finding' || s.kind === 'precedent' ? materialPath(s.kind, s.id) : null) : null
  return (
    <>
      <dt>来源</dt>
      <dd>
        {SOURCE_LABELS[s.kind] ?? s.kind}
        {href ? (
          <>
            {' '}
            <a href={href}>查看来源</a>
          </>
        ) : null}
        {s.instruction ? `：${s.instruction.leader} ${s.instruction.date} 批示“${s.instruction.text}”` : null}
        {s.quote ? <blockquote>{s.quote}</blockquote> : null}
      </dd>
    </>
  )
}

/** The item page's forms, by what they do; an extension's decision names its extension. */
export type ItemForm = 'feedback' | 'closing' | 'closing-decision' | 'extension' | `extension-decision:${string}`

interface Flash {
  error?: string
  ok?: string
  /** The refused form and what was typed in it, shown again. */
  typed?: { form: ItemForm; values: Record<string, string> }
}

export async function itemPage(c: Context<WebEnv>, flash: Flash = {}, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const ctx = c.var.ctx
  /** What was typed in `form`'s field `k` before a refusal, else ''. */
  const typed = (form: ItemForm, k: string) => (flash.typed?.form === form ? (flash.typed.values[k] ?? '') : '')
  const item = await getItem(ctx, c.req.param('id')!)
  const mine = new Set(await unitsOfActor(ctx))
  const session = c.get('session')
  const action = (p: string) => `/ducha/items/${encodeURIComponent(item.id)}${p}`
  const reporting = [item.leadUnit, ...item.supportUnits].filter((u) => mine.has(u.id))
  const leads = mine.has(item.leadUnit.id)
  const movable = item.storedStatus === 'not_started' || item.storedStatus === 'in_progress'
  const open = movable || item.storedStatus === 'extension_requested'
  const decider = (ITEM_DECIDERS as readonly string[]).includes(ctx.actor.role)
  const pendingClosing = item.storedStatus === 'completed' ? [...item.feedback].reverse().find((f) => f.kind === 'closing' && !f.decision) : undefined
  return page(
    c,
    { title: item.title, nav: 'ducha' },
    <>
      <p>
        <a href="/ducha">← 督查督办</a>
      </p>
      <h1>
        <SensitivityMark level={item.sensitivity} /> {item.title}
      </h1>
      <ErrorBox message={flash.error} />
      {flash.ok ? <p class="ok-box" role="status">{flash.ok}</p> : null}
      <dl class="meta-list">
        <dt>状态</dt>
        <dd>
          <StatusBadge status={item.status} label={item.statusLabel} />
        </dd>
        <dt>具体要求</dt>
        <dd>{item.requirement}</dd>
        <dt>类别</dt>
        <dd>{item.category}</dd>
        <SourceLine item={item} />
        <dt>牵头单位</dt>
        <dd>{item.leadUnit.name}</dd>
        <dt>配合单位</dt>
        <dd>{item.supportUnits.length ? item.supportUnits.map((u) => u.name).join('、') : '无'}</dd>
        <dt>责任领导</dt>
        <dd>{item.leader ?? '未指定'}</dd>
        <dt>完成时限</dt>
        <dd>
          {item.deadline}
          {item.originalDeadline !== item.deadline ? `（原定 ${item.originalDeadline}，经批准延期）` : ''}
        </dd>
        {item.completedOn ? (
          <>
            <dt>办结日期</dt>
            <dd>{item.completedOn}</dd>
          </>
        ) : null}
      </dl>
      <section class="card" aria-labelledby="ms-title">
        <h2 id="ms-title">节点</h2>
        {item.milestones.length ? (
          <ul class="item-list">
            {item.milestones.map((m) => (
              <li>
                {m.title}
                {m.due ? `（${m.due} 前）` : ''} · {m.reachedOn ? `已于 ${m.reachedOn} 完成` : '未完成'}
              </li>
            ))}
          </ul>
        ) : (
          <Empty>未设节点。</Empty>
        )}
      </section>
      <section class="card" aria-labelledby="fb-title">
        <h2 id="fb-title">进展反馈</h2>
        {item.feedback.length ? (
          <ul class="item-list" id="feedback-list">
            {item.feedback.map((f) => (
              <li>
                <p class="meta">
                  {FEEDBACK_KINDS[f.kind] ?? f.kind} · {[item.leadUnit, ...item.supportUnits].find((u) => u.id === f.unitId)?.name ?? '（已删除的单位）'} · {f.reportedOn}
                  {f.milestone ? ` · 节点：${f.milestone}` : ''}
                  {f.decision ? ` · ${DECISIONS[f.decision]}${f.decisionNote ? `：${f.decisionNote}` : ''}` : ''}
                </p>
                <p>{f.text}</p>
                {f.attachments.length ? (
                  <ul>
                    {f.attachments.map((a) => (
                      <li>
                        <a href={`/api/v1/ducha/items/${encodeURIComponent(item.id)}/feedback/${encodeURIComponent(f.id)}/attachments/${a.n}`}>{a.name}</a>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <Empty>尚无反馈。</Empty>
        )}
        {item.extensions.length ? (
          <>
            <h3>延期申请</h3>
            <ul class="item-list">
              {item.extensions.map((x) => (
                <li>
                  申请由 {x.previousDeadline} 延至 {x.requestedDeadline}：{x.reason} · {DECISIONS[x.state] ?? x.state}
                  {x.decisionNote ? `（${x.decisionNote}）` : ''}
                  {decider && x.state === 'pending' ? (
                    <form method="post" action={action(`/extensions/${encodeURIComponent(x.id)}/decision`)} class="field-row">
                      <CsrfField session={session} />
                      <div class="field">
                        <label for={`x-note-${x.id}`}>意见（可不填）</label>
                        <input id={`x-note-${x.id}`} name="note" maxlength={1000} value={typed(`extension-decision:${x.id}`, 'note')} />
                      </div>
                      <div class="field">
                        <span aria-hidden="true">&nbsp;</span>
                        <span>
                          <button type="submit" name="decision" value="granted" class="primary">批准延期</button> <button type="submit" name="decision" value="refused">不批准</button>
                        </span>
                      </div>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {reporting.length && open ? (
        <section class="card" aria-labelledby="post-fb-title">
          <h2 id="post-fb-title">报送进展反馈</h2>
          <form method="post" action={action('/feedback')} class="stack">
            <CsrfField session={session} />
            {reporting.length > 1 ? (
              <>
                <label for="fb-unit">报送单位</label>
                <select id="fb-unit" name="unitId">
                  {reporting.map((u) => (
                    <option value={u.id} selected={typed('feedback', 'unitId') === u.id}>{u.name}</option>
                  ))}
                </select>
              </>
            ) : null}
            <label for="fb-text">进展情况</label>
            <textarea id="fb-text" name="text" required maxlength={4000} rows={5}>
              {typed('feedback', 'text')}
            </textarea>
            {item.milestones.some((m) => !m.reachedOn) ? (
              <>
                <label for="fb-ms">到达的节点（可不选）</label>
                <select id="fb-ms" name="milestone">
                  <option value="">无</option>
                  {item.milestones.filter((m) => !m.reachedOn).map((m) => (
                    <option value={m.title} selected={typed('feedback', 'milestone') === m.title}>
                      {m.title}
                    </option>
                  ))}
                </select>
              </>
            ) : null}
            <label for="fb-day">反馈日期（可不填，默认今天）</label>
            <DateInput id="fb-day" name="reportedOn" value={typed('feedback', 'reportedOn')} />
            <button type="submit" class="primary">提交反馈</button>
          </form>
        </section>
      ) : null}
      {leads && movable ? (
        <section class="card" aria-labelledby="close-title">
          <h2 id="close-title">办结与延期（牵头单位）</h2>
          <form method="post" action={action('/closing')} class="stack">
            <CsrfField session={session} />
            <label for="cl-text">办结报告</label>
            <textarea id="cl-text" name="text" required maxlength={4000} rows={5}>
              {typed('closing', 'text')}
            </textarea>
            <button type="submit" class="primary">提交办结</button>
          </form>
          <form method="post" action={action('/extensions')} class="stack">
            <CsrfField session={session} />
            <label for="ex-day">申请延至</label>
            <DateInput id="ex-day" name="requestedDeadline" required value={typed('extension', 'requestedDeadline')} />
            <label for="ex-reason">延期理由</label>
            <textarea id="ex-reason" name="reason" required maxlength={1000} rows={3}>
              {typed('extension', 'reason')}
            </textarea>
            <button type="submit">申请延期</button>
          </form>
        </section>
      ) : null}
      {decider && pendingClosing ? (
        <section class="card" aria-labelledby="decide-title">
          <h2 id="decide-title">审核办结报告</h2>
          <form method="post" action={action('/closing/decision')} class="stack">
            <CsrfField session={session} />
            <label for="d-note">意见（退回时必须写明理由）</label>
            <textarea id="d-note" name="note" maxlength={1000} rows={3}>
              {typed('closing-decision', 'note')}
            </textarea>
            <span>
              <button type="submit" name="decision" value="accepted" class="primary">销号</button> <button type="submit" name="decision" value="returned" class="danger">退回</button>
            </span>
          </form>
        </section>
      ) : null}
      <p class="meta">立项于 {localTime(item.createdAt)} · 更新于 {localTime(item.updatedAt)}</p>
    </>,
    status,
  )
}

const REFUSALS: Partial<Record<AppError['code'], 400 | 403 | 404 | 409>> = { VALIDATION: 400, FORBIDDEN: 403, CONFLICT: 409, NOT_FOUND: 404, PAYLOAD_TOO_LARGE: 400 }

/**
 * Runs `form`'s action on the item with the submitted fields `keys` and shows its page again with the
 * result; a refusal is shown there in Chinese, with the form as the person filled it.
 */
export async function itemAction(c: Context<WebEnv>, form: ItemForm, keys: readonly string[], run: (input: Record<string, string>) => Promise<unknown>, ok: string) {
  const body = await c.req.parseBody()
  try {
    await run(filled(body, keys))
    return await itemPage(c, { ok })
  } catch (e) {
    const status = e instanceof AppError ? REFUSALS[e.code] : undefined
    if (!status || !(e instanceof AppError)) throw e
    const values = Object.fromEntries(keys.map((k) => [k, typeof body[k] === 'string' ? body[k] : '']))
    return itemPage(c, { error: e.message, typed: { form, values } }, status)
  }
}
