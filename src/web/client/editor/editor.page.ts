/**
 * 文稿编辑 (the page of src/web/pages/draft-edit.tsx): CodeMirror 6 on the draft's text, saved with
 * If-Match, kept in the browser until saved, checked as one types, with comments, versions,
 * workflow and export beside it.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { lintKeymap, openLintPanel } from '@codemirror/lint'
import { MergeView } from '@codemirror/merge'
import { searchKeymap } from '@codemirror/search'
import { Compartment, EditorState } from '@codemirror/state'
import { drawSelection, EditorView, keymap } from '@codemirror/view'
import { announce, api, ApiError, byId, clear, h, hideError, showError } from '../lib'
import { beijingTime } from '../lib/time'
import { zhPhrases } from './phrases'
import { checksExtension } from './checks'
import { commentsPanel } from './comments'
import { dropKept, keep, readKept } from './keep'
import type { EditorData } from './data'
import { elementsPanel, sameValues } from './elements'
import { jumpBar } from './jump'
import { marksExtension } from './marks'
import { pagesExtension } from './pages'
import type { RegenOutcome } from './regenerate'
import { sectionRegenPanel } from './section-regen'
import { addSectionStart, readSections, resetSections, savedForm, sectionAt, sectionsDoc, sectionsExtension, startsFromHeadings } from './sections'
import { exportButtons, flowButtons, versionsPanel } from './side'
import { unsavedParts } from './unsaved'

interface DraftJson {
  title: string
  version: number
  status: string
  sections: { id: string; heading: string; text: string; printHeading: boolean }[]
  variables: Record<string, string>
}

const data = JSON.parse(byId('editor-data').textContent ?? '{}') as EditorData
const titleBox = byId<HTMLTextAreaElement>('draft-title')
const saveState = byId('save-state')
const errorBox = byId('editor-error')
const host = byId('editor')
const materials = new Map(data.materials.map((m) => [m.marker, m]))

/** What was saved last: a save compares against it to say whether anything is unsaved. */
let saved = { version: data.version, title: data.title, sections: savedForm(data.sections), variables: data.variables }
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

const pageCount = byId('page-count')
let announcedPages = 0
let pagesTimer: number | undefined
const pages = pagesExtension({
  head: () => ({ title: titleBox.value, recipients: document.querySelector('.paper-recipients')?.textContent ?? null }),
  onPages(n) {
    pageCount.textContent = `约 ${n} 页`
    pageCount.title = `按 GB/T 9704 版心（每页 22 行、每行 28 字）估算，共约 ${n} 页；Word/WPS 排版可能相差一行`
    // the count at load is no news; a new count is said once it has stood still, not on every keystroke
    if (!announcedPages) {
      announcedPages = n
      return
    }
    window.clearTimeout(pagesTimer)
    pagesTimer = window.setTimeout(() => {
      if (n !== announcedPages) announce(`全文约 ${n} 页`)
      announcedPages = n
    }, 2000)
  },
})

