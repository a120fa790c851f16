/**
 * The bar of jumps at narrow widths (tablets, where the side panels sit below the document): each link
 * scrolls to its panel and moves the focus to the panel's heading, so the next Tab is inside it; 正文
 * returns to the cursor in the document. Without script the links are plain in-page anchors.
 */
import type { EditorView } from '@codemirror/view'

export function jumpBar(nav: HTMLElement, view: EditorView) {
  nav.addEventListener('click', (e) => {
    const link = e.target instanceof Element ? e.target.closest<HTMLAnchorElement>('a[data-jump]') : null
    if (!link) return
    const target = document.getElementById(link.dataset.jump ?? '')
    if (!target) return
    e.preventDefault()
    if (target.contains(view.dom)) {
      view.focus()
      view.dispatch({ scrollIntoView: true })
      return
    }
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
    target.scrollIntoView({ block: 'start' })
    target.focus({ preventScroll: true })
  })
}
