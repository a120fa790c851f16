/**
 * The messages sent to a model for one section. The genre's own rules come from the template
 * (写作要求); the rules here are the ones every section obeys: facts only from the findings, each
 * cited with its marker; precedents for voice only; 【待补】 instead of invention; locked fields
 * left to people.
 */
import type { ChatMessage, SectionBrief } from '../llm'

const RULES = [
  '事实（数字、百分比、金额、日期、具体做法、事例）只能来自“调研材料”，每处事实紧跟方括号标注出处，如 [F1]；一句话用到几条材料就标几个，如 [F1][F3]。',
  '不得使用调研材料以外的任何数字和事实，不得推算、不得编造；本节需要而材料中没有的事实，写成【待补：需要补充的内容】。',
  '“参考范文”只用来借鉴结构、语气和表达，不得照搬其中的事实、数字和单位名称。',
  '发文字号、成文日期、主送机关、署名、签发人、抄送机关由工作人员填写，正文中不要生成。',
  '只写本节正文：不写本节标题，不写其他章节的内容，不写文末结束语，不要解释你的写法。',
]

function materialsBlock(brief: SectionBrief): string {
  if (!brief.findings.length) return brief.facts ? '（本节没有分配到调研材料：需要事实的地方一律写【待补：……】。）' : '（本节不需要具体事实。）'
  return brief.findings
    .map((f) => {
      const meta = [f.source && `来源：${f.source}`, f.observedOn && `时间：${f.observedOn}`, f.caliber && `口径：${f.caliber}`].filter(Boolean).join('；')
      return `[${f.marker}] ${f.title}\n${meta ? meta + '\n' : ''}${f.body}`
    })
    .join('\n\n')
}

export function sectionMessages(brief: SectionBrief): ChatMessage[] {
  const system = [
    `你是区委办公室的文字综合人员，正在起草一篇${brief.genre}（模板：${brief.templateName}）。`,
    brief.instructions ? `本文种的写作要求：\n${brief.instructions}` : '',
    `必须遵守的规则：\n${RULES.map((r, i) => `${i + 1}. ${r}`).join('\n')}`,
    brief.closing ? `文末结束语“${brief.closing}”由系统添加，正文不要写。` : '',
  ]
    .filter(Boolean)
    .join('\n\n')

  const user = [
    `文稿标题：${brief.draftTitle}`,
    brief.variables.length ? `基本信息：\n${brief.variables.map((v) => `- ${v.label}：${v.value}`).join('\n')}` : '',
    `现在写这一节：${brief.heading}`,
    brief.purpose ? `本节用途：${brief.purpose}` : '',
    brief.guidance ? `写法：${brief.guidance}` : '',
    brief.points.length ? `要点：\n${brief.points.map((p) => `- ${p}`).join('\n')}` : '',
    brief.skeleton ? `可参考的开头骨架（其中的【待补】如材料中没有，保留原样）：${brief.skeleton}` : '',
    `篇幅：约 ${brief.targetChars} 字。`,
    `调研材料（事实的唯一来源）：\n${materialsBlock(brief)}`,
    brief.passages.length
      ? `参考范文（只借鉴写法，不得引用其中的事实）：\n${brief.passages.map((p) => `[${p.marker}] 《${p.title}》${p.heading ? ' · ' + p.heading : ''}\n${p.text}`).join('\n\n')}`
      : '',
    brief.context ? `前文（仅供衔接，不要重复，也不是事实来源）：\n${brief.context}` : '',
    '请直接输出本节正文。',
  ]
    .filter(Boolean)
    .join('\n\n')

  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ]
}
