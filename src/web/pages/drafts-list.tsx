/**
 * 全部文稿 (/drafts): every draft of the office, filtered by 状态, 文种, 起草人, title and updated
 * date, newest first, 100 a page with a cursor (the listing GET /api/v1/drafts uses). A plain GET
 * form: works without script, every filter kept in the links.
 */
import { Hono } from 'hono'
import { AppError } from '../../core/errors'
import { DRAFT_STATUSES, listDrafts, type DraftSummary } from '../../drafts'
import { openReturns } from '../../lifecycle'
import { memberNames, officeMembers } from '../../offices'
import { GENRES } from '../../templates'
import { Empty, ErrorBox, SensitivityMark } from '../components'
import { label, localTime } from '../labels'
import { page } from '../render'
import type { WebEnv } from '../types'

/** The largest page the listing gives. */
export const DRAFTS_PAGE_SIZE = 100

const FILTERS = ['status', 'genre', 'author', 'title', 'from', 'to'] as const
type Filters = Partial<Record<(typeof FILTERS)[number], string>>

const query = (f: Filters, extra: Record<string, string> = {}) => {
  const q = new URLSearchParams(Object.entries({ ...f, ...extra }).filter(([, v]) => v) as [string, string][]).toString()
  return q ? `/drafts?${q}` : '/drafts'
}

/** 【已退回】 with the start of the reviewer's note, where a drafter still has to answer it. */
export function ReturnNote({ note }: { note: string | null | undefined }) {
  if (note === undefined) return null
  const text = note ?? '（未写退回意见）'
  return (
    <span class="return-note" title={text}>
      已退回：{text.length > 40 ? `${text.slice(0, 40)}……` : text}
    </span>
  )
}

/** A labelled select with 全部 first. */
function Choice({ id, name, label: text, value, options }: { id: string; name: string; label: string; value: string | undefined; options: [string, string][] }) {
  return (
    <div class="field">
      <label for={id}>{text}</label>
      <select id={id} name={name}>
        <option value="">全部</option>
        {options.map(([v, shown]) => (
          <option value={v} selected={value === v}>
            {shown}
          </option>
        ))}
      </select>
    </div>
  )
}

function FilterForm({ f, members }: { f: Filters; members: { id: string; name: string }[] }) {
  return (
    <form method="get" action="/drafts" class="search-form" aria-label="筛选文稿">
      <div class="field-row">
        <div class="field">
          <label for="df-title">标题包含</label>
          <input id="df-title" name="title" type="search" value={f.title ?? ''} maxlength={100} />
        </div>
        <Choice id="df-status" name="status" label="状态" value={f.status} options={DRAFT_STATUSES.map((x) => [x, label(x)])} />
        <Choice id="df-genre" name="genre" label="文种" value={f.genre} options={GENRES.map((g) => [g, g])} />
        <Choice id="df-author" name="author" label="起草人" value={f.author} options={members.map((m) => [m.id, m.name])} />
        <div class="field">
          <label for="df-from">更新日期（起）</label>
          <input id="df-from" name="from" type="date" value={f.from ?? ''} />
        </div>
        <div class="field">
          <label for="df-to">更新日期（止）</label>
          <input id="df-to" name="to" type="date" value={f.to ?? ''} />
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          筛选
        </button>
        <a href="/drafts">清除筛选</a>
      </div>
    </form>
  )
}

function DraftTable({ items, authors, returns }: { items: DraftSummary[]; authors: Map<string, string>; returns: Map<string, string | null> }) {
  return (
    <table class="data drafts-table">
      <caption class="visually-hidden">文稿列表</caption>
      <thead>
        <tr>
          <th scope="col">标题</th>
          <th scope="col">文种</th>
          <th scope="col">状态</th>
          <th scope="col">起草人</th>
          <th scope="col">版本</th>
          <th scope="col">更新时间（北京时间）</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr data-draft={d.id}>
            <td>
              <a href={`/drafts/${encodeURIComponent(d.id)}`}>{d.title || '（未命名文稿）'}</a> <SensitivityMark level={d.sensitivity} /> <ReturnNote note={returns.has(d.id) ? returns.get(d.id) : undefined} />
            </td>
            <td>{d.genre}</td>
            <td>
              <span class={`status status-${d.status}`}>{label(d.status)}</span>
            </td>
            <td>{(d.author && authors.get(d.author)) ?? '—'}</td>
            <td>第 {d.version} 版</td>
            <td>
              <time datetime={d.updatedAt}>{localTime(d.updatedAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export const draftsListPages = new Hono<WebEnv>().get('/drafts', async (c) => {
  const ctx = c.var.ctx
  const f: Filters = {}
  for (const k of FILTERS) {
    const v = c.req.query(k)?.trim()
    if (v) f[k] = v
  }
  const cursor = c.req.query('cursor') || undefined
  const members = await officeMembers(ctx)
  let body
  try {
    const result = await listDrafts(ctx, {
      ...(f.status ? { status: f.status } : {}),
      ...(f.genre ? { genre: f.genre } : {}),
      ...(f.author ? { author: f.author } : {}),
      ...(f.title ? { title: f.title } : {}),
      ...(f.from ? { updatedFrom: f.from } : {}),
      ...(f.to ? { updatedTo: f.to } : {}),
      ...(cursor ? { cursor } : {}),
      limit: DRAFTS_PAGE_SIZE,
    })
    const [authors, returns] = await Promise.all([memberNames(ctx, result.items.map((d) => d.author ?? '')), openReturns(ctx, result.items)])
    body = (
      <section aria-labelledby="drafts-result">
        <h2 id="drafts-result">
          {cursor ? '后续文稿' : '文稿'}（本页 {result.items.length} 篇{result.nextCursor ? '，还有更多' : ''}）
        </h2>
        {result.items.length ? (
          <DraftTable items={result.items} authors={authors} returns={new Map([...returns].map(([id, r]) => [id, r.note]))} />
        ) : (
          <Empty>{Object.keys(f).length ? '没有符合筛选条件的文稿。可以放宽筛选条件。' : '还没有文稿。'}</Empty>
        )}
        <nav class="pager" aria-label="翻页">
          {cursor ? <a href={query(f)}>回到第一页</a> : null} {result.nextCursor ? <a href={query(f, { cursor: result.nextCursor })} rel="next">下一页</a> : null}
        </nav>
      </section>
    )
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e
    body = <ErrorBox message={`筛选条件有误：${e.message}`} />
  }
  return page(
    c,
    { title: '全部文稿', nav: 'drafts' },
    <>
      <h1>全部文稿</h1>
      <p>
        本办公室的全部文稿，按新建时间从新到旧排列，每页 {DRAFTS_PAGE_SIZE} 篇。<a href="/drafts/new">新建文稿</a>
      </p>
      <FilterForm f={f} members={members} />
      {body}
    </>,
  )
})

