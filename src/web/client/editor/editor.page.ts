/**
 * 文稿编辑 (the page of src/web/pages/draft-edit.tsx): CodeMirror 6 on the draft's text, saved with
 * If-Match, kept in the browser until saved, checked as one types, with comments, versions,
 * workflow and export beside it.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { lintKeymap, openLintPanel } from '@codemirror/lint'
import { MergeView } from '@codemirror/merge'
import { searchKeymap } from '@codemirror/search'
import { EditorState } from '@codemirror/state'
import { drawSelection, EditorView, keymap } from '@codemirror/view'
import { announce, api, ApiError, byId, clear, h, hideError, showError } from '../lib'
import { beijingTime } from '../lib/time'
import { zhPhrases } from './phrases'
import { checksExtension } from './checks'
import { commentsPanel } from './comments'
import { dropKept, keep, readKept } from './keep'
import type { EditorData } from './data'
import { marksExtension } from './marks'
import { addSectionStart, readSections, resetSections, savedForm, sectionAt, sectionsDoc, sectionsExtension, startsFromHeadings } from './sections'
import { exportButtons, flowButtons, versionsPanel } from './side'

interface DraftJson {
  title: string
  version: number
  status: string
  sections: { id: string; heading: string; text: string; printHeading: boolean }[]
}

const data = JSON.parse(byId('editor-data').textContent ?? '{}') as EditorData
const titleBox = byId<HTMLTextAreaElement>('draft-title')
const saveState = byId('save-state')
const errorBox = byId('editor-error')
const host = byId('editor')
const materials = new Map(data.materials.map((m) => [m.marker, m]))

/** What was saved last: a save compares against it to say whether anything is unsaved. */
let saved = { version: data.version, title: data.title, sections: savedForm(data.sections) }
let base = data.version
let saving = false
let pendingSave = false

const citeLine = h('p', { class: 'cite-line meta', id: 'cite-line', 'aria-live': 'polite' })
byId('paper').after(citeLine)

const checks = checksExtension({
  draftId: data.id,
  title: titleBox,
  list: byId('checks-list'),
  onError: (err) => showError(errorBox, err),
})

const kept = readKept(data.id)
const initial = kept ?? { base: data.version, title: data.title, sections: data.sections }
base = initial.base
titleBox.value = initial.title
const { doc, starts } = sectionsDoc(initial.sections)

const view = new EditorView({
  parent: host,
  state: EditorState.create({
    doc,
    extensions: [
      EditorView.cspNonce.of(data.styleNonce),
      zhPhrases,
      history(),
      drawSelection(),
      EditorView.lineWrapping,
      EditorState.readOnly.of(!data.canEdit),
      EditorView.contentAttributes.of({ 'aria-label': '正文', 'aria-multiline': 'true', lang: 'zh-CN' }),
      sectionsExtension(),
      marksExtension(materials, (text) => {
        citeLine.textContent = text ?? ''
      }),
      checks.extension,
      keymap.of([
        { key: 'Mod-s', preventDefault: true, run: () => (void save(), true) },
        { key: 'F7', preventDefault: true, run: (v) => (checks.run(v), true) },
        { key: 'Mod-Alt-m', preventDefault: true, run: () => (comments.startFromSelection(), true) },
        { key: 'Mod-Shift-m', run: openLintPanel },
        ...lintKeymap,
        ...defaultKeymap,
        ...historyKeymap,
        ...searchKeymap,
      ]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) changed()
      }),
    ],
  }),
})
view.dispatch({ effects: resetSections.of(starts) })
host.querySelector('.editor-fallback')?.remove()
// the view on its host element (no global), for assistive tools and the end-to-end tests
Object.defineProperty(host, 'editorView', { value: view })
host.dataset.ready = 'true'

/** The edit as a save would send it. */
const current = () => ({ title: titleBox.value.trim(), sections: savedForm(readSections(view.state)) })
const isDirty = () => {
  const c = current()
  return base !== saved.version || c.title !== saved.title || JSON.stringify(c.sections) !== JSON.stringify(saved.sections)
}

function setState(text: string, kind: 'saved' | 'dirty' | 'busy' | 'error') {
  saveState.textContent = text
  saveState.dataset.state = kind
}

