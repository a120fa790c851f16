/**
 * 新建文稿: choose a template (by genre, with its description), fill its variables (locked ones are
 * people's, never generated), pick materials or let Wenfu retrieve by topic, choose the mode; then
 * the outline page (/drafts/:id/outline): reorder, add and remove sections, move materials between
 * them, and generate with live progress per section. client/editor/new-draft.page.ts and
 * outline.page.ts do the writes through /api/v1.
 */
import type { Context } from 'hono'
import { raw } from 'hono/html'
import { composePlan, getDraft, sensitivityMark } from '../../drafts'
import { GENRES, getTemplate, listTemplates, type Template } from '../../templates'
import { Empty } from '../components'
import { page } from '../render'
import type { WebEnv } from '../types'
import { jsonBlock } from './draft-edit'
import { VariableLabel } from './draft-edit-parts'

const TOPIC_VARIABLES = ['topic', 'subject', 'event']

function TemplateList({ templates }: { templates: Template[] }) {
  const byGenre = GENRES.map((g) => ({ genre: g, items: templates.filter((t) => t.genre === g) })).filter((g) => g.items.length)
  return (
    <>
      <h1>新建文稿</h1>
      <p>第一步：选择模板。模板按文种分组，每个模板写明它的章节和用途。</p>
      {byGenre.map((g) => (
        <section class="template-group" aria-labelledby={`genre-${g.genre}`}>
          <h2 id={`genre-${g.genre}`}>{g.genre}</h2>
          <ul class="template-list">
            {g.items.map((t) => (
              <li class="card template-card">
                <h3>
                  <a href={`/drafts/new?template=${encodeURIComponent(t.id)}`} data-template={t.id}>
                    {t.name}
                  </a>
                  {t.origin === 'office' ? <span class="kind">本办公室</span> : null}
                </h3>
                {t.description ? <p>{t.description}</p> : null}
                <p class="meta">章节：{t.sections.map((s) => s.heading).join('、')}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  )
}

function TemplateForm({ t, modelConfigured }: { t: Template; modelConfigured: boolean }) {
  const topic = t.variables.find((v) => TOPIC_VARIABLES.includes(v.name))
  return (
    <>
      <script type="application/json" id="new-draft-data">
        {raw(jsonBlock({ templateId: t.id, topicVariable: topic?.name ?? null }))}
      </script>
      <p>
        <a href="/drafts/new">← 重新选择模板</a>
      </p>
      <h1>新建文稿：{t.name}</h1>
      {t.description ? <p>{t.description}</p> : null}
      <div id="form-error" hidden tabindex={-1}></div>
      <form id="new-draft-form" class="new-draft" novalidate>
        <fieldset>
          <legend>第二步：填写要素</legend>
          <p class="hint-text">
            标有<span class="locked-badge">人工填写</span>的是发文字号、成文日期、主送机关等要素：只由工作人员填写，模型不生成，也不放进提示词。
          </p>
          <div class="field-row">
            {t.variables.map((v) => (
              <div class="field">
                <VariableLabel v={v} id={`var-${v.name}`} />
                <input type="text" id={`var-${v.name}`} name={v.name} data-variable={v.name} value={v.default ?? ''} required={v.required} maxlength={2000} aria-describedby={v.description ? `var-${v.name}-hint` : undefined} />
                {v.description ? (
                  <span class="hint-text" id={`var-${v.name}-hint`}>
                    {v.description}
                  </span>
                ) : null}
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>第三步：材料</legend>
          <div class="field">
            <label>
              <input type="radio" name="materials" value="retrieve" checked /> 由文辅按主题检索（不会自动选用敏感材料）
            </label>
            <label>
              <input type="radio" name="materials" value="pick" /> 自己挑选材料
            </label>
          </div>
          <div id="retrieve-box" class="field">
            <label for="retrieve-query">检索词</label>
            <input type="text" id="retrieve-query" maxlength={200} placeholder={topic ? `默认用“${topic.label}”` : '如：安全生产 隐患 排查'} />
          </div>
          <div id="pick-box" hidden>
            <div class="field">
              <label for="material-q">搜索知识库</label>
              <div class="search-row">
                <input type="search" id="material-q" maxlength={200} />
                <button type="button" id="material-search">
                  搜索
                </button>
              </div>
            </div>
            <div id="material-results" aria-live="polite"></div>
            <h3>已选材料</h3>
            <ul id="picked" class="item-list">
              <li class="empty">还没有选择材料。</li>
            </ul>
          </div>
        </fieldset>
        <fieldset>
          <legend>第四步：撰写方式</legend>
          <label>
            <input type="radio" name="mode" value="assemble" checked={!modelConfigured} /> 拼装：把材料按提纲编成素材包（不调用模型）
          </label>
          <label>
            <input type="radio" name="mode" value="generate" checked={modelConfigured} /> 模型撰写：{modelConfigured ? '由已配置的模型逐节撰写' : '尚未配置模型，将改用拼装'}
          </label>
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary" id="create-draft">
            新建文稿并生成提纲
          </button>
        </div>
        <p id="create-progress" class="meta" role="status" aria-live="polite"></p>
      </form>
    </>
  )
}

export async function newDraftPage(c: Context<WebEnv>) {
  const ctx = c.var.ctx
  const id = c.req.query('template')
  if (!id) {
    const templates = await listTemplates(ctx)
    return page(c, { title: '新建文稿', nav: 'new-draft', styles: ['editor.css'] }, templates.length ? <TemplateList templates={templates} /> : <Empty>还没有可用的模板。</Empty>)
  }
  const t = await getTemplate(ctx, id)
  const modelConfigured = composePlan(ctx, 'generate').mode === 'generate'
  return page(c, { title: `新建文稿：${t.name}`, nav: 'new-draft', scripts: ['new-draft'], styles: ['editor.css'] }, <TemplateForm t={t} modelConfigured={modelConfigured} />)
}

export async function outlinePage(c: Context<WebEnv>) {
  const draft = await getDraft(c.var.ctx, c.req.param('id')!)
  const data = {
    id: draft.id,
    title: draft.title,
    composeState: draft.composeState,
    jobId: draft.jobId,
    mode: draft.mode,
    outline: draft.outline,
    materials: draft.materials.map((m) => ({ marker: m.marker, kind: m.kind, id: m.id, title: m.title, mark: m.mark })),
    sections: draft.sections.map((s) => ({ id: s.id, heading: s.heading, status: s.status })),
  }
  return page(
    c,
    { title: `提纲：${draft.title}`, nav: 'new-draft', scripts: ['outline'], styles: ['editor.css'] },
    <>
      <script type="application/json" id="outline-data">
        {raw(jsonBlock(data))}
      </script>
      <h1>提纲与生成</h1>
      <p>
        《{draft.title}》 {sensitivityMark(draft.sensitivity) ? <span class={`mark mark-${draft.sensitivity}`}>{sensitivityMark(draft.sensitivity)}</span> : null} · {draft.mode === 'assemble' ? '拼装模式' : '模型撰写'}
      </p>
      <div id="form-error" hidden tabindex={-1}></div>
      <p class="hint-text">调整章节顺序（上移、下移）、增删章节、修改标题和要点，或把材料移到别的章节；保存提纲后生成正文，每节的进度显示在下面。</p>
      <div id="outline-editor">
        <p class="meta">正在读取提纲……</p>
      </div>
      <div class="actions">
        <button type="button" id="outline-add">
          新增一节
        </button>
        <button type="button" id="outline-save">
          保存提纲
        </button>
        <button type="button" id="outline-generate" class="primary">
          保存提纲并生成正文
        </button>
        <a class="button" href={`/drafts/${encodeURIComponent(draft.id)}`} id="open-editor">
          打开文稿编辑
        </a>
      </div>
      <section aria-labelledby="progress-h" class="card progress-card">
        <h2 id="progress-h">生成进度</h2>
        <p id="progress-summary" role="status" aria-live="polite">
          {draft.composeState === 'generating' ? '正在生成……' : draft.composeState === 'done' ? '已生成完毕。' : '尚未生成。'}
        </p>
        <ol id="progress-list" class="progress-list"></ol>
        <h3 id="regen-h">逐节重新生成</h3>
        <p class="hint-text">按已保存的提纲把一节重新写一遍：文字边写边显示在该节下面，写完后校验引用并保存为新版本；可随时停止，停止后本节保持原样。</p>
        <ol id="regen-list" class="regen-list" aria-labelledby="regen-h"></ol>
      </section>
    </>,
  )
}
