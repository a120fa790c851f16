import { describe, expect, it } from 'vitest'
import { compareBlocks, parseBody, renderDocx } from '../../src/export'
import { parts, revisions } from './ooxml'

describe('tracked changes', () => {
  const before = parseBody(['一、总体要求', '坚持问题导向。各单位要高度重视，压实责任。确保按期完成。', '二、工作步骤', '分三步实施。'].join('\n'))
  const after = parseBody(['一、总体要求', '坚持问题导向。各单位要明确专人负责，压实责任。确保按期完成。', '二、工作步骤', '分三步实施。', '三、保障措施'].join('\n'))

  it('shows a changed sentence as one deletion and one insertion, and a new paragraph as inserted', async () => {
    const blocks = compareBlocks(before, after)
    expect(blocks.map((b) => ('text' in b ? b.text : ''))).toEqual(['一、总体要求', '坚持问题导向。各单位要明确专人负责，压实责任。确保按期完成。', '二、工作步骤', '分三步实施。', '三、保障措施'])
    const xml = parts(await renderDocx({ genre: '通知', title: '关于做好工作的通知', fields: {}, blocks, sensitivity: 'public', revision: { author: '李四', date: '2026-05-12T08:00:00Z' } }))['word/document.xml']!
    const { ins, del } = revisions(xml)
    expect(del.map((d) => d.text)).toEqual(['各单位要高度重视，压实责任。'])
    expect(ins.map((d) => d.text)).toEqual(['各单位要明确专人负责，压实责任。', '三、保障措施'])
    for (const r of [...ins, ...del]) expect(r).toMatchObject({ 'w:author': '李四', 'w:date': '2026-05-12T08:00:00Z' })
    const ids = [...xml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('marks a removed paragraph deleted, paragraph mark included', async () => {
    const blocks = compareBlocks(after, before)
    const xml = parts(await renderDocx({ genre: '通知', title: 't', fields: {}, blocks, sensitivity: 'public', revision: { author: '李四', date: '2026-05-12T08:00:00Z' } }))['word/document.xml']!
    const removed = xml.split('<w:p>').find((p) => p.includes('三、保障措施'))!
    expect(removed).toMatch(/<w:pPr>[\s\S]*<w:rPr><w:del /)
    expect(revisions(xml).del.map((d) => d.text)).toContain('三、保障措施')
  })

  it('writes no revision marks without a comparison', async () => {
    const xml = parts(await renderDocx({ genre: '通知', title: 't', fields: {}, blocks: after, sensitivity: 'public' }))['word/document.xml']!
    expect(xml).not.toMatch(/<w:(ins|del) /)
  })
})