let keepTimer: number | undefined
function changed() {
  window.clearTimeout(keepTimer)
  keepTimer = window.setTimeout(() => {
    if (!isDirty()) {
      dropKept(data.id)
      setState(`已保存（第 ${saved.version} 版）`, 'saved')
      return
    }
    const ok = keep(data.id, { base, ...current() })
    setState(ok ? '有未保存的修改（已在本机保留，按 Ctrl+S 保存）' : '有未保存的修改（浏览器无法在本机保留，请尽快保存）', 'dirty')
  }, 250)
}
titleBox.addEventListener('input', () => {
  changed()
  titleBox.style.height = 'auto'
  titleBox.style.height = `${titleBox.scrollHeight}px`
})
titleBox.addEventListener('change', () => checks.run(view))
titleBox.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') e.preventDefault() // a title is one paragraph
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
    e.preventDefault()
    void save()
  }
})
if (kept && isDirty()) {
  setState(`已恢复上次未保存的修改（${beijingTime(kept.keptAt)}），尚未保存`, 'dirty')
  announce('已恢复上次未保存的修改，尚未保存')
} else {
  if (kept) dropKept(data.id)
  setState(`已保存（第 ${saved.version} 版）`, 'saved')
}

async function save(): Promise<void> {
  if (!data.canEdit) return
  if (saving) {
    pendingSave = true
    return
  }
  if (!isDirty()) {
    setState(`已保存（第 ${saved.version} 版），没有新的修改`, 'saved')
    return
  }
  const body = current()
  if (!body.title) {
    showError(errorBox, new ApiError(400, 'VALIDATION', '标题不能为空'))
    titleBox.focus()
    return
  }
  saving = true
  setState('正在保存……', 'busy')
  hideError(errorBox)
  try {
    const res = await api<{ version: number; status: string; reopened: boolean }>(`/drafts/${encodeURIComponent(data.id)}`, {
      method: 'PUT',
      json: body,
      headers: { 'if-match': `"${base}"` },
    })
    await afterSave(res.version, body)
    setState(`已保存（第 ${res.version} 版）${res.reopened ? '；内容已改动，文稿回到“起草中”，需重新审核' : ''}`, 'saved')
    announce(`已保存为第 ${res.version} 版`)
    byId('draft-version').textContent = String(res.version)
    if (res.reopened) byId('draft-status').textContent = '起草中'
  } catch (err) {
    if (err instanceof ApiError && err.status === 409 && (err.details as { currentVersion?: number } | undefined)?.currentVersion !== undefined) {
      await showConflict()
    } else if (err instanceof ApiError && err.code === 'NETWORK') {
      setState('网络中断：修改已在本机保留，网络恢复后自动保存', 'error')
      pendingSave = true
    } else {
      setState('保存失败：修改已在本机保留', 'error')
      showError(errorBox, err)
    }
  } finally {
    saving = false
  }
  if (pendingSave && navigator.onLine && saveState.dataset.state !== 'error') {
    pendingSave = false
    void save()
  }
}

/** After a save: the new base, the sections' ids from the server (new sections got theirs there). */
async function afterSave(version: number, body: ReturnType<typeof current>) {
  base = version
  saved = { version, title: body.title, sections: body.sections }
  dropKept(data.id)
  if (body.sections.some((s) => !s.id)) {
    const fresh = await api<DraftJson>(`/drafts/${encodeURIComponent(data.id)}`)
    if (fresh.version === version) {
      view.dispatch({ effects: resetSections.of(startsFromHeadings(view.state.doc, fresh.sections)) })
      saved = { version, title: fresh.title, sections: savedForm(fresh.sections) }
    }
  }
  comments.setVersion(version, !isDirty())
  versions.refresh()
}

window.addEventListener('online', () => {
  if (pendingSave || saveState.dataset.state === 'error') {
    pendingSave = false
    void save()
  }
})
window.setInterval(() => {
  if (pendingSave && navigator.onLine && !saving) {
    pendingSave = false
    void save()
  }
}, 15_000)
window.addEventListener('beforeunload', (e) => {
  // kept in the browser anyway; the question only reminds that it is not saved on the server
  if (isDirty()) e.preventDefault()
})

