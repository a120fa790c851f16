/**
 * What is unsaved, in words: the title, which sections (by heading: changed, new, removed) and which
 * 要素 — so the page says more than “有未保存的修改”.
 */
import type { SectionInput } from './sections'

interface Edit {
  title: string
  sections: SectionInput[]
}

const SHOWN = 3
const quoted = (headings: string[]) => {
  const named = headings.slice(0, SHOWN).map((x) => `“${x || '（无标题）'}”`).join('')
  return headings.length > SHOWN ? `${named}等 ${headings.length} 节` : named
}

/** The parts of `now` that differ from `saved`, e.g. ["标题", "正文“一、工作任务”", "要素（成文日期）"]. */
export function unsavedParts(saved: Edit, now: Edit, elements: string[]): string[] {
  const parts: string[] = []
  if (saved.title !== now.title) parts.push('标题')
  const before = new Map(saved.sections.filter((s) => s.id).map((s) => [s.id!, s]))
  const changed: string[] = []
  const added: string[] = []
  for (const s of now.sections) {
    const old = s.id ? before.get(s.id) : undefined
    if (!old) added.push(s.heading)
    else if (old.heading !== s.heading || old.text !== s.text) changed.push(s.heading)
  }
  const kept = new Set(now.sections.map((s) => s.id).filter(Boolean))
  const removed = saved.sections.filter((s) => s.id && !kept.has(s.id)).map((s) => s.heading)
  if (changed.length) parts.push(`正文${quoted(changed)}`)
  if (added.length) parts.push(`新增${quoted(added)}`)
  if (removed.length) parts.push(`删除${quoted(removed)}`)
  if (elements.length) parts.push(`要素（${elements.join('、')}）`)
  return parts
}
