import { describe, expect, it } from 'vitest'
import { numeralVariants, parseChineseNumber } from '../../src/knowledge/numerals'
import { parseQuery } from '../../src/knowledge/query'
import { synonymsOf } from '../../src/knowledge/synonyms'

describe('parseChineseNumber', () => {
  it.each([
    ['十八点五', '18.5'],
    ['一千一百', '1100'],
    ['二〇二三', '2023'],
    ['三十七点二', '37.2'],
    ['十', '10'],
    ['一百零五', '105'],
  ])('reads %s as %s', (cn, arabic) => {
    expect(parseChineseNumber(cn)).toBe(arabic)
  })

  it.each(['千百', '十十', '点五', '一点二点三'])('refuses the malformed numeral %s', (cn) => {
    expect(parseChineseNumber(cn)).toBeNull()
  })
})

describe('numeralVariants', () => {
  it('gives the Arabic form of percentages and numerals in running text', () => {
    expect(numeralVariants('比重达百分之十八点五，新增一千一百万人')).toBe('18.5 1100')
  })

  it('leaves words that merely contain a numeral character alone', () => {
    expect(numeralVariants('十分重要，千方百计，百姓安居')).toBe('')
  })
})

describe('query expansion', () => {
  it('expands GDP to 国内生产总值 as an alternative, not a required term', () => {
    const [term] = parseQuery('GDP')
    expect(term!.compact).toBe('gdp')
    expect(term!.alts).toContain('国内生产总值')
    expect(synonymsOf('国内生产总值')).toContain('gdp')
  })

  it('gives a Chinese-numeral query its Arabic form', () => {
    const [term] = parseQuery('百分之十八点五')
    expect(term!.alts).toContain('185')
  })
})
