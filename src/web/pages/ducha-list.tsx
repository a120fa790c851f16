/** 督查: the items list, with filters by unit, status (incl. 逾期/临期) and period, the counts and the CSV 台账. */
import type { Context } from 'hono'
import { pagePaths } from '../../core/pages'
import { AppError } from '../../core/errors'
import { countItems, listItems, listUnits, STATUS_LABELS } from '../../ducha'
import { DateInput, Empty, ErrorBox, SensitivityMark, StatusBadge } from '../components'
import { filled } from '../forms'
import { page } from '../render'
import type { WebEnv } from '../types'

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

export async function listPage(c: Context<WebEnv>) {
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
          <DateInput id="f-from" name="from" value={q.from} />
        </div>
        <div class="field">
          <label for="f-to">至</label>
          <DateInput id="f-to" name="to" value={q.to} />
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
                  <StatusBadge status={i.status} label={i.statusLabel} />
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
