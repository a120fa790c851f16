import { describe, expect, it } from 'vitest'
import { toOriginalSpan, toUnwrappedOffset, unwrapText } from '../../src/core/paragraphs'
import { hardWrap } from '../helpers/wrap'

const PARAS = [
  '关于进一步优化营商环境的通知',
  '各镇人民政府，各街道办事处：',
  '为深入贯彻落实党中央、国务院关于优化营商环境的决策部署（以下简称“决策部署”），进一步激发经营主体活力，现就有关事项通知如下。',
  '一、总体要求',
  '坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，把《优化营商环境条例》落到实处，推动“放管服”改革向纵深发展。',
  '二、重点任务',
  '（一）深化一网通办。梳理高频事项清单，推行“一件事一次办”，让企业和群众少跑腿、好办事，办事时限压缩一半以上。',
  '示例区人民政府办公室',
  '2026年3月1日',
]

describe('unwrapText', () => {
  it('rebuilds the paragraphs of a text hard-wrapped at 28 characters', () => {
    const u = unwrapText(hardWrap(PARAS))
    expect(u.unwrapped).toBe(true)
    expect(u.text.split('\n')).toEqual(PARAS)
  })

  it('leaves a text with one paragraph per line exactly as it is', () => {
    const text = PARAS.join('\n')
    const u = unwrapText(text)
    expect(u.unwrapped).toBe(false)
    expect(u.text).toBe(text)
  })

  it('keeps blank-line paragraphs and Windows line ends apart', () => {
    const text = hardWrap(PARAS).replace(/\n(?=一、|二、)/g, '\n\n').replace(/\n/g, '\r\n')
    const u = unwrapText(text)
    expect(u.text.replace(/\r?\n/g, '\n').split('\n').filter(Boolean)).toEqual(PARAS)
  })

  it('maps every offset of the unwrapped text back into the text as given', () => {
    const given = hardWrap(PARAS)
    const u = unwrapText(given)
    for (let i = 0; i < u.text.length; i++) {
      const { start, end } = toOriginalSpan(u, i, i + 1)
      expect(given.slice(start, end)).toBe(u.text[i])
      expect(toUnwrappedOffset(u, start)).toBe(i)
    }
    // a span across a soft wrap covers the line break in the original
    const at = u.text.indexOf('决策部署（')
    const span = toOriginalSpan(u, at, u.text.indexOf('）', at) + 1)
    expect(given.slice(span.start, span.end).replace(/\n/g, '')).toBe('决策部署（以下简称“决策部署”）')
  })

  it('does not take a 序次语 pushed to a line start by the wrap for a heading', () => {
    const head = [...'按照区委统一部署请各单位对照本通知附件中所列的全部工作任务清单里面的第'].slice(0, 32).join('')
    const p = `${head}（二）项要求抓好落实，确保按期完成各项目标任务，不断提高工作质量和效率。`
    const given = hardWrap(['关于抓好落实的通知', p, '示例区人民政府办公室'], 32)
    expect(given.split('\n')[2]!.startsWith('（二）')).toBe(true)
    expect(unwrapText(given).text.split('\n')).toEqual(['关于抓好落实的通知', p, '示例区人民政府办公室'])
  })
})
