import { describe, expect, it } from 'vitest'
import { BUILTIN_SOURCES } from '../../src/templates/builtin'
import { parseTemplate, templateSpec, TemplateErrors, writeTemplateSource, type TemplateDefinition, type TemplateSpec } from '../../src/templates'

const builtins = BUILTIN_SOURCES.map((s) => parseTemplate(s, { requireVersion: true }))

/** A definition without its version (the writer leaves it to saveTemplate) and with shares to 1%. */
const comparable = (d: TemplateDefinition) => ({
  ...d,
  version: 0,
  sections: d.sections.map((s) => ({ ...s, share: Math.round(s.share * 100) })),
})

function refusal(spec: TemplateSpec): string[] {
  try {
    writeTemplateSource(spec)
  } catch (err) {
    if (err instanceof TemplateErrors) return err.reasons
    throw err
  }
  return []
}

describe('writeTemplateSource', () => {
  it('writes every builtin template back to a source that parses to the same definition', () => {
    for (const def of builtins) {
      const again = parseTemplate(writeTemplateSource(templateSpec(def)))
      expect(comparable(again), def.id).toEqual(comparable(def))
      for (const [i, s] of again.sections.entries()) expect(Math.abs(s.share - def.sections[i]!.share), `${def.id} ${s.key}`).toBeLessThanOrEqual(0.002)
    }
  })

  it('keeps quotes, pipes in free text and several lines of 写法', () => {
    const spec = templateSpec(builtins.find((d) => d.id === 'tongzhi')!)
    spec.name = '"引号"通知'
    spec.description = '说明 | 可以有竖线'
    spec.sections[0]!.guidance = '第一行\n第二行：不是属性，因为冒号前超过八个字的内容'
    const def = parseTemplate(writeTemplateSource(spec))
    expect(def.name).toBe('"引号"通知')
    expect(def.description).toBe('说明 | 可以有竖线')
    expect(def.sections[0]!.guidance).toBe('第一行\n第二行：不是属性，因为冒号前超过八个字的内容')
  })

  it('refuses, in Chinese, values the Markdown cannot hold', () => {
    const spec = templateSpec(builtins.find((d) => d.id === 'tongzhi')!)
    spec.name = '两行\n名称'
    spec.variables[0]!.description = 'a|b'
    spec.instructions = '第一条\n## 不是一节'
    spec.sections[0]!.guidance = '第一行\n- 要点：会被当作属性'
    spec.sections[0]!.points = ['含；分号']
    const reasons = refusal(spec)
    expect(reasons).toEqual([
      '模板名称不能换行',
      '第 1 个变量的说明不能含竖线“|”或换行',
      '写作要求第 2 行以“## ”开头，会被当作新的一节，请改写',
      `章节“${spec.sections[0]!.heading}”的要点不能含分号（分号用来分隔要点）`,
      `章节“${spec.sections[0]!.heading}”的写法中“- 要点：会被当作属性”一行会被当作标题或属性，请改写`,
    ])
  })
})
