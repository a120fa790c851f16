import { describe, expect, it } from 'vitest'
import { figureSources, proseLength, untracedFigures, validateMarkers } from '../../src/drafts/citations'
import { assembleSection, maskFigures, type SectionBrief } from '../../src/llm'

const allowed = new Map([
  ['F1', { kind: 'finding' as const, id: 'fnd_a' }],
  ['F2', { kind: 'finding' as const, id: 'fnd_b' }],
  ['P1', { kind: 'precedent' as const, id: 'pre_a' }],
])

describe('validateMarkers', () => {
  it('keeps markers of the section, in canonical form, and lists the citations once', () => {
    const r = validateMarkers('审批提速[F1]。融资成本下降【F2】，仍需努力［f1、F2］。参照往年写法[P1]。', allowed)
    expect(r.text).toBe('审批提速[F1]。融资成本下降[F2]，仍需努力[F1][F2]。参照往年写法[P1]。')
    expect(r.citations).toEqual([
      { marker: 'F1', kind: 'finding', id: 'fnd_a' },
      { marker: 'F2', kind: 'finding', id: 'fnd_b' },
      { marker: 'P1', kind: 'precedent', id: 'pre_a' },
    ])
    expect(r.invalid).toEqual([])
  })

  it('removes markers that point at no material of the section and reports them', () => {
    const r = validateMarkers('满意度很高[F9]。企业反映[F1, F7]。', allowed)
    expect(r.text).toBe('满意度很高。企业反映[F1]。')
    expect(r.invalid).toEqual(['F9', 'F7'])
  })

  it('leaves 【待补】 placeholders alone', () => {
    expect(validateMarkers('【待补：会议主要任务】', allowed).text).toBe('【待补：会议主要任务】')
  })
})

describe('untracedFigures', () => {
  const sources = figureSources([
    '2026年1—2月全区新设立经营主体1863户，同比增长9.4%。',
    '惠企资金1.36亿元，惠及企业427家',
    '2026-03-12',
    '全区优化营商环境工作推进会',
  ])

  it('traces figures to the findings, including scaled forms and dates', () => {
    expect(untracedFigures('新设立经营主体1,863户，增长9.4%，兑现资金13600万元，惠及427家企业。3月12日调研。', sources)).toEqual([])
  })

  it('flags numbers, percentages and amounts no finding holds', () => {
    expect(untracedFigures('满意度达到97.5%，减负3.8亿元，新增企业2000家，共15个部门。', sources)).toEqual(['97.5%', '3.8亿', '2000', '15'])
  })

  it('ignores structure: list numbers, ordinals, small counts, markers and placeholders', () => {
    expect(untracedFigures('1. 第一条[F12]\n（2）讲3点意见，第15期。【待补：2025年数据】', sources)).toEqual([])
  })
})

describe('proseLength', () => {
  it('counts the prose without markers, placeholders, reference lines and spaces', () => {
    expect(proseLength('审批提速 [F1]。\n【待补：数据】\n【参考写法】《x》：很长的参考……[P1]')).toBe(5)
  })
})

describe('assemble writer', () => {
  const brief = (over: Partial<SectionBrief> = {}): SectionBrief => ({
    draftTitle: '在全区工作会议上的讲话',
    genre: '讲话稿',
    templateName: '工作会议讲话稿',
    instructions: '',
    heading: '一、充分肯定成绩，清醒认识差距',
    purpose: '回顾工作成效',
    guidance: '',
    points: [],
    skeleton: null,
    facts: true,
    targetChars: 600,
    variables: [],
    findings: [
      { marker: 'F1', id: 'fnd_a', title: '企业开办', body: '新设立经营主体1863户。', source: '统计数据', observedOn: null, caliber: null, sensitivity: 'public' },
    ],
    passages: [{ marker: 'P1', id: 'pre_a', title: '往年讲话', heading: '一、成绩', text: '全年新设立经营主体1.2万户，同比增长10.6%。', sensitivity: 'public' }],
    context: null,
    closing: null,
    ...over,
  })

  it('writes the findings verbatim with markers, and the reference passage with its figures masked', () => {
    expect(assembleSection(brief())).toBe('新设立经营主体1863户。[F1]\n\n【参考写法】《往年讲话》·一、成绩：全年新设立经营主体×万户，同比增长×%。[P1]')
  })

  it('writes 【待补】 when a section that needs facts has none', () => {
    expect(assembleSection(brief({ findings: [], passages: [] }))).toMatch(/^【待补：一、充分肯定成绩，清醒认识差距——回顾工作成效/)
  })

  it('starts from the skeleton', () => {
    expect(assembleSection(brief({ skeleton: '今天召开会议。', facts: false, findings: [], passages: [] }))).toBe('今天召开会议。')
  })

  it('masks figures', () => {
    expect(maskFigures('增长10.6%，１２户')).toBe('增长×%，×户')
  })
})
