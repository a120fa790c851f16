// A local OpenAI-compatible stand-in for the compose bench and the e2e tests: answers every chat
// completion after a fixed delay (plain JSON or SSE), citing the markers it finds in the prompt, and
// reports usage estimated like src/llm (≈1.5 汉字 per token). It records what each call's prompt
// contained. A stream sends `chunkChars` characters a chunk, `chunkDelayMs` apart (the e2e tests
// watch text arrive); a call `cutStream(call)` picks is cut off midway, as a dropped connection is;
// `answer(call, text)` may change the text a call gets; a call `reject(call)` picks is answered 400
// with the API's error body.
import http from 'node:http'

const FIGURE = /\d+(?:\.\d+)?\s*(?:万|亿)?(?:%|户|家|件|元|万元|亿元|个工作日|人|项|处|起|名|次)?/

export function estimateTokens(text) {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length
  return Math.ceil(han / 1.5 + (text.length - han) / 4)
}

function parse(body) {
  const messages = body.messages ?? []
  const user = messages.find((m) => m.role === 'user')?.content ?? ''
  const section = /现在写这一节：(.+)/.exec(user)?.[1]?.trim() ?? ''
  const block = user.split('调研材料（事实的唯一来源）：')[1]?.split(/\n\n参考范文|\n\n前文|\n\n请直接输出/)[0] ?? ''
  const materials = []
  for (const m of block.matchAll(/^\[([FP]\d+)\] (.+)\n([\s\S]*?)(?=\n\n\[[FP]\d+\] |$)/gm)) {
    const text = m[3].split('\n').filter((l) => !/^(来源|时间|口径)：/.test(l)).join('')
    materials.push({ marker: m[1], title: m[2].trim(), figure: FIGURE.exec(text)?.[0]?.trim() || null })
  }
  const passages = [...user.matchAll(/^\[(P\d+)\] 《/gm)].map((m) => m[1])
  const promptTokens = estimateTokens(messages.map((m) => m.content).join('\n'))
  return { section, materials, passages, promptTokens, stream: Boolean(body.stream), model: body.model }
}

function answer(call) {
  if (!call.materials.length) return `围绕“${call.section}”，我们要统一思想、提高认识，把各项工作抓紧抓实。【待补：本节需要的具体事实】`
  return call.materials.map((m) => `${m.title}${m.figure ? `，相关数据为${m.figure}` : ''}[${m.marker}]。`).join('\n\n')
}

export function startStandIn({ port = 0, delayMs = 1000, chunkChars = 16, chunkDelayMs = 0, cutStream = () => false, answer: rewrite = (_call, text) => text, reject = () => false } = {}) {
  const calls = []
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' })
      return res.end(JSON.stringify({ error: { message: 'not found' } }))
    }
    const chunks = []
    for await (const c of req) chunks.push(c)
    const call = { ...parse(JSON.parse(Buffer.concat(chunks).toString('utf8'))), receivedAt: Date.now() }
    calls.push(call)
    await new Promise((r) => setTimeout(r, delayMs))
    if (reject(call)) {
      res.writeHead(400, { 'content-type': 'application/json' })
      return res.end(JSON.stringify({ error: { message: 'Bad request', type: 'invalid_request_error', param: null, code: null } }))
    }
    const text = rewrite(call, answer(call))
    const usage = { prompt_tokens: call.promptTokens, completion_tokens: estimateTokens(text), total_tokens: call.promptTokens + estimateTokens(text) }
    call.answeredAt = Date.now()
    if (!call.stream) {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(
        JSON.stringify({
          id: `chatcmpl-${calls.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: call.model,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
          usage,
        }),
      )
    }
    // The client may go away mid-stream (a stopped generation): nothing to report then.
    res.on('error', () => undefined)
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    const base = { id: `chatcmpl-${calls.length}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: call.model }
    const send = (obj) => res.write(`data: ${JSON.stringify({ ...base, ...obj })}\n\n`)
    const chars = [...text]
    const cut = cutStream(call)
    for (let i = 0; i < chars.length; i += chunkChars) {
      if (cut && i >= chars.length / 2) return res.destroy()
      send({ choices: [{ index: 0, delta: { content: chars.slice(i, i + chunkChars).join('') }, finish_reason: null }] })
      if (chunkDelayMs) await new Promise((r) => setTimeout(r, chunkDelayMs))
      if (res.destroyed) return
    }
    send({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })
    send({ choices: [], usage })
    res.end('data: [DONE]\n\n')
  })
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve({ server, calls, port: server.address().port }))
  })
}
