/**
 * 重新生成本节 in the editor: the section under the cursor, streamed into the side panel's preview.
 * The stream saves a new version on the server, so it is refused while the page holds unsaved edits,
 * and the editor is read-only while it runs; what follows (the text into the document, the new base
 * version) is the page's `adopt`.
 */
import type { EditorView } from '@codemirror/view'
import { byId, showError } from '../lib'
import { sectionRegenerator, type RegenOutcome } from './regenerate'
import { readSections, sectionAt } from './sections'

export interface SectionRegenOptions {
  draftId: string
  view: EditorView
  regenerable: string[]
  errorBox: HTMLElement
  /** Why the page cannot regenerate now (unsaved edits, a save under way), or null. */
  refusal: () => string | null
  /** Locks the editor while the stream runs (its result would overwrite what is typed meanwhile). */
  lock: (locked: boolean) => void
  /** Takes the outcome into the document and the page's saved state. */
  adopt: (outcome: RegenOutcome, sectionId: string) => Promise<void>
}

/** The section whose chunk holds the cursor, as a save would send it. */
function sectionUnderCursor(view: EditorView) {
  const { from } = sectionAt(view.state, view.state.selection.main.head)
  return readSections(view.state).find((s) => s.from === from) ?? null
}

export function sectionRegenPanel(opts: SectionRegenOptions) {
  const button = byId<HTMLButtonElement>('regen-button')
  const target = byId('regen-target')
  const allowed = new Set(opts.regenerable)
  const regen = sectionRegenerator({
    draftId: opts.draftId,
    label: '重新生成的文字（预览）',
    onError: (err) => showError(opts.errorBox, err),
    onRunning: (running) => {
      button.disabled = running
      opts.lock(running)
    },
  })
  byId('regen-host').append(regen.element)

  /** Why the section under the cursor cannot be streamed, or null. */
  function reasonFor(s: ReturnType<typeof sectionUnderCursor>): string | null {
    if (!s) return '光标不在任何章节里。'
    const name = s.heading ? `“${s.heading}”` : '这一段'
    if (!s.id) return `${name}是新增的章节：请先保存，再重新生成。`
    if (!allowed.has(s.id)) return `${name}是固定内容或不在提纲里，不能重新生成。`
    return null
  }

  function refresh() {
    if (regen.running) return
    const s = sectionUnderCursor(opts.view)
    const reason = reasonFor(s)
    target.textContent = reason ?? `光标所在的章节：“${s!.heading}”`
  }

  async function start() {
    if (regen.running) return
    const s = sectionUnderCursor(opts.view)
    const refusal = opts.refusal() ?? reasonFor(s)
    if (refusal) {
      showError(opts.errorBox, refusal)
      return
    }
    const section = { id: s!.id!, heading: s!.heading }
    const outcome = await regen.run(section)
    await opts.adopt(outcome, section.id)
    refresh()
    if (outcome.kind !== 'failed') button.focus()
  }

  button.addEventListener('click', () => void start())
  refresh()
  return { refresh, start }
}
