/**
 * Reads a text/event-stream body (the HTML standard's "event stream interpretation"): lines end in
 * CRLF, LF or CR; `event:` names the event, `data:` lines join with "\n", a blank line dispatches;
 * lines starting with ":" are comments (the server's `: ping`); an event with no data is dropped, and
 * so is one cut off before its blank line. EventSource itself cannot POST or send the CSRF header,
 * so the 工作台 reads fetch's body with this instead.
 */
export interface SseEvent {
  /** The `event:` field; "message" when the server named none. */
  event: string
  data: string
  id?: string
}

/** The events of `body` as they arrive. Breaking out of the loop cancels the body. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader()
  // One decoder over the whole stream: a character split across two chunks comes out whole.
  const decoder = new TextDecoder()
  let buffer = ''
  let event = ''
  let data: string[] = []
  let id: string | undefined
  let done = false
  try {
    while (!done) {
      const chunk = await reader.read()
      done = chunk.done
      buffer += done ? decoder.decode() : decoder.decode(chunk.value, { stream: true })
      for (;;) {
        const end = /\r\n|\r|\n/.exec(buffer)
        // A lone CR at the end of the buffer may be the first half of a CRLF: wait for more.
        if (!end || (end[0] === '\r' && end.index === buffer.length - 1 && !done)) break
        const line = buffer.slice(0, end.index)
        buffer = buffer.slice(end.index + end[0].length)
        if (line === '') {
          if (data.length) yield { event: event || 'message', data: data.join('\n'), ...(id !== undefined ? { id } : {}) }
          event = ''
          data = []
          continue
        }
        if (line.startsWith(':')) continue
        const colon = line.indexOf(':')
        const field = colon < 0 ? line : line.slice(0, colon)
        let value = colon < 0 ? '' : line.slice(colon + 1)
        if (value.startsWith(' ')) value = value.slice(1)
        if (field === 'event') event = value
        else if (field === 'data') data.push(value)
        else if (field === 'id' && !value.includes('\0')) id = value
      }
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined)
    reader.releaseLock()
  }
}
