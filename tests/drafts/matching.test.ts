import { describe, expect, it } from 'vitest'
import { assignMaterials, type SectionProfile } from '../../src/drafts/matching'

const sections: SectionProfile[] = [
  { key: 'results', heading: '一、充分肯定成绩', purpose: '回顾工作成效', keywords: ['成效', '提升', '增长'] },
  { key: 'tasks', heading: '二、聚焦重点任务', purpose: '部署营商环境重点任务', keywords: ['问题', '不足', '营商环境'] },
]

describe('assignMaterials', () => {
  it('gives each finding to the section it fits best', () => {
    const out = assignMaterials(sections, [
      { id: 'a', title: '企业开办便利度提升', text: '新设立经营主体同比增长9.4%，成效明显。' },
      { id: 'b', title: '涉企检查频次偏高', text: '营商环境仍存在问题与不足。' },
    ])
    expect(out.get('results')).toEqual(['a'])
    expect(out.get('tasks')).toEqual(['b'])
  })

  it('does not leave a section empty while some finding fits it', () => {
    const out = assignMaterials(sections, [
      { id: 'a', title: '营商环境问题突出', text: '营商环境存在不足，企业开办用时有所提升。' },
      { id: 'b', title: '涉企检查频次偏高', text: '营商环境仍存在问题与不足。' },
    ])
    expect(out.get('tasks')).toEqual(['a', 'b'])
    expect(out.get('results')).toEqual(['a'])
  })

  it('leaves a section empty when nothing fits it at all', () => {
    const out = assignMaterials(
      [{ key: 'x', heading: '乙', purpose: '丙', keywords: ['丁'] }, ...sections],
      [{ id: 'b', title: '涉企检查频次偏高', text: '营商环境仍存在问题与不足。' }],
    )
    expect(out.get('x')).toEqual([])
  })
})
