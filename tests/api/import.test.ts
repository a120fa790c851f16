import { env } from 'cloudflare:workers'
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport } from '../../src/knowledge'
import { call, expectError, expectJson, importFiles, listAll, makeOffice, searchFor, unique, utf8, type Office } from '../fixtures'

type Report = ImportReport

let office: Office
let token: string

beforeAll(async () => {
  office = await makeOffice(['drafter', 'reader'])
  token = office.tokens.drafter
})

/** A .docx built here: a title line, a Heading1, a Heading2 and Chinese paragraphs. */
async function buildDocx(marker: string): Promise<ArrayBuffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '关于加强基层治理体系建设的意见' }),
          new Paragraph({ text: '一、总体要求', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: `坚持党建引领，推动治理重心下移，${marker}试点先行。` }),
          new Paragraph({ text: '（一）工作目标', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: '到2026年底，城乡社区网格员配备率达到100%。' }),
          new Paragraph({ text: '二、重点任务', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: '健全“街道吹哨、部门报到”机制，做实接诉即办。' }),
        ],
      },
    ],
  })
  return Packer.toArrayBuffer(doc)
}

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer())
const get = async (id: string, t = token) => expectJson(await call('GET', `/api/v1/precedents/${id}`, { token: t }), 200)

describe('POST /precedents/import: a .docx built in the test', () => {
  let docx: ArrayBuffer
  let report: Report
  const marker = unique('枫桥')

  beforeAll(async () => {
    docx = await buildDocx(marker)
    report = await expectJson<Report>(await importFiles(token, [{ name: '基层治理意见.docx', content: docx }]), 200)
  })

  it('imports it with the title from its first line and the genre from the title', async () => {
    expect(report.summary).toEqual({ files: 1, imported: 1, skipped: 0, refused: 0 })
    const item = report.imported[0]!
    expect(item).toMatchObject({ file: '基层治理意见.docx', title: '关于加强基层治理体系建设的意见' })
    const p = await get(item.id!)
    expect(p).toMatchObject({ title: '关于加强基层治理体系建设的意见', genre: '意见', fileName: '基层治理意见.docx', hasOriginal: true })
  })

  it('reads headings back as Markdown headings and keeps the paragraphs', async () => {
    const p = await get(report.imported[0]!.id!)
    expect(p.body).toContain('# 一、总体要求')
    expect(p.body).toContain('## （一）工作目标')
    expect(p.body).toContain('# 二、重点任务')
    expect(p.body).toContain(`坚持党建引领，推动治理重心下移，${marker}试点先行。`)
    expect(p.body).toContain('到2026年底，城乡社区网格员配备率达到100%。')
    expect(p.body).toContain('健全“街道吹哨、部门报到”机制，做实接诉即办。')
    const order = ['# 一、总体要求', '坚持党建引领', '## （一）工作目标', '到2026年底', '# 二、重点任务', '健全']
    const positions = order.map((s) => p.body.indexOf(s))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(p.body).not.toContain('关于加强基层治理体系建设的意见')
    expect(p.body).toMatch(/^# 一、总体要求\n\n坚持党建引领/)
  })

  it('returns the exact uploaded bytes from /original', async () => {
    const res = await call('GET', `/api/v1/precedents/${report.imported[0]!.id}/original`, { token: office.tokens.reader })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('基层治理意见.docx'))
    const got = await bytesOf(res)
    expect(got.byteLength).toBe(docx.byteLength)
    expect(got).toEqual(new Uint8Array(docx))
  })

  it('is searchable under its heading path', async () => {
    const hits = await searchFor(token, '网格员配备率')
    const hit = hits.find((h) => h.id === report.imported[0]!.id)
    expect(hit).toBeDefined()
    expect(hit!.headingPath).toEqual(['一、总体要求', '（一）工作目标'])
    expect(hit!.meta).toMatchObject({ genre: '意见' })
  })

  it('re-importing the same file is skipped as a duplicate of the first', async () => {
    const again = await expectJson<Report>(await importFiles(token, [{ name: '基层治理意见（副本）.docx', content: docx }]), 200)
    expect(again.summary).toEqual({ files: 1, imported: 0, skipped: 1, refused: 0 })
    expect(again.skipped[0]).toMatchObject({ file: '基层治理意见（副本）.docx', duplicateOf: report.imported[0]!.id })
    expect(again.skipped[0]!.reason).toMatch(/[\u4e00-\u9fff]/)
    const { items } = await listAll(token, '/api/v1/precedents', { genre: '意见' })
    expect(items.filter((p) => p.title === '关于加强基层治理体系建设的意见')).toHaveLength(1)
  })
})

