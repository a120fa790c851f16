/**
 * Building elements without innerHTML: every string becomes a text node, so nothing a person stored
 * can turn into markup. `h('li', { class: 'x' }, 'text', child)`.
 */
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>
export type Content = Node | string | number | null | undefined | false | Content[]

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Content[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v)
    else if (v === true) el.setAttribute(k, '')
    else el.setAttribute(k, String(v))
  }
  append(el, children)
  return el
}

export function append(parent: Node, children: Content[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue
    if (Array.isArray(c)) append(parent, c)
    else parent.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)))
  }
}

/** The element with this id, or an error naming it (a page and its script out of step). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} is missing`)
  return el as T
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild)
}
