/**
 * 管理 → 词库 → an old version (admins only): its entries read-only in the editor's columns, who
 * saved it and when, what the current version added, removed and changed since (a set difference by
 * each entry's key, computed here), and 以此版本恢复, which saves its entries as a new version
 * through updateLexicon like any edit (validated, audited, refused when the lexicon moved on).
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { requireRole } from '../../core/auth'
import type { Session } from '../../core/sessions'
import { getLexicon, getLexiconVersion, todayInChina, updateLexicon, type Lexicon, type LexiconVersion } from '../../checks'
import { memberNames } from '../../offices'
import { Empty, ErrorBox } from '../components'
import { CsrfField } from '../layout'
import { localTime } from '../labels'
import { page } from '../render'
import { redirectDone } from '../post-redirect'
import type { WebEnv } from '../types'
import { EntryHead, FIELDS, formField as str, kindLabel, LEVELS, lexiconPage, shownError, STATUS, toRow, type Kind, type Row } from './admin-edit'

export type Change = 'added' | 'removed' | 'changed'

const CHANGE_LABELS: Record<Change, string> = { added: '当前新增', removed: '当前已删除', changed: '已修改' }

/**
 * What `current` added, removed and changed against `old`, entries matched by their first column
 * (提法, 姓名, 原名称, 词语…); a key used twice is matched by its occurrence.
 */
export function diffEntries(kind: Kind, old: unknown[], current: unknown[]): { change: Change; before?: Row; after?: Row }[] {
  const fields = FIELDS[kind]
  const keyed = (entries: unknown[]) => {
    const seen = new Map<string, number>()
    return new Map(
      entries.map((e) => {
        const row = toRow(e, fields)
        const key = (row[fields[0]!.key] ?? '').trim()
        const n = (seen.get(key) ?? 0) + 1
        seen.set(key, n)
        return [`${key}\u0000${n}`, row] as const
      }),
    )
  }
  const a = keyed(old)
  const b = keyed(current)
  const same = (x: Row, y: Row) => fields.every((f) => (x[f.key] ?? '') === (y[f.key] ?? ''))
  const out: { change: Change; before?: Row; after?: Row }[] = []
  for (const [k, after] of b) {
    const before = a.get(k)
    if (!before) out.push({ change: 'added', after })
    else if (!same(before, after)) out.push({ change: 'changed', before, after })
  }
  for (const [k, before] of a) if (!b.has(k)) out.push({ change: 'removed', before })
  return out
}

const cell = (kind: Kind, key: string, row: Row | undefined) => {
  const v = row?.[key] ?? ''
  return FIELDS[kind].find((f) => f.key === key)?.type === 'level' ? (LEVELS[v as keyof typeof LEVELS] ?? v) : v
}