describe('POST /precedents/import: several files at once', () => {
  let o: Office
  let report: Report
  const tag = unique('批次')
  const md = `# 在全区养老服务工作推进会上的讲话\n\n同志们：\n\n## 一、认清形势\n\n全区60岁以上户籍老年人口占比已达${unique('')}。\n\n## 二、抓好重点\n\n要加快社区嵌入式养老服务设施建设。`
  const txt = `关于做好汛期安全生产工作的通知\n\n各街道、各部门：\n\n入汛以来降雨偏多，请立即开展隐患排查。${unique('')}\n\n示例区安全生产委员会办公室\n2025年6月3日`
  const jsonl = [
    JSON.stringify({ title: '2024年政府工作报告', genre: '报告', body: `各位代表：\n\n过去一年，地区生产总值增长5.2%。${unique('')}`, year: 2024 }),
    '{"title": "半行 JSON',
    JSON.stringify({ title: '缺正文的一行' }),
    '',
    JSON.stringify({ title: '关于召开街道工作会议的通知', content: `定于下周一召开会议。${unique('')}`, tags: ['会议'] }),
    '["数组不是对象"]',
  ].join('\n')

  beforeAll(async () => {
    o = await makeOffice(['drafter'])
    const docx = await buildDocx(unique('多文件'))
    report = await expectJson<Report>(
      await importFiles(
        o.tokens.drafter,
        [
          { name: '基层治理意见.docx', content: docx },
          { name: '养老讲话.md', content: md },
          { name: '汛期通知.txt', content: txt },
          { name: '往年文稿.jsonl', content: jsonl },
          { name: '扫描件.pdf', content: '%PDF-1.4 fake' },
        ],
        { tags: `${tag}，导入`, sensitivity: 'public' },
      ),
      200,
    )
  })

  it('imports the good documents and counts each outcome', async () => {
    expect(report.summary).toEqual({ files: 5, imported: 5, skipped: 0, refused: 4 })
    expect(report.imported.map((i) => [i.file, i.line ?? null, i.title])).toEqual([
      ['基层治理意见.docx', null, '关于加强基层治理体系建设的意见'],
      ['养老讲话.md', null, '在全区养老服务工作推进会上的讲话'],
      ['汛期通知.txt', null, '关于做好汛期安全生产工作的通知'],
      ['往年文稿.jsonl', 1, '2024年政府工作报告'],
      ['往年文稿.jsonl', 5, '关于召开街道工作会议的通知'],
    ])
  })

  it('names the file and line of each refusal with a reason', async () => {
    const refused = report.refused.map((r) => ({ file: r.file, line: r.line ?? null, reason: r.reason }))
    expect(refused).toEqual([
      { file: '往年文稿.jsonl', line: 2, reason: expect.stringContaining('JSON') },
      { file: '往年文稿.jsonl', line: 3, reason: expect.stringContaining('body') },
      { file: '往年文稿.jsonl', line: 6, reason: expect.stringContaining('JSON 对象') },
      { file: '扫描件.pdf', line: null, reason: '文件已损坏，或不是 PDF 文件' },
    ])
    for (const r of report.refused) expect(r.reason).toMatch(/[\u4e00-\u9fff]/)
  })

  it('reads back each imported document with its fields', async () => {
    const byTitle = Object.fromEntries(await Promise.all(report.imported.map(async (i) => [i.title, await get(i.id!, o.tokens.drafter)])))
    expect(byTitle['在全区养老服务工作推进会上的讲话']).toMatchObject({ genre: '讲话稿', fileName: '养老讲话.md', hasOriginal: true })
    expect(byTitle['在全区养老服务工作推进会上的讲话'].body).toMatch(/^同志们：\n\n## 一、认清形势/)
    expect(byTitle['关于做好汛期安全生产工作的通知']).toMatchObject({ genre: '通知', date: '2025-06-03' })
    expect(byTitle['关于做好汛期安全生产工作的通知'].body).toContain('入汛以来降雨偏多')
    expect(byTitle['2024年政府工作报告']).toMatchObject({ genre: '报告', date: '2024-01-01', fileName: '往年文稿.jsonl' })
    expect(byTitle['关于召开街道工作会议的通知']).toMatchObject({ genre: '通知', tags: ['会议'] })
    for (const title of ['在全区养老服务工作推进会上的讲话', '关于做好汛期安全生产工作的通知', '2024年政府工作报告']) {
      expect(byTitle[title]).toMatchObject({ tags: [tag, '导入'], sensitivity: 'public' })
    }
  })

  it('keeps each original, once per file', async () => {
    for (const item of report.imported) {
      const res = await call('GET', `/api/v1/precedents/${item.id}/original`, { token: o.tokens.drafter })
      expect(res.status).toBe(200)
      if (item.file === '养老讲话.md') expect(await utf8(res)).toBe(md)
      else if (item.file === '往年文稿.jsonl') expect(await utf8(res)).toBe(jsonl)
      else await res.arrayBuffer()
    }
    const { objects } = await env.FILES.list({ prefix: `offices/${o.id}/` })
    const names = objects.map((obj) => obj.key.split('/').pop()).sort()
    expect(names).toEqual(['基层治理意见.docx', '养老讲话.md', '往年文稿.jsonl', '汛期通知.txt'].sort())
  })

  it('re-importing the same files skips every document as a duplicate', async () => {
    const again = await expectJson<Report>(
      await importFiles(o.tokens.drafter, [
        { name: '养老讲话.md', content: md },
        { name: '往年文稿.jsonl', content: jsonl },
      ]),
      200,
    )
    expect(again.summary).toEqual({ files: 2, imported: 0, skipped: 3, refused: 3 })
    const first = Object.fromEntries(report.imported.map((i) => [`${i.file}:${i.line ?? ''}`, i.id]))
    for (const s of again.skipped) expect(s.duplicateOf).toBe(first[`${s.file}:${s.line ?? ''}`])
    expect((await listAll(o.tokens.drafter, '/api/v1/precedents')).ids).toHaveLength(5)
  })
})

describe('POST /precedents/import: 密级 screening', () => {
  it.each([
    ['机密★1年', '机密★1年\n\n关于某专项工作的通知\n\n各单位：请按要求落实。'],
    ['秘密★', '秘密★\n\n关于某专项工作的通知\n\n各单位：请按要求落实。'],
    ['绝密', '绝密\n关于某专项工作的通知\n\n各单位：请按要求落实。'],
  ])('refuses a file bearing “%s”, with a reason mentioning 密级, and keeps nothing', async (_, text) => {
    const o = await makeOffice(['drafter'])
    const name = `涉密${unique('')}.txt`
    const report = await expectJson<Report>(await importFiles(o.tokens.drafter, [{ name, content: text + unique('\n') }], { genre: '通知' }), 200)
    expect(report.summary).toMatchObject({ imported: 0, refused: 1 })
    expect(report.refused[0]!.file).toBe(name)
    expect(report.refused[0]!.reason).toContain('密级')
    expect((await listAll(o.tokens.drafter, '/api/v1/precedents')).ids).toEqual([])
    const { objects } = await env.FILES.list({ prefix: `offices/${o.id}/` })
    expect(objects.map((obj) => obj.key)).toEqual([])
  })

  it('refuses a classified .docx', async () => {
    const o = await makeOffice(['drafter'])
    const doc = new Document({
      sections: [{ children: [new Paragraph('机密★5年'), new Paragraph('关于某事项的请示'), new Paragraph('区委：现将有关情况报告如下。')] }],
    })
    const report = await expectJson<Report>(await importFiles(o.tokens.drafter, [{ name: '请示.docx', content: await Packer.toArrayBuffer(doc) }]), 200)
    expect(report.refused).toEqual([expect.objectContaining({ file: '请示.docx', reason: expect.stringContaining('密级') })])
    expect((await env.FILES.list({ prefix: `offices/${o.id}/` })).objects).toEqual([])
  })

  it('refuses a classified JSONL line by its line and imports the others', async () => {
    const o = await makeOffice(['drafter'])
    const lines = [
      JSON.stringify({ title: '关于春耕生产的通知', body: `各乡镇：抓好春耕。${unique('')}` }),
      JSON.stringify({ title: '关于某专项的通知', body: '秘密★1年\n某专项工作安排。' }),
    ].join('\n')
    const report = await expectJson<Report>(await importFiles(o.tokens.drafter, [{ name: 'mix.jsonl', content: lines }]), 200)
    expect(report.imported.map((i) => i.line)).toEqual([1])
    expect(report.refused).toEqual([expect.objectContaining({ file: 'mix.jsonl', line: 2, reason: expect.stringContaining('密级') })])
  })

  it('imports text that mentions 保守国家秘密, also in Markdown emphasis', async () => {
    const o = await makeOffice(['drafter'])
    const md = `# 在全区保密工作会议上的讲话\n\n同志们：\n\n要教育党员干部**保守国家秘密**，做到${unique('')}守土有责。\n\n有的同志说“秘密策划”的事不必登记，这种认识是错误的。`
    const report = await expectJson<Report>(await importFiles(o.tokens.drafter, [{ name: '保密讲话.md', content: md }]), 200)
    expect(report.summary).toMatchObject({ imported: 1, refused: 0 })
    expect((await get(report.imported[0]!.id!, o.tokens.drafter)).body).toContain('**保守国家秘密**')
  })
})

describe('POST /precedents/import: refusals and bad requests', () => {
  it('refuses a file whose genre cannot be told and imports it once a genre is given', async () => {
    const o = await makeOffice(['drafter'])
    const content = `某某同志的一些想法\n\n关于今后工作的几点考虑。${unique('')}`
    const refused = await expectJson<Report>(await importFiles(o.tokens.drafter, [{ name: '想法.txt', content }]), 200)
    expect(refused.refused[0]).toMatchObject({ file: '想法.txt', title: '某某同志的一些想法', reason: expect.stringContaining('文种') })
    const ok = await expectJson<Report>(await importFiles(o.tokens.drafter, [{ name: '想法.txt', content }], { genre: '简报' }), 200)
    expect((await get(ok.imported[0]!.id!, o.tokens.drafter)).genre).toBe('简报')
  })

  it.each([
    ['空白.txt', '  \n\n ', '空'],
    ['坏文件.docx', 'this is not a zip file', '.docx'],
    ['无扩展名', '关于某事的通知\n\n内容。', '无扩展名'],
  ])('refuses %s with a reason', async (name, content, reason) => {
    const report = await expectJson<Report>(await importFiles(token, [{ name, content }]), 200)
    expect(report.summary).toMatchObject({ imported: 0, refused: 1 })
    expect(report.refused[0]).toMatchObject({ file: name, reason: expect.stringContaining(reason) })
  })

  it('refuses a text file that is not UTF-8', async () => {
    // “关于” in GBK.
    const gbk = new Uint8Array([0xb9, 0xd8, 0xd3, 0xda, 0x0a, 0xb9, 0xd8, 0xd3, 0xda])
    const report = await expectJson<Report>(await importFiles(token, [{ name: 'gbk.txt', content: gbk }], { genre: '通知' }), 200)
    expect(report.refused[0]).toMatchObject({ file: 'gbk.txt', reason: expect.stringContaining('UTF-8') })
  })

  it('accepts a UTF-8 file with a byte-order mark and drops the mark', async () => {
    const o = await makeOffice(['drafter'])
    const report = await expectJson<Report>(
      await importFiles(o.tokens.drafter, [{ name: 'bom.md', content: `\uFEFF# 关于做好秋冬季防火工作的通知\n\n各单位：${unique('')}` }]),
      200,
    )
    expect((await get(report.imported[0]!.id!, o.tokens.drafter)).title).toBe('关于做好秋冬季防火工作的通知')
  })

  it('keeps paragraph breaks of a CRLF text file with indented paragraphs', async () => {
    const o = await makeOffice(['drafter'])
    const content = `关于做好冬季供暖保障工作的通知\r\n\r\n各街道：\r\n\r\n\u3000\u3000今冬供暖季将于11月15日开始。${unique('')}\r\n\r\n\r\n\u3000\u3000请提前排查管网隐患。\r\n`
    const report = await expectJson<Report>(await importFiles(o.tokens.drafter, [{ name: '供暖.txt', content }]), 200)
    const p = await get(report.imported[0]!.id!, o.tokens.drafter)
    expect(p.title).toBe('关于做好冬季供暖保障工作的通知')
    expect(p.body).toMatch(/^各街道：\n\n今冬供暖季将于11月15日开始。\w+\n\n请提前排查管网隐患。$/)
  })

  it('answers 400 when no file is sent', async () => {
    const form = new FormData()
    form.append('genre', '通知')
    await expectError(await call('POST', '/api/v1/precedents/import', { token, raw: form }), 400, 'VALIDATION')
  })

  it('answers 400 when files is a text field', async () => {
    const form = new FormData()
    form.append('files', '不是文件')
    await expectError(await call('POST', '/api/v1/precedents/import', { token, raw: form }), 400, 'VALIDATION')
  })

  it('answers 400 for a JSON body instead of multipart', async () => {
    await expectError(await call('POST', '/api/v1/precedents/import', { token, body: { files: [] } }), 400, 'VALIDATION')
  })

  it('answers 400 for an unknown genre or sensitivity option', async () => {
    const files = [{ name: 'a.md', content: '# 关于某事的通知\n\n内容。' }]
    await expectError(await importFiles(token, files, { genre: '演讲' }), 400, 'VALIDATION')
    await expectError(await importFiles(token, files, { sensitivity: 'secret' }), 400, 'VALIDATION')
  })

  it('answers 400 for more than 50 files', async () => {
    const files = Array.from({ length: 51 }, (_, i) => ({ name: `f${i}.txt`, content: `关于第${i}件事的通知\n\n内容。` }))
    const err = await expectError(await importFiles(token, files), 400, 'VALIDATION')
    expect(err.message).toContain('50')
  })
})

describe('POST /precedents with JSON', () => {
  it('refuses a body bearing 绝密 with 400', async () => {
    const err = await expectError(
      await call('POST', '/api/v1/precedents', {
        token,
        body: { genre: '通知', title: '关于某事项的通知', body: '绝密★\n各单位：请按要求办理。' },
      }),
      400,
      'VALIDATION',
    )
    expect(err.message).toContain('密级')
  })
})

describe('POST /precedents/import: originals of files that import nothing', () => {
  it('does not keep the original of a file whose every document was refused', async () => {
    const o = await makeOffice(['drafter'])
    const report = await expectJson<Report>(
      await importFiles(o.tokens.drafter, [{ name: '无文种.txt', content: `随手记\n\n一段无法判断文种的文字。${unique('')}` }]),
      200,
    )
    expect(report.summary).toMatchObject({ imported: 0, refused: 1 })
    expect((await env.FILES.list({ prefix: `offices/${o.id}/` })).objects).toEqual([])
  })

  it('keeps the earlier original when the same file is imported again and skipped', async () => {
    const o = await makeOffice(['drafter'])
    const content = `关于开展安全检查的通知\n\n各单位：开展检查。${unique('')}`
    const first = await expectJson<Report>(await importFiles(o.tokens.drafter, [{ name: '检查通知.txt', content }]), 200)
    const again = await expectJson<Report>(await importFiles(o.tokens.drafter, [{ name: '检查通知.txt', content }]), 200)
    expect(again.summary).toMatchObject({ imported: 0, skipped: 1 })
    const res = await call('GET', `/api/v1/precedents/${first.imported[0]!.id}/original`, { token: o.tokens.drafter })
    expect(res.status).toBe(200)
    expect(await utf8(res)).toBe(content)
  })
})
