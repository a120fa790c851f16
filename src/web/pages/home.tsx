/** 工作台 (home): my drafts, drafts waiting for me by role, recently added material. */
import { Hono } from 'hono'
import type { Ctx } from '../../core/context'

type Role = Ctx['actor']['role']
import { listDrafts, type DraftSummary } from '../../drafts'
import { listFindings, listPrecedents } from '../../knowledge'
import { openReturns, TRANSITIONS } from '../../lifecycle'
import { Empty, SensitivityMark } from '../components'
import { label, localTime } from '../labels'
import { page } from '../render'
import type { WebEnv } from '../types'
import { ReturnNote } from './drafts-list'

/**
 * Which drafts wait for whom: reviewers review what is submitted, signers sign what is approved,
 * and whoever may 登记印发 (src/lifecycle) registers what is signed.
 */
const WAITING: { status: 'in_review' | 'approved' | 'signed'; title: string; roles: readonly Role[] }[] = [
  { status: 'in_review', title: '待审核', roles: ['reviewer', 'admin'] },
  { status: 'approved', title: '待签发', roles: ['signer', 'admin'] },
  { status: 'signed', title: '待印发', roles: TRANSITIONS.issue.roles },
]

function DraftList({ items, empty, returns }: { items: DraftSummary[]; empty: string; returns?: Map<string, string | null> }) {
  if (!items.length) return <Empty>{empty}</Empty>
  return (
    <ul class="item-list">
      {items.map((d) => (
        <li>
          <a href={`/drafts/${encodeURIComponent(d.id)}`}>{d.title || '（未命名文稿）'}</a> <SensitivityMark level={d.sensitivity} /> <ReturnNote note={returns?.has(d.id) ? returns.get(d.id) : undefined} />
          <span class="meta">
            {d.genre} · <span class={`status status-${d.status}`}>{label(d.status)}</span> · 第 {d.version} 版 · 更新于 {localTime(d.updatedAt)}
          </span>
        </li>
      ))}
    </ul>
  )
}

export const homePages = new Hono<WebEnv>().get('/', async (c) => {
  const ctx = c.var.ctx
  const role = ctx.actor.role
  const waiting = WAITING.filter((w) => w.roles.includes(role))
  const [mine, waitingLists, findings, precedents] = await Promise.all([
    listDrafts(ctx, { author: ctx.actor.memberId, limit: 10 }),
    Promise.all(waiting.map((w) => listDrafts(ctx, { status: w.status, limit: 10 }))),
    listFindings(ctx, { limit: 5 }),
    listPrecedents(ctx, { limit: 5 }),
  ])
  const returns = new Map([...(await openReturns(ctx, mine.items))].map(([id, r]) => [id, r.note]))
  return page(
    c,
    { title: '工作台', nav: 'home' },
    <>
      <h1>工作台</h1>
      <div class="grid">
        <section aria-labelledby="mine-title" class="card">
          <h2 id="mine-title">我的文稿</h2>
          <DraftList items={mine.items} empty="还没有文稿。" returns={returns} />
          <p>
            <a href="/drafts/new" class="button">新建文稿</a> <a href="/drafts">全部文稿</a>
          </p>
        </section>
        {waiting.map((w, i) => (
          <section aria-labelledby={`waiting-${w.status}`} class="card">
            <h2 id={`waiting-${w.status}`}>{w.title}</h2>
            <DraftList items={waitingLists[i]?.items ?? []} empty={`没有${w.title}的文稿。`} />
          </section>
        ))}
        <section aria-labelledby="recent-title" class="card">
          <h2 id="recent-title">最近入库的材料</h2>
          {findings.items.length + precedents.items.length === 0 ? (
            <Empty>
              知识库还是空的：<a href="/knowledge/findings/new">录入调研发现</a>或<a href="/knowledge/upload">上传范文</a>。
            </Empty>
          ) : (
            <ul class="item-list">
              {findings.items.map((f) => (
                <li>
                  <span class="kind">调研发现</span> <a href={`/knowledge/findings/${encodeURIComponent(f.id)}`}>{f.title}</a> <SensitivityMark level={f.sensitivity} />
                  <span class="meta">{f.observedOn ?? ''} 入库于 {localTime(f.createdAt)}</span>
                </li>
              ))}
              {precedents.items.map((p) => (
                <li>
                  <span class="kind">范文</span> <a href={`/knowledge/precedents/${encodeURIComponent(p.id)}`}>{p.title}</a> <SensitivityMark level={p.sensitivity} />
                  <span class="meta">
                    {p.genre} {p.date ?? ''} 入库于 {localTime(p.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>,
  )
})
