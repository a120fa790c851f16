// wenfu templates / draft / outline / generate / show / check and the transitions of the approval chain.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { api } from '../../scripts/lib.mjs'
import { parseVars } from './args.mjs'
import { checkReport, draftMarkdown, draftText, outlineText, parseDraftMarkdown, STATUS_LABEL } from './render.mjs'

const need = (value, usage) => {
  if (!value) throw new Error(`用法：${usage}`)
  return value
}
const call = (conn, method, pathname, opts) => api(conn.url, conn.token, method, pathname, opts)
const getDraft = (conn, id) => call(conn, 'GET', `/api/v1/drafts/${encodeURIComponent(id)}`)

export async function templatesCommand(conn, [sub = 'list', id], flags) {
  if (sub === 'list') {
    const { items } = await call(conn, 'GET', '/api/v1/templates')
    if (flags.json) return console.log(JSON.stringify(items, null, 2))
    for (const t of items) console.log(`${t.id.padEnd(16)} ${t.genre}  ${t.name}${t.origin === 'office' ? '（本办公室）' : ''}`)
    return
  }
  if (sub !== 'show') throw new Error('用法：wenfu templates [list] | wenfu templates show <模板id>')
  const t = await call(conn, 'GET', `/api/v1/templates/${encodeURIComponent(need(id, 'wenfu templates show <模板id>'))}`)
  if (flags.json) return console.log(JSON.stringify(t, null, 2))
  console.log(`${t.name}（${t.id}，${t.genre}，第 ${t.version} 版）`)
  if (t.description) console.log(t.description)
  console.log('\n变量（--var 名=值）：')
  for (const v of t.variables) {
    const tags = [v.required ? '必填' : '', v.locked ? '由工作人员填写' : ''].filter(Boolean).join('，')
    console.log(`  ${v.name.padEnd(12)} ${v.label}${tags ? `（${tags}）` : ''}${v.description ? `  ${v.description}` : ''}`)
  }
  console.log('\n章节：')
  for (const s of t.sections) console.log(`  ${s.heading}${s.purpose ? `  —— ${s.purpose}` : ''}`)
  if (t.closing) console.log(`\n结束语：${t.closing}`)
}

export async function createDraft(conn, templateId, flags) {
  const body = { templateId: need(templateId, 'wenfu draft create <模板id> [--var 名=值 …]'), variables: parseVars(flags.var) }
  if (typeof flags.title === 'string') body.title = flags.title
  if (typeof flags.mode === 'string') body.mode = flags.mode
  if (flags.finding || flags.precedent) body.materials = { findingIds: flags.finding ?? [], precedentIds: flags.precedent ?? [] }
  if (typeof flags.retrieve === 'string') body.retrieve = { query: flags.retrieve, ...(flags.limit ? { limit: Number(flags.limit) } : {}) }
  return call(conn, 'POST', '/api/v1/drafts', { json: body })
}

/** Saves a `# 标题` / `## 章节` file as the draft's next version; a section keeps its id (and citations) when its heading is unchanged. */
export async function saveDraftFile(conn, id, file, flags) {
  const draft = await getDraft(conn, id)
  const parsed = parseDraftMarkdown(readFileSync(file, 'utf8'))
  if (!parsed.sections.length) throw new Error(`${file} 中没有正文：每节以“## 章节标题”开头`)
  const free = new Map()
  for (const s of draft.sections) free.set(s.heading, [...(free.get(s.heading) ?? []), s.id])
  const sections = parsed.sections.map((s) => {
    const ids = free.get(s.heading)
    return ids?.length ? { id: ids.shift(), ...s } : s
  })
  const vars = parseVars(flags.var)
  const body = { sections, ...(parsed.title ? { title: parsed.title } : {}), ...(Object.keys(vars).length ? { variables: { ...draft.variables, ...vars } } : {}) }
  return call(conn, 'PUT', `/api/v1/drafts/${encodeURIComponent(id)}`, { json: body, headers: { 'if-match': `"${draft.version}"` } })
}

export async function draftCommand(conn, [sub, ...rest], flags) {
  switch (sub) {
    case 'create': {
      const d = await createDraft(conn, rest[0], flags)
      if (flags.quiet) return console.log(d.id)
      if (flags.json) return console.log(JSON.stringify(d, null, 2))
      console.log(`已新建文稿 ${d.id}：${d.title}（${d.genre}，${d.mode === 'assemble' ? '拼装模式' : '生成模式'}，材料 ${d.materials.length} 份）`)
      for (const f of d.flags ?? []) console.log(`提示：${f.message}`)
      console.log(`下一步：wenfu outline propose ${d.id}（可选），wenfu generate ${d.id}`)
      return d
    }
    case 'list': {
      const { items } = await call(conn, 'GET', '/api/v1/drafts', { query: { status: flags.status, limit: flags.limit } })
      if (flags.json) return console.log(JSON.stringify(items, null, 2))
      if (!items.length) return console.log('还没有文稿')
      for (const d of items) console.log(`${d.id}  ${(STATUS_LABEL[d.status] ?? d.status).padEnd(4)}  第 ${d.version} 版  ${d.genre}  ${d.title}`)
      return
    }
    case 'show':
      return showCommand(conn, rest, flags)
    case 'save': {
      const [id, file] = rest
      need(id && file, 'wenfu draft save <文稿id> <文件.md> [--var 名=值 …]')
      const r = await saveDraftFile(conn, id, file, flags)
      console.log(`已保存为第 ${r.version} 版（${STATUS_LABEL[r.status] ?? r.status}）${r.reopened ? '；内容有改动，文稿回到起草，须重新审核' : ''}`)
      return r
    }
    default:
      throw new Error('用法：wenfu draft create|list|show|save …（wenfu help draft 查看说明）')
  }
}

