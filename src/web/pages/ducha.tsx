/**
 * 督查: the items list (filters by unit, status incl. 逾期/临期, period; counts; the CSV 台账) and an
 * item's page with its feedback and, by role, the forms: 进展反馈 and 办结/延期 for the units'
 * 联络员, 销号/退回 and the extension decision for the office's deciders. Server-rendered forms only.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { AppError } from '../../core/errors'
import { materialPath, pagePaths } from '../../core/pages'
import {
  addFeedback,
  countItems,
  decideClosing,
  decideExtension,
  getItem,
  ITEM_DECIDERS,
  listItems,
  listUnits,
  requestExtension,
  STATUS_LABELS,
  submitClosing,
  unitsOfActor,
} from '../../ducha'
import { Empty, ErrorBox, SensitivityMark } from '../components'
import { CsrfField } from '../layout'
import { localTime } from '../labels'
import { page } from '../render'
import type { WebEnv } from '../types'

type Item = Awaited<ReturnType<typeof getItem>>

/** The status filter's choices, in the order an office asks them. */
const STATUS_FILTERS: [string, string][] = [
  ['', '全部'],
  ['open', '未办结'],
  ['overdue', '逾期'],
  ['due_soon', '临期'],
  ['not_started', STATUS_LABELS.not_started],
  ['in_progress', STATUS_LABELS.in_progress],
  ['extension_requested', STATUS_LABELS.extension_requested],
  ['completed', STATUS_LABELS.completed],
  ['signed_off', STATUS_LABELS.signed_off],
  ['done', '已办结或已销号'],
]
const FILTER_KEYS = ['unit', 'status', 'from', 'to'] as const

const SOURCE_LABELS: Record<string, string> = { draft: '文稿', precedent: '范文', finding: '调研成果', instruction: '领导批示', text: '原文摘录', none: '无' }
const FEEDBACK_KINDS: Record<string, string> = { progress: '进展反馈', closing: '办结报告' }
const DECISIONS: Record<string, string> = { accepted: '已销号', returned: '已退回', granted: '已批准', refused: '不批准', pending: '待审批' }

const field = (form: Record<string, unknown>, k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '')
/** The form's non-empty fields: an empty optional field is absent, as in the API's JSON. */
const filled = (form: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, field(form, k)]).filter(([, v]) => v !== ''))

const Status = ({ status, label }: { status: string; label: string }) => <span class={`status status-${status}`}>{label}</span>