const kept = readKept(data.id)
const initial = kept ?? { base: data.version, title: data.title, sections: data.sections }
base = initial.base
titleBox.value = initial.title
const elements = elementsPanel({ fields: data.elements, stored: data.variables, onChange: () => changed() })
if (kept?.variables) elements.set(kept.variables)
const { doc, starts } = sectionsDoc(initial.sections)
let regen: ReturnType<typeof sectionRegenPanel> | null = null
/** Read-only for roles that cannot edit, and for everyone while a section is being regenerated. */
const editable = new Compartment()

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
      editable.of(EditorState.readOnly.of(!data.canEdit)),
      EditorView.contentAttributes.of({ 'aria-label': '正文', 'aria-multiline': 'true', lang: 'zh-CN' }),
      sectionsExtension(),
      marksExtension(materials, (text) => {
        citeLine.textContent = text ?? ''
      }),
      checks.extension,
      pages.extension,
      keymap.of([
        { key: 'Mod-s', preventDefault: true, run: () => (void save(), true) },
        { key: 'F7', preventDefault: true, run: (v) => (checks.run(v), true) },
        { key: 'Mod-Alt-m', preventDefault: true, run: () => (comments.startFromSelection(), true) },
        { key: 'Mod-Alt-g', preventDefault: true, run: () => (void regen?.start(), true) },
        { key: 'Mod-Shift-m', run: openLintPanel },
        ...lintKeymap,
        ...defaultKeymap,
        ...historyKeymap,
        ...searchKeymap,
      ]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) changed()
        if (u.docChanged || u.selectionSet) regen?.refresh()
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
const current = () => ({ title: titleBox.value.trim(), sections: savedForm(readSections(view.state)), variables: elements.values() })
const isDirty = () => {
  const c = current()
  return base !== saved.version || c.title !== saved.title || JSON.stringify(c.sections) !== JSON.stringify(saved.sections) || !sameValues(c.variables, saved.variables)
}
/** What is unsaved, in words (标题, sections by heading, 要素). */
const unsavedText = () => {
  const parts = unsavedParts(saved, current(), elements.changed(saved.variables))
  return parts.length ? `未保存：${parts.join('；')}` : '有未保存的修改'
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
    setState(ok ? `${unsavedText()}（已在本机保留，按 Ctrl+S 保存）` : `${unsavedText()}（浏览器无法在本机保留，请尽快保存）`, 'dirty')
  }, 250)
}
titleBox.addEventListener('input', () => {
  changed()
  pages.refresh(view)
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
if (kept && isDirty()) offerRestored(kept.keptAt)
else {
  if (kept) dropKept(data.id)
  setState(`已保存（第 ${saved.version} 版）`, 'saved')
}

/**
 * After a reload that restored kept text: says what it is and offers to save it now; offline, it is
 * saved when the connection returns. A newer version on the server still answers 409 and opens the merge.
 */
function offerRestored(keptAt: string) {
  const when = beijingTime(keptAt)
  if (!navigator.onLine) {
    pendingSave = true
    setState(`已恢复上次未保存的修改（${when}）：${unsavedText()}；网络恢复后自动保存`, 'dirty')
    announce('已恢复上次未保存的修改，网络恢复后自动保存')
    return
  }
  setState(`已恢复上次未保存的修改（${when}）：${unsavedText()}；尚未保存`, 'dirty')
  const offer = h('button', { type: 'button', id: 'save-restored', class: 'primary' }, '保存恢复的修改')
  offer.addEventListener('click', () => {
    offer.remove()
    void save()
  })
  saveState.after(offer)
  announce('已恢复上次未保存的修改，尚未保存：可点“保存恢复的修改”保存')
}

async function save(): Promise<void> {
  if (!data.canEdit) return
  document.getElementById('save-restored')?.remove()
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
  if (!elements.validate(saved.variables)) {
    setState('要素有误，未保存：请按要素栏的提示修改（修改已在本机保留）', 'dirty')
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
  saved = { version, title: body.title, sections: body.sections, variables: body.variables }
  dropKept(data.id)
  if (body.sections.some((s) => !s.id)) {
    const fresh = await api<DraftJson>(`/drafts/${encodeURIComponent(data.id)}`)
    if (fresh.version === version) {
      view.dispatch({ effects: resetSections.of(startsFromHeadings(view.state.doc, fresh.sections)) })
      saved = { version, title: fresh.title, sections: savedForm(fresh.sections), variables: body.variables }
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
  showElementConflict(theirs.variables)
  panel.hidden = false
  setState(`保存冲突：他人已保存第 ${theirs.version} 版，请合并后保存（你的修改已在本机保留）`, 'error')
  byId('conflict-h').focus()
  announce('他人已保存了新版本：请在合并视图中合并后保存', { assertive: true })
}

/**
 * 要素 the other version has otherwise: those the person did not touch take the other version's value;
 * those both changed are listed, and the save after merging sends the person's.
 */
function showElementConflict(other: Record<string, string>) {
  document.getElementById('conflict-elements')?.remove()
  const mine = elements.values()
  const differ = data.elements.filter((f) => (other[f.name] ?? '') !== (mine[f.name] ?? ''))
  const untouched = differ.filter((f) => (mine[f.name] ?? '') === (saved.variables[f.name] ?? ''))
  const both = differ.filter((f) => !untouched.includes(f))
  if (untouched.length) elements.set({ ...mine, ...Object.fromEntries(untouched.map((f) => [f.name, other[f.name] ?? ''])) })
  if (!differ.length) return
  byId('conflict-merge').after(
    h(
      'div',
      { id: 'conflict-elements', class: 'notice' },
      untouched.length ? h('p', {}, `要素中他人改过、你未改的已采用他人的填写：${untouched.map((f) => f.label).join('、')}。`) : null,
      both.length ? h('p', {}, '你们都改过的要素（合并后保存时采用要素栏中你的填写，可先在要素栏中改过来）：') : null,
      both.length ? h('ul', {}, both.map((f) => h('li', {}, `${f.label}：他人为“${other[f.name] ?? '（空）'}”，你的为“${mine[f.name] ?? '（空）'}”`))) : null,
    ),
  )
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

// — toolbar, and the bar of jumps at narrow widths —
jumpBar(byId('editor-jump'), view)
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

// — 重新生成本节: the section under the cursor, streamed; the server saves it as a new version —
if (data.canEdit) {
  regen = sectionRegenPanel({
    draftId: data.id,
    view,
    regenerable: data.regenerable,
    errorBox,
    refusal: () =>
      saving || !byId('conflict').hidden
        ? '正在保存或合并，请完成后再重新生成本节。'
        : isDirty()
          ? '有未保存的修改：请先保存（Ctrl+S），再重新生成本节。重新生成会在服务器上保存一个新版本，未保存的修改不能和它合在一起。'
          : null,
    lock: (locked) => {
      view.dispatch({ effects: editable.reconfigure(EditorState.readOnly.of(locked)) })
      titleBox.readOnly = locked
      byId<HTMLButtonElement>('save-button').disabled = locked
      byId<HTMLButtonElement>('add-section').disabled = locked
    },
    adopt: adoptRegenerated,
  })
}

/**
 * After a stream: the version the server now holds becomes the editor's base, with the new text of
 * the section in the document, so the next save names the right version (no 409). A stopped or
 * failed stream usually saved nothing; the draft is read again all the same, since a stream cut off
 * late may have saved.
 */
async function adoptRegenerated(outcome: RegenOutcome, sectionId: string) {
  let fresh: DraftJson
  try {
    fresh = await api<DraftJson>(`/drafts/${encodeURIComponent(data.id)}`)
  } catch (err) {
    showError(errorBox, err)
    return
  }
  if (fresh.version === base && outcome.kind !== 'done') return
  if (isDirty()) {
    // Changed meanwhile (a fix from the checks panel): kept as it is; saving meets the new version and merges.
    setState(`本节已重新生成并保存为第 ${fresh.version} 版；你在生成期间的修改尚未保存，保存时请合并`, 'dirty')
    return
  }
  const text = fresh.sections.find((x) => x.id === sectionId)?.text
  const span = readSections(view.state).find((x) => x.id === sectionId)
  if (text !== undefined && span) {
    const headEnd = span.from + span.heading.length
    const hasBreak = !span.heading || view.state.sliceDoc(headEnd, headEnd + 1) === '\n'
    const from = span.heading ? headEnd + (hasBreak ? 1 : 0) : span.from
    view.dispatch({ changes: { from, to: from + span.text.length, insert: hasBreak ? text : `\n${text}` } })
  }
  const same = fresh.title.trim() === titleBox.value.trim() && JSON.stringify(savedForm(readSections(view.state))) === JSON.stringify(savedForm(fresh.sections))
  if (!same) {
    // Someone else saved meanwhile too: nothing here is unsaved, so the document becomes the server's.
    const next = sectionsDoc(fresh.sections)
    titleBox.value = fresh.title
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next.doc } })
    view.dispatch({ effects: resetSections.of(next.starts) })
  }
  base = fresh.version
  saved = { version: fresh.version, title: fresh.title.trim(), sections: savedForm(fresh.sections), variables: saved.variables }
  dropKept(data.id)
  setState(`已保存（第 ${fresh.version} 版）`, 'saved')
  byId('draft-version').textContent = String(fresh.version)
  comments.setVersion(fresh.version, true)
  versions.refresh()
}

if (!data.canEdit) setState(data.status === 'issued' ? '文稿已印发，只能查看' : '只读：你的角色不能修改正文', 'saved')
