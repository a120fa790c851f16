/**
 * 管理 → 词库 and 模板 (admins only): a lexicon's entries as rows of plain fields, saved as a new
 * version with its in-force dates; a template's source with the office's override. Each write goes
 * through the domain modules (checks, templates), which validate and audit it.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { requireRole } from '../../core/auth'
import type { Session } from '../../core/sessions'
import { valueGloss } from '../../core/field-labels'
import { AppError } from '../../core/errors'
import { archiveLexicon, createLexicon, getLexicon, LEXICON_KINDS, listLexiconVersions, todayInChina, updateLexicon, type Lexicon, type LexiconVersion } from '../../checks'
import { deleteTemplate, getTemplate, saveTemplate, templateSource } from '../../templates'
import { DateInput, ErrorBox } from '../components'
import { CsrfField } from '../layout'
import { localTime } from '../labels'
import { doneNotice, redirectDone } from '../post-redirect'
import { page } from '../render'
import type { WebEnv } from '../types'

export type Kind = (typeof LEXICON_KINDS)[number]

export interface FieldSpec {
  key: string
  label: string
  type: 'text' | 'list' | 'date' | 'level'
  max?: number
}

const note = { key: 'note', label: '备注', type: 'text', max: 200 } as const

/** The columns of each kind's rows; `list` fields take several values separated by 、 or commas. */
export const FIELDS: Record<Kind, FieldSpec[]> = {
  formulation: [
    { key: 'label', label: '提法', type: 'text', max: 100 },
    { key: 'items', label: '规范表述（多项用、分隔）', type: 'list' },
    { key: 'variants', label: '不规范说法（多项用、分隔）', type: 'list' },
    note,
  ],
  leader: [
    { key: 'name', label: '姓名', type: 'text', max: 20 },
    { key: 'post', label: '职务', type: 'text', max: 60 },
    { key: 'validFrom', label: '任职起', type: 'date' },
    { key: 'validTo', label: '任职止', type: 'date' },
  ],
  'renamed-org': [
    { key: 'oldName', label: '原名称', type: 'text', max: 100 },
    { key: 'newName', label: '现名称', type: 'text', max: 100 },
    { key: 'renamedOn', label: '更名日期', type: 'date' },
  ],
  sensitive: [
    { key: 'word', label: '词语', type: 'text', max: 50 },
    { key: 'level', label: '级别', type: 'level' },
    { key: 'replacement', label: '建议替换为', type: 'text', max: 50 },
    note,
  ],
  confusable: [
    { key: 'wrong', label: '易错写法', type: 'text', max: 50 },
    { key: 'right', label: '正确写法', type: 'text', max: 50 },
    note,
  ],
  synonym: [
    { key: 'term', label: '规范名称', type: 'text', max: 60 },
    { key: 'abbreviations', label: '简称', type: 'list' },
    { key: 'aliases', label: '别称', type: 'list' },
    { key: 'formerNames', label: '曾用名', type: 'list' },
    note,
  ],
}

/** A lexicon kind in words (敏感词, 规范提法…). */
export const kindLabel = (kind: string) => valueGloss(kind, 'kind')

export const LEVELS = { forbidden: '禁用', caution: '慎用' } as const

/** Blank rows shown under the entries, for adding; more appear after each save. */
const BLANK_ROWS = 5
/** The API's entry limit plus the blank rows: a form with more rows is refused before parsing. */
const MAX_ROWS = 1000 + BLANK_ROWS

export type Row = Record<string, string>

const LIST_SPLIT = /[、,，;；\n]+/

/** An entry as the row's strings (lists joined with 、). */
export function toRow(entry: unknown, fields: FieldSpec[]): Row {
  const e = (entry ?? {}) as Record<string, unknown>
  const row: Row = {}
  for (const f of fields) {
    const v = e[f.key]
    row[f.key] = Array.isArray(v) ? v.join('、') : typeof v === 'string' ? v : ''
  }
  return row
}

/** A row as an entry: empty fields left out, lists split. */
function toEntry(row: Row, fields: FieldSpec[]): Record<string, unknown> {
  const entry: Record<string, unknown> = {}
  for (const f of fields) {
    const v = (row[f.key] ?? '').trim()
    if (!v) continue
    if (f.type === 'list') {
      const items = v.split(LIST_SPLIT).map((s) => s.trim()).filter(Boolean)
      if (items.length) entry[f.key] = items
    } else entry[f.key] = v
  }
  return entry
}