export async function showCommand(conn, [id], flags) {
  const d = await getDraft(conn, need(id, 'wenfu show <文稿id> [--md] [--json]'))
  if (flags.json) console.log(JSON.stringify(d, null, 2))
  else console.log(flags.md ? draftMarkdown(d) : draftText(d))
  return d
}

export async function outlineCommand(conn, [a, b], flags) {
  const propose = a === 'propose'
  const id = need(propose ? b : a === 'show' ? b : a, 'wenfu outline [show|propose] <文稿id>')
  const outline = propose ? await call(conn, 'POST', `/api/v1/drafts/${encodeURIComponent(id)}/outline`) : (await getDraft(conn, id)).outline
  if (flags.json) return console.log(JSON.stringify(outline, null, 2))
  const { materials } = await getDraft(conn, id)
  console.log(outlineText(outline, materials))
  return outline
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Starts generation and follows the job section by section until it ends. */
export async function generateCommand(conn, [id], flags) {
  need(id, 'wenfu generate <文稿id> [--section 章节id …] [--no-wait]')
  const started = await call(conn, 'POST', `/api/v1/drafts/${encodeURIComponent(id)}/generate`, { json: flags.section ? { sections: flags.section } : {} })
  console.log(`已开始生成（任务 ${started.jobId}，${started.mode === 'assemble' ? '拼装模式' : '生成模式'}，${started.sections.length} 节）`)
  if (flags['no-wait']) return started
  const interval = Number(flags.interval ?? 500)
  const deadline = Date.now() + Number(flags.timeout ?? 600) * 1000
  let last = ''
  for (;;) {
    const job = await call(conn, 'GET', `/api/v1/jobs/${encodeURIComponent(started.jobId)}`)
    const done = job.sections.filter((s) => s.status === 'done').length
    const running = job.sections.find((s) => s.status === 'running')
    const line = `进度 ${done}/${job.sections.length} 节${running ? `，正在写：${running.heading}` : ''}`
    if (line !== last) console.log(line)
    last = line
    if (job.status === 'done') {
      console.log(`生成完成。查看：wenfu show ${id}；审校：wenfu check ${id}`)
      return job
    }
    if (job.status === 'failed') {
      for (const s of job.sections.filter((x) => x.status === 'failed')) console.error(`  失败：${s.heading}  ${s.error ?? ''}`)
      throw new Error(`生成失败${job.error ? `：${job.error}` : ''}；排除问题后再次运行 wenfu generate ${id} 只生成未完成的章节`)
    }
    if (Date.now() > deadline) throw new Error(`等待超时；任务仍在进行，可稍后运行 wenfu show ${id} 查看`)
    await sleep(interval)
  }
}

async function fileText(file) {
  const ext = path.extname(file).toLowerCase()
  if (ext === '.docx') {
    const mammoth = await import('mammoth')
    const { value } = await mammoth.extractRawText({ buffer: readFileSync(file) })
    return value.replace(/\n{3,}/g, '\n\n').trim()
  }
  if (ext === '.md' || ext === '.markdown') return readFileSync(file, 'utf8').replace(/^#{1,6}\s+/gm, '')
  if (ext === '.txt') return readFileSync(file, 'utf8')
  throw new Error(`不支持的文件类型“${ext || file}”：可检查 .txt、.md、.docx 文件，或文稿 id`)
}

/** Checks a file (.txt .md .docx) or a draft (its id). */
export async function checkCommand(conn, [target], flags) {
  need(target, 'wenfu check <文件.txt|.md|.docx 或 文稿id> [--genre 文种] [--sensitive] [--json]')
  const typoSensitivity = flags.sensitive ? 'sensitive' : undefined
  let result
  let text
  if (existsSync(target)) {
    text = await fileText(target)
    result = await call(conn, 'POST', '/api/v1/check', { json: { text, ...(flags.genre ? { genre: flags.genre } : {}), ...(typoSensitivity ? { typoSensitivity } : {}) } })
  } else if (/^drf_/.test(target)) {
    result = await call(conn, 'POST', `/api/v1/drafts/${encodeURIComponent(target)}/check`, { query: { typoSensitivity } })
    text = result.text
  } else {
    throw new Error(`找不到文件“${target}”（文稿 id 以 drf_ 开头）`)
  }
  if (flags.json) console.log(JSON.stringify(result, null, 2))
  else console.log(checkReport(result, text))
  return result
}

const TRANSITION_WORDS = { submit: '已提交审核', approve: '已审核通过', return: '已退回修改', revise: '已重新起草', sign: '已签发', issue: '已登记印发' }

export async function transitionCommand(conn, action, [id], flags) {
  need(id, `wenfu ${action} <文稿id>${action === 'return' ? ' --note 退回理由' : ' [--note 说明]'}`)
  if (action === 'return' && typeof flags.note !== 'string') throw new Error('退回须说明理由：wenfu return <文稿id> --note 退回理由')
  const note = typeof flags.note === 'string' ? flags.note : undefined
  const r = await call(conn, 'POST', `/api/v1/drafts/${encodeURIComponent(id)}/transitions`, { json: { action, ...(note ? { note } : {}) } })
  if (flags.json) return console.log(JSON.stringify(r, null, 2))
  console.log(`${TRANSITION_WORDS[action]}：文稿 ${id} 现为“${STATUS_LABEL[r.status] ?? r.status}”${r.docNumber ? `，发文字号 ${r.docNumber}` : ''}`)
  for (const w of r.warnings ?? []) console.log(`提醒：${typeof w === 'string' ? w : w.message}`)
  return r
}
