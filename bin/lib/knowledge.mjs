// wenfu import / search / findings add.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { api } from '../../scripts/lib.mjs'

const EXTENSIONS = new Set(['.docx', '.pdf', '.ofd', '.html', '.htm', '.md', '.markdown', '.txt', '.jsonl', '.doc', '.wps'])
/** Formats whose characters are counted for the throughput line (the others are binary). */
const TEXT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.jsonl'])
const BATCH_FILES = 20
const BATCH_BYTES = 8 * 1024 * 1024
const FINDINGS_PER_REQUEST = 200

function collectFiles(inputs) {
  const out = []
  const walk = (p) => {
    const st = statSync(p)
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) walk(path.join(p, name))
    } else if (EXTENSIONS.has(path.extname(p).toLowerCase())) out.push({ path: p, size: st.size })
  }
  for (const input of inputs) walk(input)
  return out
}

function progressBar(done, total, bytes, started) {
  if (!process.stderr.isTTY && done !== total) return
  const width = 30
  const filled = total ? Math.round((done / total) * width) : width
  const secs = Math.max(0.001, (Date.now() - started) / 1000)
  const rate = (bytes / 1024 / 1024 / secs).toFixed(2)
  const line = `[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} 个文件  ${rate} MB/s`
  process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`)
  if (done === total && process.stderr.isTTY) process.stderr.write('\n')
}

export function printReport(report, label, where = (r) => `${r.file}${r.line ? `:${r.line}` : ''}`) {
  const s = report.summary
  console.log(`${label}完成：导入 ${s.imported}，跳过 ${s.skipped}（内容重复），拒绝 ${s.refused}`)
  // What each imported file was recognised as (PDF/OFD/web pages), and any part not read.
  for (const r of report.imported ?? []) {
    const info = r.recognised
    if (!info && !r.unread?.length) continue
    const parts = [info?.docNumber && `发文字号 ${info.docNumber}`, info?.date && `日期 ${info.date}`, r.paragraphs !== undefined && `${r.paragraphs} 段`].filter(Boolean)
    console.log(`  导入  ${where(r)}  ${r.title ?? ''}${parts.length ? `（${parts.join('，')}）` : ''}`)
    for (const u of r.unread ?? []) console.log(`        未读取：${u}`)
  }
  for (const r of report.refused) console.log(`  拒绝  ${where(r)}  ${r.reason}`)
  for (const r of report.skipped) console.log(`  跳过  ${where(r)}  与 ${r.duplicateOf} 相同`)
}

const merge = (a, b) => ({
  imported: [...a.imported, ...b.imported],
  skipped: [...a.skipped, ...b.skipped],
  refused: [...a.refused, ...b.refused],
  summary: {
    files: a.summary.files + b.summary.files,
    imported: a.summary.imported + b.summary.imported,
    skipped: a.summary.skipped + b.summary.skipped,
    refused: a.summary.refused + b.summary.refused,
  },
})
const emptyReport = () => ({ imported: [], skipped: [], refused: [], summary: { files: 0, imported: 0, skipped: 0, refused: 0 } })

export async function importCommand(conn, positional, flags) {
  if (!positional.length) throw new Error('请指定要导入的文件或文件夹')
  const files = collectFiles(positional)
  if (!files.length) throw new Error(`没有找到可导入的文件（支持 ${[...EXTENSIONS].join(' ')}）`)
  const batches = []
  let cur = []
  let curBytes = 0
  for (const f of files) {
    if (cur.length && (cur.length >= BATCH_FILES || curBytes + f.size > BATCH_BYTES)) batches.push(cur), (cur = []), (curBytes = 0)
    cur.push(f)
    curBytes += f.size
  }
  if (cur.length) batches.push(cur)
  const started = Date.now()
  let done = 0
  let bytes = 0
  let report = emptyReport()
  progressBar(0, files.length, 0, started)
  for (const batch of batches) {
    const form = new FormData()
    for (const f of batch) form.append('files', new Blob([readFileSync(f.path)]), path.basename(f.path))
    if (flags.genre) form.append('genre', flags.genre)
    if (flags.sensitivity) form.append('sensitivity', flags.sensitivity)
    if (flags.tags) form.append('tags', flags.tags)
    report = merge(report, await api(conn.url, conn.token, 'POST', '/api/v1/precedents/import', { form }))
    done += batch.length
    bytes += batch.reduce((n, f) => n + f.size, 0)
    progressBar(done, files.length, bytes, started)
  }
  const chars = files.reduce((n, f) => n + (TEXT_EXTENSIONS.has(path.extname(f.path).toLowerCase()) ? readFileSync(f.path, 'utf8').length : 0), 0)
  printReport(report, '导入')
  const secs = (Date.now() - started) / 1000
  console.log(`用时 ${secs.toFixed(1)} 秒${chars ? `，约 ${Math.round(chars / secs).toLocaleString()} 字/秒` : ''}`)
  return report
}

function stripMarks(snippet, tty) {
  const s = snippet.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
  return tty ? s.replace(/<mark>/g, '\x1b[1;33m').replace(/<\/mark>/g, '\x1b[0m') : s.replace(/<mark>/g, '【').replace(/<\/mark>/g, '】')
}

export async function searchCommand(conn, positional, flags) {
  const q = positional.join(' ').trim()
  if (!q) throw new Error('请输入检索词')
  const { results } = await api(conn.url, conn.token, 'GET', '/api/v1/search', {
    query: { q, kind: flags.kind, genre: flags.genre, limit: flags.limit },
  })
  if (flags.json) return console.log(JSON.stringify(results, null, 2))
  if (!results.length) return console.log('没有找到相关内容')
  const tty = process.stdout.isTTY
  results.forEach((r, i) => {
    const kind = r.kind === 'finding' ? '调研发现' : `范文·${r.meta.genre ?? ''}`
    const where = r.headingPath.length ? ` › ${r.headingPath.join(' › ')}` : ''
    console.log(`${i + 1}. [${kind}] ${r.title}${where}  (${r.id}, 得分 ${r.score})`)
    console.log(`   ${stripMarks(r.snippet, tty)}`)
  })
}

/**
 * The findings in a JSON or JSONL file, each with the line (JSONL) or position (JSON array) it
 * came from. A JSONL line that is not JSON is reported by its number and the others still go.
 */
export function readFindings(file, text = readFileSync(file, 'utf8')) {
  text = text.replace(/^\uFEFF/, '')
  const items = []
  const bad = []
  if (file.toLowerCase().endsWith('.jsonl')) {
    text.split('\n').forEach((raw, i) => {
      const l = raw.trim()
      if (!l) return
      try {
        const value = JSON.parse(l)
        if (value === null || typeof value !== 'object' || Array.isArray(value)) bad.push({ line: i + 1, reason: '应为一个 JSON 对象' })
        else items.push({ item: value, line: i + 1 })
      } catch {
        bad.push({ line: i + 1, reason: '不是有效的 JSON' })
      }
    })
    return { items, bad, unit: '行' }
  }
  let data
  try {
    data = JSON.parse(text)
  } catch {
    throw new Error(`${file} 不是有效的 JSON（逐行的文件请用 .jsonl 扩展名）`)
  }
  const list = Array.isArray(data) ? data : data?.findings
  if (!Array.isArray(list)) throw new Error(`${file} 应为数组，或含 findings 数组的对象`)
  list.forEach((item, i) => items.push({ item, line: i + 1 }))
  return { items, bad, unit: '项' }
}

export async function findingsCommand(conn, positional, flags) {
  const [sub, file] = positional
  if (sub !== 'add' || !file) throw new Error('用法：wenfu findings add <文件.json|文件.jsonl> [--survey 课题ID]')
  const { items, bad, unit } = readFindings(file)
  let report = emptyReport()
  for (let i = 0; i < items.length; i += FINDINGS_PER_REQUEST) {
    const part = items.slice(i, i + FINDINGS_PER_REQUEST)
    const body = { items: part.map(({ item }) => (flags.survey ? { ...item, surveyId: flags.survey } : item)) }
    const answer = await api(conn.url, conn.token, 'POST', '/api/v1/findings/batch', { json: body })
    // The server numbers items from 1 within the request; the file's own line is what a person needs.
    for (const k of ['imported', 'skipped', 'refused']) answer[k] = answer[k].map((r) => ({ ...r, file, line: part[r.line - 1]?.line ?? r.line }))
    report = merge(report, answer)
  }
  const unreadable = bad.map((b) => ({ file, line: b.line, reason: b.reason }))
  report = merge(report, { ...emptyReport(), refused: unreadable, summary: { files: 0, imported: 0, skipped: 0, refused: unreadable.length } })
  report.refused.sort((a, b) => a.line - b.line)
  printReport(report, '添加调研发现', (r) => `${r.file} 第 ${r.line} ${unit}`)
  if (report.summary.refused) process.exitCode = 2
  return report
}