/** A row is blank when every typed field is empty (the level select always has a value). */
const isBlank = (row: Row, fields: FieldSpec[]) => fields.every((f) => f.type === 'level' || !(row[f.key] ?? '').trim())

/** A submitted form's text field, or '' (a file or a missing field). */
export const formField = (form: Record<string, unknown>, k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '')
const str = formField

/** The rows of a submitted form (fields named r{index}.{key}), blank ones included. */
function formRows(form: Record<string, unknown>, fields: FieldSpec[]): Row[] {
  const count = Number(str(form, 'rows'))
  if (!Number.isInteger(count) || count < 0 || count > MAX_ROWS) throw new AppError('VALIDATION', `表单行数有误（最多 ${MAX_ROWS} 行）`)
  return Array.from({ length: count }, (_, i) => Object.fromEntries(fields.map((f) => [f.key, str(form, `r${i}.${f.key}`)])))
}

interface LexiconForm {
  name: string
  validFrom: string
  validTo: string
  note: string
  rows: Row[]
}

interface EditState {
  error?: string
  details?: string[]
  ok?: string
  /** Form rows (0-based) the error names. */
  badRows?: Set<number>
  form?: LexiconForm
}

/** The column heads of a kind's entries, after `lead` (序号, or a diff's 变化 and 版本). */
export const EntryHead = ({ kind, lead = ['序号'] }: { kind: Kind; lead?: string[] }) => (
  <thead>
    <tr>
      {[...lead, ...FIELDS[kind].map((f) => f.label)].map((l) => (
        <th scope="col">{l}</th>
      ))}
    </tr>
  </thead>
)

