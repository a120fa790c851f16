/**
 * Loaded on every page: "/" (outside text fields) and Ctrl+K / ⌘K (everywhere, the editor included)
 * reach the search box; a form error shown by the server takes the focus.
 */
import { onShortcut } from '../lib'

const toSearch = () => {
  const box = document.getElementById('site-search-q') as HTMLInputElement | null
  if (!box) return
  box.focus()
  box.select()
}
onShortcut({ key: '/' }, toSearch)
onShortcut({ key: 'k', ctrl: true, shift: false }, toSearch)

document.getElementById('form-error')?.focus()
