/**
 * The 要素 panel of 文稿编辑: the template's variables (主送机关, 成文日期, 发文机关, 抄送, 联系人…)
 * as the labelled fields draft-edit-parts.tsx renders, saved with the text in the same PUT and
 * If-Match, kept in the browser with it. A changed 成文日期 must name a real day, as the server checks.
 */
import { DATE_VARIABLES, docDateProblem } from '../../../core/calendar'
import { byId, clear, h } from '../lib'
import type { ElementField } from './data'

export interface ElementsPanel {
  /** The values a save sends: every stored variable, the fields' values over them, empty ones left out. */
  values(): Record<string, string>
  /** Puts values (kept in the browser, or merged) into the fields. */
  set(values: Record<string, string>): void
  /** Labels of the fields whose value differs from `saved`. */
  changed(saved: Record<string, string>): string[]
  /** Marks the fields a save may not send (a changed date that is no day); true when all are fine. */
  validate(saved: Record<string, string>): boolean
}

export const sameValues = (a: Record<string, string>, b: Record<string, string>) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].every((k) => (a[k] ?? '') === (b[k] ?? ''))
}

export function elementsPanel(opts: { fields: ElementField[]; stored: Record<string, string>; onChange: () => void }): ElementsPanel {
  const inputs = opts.fields.map((f) => ({ field: f, input: byId<HTMLInputElement>(`el-${f.name}`) }))
  const errorBox = document.getElementById('elements-error')
  const recipients = document.getElementById('paper-recipients')
  const labelOf = new Map(opts.fields.map((f) => [f.name, f.label]))

  const values = () => {
    const out: Record<string, string> = { ...opts.stored }
    for (const { field, input } of inputs) out[field.name] = input.value.trim()
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v))
  }
  const showRecipients = () => {
    if (!recipients) return
    const v = values().recipients
    recipients.textContent = v ? `${v}：` : ''
    recipients.hidden = !v
  }

  function validate(saved: Record<string, string>): boolean {
    const problems: { input: HTMLInputElement; message: string }[] = []
    for (const { field, input } of inputs) {
      input.removeAttribute('aria-invalid')
      const value = input.value.trim()
      if (!DATE_VARIABLES.includes(field.name) || !value || value === (saved[field.name] ?? '').trim()) continue
      const message = docDateProblem(field.label, value)
      if (message) problems.push({ input, message })
    }
    if (errorBox) {
      clear(errorBox)
      errorBox.hidden = !problems.length
      if (problems.length) errorBox.append(h('ul', {}, problems.map((p) => h('li', {}, p.message))))
    }
    for (const p of problems) p.input.setAttribute('aria-invalid', 'true')
    problems[0]?.input.focus()
    return !problems.length
  }

  for (const { input } of inputs) {
    input.addEventListener('input', () => {
      showRecipients()
      opts.onChange()
    })
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') e.preventDefault()
    })
  }

  return {
    values,
    set(v) {
      for (const { field, input } of inputs) input.value = v[field.name] ?? ''
      showRecipients()
    },
    changed(saved) {
      const now = values()
      return [...new Set([...Object.keys(now), ...Object.keys(saved)])].filter((k) => (now[k] ?? '') !== (saved[k] ?? '')).map((k) => labelOf.get(k) ?? k)
    },
    validate,
  }
}
