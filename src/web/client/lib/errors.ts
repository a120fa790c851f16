/** Showing errors to people: the Chinese message, the request id to quote, announced at once. */
import { announce } from './announce'
import { ApiError } from './api'
import { clear, h } from './dom'
import { forPeople, messageWithList } from '../../../core/field-labels'

/** The sentence a person reads for any error (ours in Chinese; anything else a general one). */
export function errorMessage(err: unknown): string {
  if (typeof err === 'string') return err
  if (err instanceof ApiError) return forPeople(err.message)
  return '操作失败，请刷新页面后重试'
}

/** Field-level messages of a VALIDATION error, if the server gave them (`details.issues` or `details.fields`). */
export function errorDetails(err: unknown): string[] {
  if (!(err instanceof ApiError) || !err.details || typeof err.details !== 'object') return []
  const d = err.details as { issues?: { message?: unknown; path?: unknown }[] }
  if (!Array.isArray(d.issues)) return []
  return d.issues.map((i) => (typeof i.message === 'string' ? forPeople(i.message) : '')).filter(Boolean).slice(0, 20)
}

/** Shows the error (an ApiError, or a sentence of the page's own) in `box` (an element of the page, role="alert" is set) and announces it. */
export function showError(box: HTMLElement, err: unknown): void {
  const { message, details } = messageWithList(errorMessage(err), errorDetails(err))
  clear(box)
  box.hidden = false
  box.setAttribute('role', 'alert')
  box.classList.add('error-box')
  box.append(h('p', {}, message))
  if (details.length) box.append(h('ul', {}, details.map((d) => h('li', {}, d))))
  if (err instanceof ApiError && err.requestId) box.append(h('p', { class: 'meta' }, `请求编号：${err.requestId}`))
  announce(message, { assertive: true })
}

export function hideError(box: HTMLElement): void {
  clear(box)
  box.hidden = true
}
