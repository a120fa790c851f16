import { describe, expect, it } from 'vitest'
import { parseBody, renderDocx, type ExportDoc } from '../../src/export'
import { blocksOf, elements, paragraphs, parts, textOf, textRuns } from './ooxml'

const BODY = [
  '为切实减轻基层负担，经区委同意，决定开展报表清理工作[F1]。现就有关事项通知如下：',
  '## 一、工作任务',
  '（一）全面梳理事项清单。各镇街要对照“三张清单”逐项梳理——做到应减尽减……[F2]',
  '1.建立台账。每月更新一次。',
  '（1）细化分工。',
  '### 规范报表填报',
  '各部门不得擅自向村（社区）下派报表[P1]。',
].join('\n')

const notice = (fields: ExportDoc['fields'] = {}, genre = '通知'): ExportDoc => ({
  genre,
  title: '中共示例区委办公室关于开展2026年度村（社区）工作事项和报表清理规范工作的通知',
  fields: {
    issuer: '中共示例区委办公室',
    docNumber: '示区委办发〔2026〕12号',
    recipients: '各镇党委和政府，各街道党工委和办事处',
    date: '2026-05-12',
    cc: '区人大常委会办公室，区政府办公室',
    printer: '中共示例区委办公室',
    printDate: '2026-05-13',
    ...fields,
  },
  blocks: parseBody(BODY.replace(/\[[FP]\d\]/g, '')),
  sensitivity: 'public',
})

async function render(doc: ExportDoc, opts = {}) {
  return parts(await renderDocx(doc, opts))
}

