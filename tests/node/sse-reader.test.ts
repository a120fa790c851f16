// The 工作台's SSE reader (src/web/client/lib/sse.ts) on bodies cut at awkward places, and on what
// hono's streamSSE — the section stream's server side (src/api/drafts.routes.ts) — really sends.
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { describe, expect, it } from 'vitest'
import { readSse, type SseEvent } from '../../src/web/client/lib/sse'

/** A body that delivers `parts` as separate chunks (strings are UTF-8 encoded, byte arrays as they are). */
function body(parts: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder()
  return new ReadableStream({
    pull(controller) {
      const next = parts.shift()
      if (next === undefined) controller.close()
      else controller.enqueue(typeof next === 'string' ? enc.encode(next) : next)
    },
  })
}

async function all(stream: ReadableStream<Uint8Array>): Promise<SseEvent[]> {
  const out: SseEvent[] = []
  for await (const e of readSse(stream)) out.push(e)
  return out
}

describe('readSse', () => {
  it('reads named events, skips comments, joins data lines and defaults the name to message', async () => {
    const events = await all(body([': ping\n\nevent: start\ndata: {"a":1}\n\n', 'data: one\ndata: two\n\n', 'event:delta\ndata:no space\nid: 7\n\n']))
    expect(events).toEqual([
      { event: 'start', data: '{"a":1}' },
      { event: 'message', data: 'one\ntwo' },
      { event: 'delta', data: 'no space', id: '7' },
    ])
  })

  it('keeps a character split between two chunks whole, and lines split anywhere', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"安全生产"}\n\n')
    const cut = bytes.indexOf(0xe5) + 1 // inside the first 汉字's three bytes
    const events = await all(body([bytes.slice(0, 3), bytes.slice(3, cut), bytes.slice(cut, cut + 2), bytes.slice(cut + 2)]))
    expect(events).toEqual([{ event: 'delta', data: '{"text":"安全生产"}' }])
  })

  it('accepts CRLF and CR line ends, a CRLF split between chunks included', async () => {
    // read as a lone CR, the split CRLF would end the event after its first data line
    const events = await all(body(['event: a\r\ndata: 1\r', '\ndata: 2\r\n\r\n', 'event: b\rdata: 3\r\r']))
    expect(events).toEqual([
      { event: 'a', data: '1\n2' },
      { event: 'b', data: '3' },
    ])
  })

  it('drops an event without data and one cut off before its blank line', async () => {
    const events = await all(body(['event: lonely\n\n', 'event: done\ndata: {"x":1}\n\n', 'event: error\ndata: {"half":']))
    expect(events).toEqual([{ event: 'done', data: '{"x":1}' }])
  })

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('data: 1\n\ndata: 2\n\n'))
      },
      cancel() {
        cancelled = true
      },
    })
    for await (const e of readSse(stream)) {
      expect(e.data).toBe('1')
      break
    }
    expect(cancelled).toBe(true)
  })

  it('reads what hono streamSSE writes, JSON with newlines and pings included', async () => {
    const sent = [
      { type: 'start', heading: '一、工作任务' },
      { type: 'delta', text: '第一段。\n\n第二段' },
      { type: 'done', section: { text: '第一段。\n\n第二段。' } },
    ]
    const app = new Hono().post('/s', (c) =>
      streamSSE(c, async (stream) => {
        await stream.write(': ping\n\n')
        for (const ev of sent) await stream.writeSSE({ event: ev.type, data: JSON.stringify(ev) })
      }),
    )
    const res = await app.request('/s', { method: 'POST' })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const events = await all(res.body!)
    expect(events.map((e) => e.event)).toEqual(['start', 'delta', 'done'])
    expect(events.map((e) => JSON.parse(e.data))).toEqual(sent)
  })
})
