/**
 * The .docx as LibreOffice lays it out: rendered headless to PDF, read back with poppler. Fails
 * (never skips) when soffice or pdftotext is missing: .ci/run installs them from Debian.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseBody } from '../../src/export/body'
import { renderDocx } from '../../src/export/docx/document'
import type { ExportDoc } from '../../src/export/model'

function tool(name: string, args: string[], timeout = 150_000): string {
  try {
    return execFileSync(name, args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string }
    if (err.code === 'ENOENT') throw new Error(`${name} is not installed: the render tests need LibreOffice (libreoffice-writer-nogui) and poppler-utils; .ci/run installs them`)
    throw new Error(`${name} ${args.join(' ')} failed: ${err.message}\n${err.stderr ?? ''}`)
  }
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'wenfu-render-'))
})
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Renders the document to PDF; returns the text of each page (pdftotext -layout) and the page sizes. */
async function renderPdf(name: string, doc: ExportDoc) {
  const docx = path.join(dir, `${name}.docx`)
  writeFileSync(docx, await renderDocx(doc))
  // A profile of its own, so a concurrent soffice on the machine does not take the conversion over.
  tool('soffice', [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, docx])
  const pdf = path.join(dir, `${name}.pdf`)
  const info = tool('pdfinfo', ['-f', '1', '-l', '999', pdf])
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1])
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])])
  const text = tool('pdftotext', ['-layout', pdf, '-']).split('\f').slice(0, pages)
  const bbox = tool('pdftotext', ['-bbox', pdf, '-'])
  return { pages, sizes, text, bbox }
}

const PARAGRAPH = '为深入贯彻落实区委全会精神，切实减轻基层负担，经区委同意，决定在全区开展村（社区）工作事项和报表清理规范工作，各单位要高度重视，压实责任，确保按期完成。'

function notice(): ExportDoc {
  const body = ['现就有关事项通知如下：', '一、工作任务', ...Array.from({ length: 40 }, (_, i) => `${PARAGRAPH}（第${i + 1}段）`), '二、工作要求', '各单位要抓好落实。']
  return {
    genre: '通知',
    title: '中共示例区委办公室关于开展2026年度村（社区）工作事项和报表清理规范工作的通知',
    fields: { issuer: '中共示例区委办公室', docNumber: '示区委办发〔2026〕12号', recipients: '各镇党委和政府，各街道党工委和办事处', date: '2026-05-12', cc: '区人大常委会办公室', printer: '中共示例区委办公室', printDate: '2026-05-13' },
    blocks: parseBody(body.join('\n')),
    sensitivity: 'public',
  }
}

const lines = (page: string) => page.split('\n').filter((l) => l.trim())
const isPageNumber = (l: string) => /^\s*—\s*\d+\s*—\s*$/.test(l)

describe('a 公文 rendered by LibreOffice', () => {
  let r: Awaited<ReturnType<typeof renderPdf>>
  beforeAll(async () => {
    r = await renderPdf('notice', notice())
  })

  it('is A4 on every page', () => {
    expect(r.pages).toBeGreaterThanOrEqual(3)
    expect(r.sizes).toHaveLength(r.pages)
    for (const [w, h] of r.sizes) {
      expect(Math.abs(w! - 595.28)).toBeLessThan(1)
      expect(Math.abs(h! - 841.89)).toBeLessThan(1)
    }
  })

  it('shows body text on page 1 (GB/T 9704 7.3.3: 公文首页必须显示正文)', () => {
    const first = r.text[0]!.replace(/\s+/g, '')
    expect(first).toContain('中共示例区委办公室文件')
    expect(first).toContain('各镇党委和政府，各街道党工委和办事处：')
    // The body's first paragraph follows the 主送机关 on the same page.
    expect(first).toContain('办事处：现就有关事项通知如下：')
  })

  it('numbers every page “— N —”, odd pages on the right and even pages on the left', () => {
    const pageWidth = r.sizes[0]![0]!
    const words = [...r.bbox.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((m) => [...m[1]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({ x: Number(w[1]), y: Number(w[2]), text: w[5]! })))
    expect(words).toHaveLength(r.pages)
    r.text.forEach((page, i) => {
      const numbered = lines(page).filter(isPageNumber)
      expect(numbered, `page ${i + 1}`).toHaveLength(1)
      expect(numbered[0]!.replace(/\s+/g, ' ').trim()).toMatch(new RegExp(`^— ?${i + 1} ?—$`))
      // The number's dash sits below everything else on the page.
      const dashes = words[i]!.filter((w) => w.text.includes('—'))
      const lowest = Math.max(...words[i]!.map((w) => w.y))
      const dash = dashes.find((w) => w.y === lowest) ?? dashes[dashes.length - 1]!
      if ((i + 1) % 2 === 1) expect(dash.x, `page ${i + 1}`).toBeGreaterThan(pageWidth / 2)
      else expect(dash.x, `page ${i + 1}`).toBeLessThan(pageWidth / 2)
    })
  })

  it('puts 22 lines of 28 characters on a full page of body text', () => {
    const full = r.text[1]!
    const body = lines(full).filter((l) => !isPageNumber(l))
    expect(body).toHaveLength(22)
    // A line followed by a line that continues its paragraph is full: 28 characters, counting the
    // two-character indent of a first line, plus a full-width mark hanging at the end (行末点号悬挂).
    const starts = body.map((l) => /^\s{2,}\S/.test(l))
    const full28 = body.filter((_, i) => i + 1 < body.length && !starts[i + 1])
    expect(full28.length).toBeGreaterThanOrEqual(10)
    for (const [i, l] of full28.entries()) {
      const chars = [...l.replace(/\s+/g, '')]
      const hanging = /[，。、；：？！）》”]/.test(chars[chars.length - 1]!) && chars.length + (/^\s{2,}/.test(l) ? 2 : 0) === 29 ? 1 : 0
      expect(chars.length + (/^\s{2,}/.test(l) ? 2 : 0) - hanging, `line ${i}: ${l}`).toBe(28)
    }
  })
})

describe('a 讲话稿 rendered by LibreOffice', () => {
  it('has its title and 楷体 line on page 1, no 版头, and page numbers throughout', async () => {
    const r = await renderPdf('speech', {
      genre: '讲话稿',
      title: '在全区基层减负工作推进会上的讲话',
      fields: { speaker: '示例区委书记 王某某', date: '2026-03-05' },
      blocks: parseBody(['同志们：', ...Array.from({ length: 25 }, () => PARAGRAPH)].join('\n')),
      sensitivity: 'public',
    })
    const first = r.text[0]!.replace(/\s+/g, '')
    expect(first).toContain('在全区基层减负工作推进会上的讲话')
    expect(first).toContain('（2026年3月5日）')
    expect(first).toContain('同志们：')
    expect(first).not.toContain('文件')
    r.text.forEach((page, i) => expect(lines(page).filter(isPageNumber).map((l) => l.replace(/\s+/g, ' ').trim()), `page ${i + 1}`).toEqual([expect.stringMatching(new RegExp(`^— ?${i + 1} ?—$`))]))
  })
})
