/**
 * The import reads its multipart body from the request stream (api/upload.ts) and JSONL files line
 * by line (knowledge/parsers.ts): bodies cut at any byte, options before or after the files, a file
 * over the per-file size among good ones, a streamed body over the 60 MB limit, malformed bodies.
 */
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport } from '../../src/knowledge'
import { call, expectError, expectJson, importFiles, makeOffice, unique, utf8, type Office } from '../fixtures'

const MB = 1024 * 1024

let o: Office

beforeAll(async () => {
  o = await makeOffice(['drafter'])
})

/** A form as workerd encodes it: the bytes and the Content-Type with its boundary. */
async function encode(form: FormData): Promise<{ bytes: Uint8Array; type: string }> {
  const encoded = new Response(form)
  return { bytes: new Uint8Array(await encoded.arrayBuffer()), type: encoded.headers.get('content-type')! }
}

/** The bytes as a stream of `size`-byte pieces, so that boundaries and characters are cut anywhere. */
function pieces(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(at, at + size))
      at += size
    },
  })
}

const send = (raw: BodyInit, type: string) => call('POST', '/api/v1/precedents/import', { token: o.tokens.drafter, raw, headers: { 'content-type': type } })

describe('a multipart body read as a stream', () => {
  it.each([1, 7, 100, 4096])('imports every file and applies options sent after them, in pieces of %i bytes', async (size) => {
    const tag = unique('流式')
    const md = `# 关于做好防汛工作的通知\n\n各单位：汛期将至，请做好准备。${unique('')}`
    const jsonl = [
      JSON.stringify({ title: '在防汛工作会议上的讲话', body: `同志们：防汛工作责任重大。${unique('')}` }),
      '{"title": "坏行',
      JSON.stringify({ title: '关于防汛物资储备的通知', body: `各街道：储备沙袋。${unique('')}` }),
    ].join('\r\n')
    const form = new FormData()
    form.append('files', new File([md], '防汛通知.md'))
    form.append('files', new File([jsonl], '防汛.jsonl'))
    form.append('tags', `${tag}，防汛`)
    form.append('sensitivity', 'public')
    const { bytes, type } = await encode(form)
    const report = await expectJson<ImportReport>(await send(pieces(bytes, size), type), 200)
    expect(report.imported.map((i) => [i.file, i.line ?? null])).toEqual([
      ['防汛通知.md', null],
      ['防汛.jsonl', 1],
      ['防汛.jsonl', 3],
    ])
    expect(report.refused).toEqual([expect.objectContaining({ file: '防汛.jsonl', line: 2, reason: '不是有效的 JSON' })])
    for (const item of report.imported) {
      const p = await expectJson(await call('GET', `/api/v1/precedents/${item.id}`, { token: o.tokens.drafter }), 200)
      expect(p).toMatchObject({ tags: [tag, '防汛'], sensitivity: 'public' })
    }
    const original = await call('GET', `/api/v1/precedents/${report.imported[1]!.id}/original`, { token: o.tokens.drafter })
    expect(await utf8(original)).toBe(jsonl)
  })

  it('applies options sent before the files as well', async () => {
    const form = new FormData()
    form.append('genre', '简报')
    form.append('files', new File([`工作动态\n\n本周完成走访。${unique('')}`], '动态.txt'))
    const report = await expectJson<ImportReport>(await call('POST', '/api/v1/precedents/import', { token: o.tokens.drafter, raw: form }), 200)
    const p = await expectJson(await call('GET', `/api/v1/precedents/${report.imported[0]!.id}`, { token: o.tokens.drafter }), 200)
    expect(p.genre).toBe('简报')
  })

  it('refuses an unknown sensitivity sent after the files before importing any of them', async () => {
    const office = await makeOffice(['drafter'])
    const files = [{ name: 'a.md', content: `# 关于某事的通知\n\n内容。${unique('')}` }]
    await expectError(await importFiles(office.tokens.drafter, files, { sensitivity: '绝密' }), 400, 'VALIDATION')
    const listed = await expectJson(await call('GET', '/api/v1/precedents', { token: office.tokens.drafter }), 200)
    expect(listed.items).toEqual([])
    expect((await env.FILES.list({ prefix: `offices/${office.id}/` })).objects).toEqual([])
  })

  it('reads a JSONL file with a byte-order mark and CRLF lines by its line numbers', async () => {
    const lines = ['', JSON.stringify({ title: '关于春季植树的通知', body: `各单位：组织植树。${unique('')}` }), '[1]', ''].join('\r\n')
    const report = await expectJson<ImportReport>(await importFiles(o.tokens.drafter, [{ name: 'bom.jsonl', content: `\uFEFF${lines}` }]), 200)
    expect(report.imported.map((i) => i.line)).toEqual([2])
    expect(report.refused).toEqual([expect.objectContaining({ line: 3, reason: '每行应为一个 JSON 对象' })])
  })

  it('keeps no original of a JSONL file with a 密级 mark on any line, and imports its unmarked lines', async () => {
    const office = await makeOffice(['drafter'])
    const lines = [
      JSON.stringify({ title: '关于春耕生产的通知', body: `各乡镇：抓好春耕。${unique('')}` }),
      JSON.stringify({ title: '关于某专项的通知', body: '机密★5年\n某专项工作安排。' }),
    ].join('\n')
    const report = await expectJson<ImportReport>(await importFiles(office.tokens.drafter, [{ name: 'mix.jsonl', content: lines }]), 200)
    expect(report.imported.map((i) => i.line)).toEqual([1])
    const p = await expectJson(await call('GET', `/api/v1/precedents/${report.imported[0]!.id}`, { token: office.tokens.drafter }), 200)
    expect(p.hasOriginal).toBe(false)
    expect((await env.FILES.list({ prefix: `offices/${office.id}/` })).objects).toEqual([])
  })
})

