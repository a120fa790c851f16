/**
 * The printed pages in the editor: a divider where each page ends ("第 1 页 / 共 3 页"), drawn where
 * pagination.ts counts the page's last line to fall: between paragraphs as a block widget, inside a
 * paragraph as an inline widget styled as a full-width block at the wrapped line. Dividers are
 * decorations, never text: the saved text, the check offsets and the comment offsets do not see them.
 *
 * The count runs a moment after the last edit (not in the transaction): meanwhile the dividers move
 * with the text they sit in, so typing in a long draft costs one mapping of a few decorations.
 */
import { StateEffect, StateField, type EditorState, type Extension, type Range } from '@codemirror/state'
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view'
import { layoutPages, type Pagination, type SectionLine } from './pagination'
import { sectionField } from './sections'

class PageEndWidget extends WidgetType {
  constructor(
    /** The page that ends here. */
    readonly page: number,
    readonly total: number,
    readonly inline: boolean,
  ) {
    super()
  }
  override eq(other: PageEndWidget) {
    return other.page === this.page && other.total === this.total && other.inline === this.inline
  }
  toDOM() {
    const wrap = document.createElement(this.inline ? 'span' : 'div')
    wrap.className = `cm-page-end${this.inline ? ' cm-page-end-inline' : ''}`
    wrap.setAttribute('role', 'separator')
    const last = this.page === this.total
    wrap.setAttribute('aria-label', last ? `第 ${this.page} 页结束（共 ${this.total} 页）` : `第 ${this.page} 页结束，以下为第 ${this.page + 1} 页（共 ${this.total} 页）`)
    wrap.dataset.page = String(this.page)
    const label = document.createElement('span')
    label.className = 'cm-page-label'
    label.setAttribute('aria-hidden', 'true')
    label.textContent = `第 ${this.page} 页 / 共 ${this.total} 页`
    wrap.append(label)
    return wrap
  }
  override get estimatedHeight() {
    return this.inline ? -1 : 39
  }
  override ignoreEvent() {
    return false
  }
}

const setPages = StateEffect.define<DecorationSet>()

/** The dividers as last laid out, mapped through the edits since. */
export const pagesField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setPages)) return e.value
    return tr.docChanged ? value.map(tr.changes) : value
  },
  provide: (f) => EditorView.decorations.from(f),
})

/** Section headings by line start: the ones the template does not print, and the printed ones. */
function sectionLines(state: EditorState): Map<number, SectionLine> {
  const out = new Map<number, SectionLine>()
  for (let it = state.field(sectionField).iter(); it.value; it.next()) {
    if (!it.value.headingless) out.set(it.from, it.value.printHeading ? 'heading' : 'unprinted')
  }
  return out
}

export interface PagesHost {
  /** The title and the 主送机关 as the page shows them now (they sit above the body on page 1). */
  head: () => { title: string; recipients: string | null }
  /** The new count, after each layout. */
  onPages: (pages: number) => void
}

export function paginationOf(state: EditorState, head: PagesHost['head']): Pagination {
  return layoutPages({ lines: state.doc.iterLines(), ...head(), sections: sectionLines(state) })
}

function decorationsOf(state: EditorState, p: Pagination): DecorationSet {
  const out: Range<Decoration>[] = p.breaks.map((b) => {
    const widget = new PageEndWidget(b.page - 1, p.pages, !b.atBlockStart)
    return b.atBlockStart ? Decoration.widget({ widget, block: true, side: -1 }).range(state.doc.lineAt(b.pos).from) : Decoration.widget({ widget, side: -1 }).range(b.pos)
  })
  out.push(Decoration.widget({ widget: new PageEndWidget(p.pages, p.pages, false), block: true, side: 1 }).range(state.doc.length))
  return Decoration.set(out, true)
}

/** The transaction effect that puts this state's dividers and count in place (what the layout dispatches). */
export function layoutEffect(state: EditorState, head: PagesHost['head']): { effect: StateEffect<DecorationSet>; pages: number } {
  const p = paginationOf(state, head)
  return { effect: setPages.of(decorationsOf(state, p)), pages: p.pages }
}

/** The extension, and `refresh` for changes outside the document (the title box). */
export function pagesExtension(host: PagesHost, delay = 300): { extension: Extension; refresh: (view: EditorView) => void } {
  let timer: number | undefined
  const layout = (view: EditorView) => {
    const { effect, pages } = layoutEffect(view.state, host.head)
    view.dispatch({ effects: effect })
    host.onPages(pages)
  }
  const schedule = (view: EditorView) => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => layout(view), delay)
  }
  const plugin = ViewPlugin.fromClass(
    class {
      constructor(view: EditorView) {
        // the first layout once the view exists (a dispatch inside the constructor is not allowed)
        timer = window.setTimeout(() => layout(view), 0)
      }
      update(u: ViewUpdate) {
        if (u.docChanged || u.startState.field(sectionField) !== u.state.field(sectionField)) schedule(u.view)
      }
      destroy() {
        window.clearTimeout(timer)
      }
    },
  )
  return { extension: [pagesField, plugin], refresh: schedule }
}
