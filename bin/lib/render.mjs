// How the CLI shows drafts, outlines and check results as text; pure, tested in tests/node/cli-args.test.ts.

export const STATUS_LABEL = { drafting: '起草中', in_review: '审核中', approved: '已审核', signed: '已签发', issued: '已印发', returned: '已退回' }
const COMPOSE_LABEL = { new: '未生成', outlined: '已出提纲', generating: '生成中', done: '已生成', failed: '生成失败' }
const MODE_LABEL = { generate: '生成模式', assemble: '拼装模式' }
const SENSITIVITY_LABEL = { public: '公开', internal: '内部', restricted: '敏感' }
export const LEVEL_LABEL = { 'must-fix': '必改', suspect: '存疑', hint: '提示' }

/** The draft as a reader sees it: title, 发文字号, 主送, sections, 署名 and date; then its materials. */
export function draftText(d) {
  const v = d.variables ?? {}
  const out = []
  const facts = [d.genre, STATUS_LABEL[d.status] ?? d.status, `第 ${d.version} 版`, MODE_LABEL[d.mode] ?? d.mode, COMPOSE_LABEL[d.composeState] ?? d.composeState]
  if (d.sensitivity) facts.push(`保密级别：${SENSITIVITY_LABEL[d.sensitivity] ?? d.sensitivity}`)
  out.push(`文稿 ${d.id}（${facts.filter(Boolean).join(' · ')}）`, '─'.repeat(40))
  if (v.docNumber) out.push(v.docNumber, '')
  out.push(d.title, '')
  if (v.recipients) out.push(`${v.recipients}：`)
  for (const s of d.sections ?? []) {
    if (s.printHeading && s.heading) out.push(s.heading)
    if (s.text) out.push(s.text)
    if (s.status && s.status !== 'done' && s.kind === 'written') out.push(`（本节${s.status === 'failed' ? `生成失败：${s.error ?? ''}` : '尚未生成'}）`)
  }
  if (v.issuer || v.date) out.push('', ...[v.issuer, v.date].filter(Boolean))
  const materials = d.materials ?? []
  if (materials.length) {
    out.push('─'.repeat(40), '材料：')
    for (const m of materials) {
      const mark = m.sensitivity && m.sensitivity !== 'public' ? `（${SENSITIVITY_LABEL[m.sensitivity] ?? m.sensitivity}）` : ''
      out.push(`  [${m.marker}] ${m.kind === 'finding' ? '调研发现' : '范文'} ${m.title ?? '（已删除）'}${mark}`)
    }
  }
  for (const f of d.flags ?? []) out.push(`提示：${f.message}`)
  return out.join('\n')
}

/** The editable form `wenfu draft save` reads back: `# 标题`, then `## 章节标题` before each section. */
export function draftMarkdown(d) {
  const parts = [`# ${d.title}`, '']
  for (const s of d.sections ?? []) parts.push(`## ${s.heading}`, '', s.text ?? '', '')
  return parts.join('\n')
}

/** `# 标题` and `## 章节` blocks → { title?, sections: [{ heading, text }] }; text before any `##` is a section without heading. */
export function parseDraftMarkdown(md) {
  const lines = md.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n')
  let title
  const sections = []
  let cur = null
  for (const line of lines) {
    const h1 = /^#\s+(.+?)\s*$/.exec(line)
    const h2 = /^##\s+(.*?)\s*$/.exec(line)
    if (h1 && title === undefined && !sections.length && !cur) {
      title = h1[1]
      continue
    }
    if (h2) {
      if (cur) sections.push(cur)
      cur = { heading: h2[1], lines: [] }
      continue
    }
    if (!cur) {
      if (!line.trim()) continue
      cur = { heading: '', lines: [] }
    }
    cur.lines.push(line)
  }
  if (cur) sections.push(cur)
  return { title, sections: sections.map((s) => ({ heading: s.heading, text: s.lines.join('\n').trim() })) }
}

/** 1-based line and column of a UTF-16 offset in `text`. */
export function lineColumn(text, offset) {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}

export function checkReport(result, text) {
  const out = []
  const by = result.stats?.byLevel ?? {}
  for (const i of result.issues) {
    const where = i.field ? `要素 ${i.field}` : (() => {
      const { line, column } = lineColumn(text, i.start)
      return `第 ${line} 行第 ${column} 字`
    })()
    out.push(`${LEVEL_LABEL[i.level] ?? i.level}  ${where}  “${i.excerpt}”  ${i.message}${i.suggestion !== undefined ? `  → 建议改为“${i.suggestion}”` : ''}  （${i.source}）`)
  }
  out.push(`审校完成：必改 ${by['must-fix'] ?? 0}，存疑 ${by.suspect ?? 0}，提示 ${by.hint ?? 0}（共 ${result.stats?.characters ?? text.length} 字）`)
  return out.join('\n')
}

export function outlineText(outline, materials = []) {
  if (!outline) return '尚无提纲：运行 wenfu outline propose <文稿id> 生成提纲建议'
  const marker = new Map(materials.map((m) => [m.id, m.marker]))
  const out = [`提纲（${outline.source === 'edited' ? '已修改' : '建议'}）`]
  outline.sections.forEach((s, i) => {
    const mats = [...s.findingIds, ...s.precedentIds].map((id) => `[${marker.get(id) ?? id}]`).join('')
    out.push(`${i + 1}. ${s.heading}${s.kind === 'fixed' ? '（固定文字）' : ''}${s.targetChars ? `  约 ${s.targetChars} 字` : ''}${mats ? `  材料 ${mats}` : ''}  ${s.id}`)
    for (const p of s.points) out.push(`   · ${p}`)
  })
  return out.join('\n')
}
