/**
 * 审校 as one types: @codemirror/lint runs the content check (POST /drafts/:id/check/content) a moment
 * after the last keystroke, on the text as it is (not yet saved); each issue comes back placed in
 * that text and becomes a diagnostic with its offsets. Certain fixes are one action; a suspect's
 * likely corrections (`candidates`) are offered as choices. The panel beside the page lists the
 * issues by level; a click jumps to the span.
 */
import { forceLinting, forEachDiagnostic, linter, type Action, type Diagnostic } from '@codemirror/lint'
import { EditorView } from '@codemirror/view'
import { createChecksPanel, type CheckIssue as PanelIssue } from '../checks/panel'
import { announce, api } from '../lib'
import { readSections, savedForm, toDocPos } from './sections'

export type CheckIssue = PanelIssue & { at: { part: 'title' | 'body'; start: number; end: number } | null }

interface CheckAnswer {
  issues: CheckIssue[]
  notices: string[]
}

const SEVERITY: Record<CheckIssue['level'], Diagnostic['severity']> = { 'must-fix': 'error', suspect: 'warning', hint: 'info' }

export interface ChecksHost {
  draftId: string
  title: HTMLTextAreaElement
  /** Where the shared checks panel (client/checks/panel.ts) is built. */
  list: HTMLElement
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

  const panel = createChecksPanel(host.list, {
    jump: (i) => jump(i as CheckIssue),
    fix: (i) => apply(i as CheckIssue, i.suggestion ?? ''),
    choose: (i, c) => apply(i as CheckIssue, c),
  })

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
    panel.render(answer)
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
      const d: Diagnostic = { from, to, severity: SEVERITY[i.level], message: i.message, source: i.source, actions }
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
      panel.busy('正在检查……')
      forceLinting(v)
    },
  }
}
