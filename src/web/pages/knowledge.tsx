/** 知识库: one search box with filters and highlighted snippets; a precedent's page. */
import { Hono } from 'hono'
import { raw } from 'hono/html'
import { AppError } from '../../core/errors'
import { pagePaths } from '../../core/pages'
import { GENRES } from '../../templates'
import { getPrecedent, listFindings, listPrecedents, searchDocuments, type DocumentHit, type SearchResult } from '../../knowledge'
import { DateInput, Empty, ErrorBox, SensitivityMark, safeSnippet } from '../components'
import { label, localTime } from '../labels'
import { Markdown, page } from '../render'
import type { WebEnv } from '../types'

const FILTERS = ['q', 'kind', 'genre', 'from', 'to', 'tag'] as const
type Filters = Partial<Record<(typeof FILTERS)[number], string>>

function SearchForm({ f }: { f: Filters }) {
  return (
    <form method="get" action="/knowledge" role="search" aria-label="知识库检索" class="search-form">
      <div class="field">
        <label for="kb-q">检索词</label>
        <input id="kb-q" name="q" type="search" value={f.q ?? ''} maxlength={200} placeholder="例如：营商环境 “一网通办”" />
      </div>
      <div class="field-row">
        <div class="field">
          <label for="kb-kind">类别</label>
          <select id="kb-kind" name="kind">
            <option value="">全部</option>
            <option value="finding" selected={f.kind === 'finding'}>调研发现</option>
            <option value="precedent" selected={f.kind === 'precedent'}>范文</option>
          </select>
        </div>
        <div class="field">
          <label for="kb-genre">文种</label>
          <select id="kb-genre" name="genre">
            <option value="">全部</option>
            {GENRES.map((g) => (
              <option value={g} selected={f.genre === g}>{g}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="kb-from">起始日期</label>
          <DateInput id="kb-from" name="from" value={f.from} />
        </div>
        <div class="field">
          <label for="kb-to">截止日期</label>
          <DateInput id="kb-to" name="to" value={f.to} />
        </div>
        <div class="field">
          <label for="kb-tag">标签</label>
          <input id="kb-tag" name="tag" type="text" value={f.tag ?? ''} maxlength={40} />
        </div>
      </div>
      <button type="submit" class="primary">检索</button>
    </form>
  )
}

const resultHref = (r: SearchResult) => `/knowledge/${r.kind === 'finding' ? 'findings' : 'precedents'}/${encodeURIComponent(r.id)}`

/** Documents on one page of results. */
const PAGE_SIZE = 10

/** The results URL for another page, with the same filters (they are the person's own query, not a notice). */
function pageHref(f: Filters, n: number) {
  const params = new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => !!e[1]))
  if (n > 1) params.set('page', String(n))
  return `/knowledge?${params.toString()}`
}

function Pager({ f, page, hasMore }: { f: Filters; page: number; hasMore: boolean }) {
  if (page === 1 && !hasMore) return null
  return (
    <nav aria-label="检索结果分页" class="pager">
      {page > 1 ? <a href={pageHref(f, page - 1)} rel="prev">上一页</a> : null} <span>第 {page} 页</span>{' '}
      {hasMore ? <a href={pageHref(f, page + 1)} rel="next">下一页</a> : null}
    </nav>
  )
}

function Results({ results, q, start }: { results: DocumentHit[]; q: string; start: number }) {
  if (!results.length) return <Empty>没有找到与“{q}”相关的材料。可以换个说法，或去掉部分筛选条件。</Empty>
  return (
    <ol class="results item-list" aria-label="检索结果" start={start}>
      {results.map((r) => {
        const m = r.meta as Record<string, string | string[] | null | undefined>
        const date = (m.observedOn ?? m.date) as string | null | undefined
        return (
          <li>
            <span class="kind">{label(r.kind)}</span> <a href={resultHref(r)}>{r.title}</a> <SensitivityMark level={String(m.sensitivity ?? 'internal')} />
            {r.headingPath.length ? <span class="meta">{r.headingPath.join(' › ')}</span> : null}
            <p class="snippet">{raw(safeSnippet(r.snippet))}</p>
            {r.moreMatches ? <span class="meta">另有 {r.moreMatches} 处匹配</span> : null}
            <span class="meta">
              {[m.genre, m.issuer, m.docNumber, m.sourceKind ? `来源：${m.sourceKind}` : null, m.sourceUnit, date].filter(Boolean).join(' · ')}
            </span>
          </li>
        )
      })}
    </ol>
  )
}

export const knowledgePages = new Hono<WebEnv>()
  .get('/knowledge', async (c) => {
    const ctx = c.var.ctx
    const f: Filters = {}
    for (const k of FILTERS) {
      const v = c.req.query(k)?.trim()
      if (v) f[k] = v
    }
    let body
    if (f.q) {
      try {
        const { results, page: n, hasMore } = await searchDocuments(ctx, { ...f, page: c.req.query('page') ?? 1, limit: PAGE_SIZE })
        const start = (n - 1) * PAGE_SIZE + 1
        body = (
          <section aria-labelledby="results-title">
            <h2 id="results-title">
              检索结果{results.length ? `（第 ${start}–${start + results.length - 1} 篇${hasMore ? '，后面还有' : ''}）` : ''}
            </h2>
            <Results results={results} q={f.q} start={start} />
            <Pager f={f} page={n} hasMore={hasMore} />
          </section>
        )
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e
        body = <ErrorBox message={e.message} />
      }
    } else {
      const [findings, precedents] = await Promise.all([listFindings(ctx, { limit: 10 }), listPrecedents(ctx, { limit: 10 })])
      body = (
        <div class="grid">
          <section class="card" aria-labelledby="latest-findings">
            <h2 id="latest-findings">最新调研发现</h2>
            {findings.items.length ? (
              <ul class="item-list">
                {findings.items.map((x) => (
                  <li>
                    <a href={pagePaths.finding(x.id)}>{x.title}</a> <SensitivityMark level={x.sensitivity} />
                    <span class="meta">{[label(x.source.kind), x.source.unit, x.observedOn].filter(Boolean).join(' · ')}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>还没有调研发现。</Empty>
            )}
          </section>
          <section class="card" aria-labelledby="latest-precedents">
            <h2 id="latest-precedents">最新范文</h2>
            {precedents.items.length ? (
              <ul class="item-list">
                {precedents.items.map((x) => (
                  <li>
                    <a href={pagePaths.precedent(x.id)}>{x.title}</a> <SensitivityMark level={x.sensitivity} />
                    <span class="meta">{[x.genre, x.issuer, x.docNumber, x.date].filter(Boolean).join(' · ')}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>还没有范文。</Empty>
            )}
          </section>
        </div>
      )
    }
    return page(
      c,
      { title: f.q ? `检索：${f.q}` : '知识库', nav: 'knowledge' },
      <>
        <h1>知识库</h1>
        <p class="actions">
          <a class="button" href="/knowledge/findings/new">录入调研发现</a>
          <a class="button" href="/knowledge/upload">上传范文</a>
        </p>
        <SearchForm f={f} />
        {body}
      </>,
    )
  })
  .get('/knowledge/precedents/:id', async (c) => {
    const p = await getPrecedent(c.var.ctx, c.req.param('id'))
    return page(
      c,
      { title: p.title, nav: 'knowledge' },
      <article aria-labelledby="doc-title">
        <p class="meta">
          <a href="/knowledge">知识库</a> › 范文
        </p>
        <h1 id="doc-title">
          {p.title} <SensitivityMark level={p.sensitivity} />
        </h1>
        <dl class="props">
          <dt>文种</dt>
          <dd>{p.genre}</dd>
          {p.issuer ? (<><dt>发文机关</dt><dd>{p.issuer}</dd></>) : null}
          {p.docNumber ? (<><dt>发文字号</dt><dd>{p.docNumber}</dd></>) : null}
          {p.speaker ? (<><dt>讲话人</dt><dd>{p.speaker}</dd></>) : null}
          {p.occasion ? (<><dt>场合</dt><dd>{p.occasion}</dd></>) : null}
          <dt>成文日期</dt>
          <dd>{p.date ?? '未注明'}</dd>
          {p.tags.length ? (<><dt>标签</dt><dd>{p.tags.join('、')}</dd></>) : null}
          <dt>密级</dt>
          <dd>{label(p.sensitivity)}</dd>
          <dt>入库时间</dt>
          <dd>{localTime(p.createdAt)}</dd>
        </dl>
        {p.hasOriginal ? (
          <p>
            <a href={`/api/v1/precedents/${encodeURIComponent(p.id)}/original`} download>下载原件</a>
          </p>
        ) : null}
        <section aria-label="正文" class="card">
          <Markdown text={p.body} />
        </section>
      </article>,
    )
  })