// — 409: both versions side by side, the person merges into theirs, nothing is overwritten —
let merge: MergeView | null = null
let theirs: DraftJson | null = null
async function showConflict() {
  theirs = await api<DraftJson>(`/drafts/${encodeURIComponent(data.id)}`)
  const panel = byId('conflict')
  const mergeHost = byId('conflict-merge')
  clear(mergeHost)
  byId('conflict-version').textContent = String(theirs.version)
  const mine = `${titleBox.value.trim()}\n\n${view.state.doc.toString()}`
  const other = `${theirs.title}\n\n${sectionsDoc(theirs.sections).doc}`
  merge = new MergeView({
    parent: mergeHost,
    a: { doc: other, extensions: [EditorView.cspNonce.of(data.styleNonce), zhPhrases, EditorView.editable.of(false), EditorState.readOnly.of(true), EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': `他人保存的第 ${theirs.version} 版` })] },
    b: { doc: mine, extensions: [EditorView.cspNonce.of(data.styleNonce), zhPhrases, history(), EditorView.lineWrapping, keymap.of([...defaultKeymap, ...historyKeymap]), EditorView.contentAttributes.of({ 'aria-label': '你的修改（合并到这里）' })] },
    revertControls: 'a-to-b',
    collapseUnchanged: { margin: 2, minSize: 6 },
  })
  panel.hidden = false
  setState(`保存冲突：他人已保存第 ${theirs.version} 版，请合并后保存（你的修改已在本机保留）`, 'error')
  byId('conflict-h').focus()
  announce('他人已保存了新版本：请在合并视图中合并后保存', { assertive: true })
}

byId('conflict-save').addEventListener('click', () => {
  if (!merge || !theirs) return
  const merged = merge.b.state.doc.toString()
  const nl = merged.indexOf('\n')
  const title = (nl < 0 ? merged : merged.slice(0, nl)).trim()
  const body = nl < 0 ? '' : merged.slice(nl + 1).replace(/^\n/, '')
  titleBox.value = title
  const known = [...theirs.sections, ...readSections(view.state)]
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: body } })
  view.dispatch({ effects: resetSections.of(startsFromHeadings(view.state.doc, known)) })
  base = theirs.version
  closeConflict()
  void save()
})
byId('conflict-cancel').addEventListener('click', () => {
  closeConflict()
  setState('有未保存的修改（与他人保存的新版本冲突，保存时将再次合并）', 'dirty')
  view.focus()
})
function closeConflict() {
  merge?.destroy()
  merge = null
  byId('conflict').hidden = true
}

// — toolbar —
byId('save-button').addEventListener('click', () => void save())
byId('check-button').addEventListener('click', () => checks.run(view))
byId('add-section').addEventListener('click', () => {
  const { to } = sectionAt(view.state, view.state.selection.main.head)
  const atEnd = to >= view.state.doc.length
  const insertAt = atEnd ? view.state.doc.length : to
  const heading = '新的一节'
  const insert = atEnd ? `\n\n${heading}\n` : `${heading}\n\n\n`
  const pos = atEnd ? insertAt + 2 : insertAt
  view.dispatch({ changes: { from: insertAt, insert }, selection: { anchor: pos, head: pos + heading.length } })
  view.dispatch({ effects: addSectionStart.of({ pos, printHeading: true }) })
  view.focus()
  announce('已新增一节：请输入本节标题')
})
document.addEventListener('keydown', (e) => {
  if (e.key === 'F7' && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault()
    checks.run(view)
  }
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's' && !(e.target instanceof Element && e.target.closest('.cm-editor, #draft-title'))) {
    e.preventDefault()
    void save()
  }
})

const comments = commentsPanel({ draftId: data.id, view, canComment: data.role !== 'reader', version: base, isDirty, onError: (err) => showError(errorBox, err) })
byId('comment-button').addEventListener('click', () => comments.startFromSelection())
const versions = versionsPanel({ draftId: data.id, nonce: data.styleNonce, onError: (err) => showError(errorBox, err) })
flowButtons({ draftId: data.id, actions: data.actions, isDirty, result: byId('flow-result') })
exportButtons({ draftId: data.id, result: byId('export-result') })

if (!data.canEdit) setState(data.status === 'issued' ? '文稿已印发，只能查看' : '只读：你的角色不能修改正文', 'saved')
