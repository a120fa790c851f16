import { describe, expect, it } from 'vitest'
import { chunkText } from '../../src/knowledge/chunking'

const CHUNK_TARGET = 360
const CHUNK_MAX = 720
const len = (s: string) => [...s].length
/** A sentence of exactly `n` characters ending in 。 */
const sentence = (n: number, ch = '文') => ch.repeat(n - 1) + '。'

describe('chunkText: heading paths', () => {
  it('follows Markdown headings and pops back up at a higher level', () => {
    const md = '# 一级甲\n\n甲的段落。\n\n## 二级乙\n\n乙的段落。\n\n### 三级丙\n\n丙的段落。\n\n## 二级丁\n\n丁的段落。\n\n# 一级戊\n\n戊的段落。'
    expect(chunkText(md).map((c) => [c.headingPath, c.text])).toEqual([
      [['一级甲'], '甲的段落。'],
      [['一级甲', '二级乙'], '乙的段落。'],
      [['一级甲', '二级乙', '三级丙'], '丙的段落。'],
      [['一级甲', '二级丁'], '丁的段落。'],
      [['一级戊'], '戊的段落。'],
    ])
  })

  it('follows the 公文 序次语 一、（一）1.（1）', () => {
    const text = [
      '一、总体要求',
      '坚持党建引领。',
      '（一）工作目标',
      '网格员配备率达到100%。',
      '1.完善机制',
      '建立联席会议制度。',
      '（1）定期会商',
      '每月召开一次。',
      '2.强化保障',
      '落实经费。',
      '（二）基本原则',
      '坚持问题导向。',
      '二、重点任务',
      '做实接诉即办。',
    ].join('\n')
    expect(chunkText(text).map((c) => [c.headingPath, c.text])).toEqual([
      [['一、总体要求'], '坚持党建引领。'],
      [['一、总体要求', '（一）工作目标'], '网格员配备率达到100%。'],
      [['一、总体要求', '（一）工作目标', '1.完善机制'], '建立联席会议制度。'],
      [['一、总体要求', '（一）工作目标', '1.完善机制', '（1）定期会商'], '每月召开一次。'],
      [['一、总体要求', '（一）工作目标', '2.强化保障'], '落实经费。'],
      [['一、总体要求', '（二）基本原则'], '坚持问题导向。'],
      [['二、重点任务'], '做实接诉即办。'],
    ])
  })

  it('accepts half-width parentheses and full-width stops in 序次语', () => {
    const chunks = chunkText('(一)工作目标\n内容甲。\n(1)细项\n内容乙。\n3．第三项\n内容丙。')
    expect(chunks.map((c) => c.headingPath)).toEqual([['(一)工作目标'], ['(一)工作目标', '(1)细项'], ['(一)工作目标', '3．第三项']])
  })

  it('treats a 序次语 line that is a full sentence as a paragraph, not a heading', () => {
    const text = '一、坚持党建引领，推动治理重心下移。\n二、健全工作机制；\n三、这一行虽然没有句号但是超过了四十个字符所以它是一个段落而不是一个标题，内容很长很长'
    const chunks = chunkText(text)
    expect(chunks).toHaveLength(1)
    expect(chunks[0]!.headingPath).toEqual([])
    expect(chunks[0]!.text.split('\n')).toHaveLength(3)
  })

  it('does not take a line starting with a decimal number for a heading', () => {
    const chunks = chunkText('一、资金保障\n2.5亿元专项资金全部到位\n12.8万户完成改造')
    expect(chunks).toEqual([{ seq: 0, headingPath: ['一、资金保障'], text: '2.5亿元专项资金全部到位\n12.8万户完成改造' }])
  })

  it('cleans emphasis and closing hashes from Markdown heading text', () => {
    expect(chunkText('## **重点** `任务` ##\n\n内容。')[0]!.headingPath).toEqual(['重点 任务'])
  })

  it('gives text before any heading an empty path', () => {
    expect(chunkText('同志们：\n\n# 一、形势')).toEqual([{ seq: 0, headingPath: [], text: '同志们：' }])
  })
})