describe('sizes', () => {
  it('refuses a file over 20 MB by name and imports the others of the upload', async () => {
    const big = new Uint8Array(20 * MB + 1).fill(0x41)
    const small = `# 关于做好节能工作的通知\n\n各单位：节约用电。${unique('')}`
    const report = await expectJson<ImportReport>(
      await importFiles(o.tokens.drafter, [
        { name: '很大.txt', content: big },
        { name: '节能.md', content: small },
      ]),
      200,
    )
    expect(report.summary).toMatchObject({ files: 2, imported: 1, refused: 1 })
    expect(report.refused[0]).toMatchObject({ file: '很大.txt', reason: '文件超过 20 MB' })
    expect(report.imported[0]).toMatchObject({ file: '节能.md' })
  })

  it('answers 413 to a streamed upload past 60 MB without Content-Length, and imports nothing', async () => {
    const office = await makeOffice(['drafter'])
    const boundary = 'wenfu-test-boundary'
    const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n`)
    const block = new Uint8Array(MB).fill(0x42)
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(sent === 0 ? head : block)
        sent++
        if (sent > 62) controller.close()
      },
    })
    const res = await call('POST', '/api/v1/precedents/import', { token: office.tokens.drafter, raw: stream, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } })
    const err = await expectError(res, 413, 'PAYLOAD_TOO_LARGE')
    expect(err.message).toContain('60 MB')
    expect(sent).toBeLessThanOrEqual(62)
    const listed = await expectJson(await call('GET', '/api/v1/precedents', { token: office.tokens.drafter }), 200)
    expect(listed.items).toEqual([])
  })
})

describe('malformed bodies', () => {
  it.each([
    ['a body cut before its closing boundary', (b: Uint8Array) => b.slice(0, b.length - 20)],
    ['a body without its opening boundary', (b: Uint8Array) => b.slice(10)],
  ])('answers 400 in Chinese to %s', async (_, cut) => {
    const form = new FormData()
    form.append('files', new File([`# 关于某事的通知\n\n内容。${unique('')}`], 'a.md'))
    const { bytes, type } = await encode(form)
    const err = await expectError(await send(cut(bytes), type), 400, 'VALIDATION')
    expect(err.message).toContain('multipart/form-data')
  })

  it('answers 400 to a multipart type without a boundary', async () => {
    const err = await expectError(await send('--x\r\n', 'multipart/form-data; charset=utf-8'), 400, 'VALIDATION')
    expect(err.message).toMatch(/[\u4e00-\u9fff]/)
  })
})
