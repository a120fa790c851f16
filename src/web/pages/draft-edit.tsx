/**
 * 文稿编辑: the page that looks like the printed document, with the checks panel, comments,
 * versions, workflow and export beside it. The server renders the frame and the draft's data (as a
 * JSON block the editor bundle reads, never as inline script); client/editor/ mounts CodeMirror on it.
 */
import type { Context } from 'hono'
import { raw } from 'hono/html'
import { ROLE_LABEL } from '../../core/field-labels'
import { getDraft, loadDraft, sensitivityMark, templateOf, versionText, type DraftView } from '../../drafts'
import { findingsByIds } from '../../knowledge'
import { ACTIONS, draftHistory, openReturn, TRANSITIONS } from '../../lifecycle'
import { loadSettings } from '../../offices'
import { GONGWEN_GENRES } from '../../templates'
import { localTime } from '../labels'
import { page } from '../render'
import type { WebEnv } from '../types'
import type { EditorData, MaterialInfo } from '../client/editor/data'
import { ElementsPanel, FlowHistory, ReturnBanner } from './draft-edit-parts'

/** JSON inside <script type="application/json">: no "</script>", no HTML comment opener, no line separators. */
export function jsonBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

export const STATUS_LABEL: Record<string, string> = { drafting: '起草中', in_review: '审核中', approved: '已审核', signed: '已签发', issued: '已印发', returned: '已退回' }

const EDITORS = new Set(['admin', 'drafter', 'reviewer', 'signer'])

async function materialInfo(c: Context<WebEnv>, draft: DraftView): Promise<MaterialInfo[]> {
  const ids = draft.materials.filter((m) => m.kind === 'finding').map((m) => m.id)
  const findings = new Map((await findingsByIds(c.var.ctx, ids)).map((f) => [f.id, f]))
  return draft.materials.map((m) => {
    const f = m.kind === 'finding' ? findings.get(m.id) : undefined
    return {
      marker: m.marker,
      kind: m.kind,
      title: m.title,
      sensitivity: m.sensitivity,
      mark: m.mark,
      source: f ? [f.source.kind, f.source.unit, f.source.person].filter(Boolean).join(' · ') : m.kind === 'precedent' ? '范文（只借鉴写法）' : null,
      date: f?.observedOn ?? null,
      caliber: f?.caliber ?? null,
      figures: (f?.figures ?? []).slice(0, 12).map((x) => `${x.what ? `${x.what}：` : ''}${x.value}${x.unit ?? ''}`),
    }
  })
}

/** The workflow actions this member may take on the draft now (the API refuses the rest anyway). */
async function actionsFor(c: Context<WebEnv>, draft: DraftView) {
  const role = c.var.ctx.actor.role
  const settings = await loadSettings(c.var.ctx)
  return ACTIONS.filter((a) => {
    const rule = TRANSITIONS[a]
    const from: string[] = a === 'sign' && !settings.signRequiresReview ? [...rule.from, 'in_review'] : rule.from
    return rule.roles.includes(role) && from.includes(draft.status)
  }).map((a) => ({ action: a, label: TRANSITIONS[a].label, needsNote: a === 'return' }))
}

/**
 * Sections 重新生成本节 can write again: written ones the outline holds (the stream writes from the
 * outline item; a section a person added in the editor has none, a fixed one is not generated).
 */
function regenerableSections(draft: DraftView): string[] {
  const inOutline = new Set((draft.outline?.sections ?? []).filter((o) => o.kind === 'written').map((o) => o.id))
  return draft.sections.filter((s) => s.kind === 'written' && inOutline.has(s.id)).map((s) => s.id)
}

const REGEN_SHORTCUT: [string, string] = ['Ctrl+Alt+G', '重新生成光标所在的一节']

const SHORTCUTS: [string, string][] = [
  ['Ctrl+S（Mac：⌘+S）', '保存'],
  ['F7', '审校（检查全文）'],
  ['F8 / Shift+F8', '下一处 / 上一处问题'],
  ['Ctrl+Shift+M', '在正文中列出全部问题'],
  ['Ctrl+Alt+M', '对选中的文字批注'],
  ['Ctrl+K（Mac：⌘+K）', '跳到搜索框（正文中也可用）'],
  ['Tab / Shift+Tab', '移到下一个 / 上一个控件（正文中也一样；段首空两字由版式自动完成，不必按 Tab）'],
]

