/**
 * The deterministic writer of assemble mode (no model): a material pack a drafter writes from.
 * Each section gets its skeleton, its findings verbatim with their markers, and one precedent
 * passage as a reference for voice, with every figure in it masked so that no stale fact from an
 * old text slips into the new one. What nothing covers becomes 【待补：…】.
 */
import type { SectionBrief } from './brief'

/** Old figures in a precedent are not facts for a new draft: "1.2万户" → "×万户". */
export function maskFigures(text: string): string {
  return text.replace(/[0-9０-９]+(?:[.．][0-9０-９]+)?/g, '×')
}

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, '')]
  if (chars.length <= max) return chars.join('')
  const cut = chars.slice(0, max).join('')
  const stop = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('；'))
  return (stop > max / 2 ? cut.slice(0, stop + 1) : cut) + '……'
}

const PASSAGE_CHARS = 160

export function assembleSection(brief: SectionBrief): string {
  const paragraphs: string[] = []
  if (brief.skeleton) paragraphs.push(brief.skeleton)
  if (brief.findings.length) {
    for (const f of brief.findings) paragraphs.push(`${f.body.trim()}[${f.marker}]`)
  } else if (brief.facts) {
    paragraphs.push(`【待补：${brief.heading}——${brief.purpose || '本节所需事实'}（知识库中暂无与本节匹配的调研发现）】`)
  } else if (!brief.skeleton) {
    paragraphs.push(`【待补：${brief.heading}——${brief.purpose || '请撰写本节'}】`)
  }
  if (brief.unused?.length) {
    // Listed, not pasted: the drafter sees what retrieval found and why it is not in the pack.
    const list = brief.unused.map((u) => `${u.marker}“${u.title}”（相关度 ${u.score.toFixed(2)}）`).join('；')
    paragraphs.push(`【未采用】与主题相关度不足，未编入本节：${list}`)
  }
  const passage = brief.passages[0]
  if (passage) {
    const where = passage.heading ? `·${passage.heading}` : ''
    // A reference for voice, never text of the draft: the check and the length leave this line out.
    paragraphs.push(`【参考写法】《${passage.title}》${where}：${maskFigures(clip(passage.text, PASSAGE_CHARS))}[${passage.marker}]`)
  }
  return paragraphs.join('\n\n')
}