async function listPage(c: Context<WebEnv>) {
  const ctx = c.var.ctx
  const q = filled(c.req.query(), [...FILTER_KEYS, 'cursor'])
  const units = (await listUnits(ctx)).items
  let error: string | undefined
  let list: Awaited<ReturnType<typeof listItems>> = { items: [], nextCursor: null }
  let counts: Awaited<ReturnType<typeof countItems>> | null = null
  try {
    ;[list, counts] = await Promise.all([listItems(ctx, q), countItems(ctx, q)])
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e
    error = e.message
  }
  const filters = new URLSearchParams(filled(q, FILTER_KEYS))
  const more = list.nextCursor ? new URLSearchParams({ ...Object.fromEntries(filters), cursor: list.nextCursor }) : null
  return page(
    c,
    { title: '督查督办', nav: 'ducha' },
    <>
      <h1>督查督办</h1>
      <ErrorBox message={error} />
      <form method="get" action="/ducha" class="field-row" aria-label="筛选事项">
        <div class="field">
          <label for="f-unit">责任单位</label>
          <select id="f-unit" name="unit">
            <option value="">全部单位</option>
            {units.map((u) => (
              <option value={u.id} selected={q.unit === u.id}>{u.name}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-status">状态</label>
          <select id="f-status" name="status">
            {STATUS_FILTERS.map(([v, l]) => (
              <option value={v} selected={(q.status ?? '') === v}>{l}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-from">完成时限自</label>
          <input id="f-from" name="from" type="date" value={q.from ?? ''} />
        </div>
        <div class="field">
          <label for="f-to">至</label>
          <input id="f-to" name="to" type="date" value={q.to ?? ''} />
        </div>
        <div class="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit">筛选</button>
        </div>
      </form>
      {counts ? (
        <p class="meta" id="ducha-counts">
          未办结 <strong>{counts.open}</strong> 项 · 逾期 <strong>{counts.overdue}</strong> 项 · 临期 <strong>{counts.due_soon}</strong> 项 · 已办结或已销号 <strong>{counts.done}</strong> 项
        </p>
      ) : null}
      <p>
        <a href={`/api/v1/ducha/items/export.csv${filters.size ? `?${filters}` : ''}`} download>导出台账（CSV）</a>
      </p>
      {list.items.length ? (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">事项</th>
              <th scope="col">牵头单位</th>
              <th scope="col">责任领导</th>
              <th scope="col">完成时限</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((i) => (
              <tr>
                <td>
                  <SensitivityMark level={i.sensitivity} /> <a href={pagePaths.duchaItem(i.id)}>{i.title}</a>
                </td>
                <td>{i.leadUnit.name}</td>
                <td>{i.leader ?? ''}</td>
                <td>{i.deadline}</td>
                <td>
                  <Status status={i.status} label={i.statusLabel} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>没有符合条件的督办事项。</Empty>
      )}
      {more ? (
        <p>
          <a href={`/ducha?${more}`}>下一页</a>
        </p>
      ) : null}
    </>,
    error ? 400 : 200,
  )
}

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

interface Flash {
  error?: string
  ok?: string
}

async function itemPage(c: Context<WebEnv>, flash: Flash = {}, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const ctx = c.var.ctx
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
          <Status status={item.status} label={item.statusLabel} />
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
                        <input id={`x-note-${x.id}`} name="note" maxlength={1000} />
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
                    <option value={u.id}>{u.name}</option>
                  ))}
                </select>
              </>
            ) : null}
            <label for="fb-text">进展情况</label>
            <textarea id="fb-text" name="text" required maxlength={4000} rows={5}></textarea>
            {item.milestones.some((m) => !m.reachedOn) ? (
              <>
                <label for="fb-ms">到达的节点（可不选）</label>
                <select id="fb-ms" name="milestone">
                  <option value="">无</option>
                  {item.milestones.filter((m) => !m.reachedOn).map((m) => (
                    <option value={m.title}>{m.title}</option>
                  ))}
                </select>
              </>
            ) : null}
            <label for="fb-day">反馈日期（可不填，默认今天）</label>
            <input id="fb-day" name="reportedOn" type="date" />
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
            <textarea id="cl-text" name="text" required maxlength={4000} rows={5}></textarea>
            <button type="submit" class="primary">提交办结</button>
          </form>
          <form method="post" action={action('/extensions')} class="stack">
            <CsrfField session={session} />
            <label for="ex-day">申请延至</label>
            <input id="ex-day" name="requestedDeadline" type="date" required />
            <label for="ex-reason">延期理由</label>
            <textarea id="ex-reason" name="reason" required maxlength={1000} rows={3}></textarea>
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
            <textarea id="d-note" name="note" maxlength={1000} rows={3}></textarea>
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

/** Runs an action on the item and shows its page again with the result; a refusal is shown there in Chinese. */
async function act(c: Context<WebEnv>, run: (form: Record<string, unknown>) => Promise<unknown>, ok: string) {
  try {
    await run(await c.req.parseBody())
    return await itemPage(c, { ok })
  } catch (e) {
    const status = e instanceof AppError ? REFUSALS[e.code] : undefined
    if (!status || !(e instanceof AppError)) throw e
    return itemPage(c, { error: e.message }, status)
  }
}

export const duchaPages = new Hono<WebEnv>()
  .get('/ducha', (c) => listPage(c))
  .get('/ducha/items/:id', (c) => itemPage(c))
  .post('/ducha/items/:id/feedback', (c) => act(c, (f) => addFeedback(c.var.ctx, c.req.param('id'), filled(f, ['unitId', 'text', 'milestone', 'reportedOn'])), '进展反馈已提交。'))
  .post('/ducha/items/:id/closing', (c) => act(c, (f) => submitClosing(c.var.ctx, c.req.param('id'), filled(f, ['text'])), '办结报告已提交，等待销号。'))
  .post('/ducha/items/:id/closing/decision', (c) =>
    act(c, (f) => decideClosing(c.var.ctx, c.req.param('id'), filled(f, ['decision', 'note'])), '已处理办结报告。'),
  )
  .post('/ducha/items/:id/extensions', (c) => act(c, (f) => requestExtension(c.var.ctx, c.req.param('id'), filled(f, ['requestedDeadline', 'reason'])), '延期申请已提交。'))
  .post('/ducha/items/:id/extensions/:extensionId/decision', (c) =>
    act(c, (f) => decideExtension(c.var.ctx, c.req.param('id'), c.req.param('extensionId'), filled(f, ['decision', 'note'])), '已处理延期申请。'),
  )