/** The jumps of the bar shown at narrow widths (tablets), where the side panels sit below the document. */
const JUMPS: [string, string][] = [
  ['paper', '正文'],
  ['checks-h', '审校'],
  ['elements-h', '要素'],
  ['flow-h', '流转'],
  ['export-h', '导出'],
  ['comments-h', '批注'],
  ['versions-h', '版本'],
  ['keys-h', '快捷键'],
]

export async function editorPage(c: Context<WebEnv>) {
  const draft = await getDraft(c.var.ctx, c.req.param('id')!)
  const role = c.var.ctx.actor.role
  const [materials, actions, row, history, returned] = await Promise.all([
    materialInfo(c, draft),
    actionsFor(c, draft),
    loadDraft(c.var.ctx, draft.id),
    draftHistory(c.var.ctx, draft.id),
    openReturn(c.var.ctx, draft),
  ])
  const defs = templateOf(row).variables
  const elements = defs.map((v) => ({ name: v.name, label: v.label, required: v.required, locked: v.locked }))
  const data: EditorData = {
    id: draft.id,
    title: draft.title,
    genre: draft.genre,
    status: draft.status,
    statusLabel: STATUS_LABEL[draft.status] ?? draft.status,
    version: draft.version,
    role,
    canEdit: EDITORS.has(role) && draft.status !== 'issued',
    composeState: draft.composeState,
    sections: draft.sections.map((s) => ({ id: s.id, heading: s.heading, text: s.text, printHeading: s.printHeading })),
    regenerable: regenerableSections(draft),
    materials,
    actions,
    elements,
    variables: draft.variables,
    styleNonce: c.get('secureHeadersNonce') ?? '',
  }
  const isGongwen = (GONGWEN_GENRES as readonly string[]).includes(draft.genre)
  const recipients = isGongwen ? draft.variables.recipients : undefined
  return page(
    c,
    { title: draft.title || '文稿', nav: 'drafts', scripts: ['editor'], styles: ['editor.css'], wide: true },
    <>
      <script type="application/json" id="editor-data">
        {raw(jsonBlock(data))}
      </script>
      <div class="editor-head">
        <h1 class="editor-h1">
          文稿编辑 <span class="meta-inline">{draft.genre}</span>
        </h1>
        <p class="meta">
          状态：<span class={`status status-${draft.status}`} id="draft-status">{STATUS_LABEL[draft.status] ?? draft.status}</span> · 第 <span id="draft-version">{draft.version}</span> 版{draft.variables.docNumber ? <> · 发文字号：<span id="draft-doc-number">{draft.variables.docNumber}</span></> : null} · 更新于 {localTime(draft.updatedAt)} · 我的角色：{ROLE_LABEL[role]} {sensitivityMark(draft.sensitivity) ? <span class={`mark mark-${draft.sensitivity}`}>{sensitivityMark(draft.sensitivity)}</span> : null}
        </p>
        {draft.sensitivityNotice ? <p class="notice">{draft.sensitivityNotice}</p> : null}
        {returned ? <ReturnBanner entry={returned} /> : null}
        {draft.composeState === 'generating' ? (
          <p class="notice" id="generating-notice">
            文稿正在生成，完成前不能保存。<a href={`/drafts/${encodeURIComponent(draft.id)}/outline`}>查看生成进度</a>
          </p>
        ) : null}
      </div>
      <div class="editor-layout">
        <nav class="editor-jump" id="editor-jump" aria-label="页内跳转">
          <ul>
            {JUMPS.map(([id, label]) => (
              <li>
                <a href={`#${id}`} data-jump={id}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <section class="editor-main" aria-label="文稿">
          <div class="editor-toolbar" role="toolbar" aria-label="编辑">
            <button type="button" id="save-button" class="primary" aria-keyshortcuts="Control+S" disabled={!data.canEdit}>
              保存
            </button>
            <button type="button" id="check-button" aria-keyshortcuts="F7">
              审校
            </button>
            <button type="button" id="add-section" disabled={!data.canEdit}>
              新增一节
            </button>
            <button type="button" id="comment-button" aria-keyshortcuts="Control+Alt+M" disabled={!EDITORS.has(role)}>
              批注选中文字
            </button>
            <span id="save-state" class="save-state" role="status" aria-live="polite">
              已保存
            </span>
            <span id="page-count" class="page-count" title="按 GB/T 9704 版心估算的页数">
              约 1 页
            </span>
          </div>
          <div id="editor-error" hidden></div>
          <div id="conflict" class="conflict" hidden>
            <h2 id="conflict-h" tabindex={-1}>他人已保存了新版本</h2>
            <p>
              左边是他人保存的第 <span id="conflict-version"></span> 版，右边是你的修改。把需要保留的内容合并到右边（可点箭头采用左边的改动），再点“合并后保存”。你的修改不会被覆盖，也不会丢失。
            </p>
            <div id="conflict-merge" class="merge-host"></div>
            <div class="actions">
              <button type="button" id="conflict-save" class="primary">
                合并后保存
              </button>
              <button type="button" id="conflict-cancel">
                暂不合并，继续编辑
              </button>
            </div>
          </div>
          <div id="diff-view" class="merge-host diff-host" hidden></div>
          <div class="paper" id="paper">
            <label for="draft-title" class="visually-hidden">
              标题
            </label>
            <textarea id="draft-title" class="paper-title" rows={1} maxlength={200} readonly={!data.canEdit}>
              {draft.title}
            </textarea>
            {isGongwen ? (
              <p class="paper-recipients" id="paper-recipients" hidden={!recipients}>
                {recipients ? `${recipients}：` : ''}
              </p>
            ) : null}
            <div id="editor" class="paper-body" aria-label="正文">
              <pre class="editor-fallback">{versionText({ sections: data.sections })}</pre>
            </div>
          </div>
        </section>
        <aside class="editor-side" aria-label="要素、审校、批注、版本与流转">
          <section class="side-panel" aria-labelledby="checks-h">
            <h2 id="checks-h">审校</h2>
            <p class="meta">输入时自动检查；按 F7 立即检查。</p>
            <div id="checks-list"></div>
          </section>
          {data.canEdit ? (
            <section class="side-panel" aria-labelledby="regen-h" id="regen-panel">
              <h2 id="regen-h">重新生成本节</h2>
              <p class="meta regen-target" id="regen-target">
                把光标放在要重写的章节里。
              </p>
              <p class="meta">重新生成会在服务器上保存一个新版本，所以须先保存手头的修改；生成时文字边写边显示在下面，可随时停止。</p>
              <button type="button" id="regen-button" aria-keyshortcuts="Control+Alt+G" aria-describedby="regen-target">
                重新生成本节
              </button>
              <div id="regen-host"></div>
            </section>
          ) : null}
          <ElementsPanel fields={defs} values={draft.variables} canEdit={data.canEdit} />
          <section class="side-panel" aria-labelledby="flow-h">
            <h2 id="flow-h">流转</h2>
            <div id="flow-actions" class="actions">
              {actions.length ? null : <p class="meta">当前没有你可以执行的流转操作。</p>}
            </div>
            <div id="flow-result" role="status" aria-live="polite"></div>
            <FlowHistory entries={history} />
          </section>
          <section class="side-panel" aria-labelledby="export-h">
            <h2 id="export-h">导出</h2>
            <div class="actions">
              <button type="button" data-export="docx">
                导出 Word（.docx）
              </button>
              <button type="button" data-export="pack">
                导出送审包（.zip）
              </button>
            </div>
            <div id="export-result" role="status" aria-live="polite"></div>
          </section>
          <section class="side-panel" aria-labelledby="comments-h">
            <h2 id="comments-h">批注</h2>
            <div id="comment-form" hidden>
              <p class="meta" id="comment-quote"></p>
              <label for="comment-body">批注内容</label>
              <textarea id="comment-body" maxlength={2000} rows={3}></textarea>
              <div class="actions">
                <button type="button" id="comment-submit" class="primary">
                  添加批注
                </button>
                <button type="button" id="comment-cancel">
                  取消
                </button>
              </div>
            </div>
            <div id="comments-list">
              <p class="meta">正在读取批注……</p>
            </div>
          </section>
          <section class="side-panel" aria-labelledby="versions-h">
            <h2 id="versions-h">版本</h2>
            <div class="field-row">
              <div class="field">
                <label for="diff-from">从</label>
                <select id="diff-from"></select>
              </div>
              <div class="field">
                <label for="diff-to">到</label>
                <select id="diff-to"></select>
              </div>
            </div>
            <button type="button" id="diff-button">
              比较两个版本
            </button>
          </section>
          <section class="side-panel" aria-labelledby="keys-h">
            <h2 id="keys-h">快捷键</h2>
            <dl class="props shortcuts">
              {(data.canEdit ? [...SHORTCUTS, REGEN_SHORTCUT] : SHORTCUTS).map(([k, v]) => (
                <>
                  <dt>
                    <kbd>{k}</kbd>
                  </dt>
                  <dd>{v}</dd>
                </>
              ))}
            </dl>
          </section>
        </aside>
      </div>
    </>,
  )
}
