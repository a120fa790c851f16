/**
 * 批注: comments anchored to a span of a saved version (offsets of its text, which the editor's
 * document is), shown as highlights in the text and as a list with replies and resolve.
 */
import { StateEffect, StateField, type Range } from '@codemirror/state'
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view'
import { announce, api, ApiError, beijingTime, byId, clear, h, hideError } from '../lib'

interface CommentJson {
  id: string
  version: number
  start: number
  end: number
  quote: string
  body: string
  authorRole: string
  authorName: string | null
  createdAt: string
  resolvedAt: string | null
  general: boolean
  replies: CommentJson[]
}

const ROLE: Record<string, string> = { admin: '管理员', drafter: '起草人', reviewer: '审核人', signer: '签发人', reader: '只读' }
/** Who wrote it: the name with the role, or the role alone when the member is gone. */
const author = (c: CommentJson) => {
  const role = ROLE[c.authorRole] ?? c.authorRole
  return c.authorName ? (c.authorName.includes(role) ? c.authorName : `${c.authorName}（${role}）`) : role
}

const setHighlights = StateEffect.define<{ from: number; to: number; id: string }[]>()
const highlightField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(set, tr) {
    let next = set.map(tr.changes)
    for (const e of tr.effects) {
      if (e.is(setHighlights)) {
        const ranges: Range<Decoration>[] = e.value.filter((r) => r.to > r.from).map((r) => Decoration.mark({ class: 'cm-comment', attributes: { 'data-comment': r.id } }).range(r.from, r.to))
        next = Decoration.set(ranges, true)
      }
    }
    return next
  },
  provide: (f) => EditorView.decorations.from(f),
})

export function commentsPanel(opts: { draftId: string; view: EditorView; canComment: boolean; version: number; isDirty: () => boolean; onError: (err: unknown) => void }) {
  const { view } = opts
  view.dispatch({ effects: StateEffect.appendConfig.of(highlightField) })
  const list = byId('comments-list')
  const form = byId('comment-form')
  const bodyBox = byId<HTMLTextAreaElement>('comment-body')
  const quoteLine = byId('comment-quote')
  let version = opts.version
  let pending: { start: number; end: number } | null = null
  const path = `/drafts/${encodeURIComponent(opts.draftId)}/comments`

  /** Where a comment's quote stands in the text now: at its offsets when they still read it, else the nearest occurrence. */
  const locate = (c: CommentJson): { from: number; to: number } | null => {
    if (c.general || !c.quote) return null
    const doc = view.state.doc.toString()
    if (doc.slice(c.start, c.end) === c.quote) return { from: c.start, to: c.end }
    let best = -1
    for (let i = doc.indexOf(c.quote); i >= 0; i = doc.indexOf(c.quote, i + 1)) if (best < 0 || Math.abs(i - c.start) < Math.abs(best - c.start)) best = i
    return best >= 0 ? { from: best, to: best + c.quote.length } : null
  }

  const item = (c: CommentJson): HTMLElement => {
    const at = locate(c)
    const replyBox = h('textarea', { rows: 2, maxlength: 2000, 'aria-label': '回复内容' }) as HTMLTextAreaElement
    const li = h(
      'li',
      { class: `comment${c.resolvedAt ? ' resolved' : ''}`, 'data-comment': c.id },
      c.general ? h('span', { class: 'meta' }, '针对全文') : at ? h('button', { type: 'button', class: 'link-button comment-quote', onclick: () => jump(at) }, `“${c.quote}”`) : h('span', { class: 'meta' }, `“${c.quote}”（原文已改动）`),
      h('p', { class: 'comment-body' }, c.body),
      h('span', { class: 'meta' }, `${author(c)} · 第 ${c.version} 版 · ${beijingTime(c.createdAt)}${c.resolvedAt ? ' · 已解决' : ''}`),
      c.replies.length ? h('ul', { class: 'replies' }, c.replies.map((r) => h('li', {}, h('p', { class: 'comment-body' }, r.body), h('span', { class: 'meta' }, `${author(r)} · ${beijingTime(r.createdAt)}`)))) : null,
      opts.canComment
        ? h(
            'div',
            { class: 'comment-actions' },
            replyBox,
            h('button', { type: 'button', onclick: () => void reply(c.id, replyBox) }, '回复'),
            c.resolvedAt ? null : h('button', { type: 'button', onclick: () => void resolve(c.id) }, '标记为已解决'),
          )
        : null,
    )
    return li
  }

  const jump = (at: { from: number; to: number }) => {
    view.dispatch({ selection: { anchor: at.from, head: at.to }, effects: EditorView.scrollIntoView(at.from, { y: 'center' }) })
    view.focus()
  }

  async function refresh() {
    try {
      const { items } = await api<{ items: CommentJson[] }>(path)
      clear(list)
      if (!items.length) list.append(h('p', { class: 'meta' }, '还没有批注。选中正文中的文字后点“批注选中文字”。'))
      else list.append(h('ul', { class: 'comment-list' }, items.map(item)))
      view.dispatch({ effects: setHighlights.of(items.filter((c) => !c.resolvedAt).flatMap((c) => { const at = locate(c); return at ? [{ ...at, id: c.id }] : [] })) })
    } catch (err) {
      opts.onError(err)
    }
  }

  async function reply(parentId: string, box: HTMLTextAreaElement) {
    if (!box.value.trim()) return box.focus()
    try {
      await api(path, { json: { parentId, body: box.value } })
      announce('已回复')
      await refresh()
    } catch (err) {
      opts.onError(err)
    }
  }

  async function resolve(id: string) {
    try {
      await api(`${path}/${encodeURIComponent(id)}/resolve`, { method: 'POST' })
      announce('批注已标记为解决')
      await refresh()
    } catch (err) {
      opts.onError(err)
    }
  }

  byId('comment-submit').addEventListener('click', async () => {
    if (!bodyBox.value.trim()) return bodyBox.focus()
    try {
      await api(path, { json: pending ? { version, start: pending.start, end: pending.end, body: bodyBox.value } : { body: bodyBox.value } })
      bodyBox.value = ''
      form.hidden = true
      hideError(byId('editor-error'))
      announce('已添加批注')
      await refresh()
      view.focus()
    } catch (err) {
      opts.onError(err)
    }
  })
  byId('comment-cancel').addEventListener('click', () => {
    form.hidden = true
    view.focus()
  })

  void refresh()
  return {
    /** Opens the form for the selected text (a whole-draft comment when nothing is selected). */
    startFromSelection() {
      if (!opts.canComment) return
      const sel = view.state.selection.main
      if (!sel.empty && opts.isDirty()) {
        opts.onError(new ApiError(409, 'CONFLICT', '有未保存的修改：请先保存（Ctrl+S），再对选中的文字批注'))
        return
      }
      pending = sel.empty ? null : { start: sel.from, end: sel.to }
      quoteLine.textContent = pending ? `批注：“${view.state.sliceDoc(sel.from, Math.min(sel.to, sel.from + 60))}”` : '针对全文的批注'
      form.hidden = false
      bodyBox.focus()
    },
    setVersion(v: number, clean: boolean) {
      version = v
      if (clean) void refresh()
    },
    refresh,
  }
}
