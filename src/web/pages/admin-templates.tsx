/**
 * 管理 → 新建模板 (admins only): an office template written as plain fields — variables as rows,
 * sections as one group of fields each — or started from a copy of a template the office sees. The
 * fields become the Markdown of prompts/*.md (templates/write.ts) and go through saveTemplate, which
 * parses, validates and audits them like any template; a refusal shows the form again as typed.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { requireRole } from '../../core/auth'
import { AppError } from '../../core/errors'
import { GENRES, GONGWEN_GENRES, getTemplate, listTemplates, saveTemplate, SECTION_PURPOSES, templateSpec, TemplateErrors, type Template } from '../../templates'
import { ErrorBox } from '../components'
import { CsrfField } from '../layout'
import { page } from '../render'
import { redirectDone } from '../post-redirect'
import type { WebEnv } from '../types'
import { shownError, STATUS, templatePage } from './admin-edit'
import {
  BLANK_SECTIONS,
  BLANK_VARS,
  blankSection,
  blankVar,
  emptyForm,
  formOf,
  one,
  readForm,
  RESERVED_IDS,
  SECTION_TEXT,
  sourceOf,
  specOf,
  type SectionRow,
  type TemplateForm,
  type VarRow,
} from './admin-template-form'

interface NewState {
  error?: string
  details?: string[]
  /** The template a copy starts from. */
  from?: Template
}

const WORKING = GENRES.filter((g) => !(GONGWEN_GENRES as readonly string[]).includes(g))