describe('the GB/T 9704 .docx', () => {
  it('sets A4, the 37/35/28/26 mm margins and a 22-line grid of exact 28.95 pt lines', async () => {
    const p = await render(notice())
    const doc = p['word/document.xml']!
    expect(elements(doc, 'w:pgSz')[0]).toMatchObject({ 'w:w': '11906', 'w:h': '16838' })
    expect(elements(doc, 'w:pgMar')[0]).toMatchObject({ 'w:top': '2098', 'w:bottom': '1984', 'w:left': '1588', 'w:right': '1474' })
    expect(elements(doc, 'w:docGrid')[0]).toMatchObject({ 'w:type': 'lines', 'w:linePitch': '579' })
    // 12756 twips of 版心 hold 22 lines of 579 and not 23.
    expect(22 * 579).toBeLessThanOrEqual(16838 - 2098 - 1984)
    expect(23 * 579).toBeGreaterThan(16838 - 2098 - 1984)
    const body = paragraphs(doc).find((x) => x.text.startsWith('为切实减轻基层负担'))!
    expect(elements(body.xml, 'w:spacing')[0]).toMatchObject({ 'w:line': '579', 'w:lineRule': 'exact' })
    expect(elements(body.xml, 'w:ind')[0]).toMatchObject({ 'w:firstLine': '640', 'w:firstLineChars': '200' })
    // 16 pt less 0.25 pt per character: 28 characters to a 156 mm line.
    expect(elements(body.xml, 'w:spacing').some((a) => a['w:val'] === '-5')).toBe(true)
  })

  it('names 仿宋_GB2312 (or the element font) for ascii, eastAsia and hAnsi on every run and every style, and no theme font', async () => {
    const p = await render(notice({ signer: '张三' }, '请示'))
    for (const name of ['word/document.xml', 'word/footer1.xml', 'word/footer2.xml']) {
      const runs = textRuns(p[name]!)
      expect(runs.length).toBeGreaterThan(0)
      for (const r of runs) {
        const f = elements(r.rPr, 'w:rFonts')[0]
        expect(f, `${name}: ${r.text}`).toBeDefined()
        expect(f!['w:ascii']).toBeTruthy()
        expect(f!['w:eastAsia']).toBe(f!['w:ascii'])
        expect(f!['w:hAnsi']).toBe(f!['w:ascii'])
        expect(elements(r.rPr, 'w:sz')[0]?.['w:val'], r.text).toMatch(/^\d+$/)
      }
    }
    const styles = p['word/styles.xml']!
    const styleBlocks = blocksOf(styles, 'w:style').filter((s) => /w:type="(paragraph|character)"/.test(s))
    expect(styleBlocks.length).toBeGreaterThan(5)
    for (const s of styleBlocks) {
      const f = elements(s, 'w:rFonts')[0]
      expect(f, s.slice(0, 120)).toBeDefined()
      expect([f!['w:ascii'], f!['w:eastAsia'], f!['w:hAnsi']].every(Boolean)).toBe(true)
    }
    expect(elements(styles, 'w:rFonts')[0]).toMatchObject({ 'w:ascii': '仿宋_GB2312', 'w:eastAsia': '仿宋_GB2312', 'w:hAnsi': '仿宋_GB2312' })
    for (const [name, xml] of Object.entries(p)) expect(xml, name).not.toMatch(/(ascii|eastAsia|hAnsi|cs)Theme=/)
    expect(Object.keys(p).some((k) => k.startsWith('word/theme/'))).toBe(false)
    expect(p['[Content_Types].xml']).not.toMatch(/theme/)
    expect(p['word/_rels/document.xml.rels']).not.toMatch(/theme/)
  })

  it('keeps full-width quotes, dashes and ellipses in 仿宋 with an eastAsia hint', async () => {
    const p = await render(notice())
    const run = textRuns(p['word/document.xml']!).find((r) => r.text.includes('“三张清单”'))!
    expect(run.text).toContain('——')
    expect(elements(run.rPr, 'w:rFonts')[0]).toMatchObject({ 'w:hAnsi': '仿宋_GB2312', 'w:hint': 'eastAsia' })
  })

  it('sets the title in 2号方正小标宋简体 centred, split over lines, and headings by level', async () => {
    const p = await render(notice())
    const doc = p['word/document.xml']!
    const title = paragraphs(doc).find((x) => x.text.startsWith('中共示例区委办公室关于'))!
    expect(title.xml).toContain('<w:jc w:val="center"/>')
    expect(title.xml.match(/<w:br\/>/g)?.length).toBeGreaterThanOrEqual(1)
    for (const r of textRuns(title.xml)) {
      expect(elements(r.rPr, 'w:rFonts')[0]!['w:eastAsia']).toBe('方正小标宋简体')
      expect(elements(r.rPr, 'w:sz')[0]!['w:val']).toBe('44')
    }
    const fontOf = (start: string) => elements(textRuns(paragraphs(doc).find((x) => x.text.startsWith(start))!.xml)[0]!.rPr, 'w:rFonts')[0]!['w:eastAsia']
    expect(fontOf('一、工作任务')).toBe('黑体')
    expect(fontOf('（一）全面梳理')).toBe('楷体_GB2312')
    expect(fontOf('1.建立台账')).toBe('仿宋_GB2312')
    expect(fontOf('（1）细化分工')).toBe('仿宋_GB2312')
    // `###` without a 序次语 is a level-2 heading; a run-in heading's sentence alone takes the heading font.
    expect(fontOf('规范报表填报')).toBe('楷体_GB2312')
    const runIn = textRuns(paragraphs(doc).find((x) => x.text.startsWith('（一）全面梳理'))!.xml)
    expect(runIn.map((r) => elements(r.rPr, 'w:rFonts')[0]!['w:eastAsia'])).toEqual(['楷体_GB2312', '仿宋_GB2312'])
  })

  it('prints “— N —” in 4号宋体 with a PAGE field: odd pages right, even pages left, one character in', async () => {
    const p = await render(notice())
    const settings = p['word/settings.xml']!
    expect(settings).toContain('<w:evenAndOddHeaders/>')
    const rels = p['word/_rels/document.xml.rels']!
    const refs = elements(p['word/document.xml']!, 'w:footerReference')
    expect(refs.map((r) => r['w:type']).sort()).toEqual(['default', 'even'])
    const footerOf = (type: string) => {
      const id = refs.find((r) => r['w:type'] === type)!['r:id']
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1]
      return p[`word/${target}`]!
    }
    for (const [type, jc, ind] of [
      ['default', 'right', 'w:right'],
      ['even', 'left', 'w:left'],
    ] as const) {
      const f = footerOf(type)
      expect(f).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>|w:instr="\s*PAGE\s*"/)
      expect(textOf(f)).toBe('—  —')
      expect(f).toContain(`<w:jc w:val="${jc}"/>`)
      expect(elements(f, 'w:ind')[0]![ind]).toBe('280')
      for (const r of textRuns(f)) {
        expect(elements(r.rPr, 'w:rFonts')[0]!['w:eastAsia']).toBe('宋体')
        expect(elements(r.rPr, 'w:sz')[0]!['w:val']).toBe('28')
      }
    }
  })

  it('lays out 版头 (red 标志, 发文字号 with 签发人 for a 请示, red rule), 主送, 署名 and 成文日期, and the 版记', async () => {
    const p = await render(notice({ signer: '张三', attachments: ['事项清单', '报表清单'], note: '此件公开发布' }, '请示'))
    const doc = p['word/document.xml']!
    const ps = paragraphs(doc)
    const mark = ps.find((x) => x.text === '中共示例区委办公室文件')!
    expect(mark.xml).toContain('<w:color w:val="FF0000"/>')
    const number = ps.find((x) => x.text.startsWith('示区委办发〔2026〕12号'))!
    expect(number.text).toContain('签发人：张三')
    expect(elements(number.xml, 'w:bottom')[0]).toMatchObject({ 'w:color': 'FF0000' })
    const signerRun = textRuns(number.xml).find((r) => r.text === '张三')!
    expect(elements(signerRun.rPr, 'w:rFonts')[0]!['w:eastAsia']).toBe('楷体_GB2312')
    expect(ps.some((x) => x.text === '各镇党委和政府，各街道党工委和办事处：')).toBe(true)
    expect(ps.some((x) => x.text === '附件：1.事项清单')).toBe(true)
    expect(ps.some((x) => x.text === '2.报表清单')).toBe(true)
    const date = ps.find((x) => x.text === '2026年5月12日')!
    expect(date.xml).toContain('<w:jc w:val="right"/>')
    expect(elements(date.xml, 'w:ind')[0]!['w:right']).toBe('1280')
    expect(ps.some((x) => x.text === '（此件公开发布）')).toBe(true)
    // 版记: a table floating at the bottom of the last page's 版心, thick rules around a thin one.
    const imprint = blocksOf(doc, 'w:tbl').find((t) => textOf(t).includes('抄送'))!
    expect(elements(imprint, 'w:tblpPr')[0]).toMatchObject({ 'w:vertAnchor': 'margin', 'w:tblpYSpec': 'bottom' })
    expect(textOf(imprint)).toContain('抄送：区人大常委会办公室，区政府办公室。')
    expect(textOf(imprint)).toContain('2026年5月13日印发')
    const borders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(imprint)![1]!
    expect(elements(borders, 'w:top')[0]!['w:sz']).toBe('8')
    expect(elements(borders, 'w:insideH')[0]!['w:sz']).toBe('6')
  })

  it('leaves out the elements a document lacks', async () => {
    const doc = notice()
    const bare: ExportDoc = { ...doc, fields: { recipients: doc.fields.recipients } }
    const xml = (await render(bare))['word/document.xml']!
    expect(xml).not.toContain('FF0000')
    expect(xml).not.toContain('抄送')
    expect(xml).not.toContain('印发')
    expect(xml).not.toContain('签发人')
    expect(xml).not.toContain('<w:tbl>')
    // A 通知 is not an upward document: no 签发人 even when one is named.
    const down = (await render(notice({ signer: '张三' })))['word/document.xml']!
    expect(down).not.toContain('签发人')
  })

  it('sets a 讲话稿 with a 楷体 line under the title and no 版头, and a 简报 with its 报头 and 报尾', async () => {
    const speech = (await render({ genre: '讲话稿', title: '在全区基层减负工作推进会上的讲话', fields: { speaker: '示例区委书记　王某某', date: '2026-03-05' }, blocks: parseBody('同志们：\n今天我们召开会议。'), sensitivity: 'public' }))['word/document.xml']!
    expect(speech).not.toContain('FF0000')
    const kai = paragraphs(speech).filter((x) => /王某某|2026年3月5日/.test(x.text))
    expect(kai.map((x) => x.text)).toEqual(['示例区委书记　王某某', '（2026年3月5日）'])
    for (const k of kai) expect(elements(textRuns(k.xml)[0]!.rPr, 'w:rFonts')[0]!['w:eastAsia']).toBe('楷体_GB2312')
    const brief = (await render({ genre: '简报', title: '我区推进报表清理', fields: { briefName: '示例区委办简报', issueNo: '12', issuer: '中共示例区委办公室', date: '2026-05-12', reportTo: '市委办公室', distribute: '各镇街', copies: '60' }, blocks: parseBody('近日，我区开展报表清理。'), sensitivity: 'public' }))['word/document.xml']!
    const ps = paragraphs(brief)
    expect(ps.find((x) => x.text === '示例区委办简报')!.xml).toContain('FF0000')
    expect(ps.some((x) => x.text === '第12期')).toBe(true)
    expect(ps.some((x) => x.text === '中共示例区委办公室\t2026年5月12日' || x.text === '中共示例区委办公室2026年5月12日')).toBe(true)
    expect(textOf(brief)).toContain('报：市委办公室')
    expect(textOf(brief)).toContain('发：各镇街')
    expect(textOf(brief)).toContain('（共印60份）')
  })

  it('sets a 调研报告 with its byline in 楷体 under the title, and no 署名 block at the end', async () => {
    const xml = (await render({ genre: '调研报告', title: '关于城区网格化治理的调研报告', fields: { issuer: '区委办公室调研组', date: '2026-04-20' }, blocks: parseBody('## 一、基本情况\n调研组走访了12个社区。'), sensitivity: 'public' }))['word/document.xml']!
    const ps = paragraphs(xml)
    expect(ps.map((p) => p.text).slice(0, 3)).toEqual(['关于城区网格化治理的调研报告', '区委办公室调研组', '（2026年4月20日）'])
    expect(elements(textRuns(ps[1]!.xml)[0]!.rPr, 'w:rFonts')[0]!['w:eastAsia']).toBe('楷体_GB2312')
    expect(xml).not.toContain('FF0000')
    expect(ps.filter((p) => p.text === '区委办公室调研组')).toHaveLength(1)
  })

  it('puts the sensitivity mark at the top of a document that uses internal material', async () => {
    const xml = (await render(notice(), { mark: '【内部】' }))['word/document.xml']!
    expect(paragraphs(xml)[0]!.text).toBe('【内部】')
  })
})
