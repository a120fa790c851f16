/**
 * Keyboard shortcuts of a page. A key without modifiers fires only outside text fields (so "/" still
 * types a slash in a field); with Ctrl/⌘ it fires everywhere (Ctrl+K reaches the search box from inside
 * the editor too). A key the focused field already handled (its default prevented, as CodeMirror does for
 * its own bindings, e.g. Ctrl+K on a Mac deleting to the line's end) is left to it.
 */
export interface Shortcut {
  key: string
  ctrl?: boolean
  shift?: boolean
  alt?: boolean
}

const inTextField = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || Boolean(t.closest('.cm-editor')))

export function onShortcut(s: Shortcut, run: (e: KeyboardEvent) => void): () => void {
  const handler = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.key.toLowerCase() !== s.key.toLowerCase()) return
    const ctrl = e.ctrlKey || e.metaKey
    if (Boolean(s.ctrl) !== ctrl || (s.shift !== undefined && s.shift !== e.shiftKey) || Boolean(s.alt) !== e.altKey) return
    if (!s.ctrl && inTextField(e.target)) return
    e.preventDefault()
    run(e)
  }
  document.addEventListener('keydown', handler)
  return () => document.removeEventListener('keydown', handler)
}
