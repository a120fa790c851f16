/**
 * Parts of 文稿编辑 (draft-edit.tsx): the 要素 panel (the template's variables as labelled fields,
 * saved with the text by client/editor/elements.ts), the 流转记录 and the 退回 note a drafter has to
 * answer. Times in Beijing time.
 */
import { DATE_VARIABLES } from '../../core/calendar'
import { ROLE_LABEL } from '../../core/field-labels'
import type { FlowEntry } from '../../lifecycle'
import type { TemplateVariable } from '../../templates'
import { localTime } from '../labels'

/** A template variable's label: 必填, and 人工填写 for the locked ones (filled by people, never generated). */
export function VariableLabel({ v, id }: { v: TemplateVariable; id: string }) {
  return (
    <label for={id}>
      {v.label}
      {v.required ? <span class="required">（必填）</span> : null}
      {v.locked ? <span class="locked-badge">人工填写</span> : null}
    </label>
  )
}

export function ElementsPanel({ fields, values, canEdit }: { fields: TemplateVariable[]; values: Record<string, string>; canEdit: boolean }) {
  return (
    <section class="side-panel elements-panel" aria-labelledby="elements-h">
      <h2 id="elements-h">要素</h2>
      {fields.length ? (
        <>
          <p class="hint-text">
            标有<span class="locked-badge">人工填写</span>的要素只由工作人员填写，模型不生成。改动与正文一起保存（Ctrl+S）。
          </p>
          <div id="elements-error" class="error-box" role="alert" hidden></div>
          {fields.map((v) => {
            const hint = [DATE_VARIABLES.includes(v.name) ? '如：2026年12月2日' : null, v.description ?? null].filter(Boolean).join('；')
            return (
              <div class="field">
                <VariableLabel v={v} id={`el-${v.name}`} />
                <input
                  type="text"
                  id={`el-${v.name}`}
                  data-element={v.name}
                  value={values[v.name] ?? ''}
                  maxlength={2000}
                  readonly={!canEdit}
                  required={v.required}
                  aria-describedby={hint ? `el-${v.name}-hint` : undefined}
                />
                {hint ? (
                  <span class="hint-text" id={`el-${v.name}-hint`}>
                    {hint}
                  </span>
                ) : null}
              </div>
            )
          })}
        </>
      ) : (
        <p class="meta">这个模板没有要素。</p>
      )}
    </section>
  )
}

const who = (e: FlowEntry) => `${e.memberName ?? '（已删除的成员）'}（${ROLE_LABEL[e.role as keyof typeof ROLE_LABEL] ?? e.role}）`

export function FlowHistory({ entries }: { entries: FlowEntry[] }) {
  return (
    <>
      <h3 id="history-h">流转记录</h3>
      {entries.length ? (
        <ol class="flow-history" aria-labelledby="history-h">
          {entries.map((e) => (
            <li data-action={e.action}>
              <time datetime={e.at}>{localTime(e.at)}</time> {who(e)} <strong>{e.label}</strong>
              {e.docNumber ? <span>（发文字号：{e.docNumber}）</span> : null}
              {e.note ? <blockquote class="flow-note">{e.note}</blockquote> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p class="meta">还没有流转记录。</p>
      )}
    </>
  )
}

/** The latest 退回 the draft has not been resubmitted since: at the top of the editor. */
export function ReturnBanner({ entry }: { entry: FlowEntry }) {
  return (
    <section class="return-banner" aria-labelledby="return-h" id="return-banner">
      <h2 id="return-h">文稿已被退回修改</h2>
      <p>
        {who(entry)}于 <time datetime={entry.at}>{localTime(entry.at)}</time>（北京时间）退回，意见：
      </p>
      <blockquote class="flow-note">{entry.note ?? '（未写退回意见）'}</blockquote>
      <p class="meta">按意见修改并保存后，重新起草、再次提交审核。</p>
    </section>
  )
}
