/** A finding's page (source, date, 口径, figures) and its form: create and edit, figures as rows. */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { AppError } from '../../core/errors'
import { createFinding, getFinding, SENSITIVITIES, SOURCE_KINDS, updateFinding, type Finding } from '../../knowledge'
import { DateInput, ErrorBox, SensitivityMark } from '../components'
import { CsrfField } from '../layout'
import { label, localTime } from '../labels'
import { Markdown, page } from '../render'
import type { WebEnv } from '../types'

/** The form's values as the person typed them (kept when the server refuses them). */
interface FormValues {
  title: string
  body: string
  topic: string
  tags: string
  sourceKind: string
  sourceUnit: string
  sourcePerson: string
  observedOn: string
  caliber: string
  sensitivity: string
  figures: { what: string; value: string; unit: string }[]
}

const EMPTY_ROWS = 2

function valuesOf(f: Finding | null): FormValues {
  return {
    title: f?.title ?? '',
    body: f?.body ?? '',
    topic: f?.topic ?? '',
    tags: f?.tags.join('，') ?? '',
    sourceKind: f?.source.kind ?? '座谈',
    sourceUnit: f?.source.unit ?? '',
    sourcePerson: f?.source.person ?? '',
    observedOn: f?.observedOn ?? '',
    caliber: f?.caliber ?? '',
    sensitivity: f?.sensitivity ?? 'internal',
    figures: (f?.figures ?? []).map((x) => ({ what: x.what, value: String(x.value), unit: x.unit })),
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : '')
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : typeof v === 'string' ? [v] : [])

function readForm(form: Record<string, unknown>): FormValues {
  const what = list(form['figure_what'])
  const value = list(form['figure_value'])
  const unit = list(form['figure_unit'])
  const figures = what.map((w, i) => ({ what: w, value: value[i] ?? '', unit: unit[i] ?? '' }))
  return {
    title: str(form.title),
    body: str(form.body),
    topic: str(form.topic),
    tags: str(form.tags),
    sourceKind: str(form.source_kind),
    sourceUnit: str(form.source_unit),
    sourcePerson: str(form.source_person),
    observedOn: str(form.observed_on),
    caliber: str(form.caliber),
    sensitivity: str(form.sensitivity),
    figures: figures.slice(0, 60),
  }
}

/** The domain input of the form: empty rows dropped, numbers read with full-width digits and commas allowed. */
function toInput(v: FormValues) {
  const rows = v.figures.filter((r) => r.what.trim() || r.value.trim() || r.unit.trim())
  const figures = rows.map((r, i) => {
    const text = r.value.normalize('NFKC').replace(/[,，\s]/g, '')
    const value = Number(text)
    if (!text || !Number.isFinite(value)) throw new AppError('VALIDATION', `第 ${i + 1} 行数据的数值“${r.value}”不是数字`, { field: 'figures' })
    if (!r.what.trim()) throw new AppError('VALIDATION', `第 ${i + 1} 行数据缺少“指标”`, { field: 'figures' })
    return { what: r.what, value, unit: r.unit }
  })
  const blank = (s: string) => (s.trim() ? s.trim() : null)
  return {
    title: v.title,
    body: v.body,
    topic: blank(v.topic),
    tags: v.tags.split(/[,，、;；\s]+/).map((t) => t.trim()).filter(Boolean),
    source: { kind: v.sourceKind, unit: blank(v.sourceUnit), person: blank(v.sourcePerson) },
    observedOn: blank(v.observedOn),
    caliber: blank(v.caliber),
    sensitivity: v.sensitivity,
    figures,
  }
}