function EntryTable({ kind, rows, badRows }: { kind: Kind; rows: Row[]; badRows?: Set<number> }) {
  const fields = FIELDS[kind]
  return (
    <table class="data entries">
      <caption class="hint-text">每行一条；清空一行即删除该条。多项内容用顿号（、）或逗号分隔。</caption>
      <EntryHead kind={kind} />
      <tbody>
        {rows.map((row, i) => (
          <tr class={badRows?.has(i) ? 'row-invalid' : undefined}>
            <th scope="row">{i + 1}</th>
            {fields.map((f) => {
              const name = `r${i}.${f.key}`
              const aria = `第 ${i + 1} 行 ${f.label}`
              const invalid = badRows?.has(i) ? 'true' : undefined
              if (f.type === 'level') {
                return (
                  <td>
                    <select name={name} aria-label={aria} aria-invalid={invalid}>
                      {Object.entries(LEVELS).map(([v, l]) => (
                        <option value={v} selected={(row[f.key] || 'forbidden') === v}>{l}</option>
                      ))}
                    </select>
                  </td>
                )
              }
              return (
                <td>
                  <input name={name} type={f.type === 'date' ? 'date' : 'text'} value={row[f.key] ?? ''} aria-label={aria} aria-invalid={invalid} maxlength={f.max ?? 2000} />
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The editor of a lexicon (or of a new one of `kind`), with the submitted values after a refusal. */
export async function lexiconPage(c: Context<WebEnv>, target: { lexicon?: Lexicon; kind: Kind }, state: EditState = {}, status: 200 | 400 | 404 | 409 | 413 = 200) {
  const { lexicon, kind } = target
  const fields = FIELDS[kind]
  const session = c.get('session')
  const current = lexicon?.current
  const versions = lexicon ? (await listLexiconVersions(c.var.ctx, lexicon.id)).items : []
  const form: LexiconForm = state.form ?? {
    name: lexicon?.name ?? '',
    validFrom: todayInChina(),
    validTo: '',
    note: '',
    rows: (current?.entries ?? []).map((e) => toRow(e, fields)),
  }
  // Saved entries have no blank rows; rows sent back after a refusal keep their numbers (the message names them).
  const kept = state.form ? form.rows.slice(0, form.rows.findLastIndex((r) => !isBlank(r, fields)) + 1) : form.rows
  const rows = [...kept, ...Array.from({ length: BLANK_ROWS }, () => ({}) as Row)]
  const title = lexicon ? `词库：${lexicon.name}` : `新建${kindLabel(kind)}词库`
  return page(
    c,
    { title, nav: 'admin' },
    <>
      <p>
        <a href="/admin#lexicons">← 返回管理</a>
      </p>
      <h1>{title}</h1>
      <ErrorBox message={state.error} details={state.details} />
      {state.ok ? <p class="ok-box" role="status">{state.ok}</p> : null}
      {lexicon ? (
        <p class="hint-text">
          类别：{kindLabel(kind)}；当前第 {lexicon.latestVersion} 版{current ? `，${current.validFrom} 起生效${current.validTo ? `，至 ${current.validTo}` : ''}，${current.entryCount} 条` : ''}
          {lexicon.archivedAt ? `；已于 ${localTime(lexicon.archivedAt)} 停用` : ''}。保存即生成第 {lexicon.latestVersion + 1} 版，旧版本保留可查。
        </p>
      ) : (
        <p class="hint-text">类别：{kindLabel(kind)}。保存后为第 1 版。</p>
      )}
      <form method="post" action={lexicon ? `/admin/lexicons/${encodeURIComponent(lexicon.id)}` : '/admin/lexicons'} class="stack">
        <CsrfField session={session} />
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="rows" value={String(rows.length)} />
        {lexicon ? <input type="hidden" name="baseVersion" value={String(lexicon.latestVersion)} /> : null}
        <div class="field-row">
          <div class="field">
            <label for="l-name">名称</label>
            <input id="l-name" name="name" type="text" required maxlength={100} value={form.name} />
          </div>
          <div class="field">
            <label for="l-from">本版生效日期</label>
            <DateInput id="l-from" name="validFrom" required value={form.validFrom} />
          </div>
          <div class="field">
            <label for="l-to">失效日期 <span class="hint-text">（可留空）</span></label>
            <DateInput id="l-to" name="validTo" value={form.validTo} />
          </div>
          <div class="field">
            <label for="l-note">修改说明</label>
            <input id="l-note" name="note" type="text" maxlength={500} value={form.note} />
          </div>
        </div>
        <EntryTable kind={kind} rows={rows} badRows={state.badRows} />
        <button type="submit" class="primary">{lexicon ? '保存为新版本' : '创建词库'}</button>
      </form>
      {lexicon ? <Versions lexicon={lexicon} versions={versions} session={session} /> : null}
    </>,
    status,
  )
}

/** The lexicon's versions with their in-force dates, and the button that stops its use. */
function Versions({ lexicon, versions, session }: { lexicon: Lexicon; versions: LexiconVersion[]; session: Session | null }) {
  return (
    <section aria-labelledby="l-versions" class="card">
      <h2 id="l-versions">版本</h2>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">版本</th>
            <th scope="col">生效</th>
            <th scope="col">条目</th>
            <th scope="col">说明</th>
            <th scope="col">保存时间</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr>
              <td>
                <a href={`/admin/lexicons/${encodeURIComponent(lexicon.id)}/versions/${v.version}`}>第 {v.version} 版</a>
              </td>
              <td>
                {v.validFrom} 起{v.validTo ? `至 ${v.validTo}` : ''}
              </td>
              <td>{v.entryCount}</td>
              <td>{v.note ?? ''}</td>
              <td>{localTime(v.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint-text">审校使用每个词库在检查日期生效的最新版本。</p>
      {lexicon.archivedAt ? null : (
        <form method="post" action={`/admin/lexicons/${encodeURIComponent(lexicon.id)}/archive`}>
          <CsrfField session={session} />
          <button type="submit" class="danger">停用此词库（版本保留，审校不再使用）</button>
        </form>
      )}
    </section>
  )
}

/** The entries of the submitted rows, and for each entry the form row it came from. */
function entriesOf(form: LexiconForm, kind: Kind) {
  const fields = FIELDS[kind]
  const entries: Record<string, unknown>[] = []
  const rowOf: number[] = []
  form.rows.forEach((r, i) => {
    if (isBlank(r, fields)) return
    entries.push(toEntry(r, fields))
    rowOf.push(i)
  })
  return { entries, rowOf }
}

/** A refusal of the domain as the page's error: each bad entry named by its row. */
function refusal(e: AppError, rowOf: number[], kind: Kind): EditState {
  const issues = (e.details as { issues?: { index?: number; path?: string; message?: string }[] } | undefined)?.issues ?? []
  const labels = new Map(FIELDS[kind].map((f) => [f.key, f.label]))
  const badRows = new Set<number>()
  const details: string[] = []
  for (const i of issues) {
    if (typeof i.index !== 'number') {
      if (i.message) details.push(i.message)
      continue
    }
    const row = rowOf[i.index] ?? i.index
    badRows.add(row)
    const field = labels.get((i.path ?? '').split('.')[0] ?? '')
    details.push(`第 ${row + 1} 行${field ? `“${field}”` : ''}：${i.message ?? ''}`)
  }
  return { error: e.message.replace(/第 [\d、]+ 条$/, badRows.size ? `第 ${[...badRows].map((r) => r + 1).join('、')} 行` : ''), details, badRows }
}

export const STATUS = { VALIDATION: 400, CONFLICT: 409, NOT_FOUND: 404, PAYLOAD_TOO_LARGE: 413 } as const
export const shownError = (e: unknown): e is AppError & { code: keyof typeof STATUS } => e instanceof AppError && e.code in STATUS

async function saveLexicon(c: Context<WebEnv>, id: string | null) {
  const ctx = c.var.ctx
  requireRole(ctx, 'admin')
  const existing = id ? await getLexicon(ctx, id) : undefined
  const body = await c.req.parseBody()
  const kind = existing?.kind ?? (str(body, 'kind') as Kind)
  if (!LEXICON_KINDS.includes(kind)) throw new AppError('VALIDATION', '请选择词库类别')
  const form: LexiconForm = { name: str(body, 'name'), validFrom: str(body, 'validFrom'), validTo: str(body, 'validTo'), note: str(body, 'note'), rows: [] }
  let rowOf: number[] = []
  try {
    form.rows = formRows(body, FIELDS[kind])
    const parsed = entriesOf(form, kind)
    rowOf = parsed.rowOf
    const input = {
      name: form.name,
      entries: parsed.entries,
      ...(form.validFrom ? { validFrom: form.validFrom } : {}),
      validTo: form.validTo || null,
      ...(form.note.trim() ? { note: form.note } : {}),
    }
    if (!existing) {
      const created = await createLexicon(ctx, { ...input, kind })
      return redirectDone(c, `/admin/lexicons/${encodeURIComponent(created.id)}`, 'lexicon-created')
    }
    const base = Number(str(body, 'baseVersion'))
    const saved = await updateLexicon(ctx, existing.id, { ...input, ...(Number.isInteger(base) && base > 0 ? { baseVersion: base } : {}) })
    return redirectDone(c, `/admin/lexicons/${encodeURIComponent(saved.id)}`, 'lexicon-saved')
  } catch (e) {
    if (!shownError(e)) throw e
    return lexiconPage(c, { lexicon: existing, kind }, { ...refusal(e, rowOf, kind), form }, STATUS[e.code])
  }
}

interface TemplateState {
  error?: string
  details?: string[]
  ok?: string
  source?: string
}

export async function templatePage(c: Context<WebEnv>, id: string, state: TemplateState = {}, status: 200 | 400 | 404 | 409 | 413 = 200) {
  const ctx = c.var.ctx
  requireRole(ctx, 'admin')
  const [t, source] = await Promise.all([getTemplate(ctx, id), state.source ?? templateSource(ctx, id)])
  const session = c.get('session')
  return page(
    c,
    { title: `模板：${t.name}`, nav: 'admin' },
    <>
      <p>
        <a href="/admin#templates">← 返回管理</a>
      </p>
      <h1>模板：{t.name}</h1>
      <ErrorBox message={state.error} details={state.details} />
      {state.ok ? <p class="ok-box" role="status">{state.ok}</p> : null}
      <p class="hint-text">
        文种：{t.genre}；第 {t.version} 版；{t.origin === 'builtin' ? '内置模板' : `本办公室的模板，${localTime(t.updatedAt)} 保存`}。{t.description}
      </p>
      <section aria-labelledby="t-vars" class="card">
        <h2 id="t-vars">变量</h2>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">字段名</th>
              <th scope="col">名称</th>
              <th scope="col">必填</th>
              <th scope="col">锁定</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {t.variables.map((v) => (
              <tr>
                <td>
                  <code>{v.name}</code>
                </td>
                <td>{v.label}</td>
                <td>{v.required ? '必填' : '选填'}</td>
                <td>{v.locked ? <strong class="locked">🔒 锁定（只由工作人员填写，模型不生成）</strong> : '—'}</td>
                <td>{v.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>章节</h3>
        <ol>
          {t.sections.map((s) => (
            <li>{s.heading}</li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="t-source" class="card">
        <h2 id="t-source">{t.origin === 'builtin' ? '为本办公室覆盖此模板' : '修改本办公室的模板'}</h2>
        <p class="hint-text">模板为 Markdown 格式（与 prompts/*.md 相同）。保存后本办公室起草时使用这份模板，版本号加一；已有的草稿不受影响。改动开头的 id 则另存为新模板。</p>
        <form method="post" action={`/admin/templates/${encodeURIComponent(t.id)}`} class="stack">
          <CsrfField session={session} />
          <label for="t-src">模板内容</label>
          <textarea id="t-src" name="source" rows={30} maxlength={50000} spellcheck={false} class="mono">
            {source}
          </textarea>
          <button type="submit" class="primary">保存</button>
        </form>
        <p>
          <a href={`/admin/templates/new?from=${encodeURIComponent(t.id)}`}>以此为基础新建模板</a>
        </p>
        {t.origin === 'office' ? (
          <form method="post" action={`/admin/templates/${encodeURIComponent(t.id)}/delete`}>
            <CsrfField session={session} />
            <button type="submit" class="danger">删除本办公室的模板（恢复内置模板，如有）</button>
          </form>
        ) : null}
      </section>
    </>,
    status,
  )
}

export const adminEditPages = new Hono<WebEnv>()
  .get('/admin/lexicons/new', (c) => {
    requireRole(c.var.ctx, 'admin')
    const kind = c.req.query('kind') as Kind
    if (!LEXICON_KINDS.includes(kind)) throw new AppError('NOT_FOUND', '没有这种词库类别')
    return lexiconPage(c, { kind })
  })
  .post('/admin/lexicons', (c) => saveLexicon(c, null))
  .get('/admin/lexicons/:id', async (c) => {
    requireRole(c.var.ctx, 'admin')
    const lexicon = await getLexicon(c.var.ctx, c.req.param('id'))
    return lexiconPage(c, { lexicon, kind: lexicon.kind }, { ok: doneNotice(c) })
  })
  .post('/admin/lexicons/:id', (c) => saveLexicon(c, c.req.param('id')))
  .post('/admin/lexicons/:id/archive', async (c) => {
    requireRole(c.var.ctx, 'admin')
    await archiveLexicon(c.var.ctx, c.req.param('id'))
    return redirectDone(c, `/admin/lexicons/${encodeURIComponent(c.req.param('id'))}`, 'lexicon-archived')
  })
  .get('/admin/templates/:id', (c) => templatePage(c, c.req.param('id'), { ok: doneNotice(c) }))
  .post('/admin/templates/:id', async (c) => {
    requireRole(c.var.ctx, 'admin')
    const source = str(await c.req.parseBody(), 'source').replace(/\r\n/g, '\n')
    try {
      const { template } = await saveTemplate(c.var.ctx, { source })
      return redirectDone(c, `/admin/templates/${encodeURIComponent(template.id)}`, 'template-saved')
    } catch (e) {
      if (!shownError(e)) throw e
      const reasons = (e.details as { reasons?: string[] } | undefined)?.reasons
      return templatePage(c, c.req.param('id'), { error: reasons ? '模板格式有误，未保存：' : e.message, details: reasons, source }, STATUS[e.code])
    }
  })
  .post('/admin/templates/:id/delete', async (c) => {
    requireRole(c.var.ctx, 'admin')
    const id = c.req.param('id')
    try {
      await deleteTemplate(c.var.ctx, id)
    } catch (e) {
      if (!shownError(e)) throw e
      return templatePage(c, id, { error: e.message }, STATUS[e.code])
    }
    // the builtin one it overrode shows again; an office-only template is gone
    return redirectDone(c, '/admin', 'template-deleted', '#templates')
  })