function VariableRows({ vars }: { vars: VarRow[] }) {
  return (
    <table class="data entries">
      <caption class="hint-text">
        每行一个变量；清空一行即删除。字段名用英文字母开头（如 subject），在标题、骨架、固定内容中写作 {'{subject}'}。锁定的变量只由工作人员填写，模型从不生成；issuer、docNumber、signer、recipients、date、cc 必须锁定。
      </caption>
      <thead>
        <tr>
          <th scope="col">序号</th>
          <th scope="col">字段名</th>
          <th scope="col">名称</th>
          <th scope="col">必填</th>
          <th scope="col">锁定（工作人员填写）</th>
          <th scope="col">默认值</th>
          <th scope="col">说明</th>
        </tr>
      </thead>
      <tbody>
        {vars.map((v, i) => {
          const aria = (what: string) => `第 ${i + 1} 个变量 ${what}`
          return (
            <tr>
              <th scope="row">{i + 1}</th>
              <td>
                <input name={`v${i}.name`} value={v.name} aria-label={aria('字段名')} maxlength={40} />
              </td>
              <td>
                <input name={`v${i}.label`} value={v.label} aria-label={aria('名称')} maxlength={60} />
              </td>
              <td>
                <input type="checkbox" name={`v${i}.required`} value="1" checked={v.required} aria-label={aria('必填')} />
              </td>
              <td>
                <input type="checkbox" name={`v${i}.locked`} value="1" checked={v.locked} aria-label={aria('锁定')} />
              </td>
              <td>
                <input name={`v${i}.default`} value={v.default} aria-label={aria('默认值')} maxlength={200} />
              </td>
              <td>
                <input name={`v${i}.description`} value={v.description} aria-label={aria('说明')} maxlength={300} />
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function SectionFields({ s, i }: { s: SectionRow; i: number }) {
  const id = (k: string) => `s${i}-${k}`
  const text = (k: (typeof SECTION_TEXT)[number], label: string, max: number, hint?: string) => (
    <div class="field">
      <label for={id(k)}>
        {label}
        {hint ? <span class="hint-text">（{hint}）</span> : null}
      </label>
      <input id={id(k)} name={`s${i}.${k}`} value={s[k]} maxlength={max} />
    </div>
  )
  return (
    <fieldset>
      <legend>第 {i + 1} 节</legend>
      <div class="field-row">
        {text('heading', '标题', 100, '如“一、基本情况”；清空即删除本节')}
        {text('key', '键名', 40, '小写字母开头，如 basic')}
        <div class="field">
          <label for={id('kind')}>类型</label>
          <select id={id('kind')} name={`s${i}.kind`}>
            <option value="written" selected={s.kind === 'written'}>撰写（由 Wenfu 起草）</option>
            <option value="fixed" selected={s.kind === 'fixed'}>固定（照录固定内容）</option>
          </select>
        </div>
        <div class="field">
          <label for={id('print')}>标题是否印在正文中</label>
          <select id={id('print')} name={`s${i}.print`}>
            <option value="" selected={s.print === ''}>自动（有序次语的显示）</option>
            <option value="show" selected={s.print === 'show'}>显示</option>
            <option value="hide" selected={s.print === 'hide'}>不显示</option>
          </select>
        </div>
        {text('share', '篇幅（%）', 6, '占全文比例，可留空平分')}
      </div>
      <div class="field-row">
        {text('purpose', '用途', 300)}
        {text('points', '要点', 1000, '多项用；分隔')}
      </div>
      <div class="field">
        <label for={id('guidance')}>写法</label>
        <textarea id={id('guidance')} name={`s${i}.guidance`} rows={2} maxlength={2000}>
          {s.guidance}
        </textarea>
      </div>
      <div class="field-row">
        {text('content', '固定内容', 2000, '类型为固定时必填，可用 {变量}')}
        {text('skeleton', '骨架', 2000, '可选，拼装模式的起点')}
        {text('keywords', '检索词', 500, '用空格分隔')}
      </div>
      <fieldset>
        <legend>取材（本节用哪类调研发现；都不选则按标题和用途判断）</legend>
        {SECTION_PURPOSES.map((p) => (
          <label class="checkbox">
            <input type="checkbox" name={`s${i}.takes`} value={p} checked={s.takes.includes(p)} /> {p}{' '}
          </label>
        ))}
      </fieldset>
      <label class="checkbox">
        <input type="checkbox" name={`s${i}.facts`} value="1" checked={s.facts} /> 本节陈述事实，需要分配调研发现（仅撰写章节）
      </label>{' '}
      <label class="checkbox">
        <input type="checkbox" name={`s${i}.after`} value="1" checked={s.after} /> 在其他章节之后撰写（以全文为上下文，如摘要、按语）
      </label>
    </fieldset>
  )
}

async function newTemplatePage(c: Context<WebEnv>, form: TemplateForm, state: NewState = {}, status: 200 | 400 | 404 | 409 | 413 = 200) {
  const session = c.get('session')
  const templates = await listTemplates(c.var.ctx)
  const vars = [...form.vars, ...Array.from({ length: BLANK_VARS }, blankVar)]
  const sections = [...form.sections, ...Array.from({ length: BLANK_SECTIONS }, blankSection)]
  const field = (k: 'id' | 'name' | 'description' | 'title' | 'closing' | 'minutesVariable', label: string, max: number, hint?: string, required = false) => (
    <div class="field">
      <label for={`t-${k}`}>
        {label}
        {hint ? <span class="hint-text">（{hint}）</span> : null}
      </label>
      <input id={`t-${k}`} name={k} value={form[k]} maxlength={max} required={required} />
    </div>
  )
  const number = (k: 'targetChars' | 'charsPerMinute', label: string, hint: string) => (
    <div class="field">
      <label for={`t-${k}`}>
        {label}
        <span class="hint-text">（{hint}）</span>
      </label>
      <input id={`t-${k}`} name={k} type="number" min={1} step={1} value={form[k]} />
    </div>
  )
  const title = state.from ? `新建模板（以“${state.from.name}”为基础）` : '新建模板'
  return page(
    c,
    { title, nav: 'admin' },
    <>
      <p>
        <a href="/admin#templates">← 返回管理</a>
      </p>
      <h1>{title}</h1>
      <ErrorBox message={state.error} details={state.details} />
      <form method="get" action="/admin/templates/new" class="field-row">
        <div class="field">
          <label for="t-from">从已有模板复制</label>
          <select id="t-from" name="from">
            {templates.map((t) => (
              <option value={t.id} selected={t.id === state.from?.id}>
                {t.genre} · {t.name}（{t.origin === 'builtin' ? '内置' : '本办公室'}）
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit">以此为基础新建</button>
        </div>
      </form>
      <p class="hint-text">保存后本办公室起草时即可在“新建文稿”中按文种选用这份模板，版本为第 1 版。id 不能与已有模板相同；要修改已有模板，请到该模板的页面。</p>
      <form method="post" action="/admin/templates/new">
        <CsrfField session={session} />
        <input type="hidden" name="vars" value={String(vars.length)} />
        <input type="hidden" name="sections" value={String(sections.length)} />
        <section aria-labelledby="n-basic" class="card">
          <h2 id="n-basic">基本信息</h2>
          <div class="field-row">
            <div class="field">
              <label for="t-genre">文种</label>
              <select id="t-genre" name="genre">
                <optgroup label="工作文稿">
                  {WORKING.map((g) => (
                    <option value={g} selected={form.genre === g}>{g}</option>
                  ))}
                </optgroup>
                <optgroup label="公文">
                  {GONGWEN_GENRES.map((g) => (
                    <option value={g} selected={form.genre === g}>{g}</option>
                  ))}
                </optgroup>
              </select>
            </div>
            {field('id', '模板 id', 40, '小写字母开头，2–40 位小写字母、数字、连字符', true)}
            {field('name', '名称', 100, undefined, true)}
          </div>
          {field('description', '说明', 500, '在“新建文稿”中显示')}
          <div class="field-row">
            {field('title', '默认标题', 200, '可用 {变量}，如“关于{subject}的通知”')}
            {field('closing', '结束语', 50, '如“特此通知。”，由系统加在正文末尾')}
          </div>
          <div class="field-row">
            {number('targetChars', '目标字数', '全文字数')}
            {number('charsPerMinute', '每分钟字数', '讲话稿按时长计字数时填写')}
            {field('minutesVariable', '讲话时长变量', 40, '填变量的字段名，如 minutes')}
          </div>
        </section>
        <section aria-labelledby="n-vars" class="card">
          <h2 id="n-vars">变量</h2>
          <VariableRows vars={vars} />
        </section>
        <section aria-labelledby="n-rules" class="card">
          <h2 id="n-rules">写作要求</h2>
          <label for="t-instructions">本文种的写作要求 <span class="hint-text">（每次起草都交给模型；一行一条）</span></label>
          <textarea id="t-instructions" name="instructions" rows={8} maxlength={20000}>
            {form.instructions}
          </textarea>
        </section>
        <section aria-labelledby="n-sections" class="card">
          <h2 id="n-sections">章节（提纲）</h2>
          <p class="hint-text">按顺序列出各节；至少要有一个“撰写”类型的章节。</p>
          {sections.map((s, i) => (
            <SectionFields s={s} i={i} />
          ))}
        </section>
        <button type="submit" class="primary">保存模板</button>{' '}
        <button type="submit" name="more" value="1">
          再加空行（不保存）
        </button>
      </form>
    </>,
    status,
  )
}

export const adminTemplatePages = new Hono<WebEnv>()
  .get('/admin/templates/new', async (c) => {
    requireRole(c.var.ctx, 'admin')
    const fromId = c.req.query('from')
    if (!fromId) return newTemplatePage(c, emptyForm())
    const from = await getTemplate(c.var.ctx, fromId)
    return newTemplatePage(c, formOf(templateSpec(from)), { from })
  })
  .post('/admin/templates/new', async (c) => {
    const ctx = c.var.ctx
    requireRole(ctx, 'admin')
    const body = await c.req.parseBody({ all: true })
    const form = readForm(body)
    if (one(body, 'more') === '1') return newTemplatePage(c, form)
    try {
      const { spec, reasons } = specOf(form)
      const source = sourceOf(spec, reasons)
      const existing = (await listTemplates(ctx)).find((t) => t.id === spec.id)
      if (existing || RESERVED_IDS.includes(spec.id)) {
        throw new AppError('CONFLICT', existing ? `已有 id 为“${spec.id}”的模板（${existing.name}），请换一个 id；要修改它，请到该模板的页面` : `“${spec.id}”不能用作模板 id，请换一个`)
      }
      const { template } = await saveTemplate(ctx, { source })
      return redirectDone(c, `/admin/templates/${encodeURIComponent(template.id)}`, 'template-created')
    } catch (e) {
      if (e instanceof TemplateErrors) return newTemplatePage(c, form, { error: '模板有误，未保存：', details: e.reasons }, 400)
      if (!shownError(e)) throw e
      const reasons = (e.details as { reasons?: string[] } | undefined)?.reasons
      return newTemplatePage(c, form, { error: reasons ? '模板格式有误，未保存：' : e.message, details: reasons }, STATUS[e.code])
    }
  })