describe('chunkText: sizes and splitting', () => {
  it('returns no chunks for empty or blank text, or headings alone', () => {
    expect(chunkText('')).toEqual([])
    expect(chunkText(' \n\n \r\n')).toEqual([])
    expect(chunkText('# 标题\n## 小标题')).toEqual([])
  })

  it('numbers chunks from 0 in order', () => {
    const text = Array.from({ length: 6 }, (_, i) => `# 第${i}节\n\n内容${i}。`).join('\n\n')
    expect(chunkText(text).map((c) => c.seq)).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('keeps short paragraphs under one heading together', () => {
    const chunks = chunkText('# 节\n\n第一段。\n\n第二段。\n\n第三段。')
    expect(chunks).toEqual([{ seq: 0, headingPath: ['节'], text: '第一段。\n第二段。\n第三段。' }])
  })

  it('starts a new chunk when paragraphs would pass the target size, never splitting a paragraph under the maximum', () => {
    const paras = Array.from({ length: 5 }, (_, i) => sentence(150, String.fromCharCode(0x4e00 + i)))
    const chunks = chunkText(paras.join('\n\n'))
    expect(chunks.map((c) => c.text.split('\n').length)).toEqual([2, 2, 1])
    expect(chunks.flatMap((c) => c.text.split('\n'))).toEqual(paras)
    const single = sentence(CHUNK_MAX)
    expect(chunkText(single)).toEqual([{ seq: 0, headingPath: [], text: single }])
  })

  it('splits a long paragraph at sentence ends', () => {
    const sentences = Array.from({ length: 30 }, (_, i) => sentence(40, String.fromCharCode(0x4e00 + i)))
    const chunks = chunkText(sentences.join(''))
    expect(chunks.length).toBeGreaterThan(1)
    for (const c of chunks) {
      expect(c.text.endsWith('。')).toBe(true)
      expect(len(c.text.replace(/\n/g, ''))).toBeLessThanOrEqual(CHUNK_TARGET)
    }
    expect(chunks.map((c) => c.text.replace(/\n/g, '')).join('')).toBe(sentences.join(''))
  })

  it('splits after ！？； and their ASCII forms as well', () => {
    const p = Array.from({ length: 24 }, (_, i) => '字'.repeat(39) + ['！', '？', '；', '!', '?', ';'][i % 6]).join('')
    const chunks = chunkText(p)
    expect(chunks.length).toBeGreaterThan(1)
    for (const c of chunks) expect(c.text).toMatch(/[！？；!?;]$/)
    expect(chunks.map((c) => c.text.replace(/\n/g, '')).join('')).toBe(p)
  })

  it('cuts a run without sentence stops that is longer than the maximum', () => {
    const run = '表'.repeat(2000)
    const chunks = chunkText(run)
    for (const c of chunks) expect(len(c.text.replace(/\n/g, ''))).toBeLessThanOrEqual(CHUNK_MAX)
    expect(chunks.map((c) => c.text.replace(/\n/g, '')).join('')).toBe(run)
  })

  it('bounds every chunk of a large mixed document and loses no text', () => {
    const parts: string[] = []
    for (let h = 0; h < 8; h++) {
      parts.push(`## 第${h}部分`)
      for (let p = 0; p < 5; p++) parts.push(sentence(20 + ((h * 7 + p * 13) % 60)).repeat(1 + ((h + p) % 12)))
      parts.push('无句号的长行'.repeat(150))
    }
    const text = parts.join('\n\n')
    const chunks = chunkText(text)
    for (const c of chunks) {
      expect(c.text.length).toBeGreaterThan(0)
      expect(len(c.text.replace(/\n/g, ''))).toBeLessThanOrEqual(CHUNK_MAX)
      expect(c.headingPath).toHaveLength(1)
    }
    const body = parts.filter((p) => !p.startsWith('## ')).join('')
    expect(chunks.map((c) => c.text.replace(/\n/g, '')).join('')).toBe(body)
  })

  it('accepts CRLF line ends and trims lines', () => {
    expect(chunkText('# 标题\r\n\r\n  第一段。  \r\n第二段。')).toEqual([{ seq: 0, headingPath: ['标题'], text: '第一段。\n第二段。' }])
  })
})

describe('chunkText heading nesting', () => {
  it('nests 序次语 lines under a Markdown title and keeps siblings apart', () => {
    const chunks = chunkText('# 关于做好防汛工作的通知\n\n一、总体要求\n\n要求甲。\n\n（一）压实责任\n\n责任乙。\n\n二、工作措施\n\n措施丙。')
    const paths = Object.fromEntries(chunks.map((c) => [c.text, c.headingPath]))
    expect(paths['要求甲。']).toEqual(['关于做好防汛工作的通知', '一、总体要求'])
    expect(paths['责任乙。']).toEqual(['关于做好防汛工作的通知', '一、总体要求', '（一）压实责任'])
    expect(paths['措施丙。']).toEqual(['关于做好防汛工作的通知', '二、工作措施'])
  })

  it('treats "## 一、" and a later plain "（一）" as one numbering', () => {
    const chunks = chunkText('## 一、充分肯定成绩\n\n甲。\n\n（一）审批提速\n\n乙。\n\n## 二、聚焦重点\n\n丙。')
    const paths = Object.fromEntries(chunks.map((c) => [c.text, c.headingPath]))
    expect(paths['乙。']).toEqual(['一、充分肯定成绩', '（一）审批提速'])
    expect(paths['丙。']).toEqual(['二、聚焦重点'])
  })
})
