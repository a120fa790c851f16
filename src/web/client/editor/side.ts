/** Beside the page: versions with a visual diff, the workflow buttons of the member's role, export. */
import { MergeView } from '@codemirror/merge'
import { EditorState } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { announce, api, apiResponse, ApiError, byId, clear, errorMessage, h } from '../lib'
import { beijingTime } from '../lib/time'
import { zhPhrases } from './phrases'

const REASONS: Record<string, string> = { created: '新建', outline: '提纲', generate: '生成', compose: '撰写', edit: '修改', issue: '印发' }

export function versionsPanel(opts: { draftId: string; nonce: string; onError: (err: unknown) => void }) {
  const from = byId<HTMLSelectElement>('diff-from')
  const to = byId<HTMLSelectElement>('diff-to')
  const out = byId('diff-view')
  let merge: MergeView | null = null
  const base = `/drafts/${encodeURIComponent(opts.draftId)}/versions`

  async function refresh() {
    try {
      const { items } = await api<{ items: { version: number; reason: string; createdAt: string }[] }>(base)
      for (const select of [from, to]) {
        clear(select)
        for (const v of items) select.append(h('option', { value: v.version }, `第 ${v.version} 版（${REASONS[v.reason] ?? v.reason}，${beijingTime(v.createdAt)}）`))
      }
      if (items.length > 1) from.value = String(items[1]!.version)
    } catch (err) {
      opts.onError(err)
    }
  }

  byId('diff-button').addEventListener('click', async () => {
    if (from.value === to.value) {
      clear(out)
      out.hidden = false
      out.append(h('p', { class: 'meta' }, '请选择两个不同的版本。'))
      return
    }
    try {
      const [a, b] = await Promise.all([api<{ text: string; title: string }>(`${base}/${from.value}`), api<{ text: string; title: string }>(`${base}/${to.value}`)])
      merge?.destroy()
      clear(out)
      out.hidden = false
      out.append(h('h3', { tabindex: -1, id: 'diff-h' }, `第 ${from.value} 版（左）与第 ${to.value} 版（右）的差异`))
      const ro = (label: string) => [EditorView.cspNonce.of(opts.nonce), zhPhrases, EditorView.editable.of(false), EditorState.readOnly.of(true), EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': label })]
      merge = new MergeView({
        parent: out,
        a: { doc: `${a.title}\n\n${a.text}`, extensions: ro(`第 ${from.value} 版`) },
        b: { doc: `${b.title}\n\n${b.text}`, extensions: ro(`第 ${to.value} 版`) },
        collapseUnchanged: { margin: 2, minSize: 6 },
      })
      byId('diff-h').focus()
      announce(`已显示第 ${from.value} 版与第 ${to.value} 版的差异`)
    } catch (err) {
      opts.onError(err)
    }
  })
  void refresh()
  return { refresh }
}

interface GateIssue {
  message: string
  excerpt: string
}

export function flowButtons(opts: { draftId: string; actions: { action: string; label: string; needsNote: boolean }[]; isDirty: () => boolean; result: HTMLElement }) {
  const host = byId('flow-actions')
  const run = async (action: string, label: string, note?: string) => {
    clear(opts.result)
    if (opts.isDirty()) {
      opts.result.append(h('p', { class: 'error-box' }, `有未保存的修改：请先保存（Ctrl+S），再“${label}”。`))
      return
    }
    try {
      await api(`/drafts/${encodeURIComponent(opts.draftId)}/transitions`, { json: { action, ...(note ? { note } : {}) } })
      opts.result.append(h('p', { class: 'ok-box' }, `已${label}。`))
      announce(`已${label}，正在刷新页面`)
      window.setTimeout(() => window.location.reload(), 600)
    } catch (err) {
      const issues = err instanceof ApiError ? ((err.details as { issues?: GateIssue[] } | undefined)?.issues ?? []) : []
      opts.result.append(
        h('div', { class: 'error-box', role: 'alert' }, h('p', {}, errorMessage(err)), issues.length ? h('ul', {}, issues.slice(0, 20).map((i) => h('li', {}, `${i.message}（“${i.excerpt}”）`))) : null),
      )
      announce(errorMessage(err), { assertive: true })
    }
  }
  for (const a of opts.actions) {
    if (!a.needsNote) {
      host.append(h('button', { type: 'button', class: a.action === 'return' ? 'danger' : 'primary', 'data-action': a.action, onclick: () => void run(a.action, a.label) }, a.label))
      continue
    }
    const box = h('textarea', { id: `note-${a.action}`, rows: 2, maxlength: 1000 }) as HTMLTextAreaElement
    const form = h(
      'div',
      { class: 'note-form', hidden: true },
      h('label', { for: `note-${a.action}` }, `${a.label}的理由（必填）`),
      box,
      h('button', { type: 'button', class: 'danger', onclick: () => (box.value.trim() ? void run(a.action, a.label, box.value.trim()) : box.focus()) }, `确认${a.label}`),
    )
    host.append(
      h('button', { type: 'button', class: 'danger', 'data-action': a.action, 'aria-expanded': 'false', onclick: (e: Event) => {
        form.hidden = !form.hidden
        ;(e.currentTarget as HTMLElement).setAttribute('aria-expanded', String(!form.hidden))
        if (!form.hidden) box.focus()
      } }, a.label),
      form,
    )
  }
}

/** RFC 5987 filename* of Content-Disposition, or the plain filename. */
function fileName(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)
  if (star) return decodeURIComponent(star[1]!)
  return /filename="([^"]+)"/.exec(cd)?.[1] ?? fallback
}

export function exportButtons(opts: { draftId: string; result: HTMLElement }) {
  const run = async (format: string, allowPlaceholders = false) => {
    clear(opts.result)
    opts.result.append(h('p', { class: 'meta' }, '正在导出……'))
    try {
      const res = await apiResponse(`/drafts/${encodeURIComponent(opts.draftId)}/export?format=${format}${allowPlaceholders ? '&allowPlaceholders=true' : ''}`)
      const blob = await res.blob()
      const name = fileName(res, format === 'pack' ? '送审包.zip' : '文稿.docx')
      const url = URL.createObjectURL(blob)
      const a = h('a', { href: url, download: name })
      document.body.append(a)
      a.click()
      a.remove()
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
      clear(opts.result)
      opts.result.append(h('p', { class: 'ok-box' }, `已导出：${name}`))
      announce(`已导出 ${name}`)
    } catch (err) {
      clear(opts.result)
      const placeholders = err instanceof ApiError && err.status === 412 && Array.isArray((err.details as { placeholders?: unknown })?.placeholders)
      opts.result.append(
        h(
          'div',
          { class: 'error-box', role: 'alert' },
          h('p', {}, errorMessage(err)),
          placeholders ? h('button', { type: 'button', onclick: () => void run(format, true) }, '仍然导出（保留待补内容）') : null,
        ),
      )
      announce(errorMessage(err), { assertive: true })
    }
  }
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-export]')) b.addEventListener('click', () => void run(b.dataset.export!))
}
