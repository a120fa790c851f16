/**
 * Speaks to screen readers through the layout's two live regions (#live-polite, #live-assertive):
 * progress and results politely, errors at once. The text is replaced, then set after a tick, so the
 * same message twice is announced twice.
 */
export function announce(message: string, opts: { assertive?: boolean } = {}): void {
  const region = document.getElementById(opts.assertive ? 'live-assertive' : 'live-polite')
  if (!region) return
  region.textContent = ''
  window.setTimeout(() => {
    region.textContent = message
  }, 50)
}
