/**
 * 审校 as one types: @codemirror/lint runs the content check (POST /drafts/:id/check/content) a moment
 * after the last keystroke, on the text as it is (not yet saved); each issue comes back placed in
 * that text and becomes a diagnostic with its offsets. Certain fixes are one action; a suspect's
 * likely corrections (`candidates`) are offered as choices. The panel beside the page lists the
 * issues by level; a click jumps to the span.
 */
import { forceLinting, forEachDiagnostic, linter, type Action, type Diagnostic } from '@codemirror/lint'
import { EditorView } from '@codemirror/view'
import { announce, api, clear, h } from '../lib'
import { readSections, savedForm, toDocPos } from './sections'

export interface CheckIssue {
  id: string
  ruleId: string
  level: 'must-fix' | 'suspect' | 'hint'
  message: string
  excerpt: string
  suggestion?: string
  candidates?: string[]
  source: string
  field?: string
  at: { part: 'title' | 'body'; start: number; end: number } | null
}

interface CheckAnswer {
  issues: CheckIssue[]
  notices: string[]
  stats: { byLevel: Record<CheckIssue['level'], number> }
}

const LEVELS: { level: CheckIssue['level']; label: string; severity: Diagnostic['severity'] }[] = [
  { level: 'must-fix', label: '必须修改', severity: 'error' },
  { level: 'suspect', label: '疑似', severity: 'warning' },
  { level: 'hint', label: '提示', severity: 'info' },
]

export interface ChecksHost {
  draftId: string
  title: HTMLTextAreaElement
  list: HTMLElement
  summary: HTMLElement
  onError: (err: unknown) => void
}

const replaceLabel = (s: string) => (s === '' ? '删去' : `改为“${s}”`)

/** Replaces [from, to) in the title box (issues placed in the title). */
function replaceInTitle(box: HTMLTextAreaElement, from: number, to: number, text: string) {
  box.value = box.value.slice(0, from) + text + box.value.slice(to)
  box.dispatchEvent(new Event('input', { bubbles: true }))
}

export function checksExtension(host: ChecksHost) {
  let view: EditorView | null = null
  const diagnosticOf = new WeakMap<CheckIssue, Diagnostic>()

  const render = (answer: CheckAnswer) => {
    clear(host.list)
    const counts = LEVELS.map((l) => `${l.label} ${answer.stats.byLevel[l.level] ?? 0} 处`).join('，')
    host.summary.textContent = answer.issues.length ? `共 ${answer.issues.length} 处：${counts}。` : '没有发现问题。'
    for (const n of answer.notices) host.list.append(h('p', { class: 'notice' }, n))
    for (const l of LEVELS) {
      const items = answer.issues.filter((i) => i.level === l.level)
      if (!items.length) continue
      host.list.append(
        h('h3', { class: `level-h level-${l.level}` }, `${l.label}（${items.length}）`),
        h('ul', { class: 'issue-list' }, items.map((i) => issueItem(i))),
      )
    }
  }

  const jump = (i: CheckIssue) => {
    if (!i.at || !view) return
    if (i.at.part === 'title') {
      host.title.focus()
      host.title.setSelectionRange(i.at.start, i.at.end)
      return
    }
    const range = docRange(i)
    if (!range) return
    const { from, to } = range
    view.dispatch({ selection: { anchor: from, head: to }, effects: EditorView.scrollIntoView(from, { y: 'center' }) })
    view.focus()
  }

  /** The issue's span in the document now: its diagnostic, which the lint extension maps through edits. */
  const docRange = (i: CheckIssue) => {
    const d = diagnosticOf.get(i)
    let found: { from: number; to: number } | null = null
    if (d && view) forEachDiagnostic(view.state, (x, from, to) => {
      if (x === d) found = { from, to }
    })
    return found as { from: number; to: number } | null
  }

  const apply = (i: CheckIssue, text: string) => {
    if (!i.at || !view) return
    if (i.at.part === 'title') replaceInTitle(host.title, i.at.start, i.at.end, text)
    else {
      const range = docRange(i)
      if (!range) return
      const { from, to } = range
      view.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length }, userEvent: 'input.fix' })
    }
    announce(`已${replaceLabel(text)}`)
  }

  const issueItem = (i: CheckIssue) => {
    const place = i.at ? (i.at.part === 'title' ? '标题' : '正文') : i.field ? '文稿信息' : '主送机关'
    const fixes: HTMLElement[] = []
    if (i.suggestion !== undefined && i.at) fixes.push(h('button', { type: 'button', class: 'fix', onclick: () => apply(i, i.suggestion!) }, replaceLabel(i.suggestion)))
    for (const c of i.candidates ?? []) if (i.at) fixes.push(h('button', { type: 'button', class: 'candidate', onclick: () => apply(i, c) }, `可能为“${c}”`))
    return h(
      'li',
      { class: `issue issue-${i.level}`, 'data-rule': i.ruleId },
      i.at
        ? h('button', { type: 'button', class: 'issue-jump link-button', onclick: () => jump(i) }, `${place}：“${i.excerpt}”`)
        : h('span', { class: 'issue-place' }, `${place}${i.excerpt ? `：“${i.excerpt}”` : ''}`),
      h('span', { class: 'issue-message' }, i.message),
      h('span', { class: 'meta' }, `依据：${i.source}`),
      fixes.length ? h('span', { class: 'issue-fixes' }, fixes) : null,
    )
  }

  const source = async (v: EditorView): Promise<Diagnostic[]> => {
    view = v
    const state = v.state
    const spans = readSections(state)
    const title = host.title.value.trim()
    if (!title || !spans.some((s) => s.text.trim())) return []
    let answer: CheckAnswer
    try {
      answer = await api<CheckAnswer>(`/drafts/${encodeURIComponent(host.draftId)}/check/content`, { json: { title, sections: savedForm(spans) } })
    } catch (err) {
      host.onError(err)
      return []
    }
    render(answer)
    announce(host.summary.textContent ?? '')
    const out: Diagnostic[] = []
    for (const i of answer.issues) {
      if (!i.at || i.at.part !== 'body') continue
      const from = toDocPos(spans, i.at.start)
      const to = Math.max(from, toDocPos(spans, i.at.end))
      if (to > state.doc.length) continue
      const actions: Action[] = []
      const act = (text: string): Action => ({ name: replaceLabel(text), apply: (view, f, t) => view.dispatch({ changes: { from: f, to: t, insert: text }, userEvent: 'input.fix' }) })
      if (i.suggestion !== undefined) actions.push(act(i.suggestion))
      for (const c of i.candidates ?? []) actions.push({ ...act(c), name: `可能为“${c}”` })
      const d: Diagnostic = { from, to, severity: LEVELS.find((l) => l.level === i.level)!.severity, message: i.message, source: i.source, actions }
      diagnosticOf.set(i, d)
      out.push(d)
    }
    return out
  }

  return {
    extension: linter(source, { delay: 1200 }),
    /** Checks now (F7, the 审校 button, an edit of the title). */
    run(v: EditorView) {
      view = v
      host.summary.textContent = '正在检查……'
      forceLinting(v)
    },
  }
}
