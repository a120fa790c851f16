/** Small pieces the pages share: the sensitivity mark, a status label, empty states, an error box. */
import type { Child } from 'hono/jsx'
import { forPeople, messageWithList } from '../core/field-labels'
import { label } from './labels'

/** 【内部】/【敏感】 wherever restricted or internal material appears; nothing for public. */
export function SensitivityMark({ level }: { level: string }) {
  if (level === 'public') return null
  return <span class={`mark mark-${level}`} title={level === 'restricted' ? '敏感材料：不会发送给模型或聊天消息' : '内部材料'}>【{label(level)}】</span>
}

/** A status as a coloured label (the styles' .status-<status>). */
export const StatusBadge = ({ status, label }: { status: string; label: string }) => <span class={`status status-${status}`}>{label}</span>

export function Empty({ children }: { children: Child }) {
  return <p class="empty">{children}</p>
}

/** A form-level error, announced when the page loads. */
export function ErrorBox({ message: raw, details: rawDetails }: { message: string | null | undefined; details?: string[] }) {
  if (!raw) return null
  // For people: no field keys or codes, and each issue once (the message stops where the list begins).
  const { message, details } = messageWithList(forPeople(raw), (rawDetails ?? []).map(forPeople))
  return (
    <div class="error-box" role="alert" id="form-error" tabindex={-1}>
      <p>{message}</p>
      {details.length ? (
        <ul>
          {details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** Stored snippets are escaped by the search with <mark> around matches; anything else that looks like a tag is escaped again. */
export const safeSnippet = (s: string) => s.replace(/<(?!\/?mark>)/g, '&lt;')

/**
 * A date field: type=date (the browser's calendar), with Chinese guidance beside it, since the control
 * shows its own placeholder in the browser's language (mm/dd/yyyy in an English browser).
 */
export function DateInput({ id, name, value, required }: { id: string; name: string; value?: string | null; required?: boolean }) {
  return (
    <>
      <input id={id} name={name} type="date" value={value ?? ''} required={required} aria-describedby={`${id}-format`} />
      <span id={`${id}-format`} class="date-format">
        格式：2026-01-31（年-月-日），也可点日历图标选择
      </span>
    </>
  )
}
