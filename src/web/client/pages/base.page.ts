/** Loaded on every page: "/" reaches the search box; a form error shown by the server takes the focus. */
import { onShortcut } from '../lib'

onShortcut({ key: '/' }, () => {
  const box = document.getElementById('site-search-q') as HTMLInputElement | null
  if (!box) return
  box.focus()
  box.select()
})

document.getElementById('form-error')?.focus()
