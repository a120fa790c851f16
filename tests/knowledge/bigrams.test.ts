import { describe, expect, it } from 'vitest'
import { bigramsOf, isHan, runsOf, scopeToken, toIndexText } from '../../src/knowledge/bigrams'

describe('toIndexText', () => {
  it('splits mixed text into Han bigrams, last characters and whole Latin/digit words', () => {
    expect(toIndexText('2023年城镇GDP增长5.2%')).toBe('2023 年城 城镇 镇 gdp 增长 长 5 2')
  })

  it('writes overlapping bigrams of a Han run plus its last character', () => {
    expect(toIndexText('营商环境')).toBe('营商 商环 环境 境')
  })

  it('keeps a 1-character Han run as itself, once', () => {
    expect(toIndexText('年')).toBe('年')
    expect(toIndexText('第3年')).toBe('第 3 年')
  })

  it('breaks runs at punctuation and spaces, full-width or not', () => {
    expect(toIndexText('养老，网格。 营商')).toBe('养老 老 网格 格 营商 商')
    expect(toIndexText('“一件事”（一次办）')).toBe('一件 件事 事 一次 次办 办')
  })

  it('lower-cases Latin words and folds full-width forms (NFKC)', () => {
    expect(toIndexText('ＧＤＰ与CPI')).toBe('gdp 与 cpi')
    expect(toIndexText('１２３４５')).toBe('12345')
  })

  it('keeps letters with digits as one word', () => {
    expect(toIndexText('5G基站和H5页面')).toBe('5g 基站 站和 和 h5 页面 面')
  })

  it('writes nothing for text without letters or digits', () => {
    expect(toIndexText('')).toBe('')
    expect(toIndexText('。，！？、——……')).toBe('')
    expect(toIndexText('<>&"\'*():^{}')).toBe('')
  })

  it('never writes FTS5 operators or quotes into the index', () => {
    const out = toIndexText('"养老" AND (网格) OR NEAR(a b) title:营商 -x ^y *')
    expect(out).not.toMatch(/["():^*{}-]/)
    expect(out.split(' ')).toEqual(['养老', '老', 'and', '网格', '格', 'or', 'near', 'a', 'b', 'title', '营商', '商', 'x', 'y'])
  })

  it('handles characters outside the BMP (surrogate pairs) as one character', () => {
    expect(toIndexText('𠀀𠀁')).toBe('𠀀𠀁 𠀁')
  })

  it('gives every character of a Han run a token that starts with it', () => {
    const text = '城乡社区网格员配备率'
    const tokens = toIndexText(text).split(' ')
    for (const ch of text) expect(tokens.some((t) => t.startsWith(ch))).toBe(true)
  })
})

describe('bigramsOf, runsOf, isHan', () => {
  it('bigramsOf gives n-1 bigrams of a run, or the run itself when it is one character', () => {
    expect(bigramsOf('网格员')).toEqual(['网格', '格员'])
    expect(bigramsOf('网')).toEqual(['网'])
    expect(bigramsOf('')).toEqual([])
  })

  it('runsOf separates Han runs from Latin/digit runs', () => {
    expect(runsOf('2023年GDP增长5.2%')).toEqual(['2023', '年', 'gdp', '增长', '5', '2'])
  })

  it('isHan tells Han characters from others', () => {
    expect(isHan('营')).toBe(true)
    expect(isHan('a')).toBe(false)
    expect(isHan('。')).toBe(false)
    expect(isHan('ア')).toBe(false)
  })
})

describe('scopeToken', () => {
  it('turns an office id into a single FTS token of letters and digits', () => {
    expect(scopeToken('off_ABC123xyz')).toBe('ooffabc123xyz')
    expect(toIndexText(scopeToken('off_default'))).toBe(scopeToken('off_default'))
  })

  it('gives different offices different tokens', () => {
    expect(scopeToken('off_aaaa')).not.toBe(scopeToken('off_aaab'))
  })
})