function EntryView({ kind, rows }: { kind: Kind; rows: Row[] }) {
  const fields = FIELDS[kind]
  if (!rows.length) return <Empty>这一版没有条目。</Empty>
  return (
    <table class="data">
      <EntryHead kind={kind} />
      <tbody>
        {rows.map((r, i) => (
          <tr>
            <th scope="row">{i + 1}</th>
            {fields.map((f) => (
              <td>{cell(kind, f.key, r)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function DiffView({ kind, version, current, changes }: { kind: Kind; version: number; current: number; changes: ReturnType<typeof diffEntries> }) {
  const fields = FIELDS[kind]
  const count = (c: Change) => changes.filter((x) => x.change === c).length
  return (
    <section aria-labelledby="v-diff" class="card">
      <h2 id="v-diff">
        与当前版本比较（第 {version} 版 → 第 {current} 版）
      </h2>
      <p role="status">
        当前版本相对第 {version} 版：新增 {count('added')} 条，删除 {count('removed')} 条，修改 {count('changed')} 条。
      </p>
      {changes.length ? (
        <table class="data diff-table">
          <EntryHead kind={kind} lead={['变化', '版本']} />
          <tbody>
            {changes.flatMap((x) =>
              (
                [
                  ['before', x.before, `第 ${version} 版`],
                  ['after', x.after, `第 ${current} 版（当前）`],
                ] as const
              )
                .filter(([, row]) => row)
                .map(([side, row, label]) => (
                  <tr class={`change-${x.change}`}>
                    <td>
                      <strong>{CHANGE_LABELS[x.change]}</strong>
                      {x.change === 'changed' ? (side === 'before' ? '（修改前）' : '（修改后）') : ''}
                    </td>
                    <td>{label}</td>
                    {fields.map((f) => {
                      const differs = x.change === 'changed' && (x.before?.[f.key] ?? '') !== (x.after?.[f.key] ?? '')
                      return <td>{differs ? <strong>{cell(kind, f.key, row) || '（无）'}</strong> : cell(kind, f.key, row)}</td>
                    })}
                  </tr>
                )),
            )}
          </tbody>
        </table>
      ) : (
        <Empty>两个版本的条目相同。</Empty>
      )}
      <p class="hint-text">修改的条目按第一列（{fields[0]!.label}）对应，改动的字段加粗显示。</p>
    </section>
  )
}

interface RestoreForm {
  validFrom: string
  validTo: string
  note: string
}

interface VersionState {
  error?: string
  details?: string[]
  restore?: RestoreForm
  compare?: boolean
}

async function versionPage(c: Context<WebEnv>, id: string, version: number, state: VersionState = {}, status: 200 | 400 | 404 | 409 | 413 = 200) {
  const ctx = c.var.ctx
  requireRole(ctx, 'admin')
  const [lexicon, v] = await Promise.all([getLexicon(ctx, id), getLexiconVersion(ctx, id, version)])
  const kind = lexicon.kind
  const names = await memberNames(ctx, v.createdBy ? [v.createdBy] : [])
  const rows = (v.entries ?? []).map((e) => toRow(e, FIELDS[kind]))
  const isCurrent = version === lexicon.latestVersion
  const base = `/admin/lexicons/${encodeURIComponent(lexicon.id)}`
  const restore = state.restore ?? { validFrom: todayInChina(), validTo: '', note: `恢复第 ${version} 版的内容` }
  const title = `词库：${lexicon.name} · 第 ${version} 版`
  return page(
    c,
    { title, nav: 'admin' },
    <>
      <p>
        <a href={base}>← 返回词库“{lexicon.name}”</a>
      </p>
      <h1>{title}</h1>
      <ErrorBox message={state.error} details={state.details} />
      <p class="hint-text">
        类别：{kindLabel(kind)}；{v.validFrom} 起生效{v.validTo ? `，至 ${v.validTo}` : ''}；{v.entryCount} 条；{v.createdBy ? (names.get(v.createdBy) ?? '（已不在本办公室的成员）') : '（系统）'}于 {localTime(v.createdAt)} 保存
        {v.note ? `；说明：${v.note}` : ''}。{isCurrent ? '这是当前版本。' : `当前为第 ${lexicon.latestVersion} 版。`}
      </p>
      {isCurrent ? null : (
        <p>
          {state.compare ? <a href={`${base}/versions/${version}`}>只看本版条目</a> : <a href={`${base}/versions/${version}?compare=current`}>与当前版本比较</a>}
        </p>
      )}
      {state.compare && !isCurrent ? <DiffView kind={kind} version={version} current={lexicon.latestVersion} changes={diffEntries(kind, v.entries ?? [], lexicon.current?.entries ?? [])} /> : null}
      <section aria-labelledby="v-entries" class="card">
        <h2 id="v-entries">第 {version} 版的条目（只读）</h2>
        <EntryView kind={kind} rows={rows} />
      </section>
      {isCurrent ? null : <RestoreSection lexicon={lexicon} version={v} form={restore} session={c.get('session')} />}
    </>,
    status,
  )
}

function RestoreSection({ lexicon, version, form, session }: { lexicon: Lexicon; version: LexiconVersion; form: RestoreForm; session: Session | null }) {
  if (lexicon.archivedAt) return <p class="hint-text">词库已停用，不能恢复旧版本。</p>
  return (
    <section aria-labelledby="v-restore" class="card">
      <h2 id="v-restore">以此版本恢复</h2>
      <p class="hint-text">
        把第 {version.version} 版的 {version.entryCount} 条条目保存为第 {lexicon.latestVersion + 1} 版；当前版本和其他旧版本都保留可查。
      </p>
      <form method="post" action={`/admin/lexicons/${encodeURIComponent(lexicon.id)}/versions/${version.version}/restore`} class="field-row">
        <CsrfField session={session} />
        <input type="hidden" name="baseVersion" value={String(lexicon.latestVersion)} />
        <div class="field">
          <label for="r-from">新版本生效日期</label>
          <input id="r-from" name="validFrom" type="date" required value={form.validFrom} />
        </div>
        <div class="field">
          <label for="r-to">失效日期 <span class="hint-text">（可留空）</span></label>
          <input id="r-to" name="validTo" type="date" value={form.validTo} />
        </div>
        <div class="field">
          <label for="r-note">修改说明</label>
          <input id="r-note" name="note" type="text" maxlength={500} value={form.note} />
        </div>
        <div class="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit" class="primary">以此版本恢复</button>
        </div>
      </form>
    </section>
  )
}

export const adminLexiconVersionPages = new Hono<WebEnv>()
  .get('/admin/lexicons/:id/versions/:version', (c) =>
    versionPage(c, c.req.param('id'), Number(c.req.param('version')), { compare: c.req.query('compare') === 'current' }),
  )
  .post('/admin/lexicons/:id/versions/:version/restore', async (c) => {
    const ctx = c.var.ctx
    requireRole(ctx, 'admin')
    const id = c.req.param('id')
    const version = Number(c.req.param('version'))
    const old = await getLexiconVersion(ctx, id, version)
    const body = await c.req.parseBody()
    const form: RestoreForm = { validFrom: str(body, 'validFrom'), validTo: str(body, 'validTo'), note: str(body, 'note') }
    const base = Number(str(body, 'baseVersion'))
    try {
      const saved = await updateLexicon(ctx, id, {
        entries: old.entries ?? [],
        ...(form.validFrom ? { validFrom: form.validFrom } : {}),
        validTo: form.validTo || null,
        ...(form.note.trim() ? { note: form.note } : {}),
        ...(Number.isInteger(base) && base > 0 ? { baseVersion: base } : {}),
      })
      return redirectDone(c, `/admin/lexicons/${encodeURIComponent(saved.id)}`, 'lexicon-restored')
    } catch (e) {
      if (!shownError(e)) throw e
      const issues = (e.details as { issues?: { index?: number; message?: string }[] } | undefined)?.issues
      const details = issues?.map((i) => (typeof i.index === 'number' ? `第 ${i.index + 1} 条：${i.message ?? ''}` : (i.message ?? '')))
      return versionPage(c, id, version, { error: e.message, details, restore: form }, STATUS[e.code])
    }
  })