function FindingForm({ c, values, action, error, details }: { c: Context<WebEnv>; values: FormValues; action: string; error?: string; details?: string[] }) {
  const rows = [...values.figures, ...Array.from({ length: EMPTY_ROWS }, () => ({ what: '', value: '', unit: '' }))]
  return (
    <form method="post" action={action} class="finding-form" novalidate>
      <CsrfField session={c.get('session')} />
      <ErrorBox message={error} details={details} />
      <div class="field">
        <label for="f-title">标题</label>
        <input id="f-title" name="title" type="text" value={values.title} required maxlength={200} />
      </div>
      <div class="field">
        <label for="f-body">正文</label>
        <textarea id="f-body" name="body" required maxlength={20000} rows={8}>{values.body}</textarea>
      </div>
      <fieldset>
        <legend>来源</legend>
        <div class="field-row">
          <div class="field">
            <label for="f-source-kind">来源方式</label>
            <select id="f-source-kind" name="source_kind">
              {SOURCE_KINDS.map((k) => (
                <option value={k} selected={values.sourceKind === k}>{k}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-source-unit">来源单位</label>
            <input id="f-source-unit" name="source_unit" type="text" value={values.sourceUnit} maxlength={200} />
          </div>
          <div class="field">
            <label for="f-source-person">提供人</label>
            <input id="f-source-person" name="source_person" type="text" value={values.sourcePerson} maxlength={200} />
          </div>
        </div>
      </fieldset>
      <div class="field-row">
        <div class="field">
          <label for="f-observed">调研日期</label>
          <DateInput id="f-observed" name="observed_on" value={values.observedOn} />
        </div>
        <div class="field">
          <label for="f-topic">专题</label>
          <input id="f-topic" name="topic" type="text" value={values.topic} maxlength={200} />
        </div>
        <div class="field">
          <label for="f-sensitivity">密级</label>
          <select id="f-sensitivity" name="sensitivity">
            {SENSITIVITIES.map((s) => (
              <option value={s} selected={values.sensitivity === s}>{label(s)}</option>
            ))}
          </select>
        </div>
      </div>
      <div class="field">
        <label for="f-tags">
          标签 <span class="hint-text">（用逗号或顿号分隔）</span>
        </label>
        <input id="f-tags" name="tags" type="text" value={values.tags} maxlength={900} />
      </div>
      <div class="field">
        <label for="f-caliber">
          口径 <span class="hint-text">（数据的统计范围、时点、来源说明）</span>
        </label>
        <textarea id="f-caliber" name="caliber" rows={2} maxlength={1000}>{values.caliber}</textarea>
      </div>
      <fieldset>
        <legend>数据</legend>
        <table class="data figures" id="figure-rows">
          <thead>
            <tr>
              <th scope="col">指标</th>
              <th scope="col">数值</th>
              <th scope="col">单位</th>
              <th scope="col"><span class="visually-hidden">操作</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr>
                <td>
                  <input name="figure_what" type="text" value={r.what} maxlength={200} aria-label={`第 ${i + 1} 行 指标`} />
                </td>
                <td>
                  <input name="figure_value" type="text" inputmode="decimal" value={r.value} maxlength={30} aria-label={`第 ${i + 1} 行 数值`} />
                </td>
                <td>
                  <input name="figure_unit" type="text" value={r.unit} maxlength={20} aria-label={`第 ${i + 1} 行 单位`} />
                </td>
                <td>
                  <button type="button" class="remove-row" hidden>删除</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" id="add-figure" hidden>添加一行数据</button>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary">保存</button>
        <a href="/knowledge" class="button">取消</a>
      </div>
    </form>
  )
}

function FindingView({ f }: { f: Finding }) {
  return (
    <article aria-labelledby="doc-title">
      <p class="meta">
        <a href="/knowledge">知识库</a> › 调研发现
      </p>
      <h1 id="doc-title">
        {f.title} <SensitivityMark level={f.sensitivity} />
      </h1>
      <dl class="props">
        <dt>来源</dt>
        <dd>{[f.source.kind, f.source.unit, f.source.person].filter(Boolean).join(' · ')}</dd>
        <dt>调研日期</dt>
        <dd>{f.observedOn || '未注明'}</dd>
        <dt>口径</dt>
        <dd>{f.caliber?.trim() || '未注明'}</dd>
        {f.topic ? (<><dt>专题</dt><dd>{f.topic}</dd></>) : null}
        {f.tags.length ? (<><dt>标签</dt><dd>{f.tags.join('、')}</dd></>) : null}
        <dt>密级</dt>
        <dd>{label(f.sensitivity)}</dd>
        <dt>更新时间</dt>
        <dd>{localTime(f.updatedAt)}</dd>
      </dl>
      <section aria-label="正文" class="card">
        <Markdown text={f.body} />
      </section>
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">数据</h2>
        {f.figures.length ? (
          <table class="data">
            <thead>
              <tr>
                <th scope="col">指标</th>
                <th scope="col">数值</th>
                <th scope="col">单位</th>
              </tr>
            </thead>
            <tbody>
              {f.figures.map((x) => (
                <tr>
                  <td>{x.what}</td>
                  <td>{String(x.value)}</td>
                  <td>{x.unit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="empty">没有数据。</p>
        )}
      </section>
      <p class="actions">
        <a class="button" href={`/knowledge/findings/${encodeURIComponent(f.id)}/edit`}>编辑</a>
      </p>
    </article>
  )
}

const formError = (e: unknown) => {
  if (!(e instanceof AppError) || (e.code !== 'VALIDATION' && e.code !== 'CONFLICT' && e.code !== 'FORBIDDEN')) throw e
  const issues = (e.details as { issues?: { message: string }[] } | undefined)?.issues ?? []
  return { error: e.message, details: issues.map((i) => i.message).slice(0, 20), status: e.code === 'VALIDATION' ? 400 : e.code === 'CONFLICT' ? 409 : 403 } as const
}

export const findingPages = new Hono<WebEnv>()
  .get('/knowledge/findings/new', (c) =>
    page(c, { title: '录入调研发现', nav: 'knowledge', scripts: ['finding-form'] }, <><h1>录入调研发现</h1><FindingForm c={c} values={valuesOf(null)} action="/knowledge/findings" /></>),
  )
  .post('/knowledge/findings', async (c) => {
    const values = readForm(await c.req.parseBody({ all: true }))
    try {
      const f = await createFinding(c.var.ctx, toInput(values))
      return c.redirect(`/knowledge/findings/${encodeURIComponent(f.id)}?saved=1`, 303)
    } catch (e) {
      const { status, ...err } = formError(e)
      return page(c, { title: '录入调研发现', nav: 'knowledge', scripts: ['finding-form'] }, <><h1>录入调研发现</h1><FindingForm c={c} values={values} action="/knowledge/findings" {...err} /></>, status)
    }
  })
  .get('/knowledge/findings/:id', async (c) => {
    const f = await getFinding(c.var.ctx, c.req.param('id'))
    return page(
      c,
      { title: f.title, nav: 'knowledge' },
      <>
        {c.req.query('saved') ? <p class="ok-box" role="status">已保存。</p> : null}
        <FindingView f={f} />
      </>,
    )
  })
  .get('/knowledge/findings/:id/edit', async (c) => {
    const f = await getFinding(c.var.ctx, c.req.param('id'))
    const action = `/knowledge/findings/${encodeURIComponent(f.id)}`
    return page(c, { title: `编辑：${f.title}`, nav: 'knowledge', scripts: ['finding-form'] }, <><h1>编辑调研发现</h1><FindingForm c={c} values={valuesOf(f)} action={action} /></>)
  })
  .post('/knowledge/findings/:id', async (c) => {
    const id = c.req.param('id')
    const values = readForm(await c.req.parseBody({ all: true }))
    try {
      await updateFinding(c.var.ctx, id, toInput(values))
      return c.redirect(`/knowledge/findings/${encodeURIComponent(id)}?saved=1`, 303)
    } catch (e) {
      const { status, ...err } = formError(e)
      const action = `/knowledge/findings/${encodeURIComponent(id)}`
      return page(c, { title: '编辑调研发现', nav: 'knowledge', scripts: ['finding-form'] }, <><h1>编辑调研发现</h1><FindingForm c={c} values={values} action={action} {...err} /></>, status)
    }
  })
