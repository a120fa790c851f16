#!/usr/bin/env node
// wenfu — 文辅命令行客户端。Talks to the Wenfu REST API (WENFU_URL, WENFU_TOKEN); defaults to the
// local dev server and the bootstrap token in ./.dev.vars.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { api, ApiError, defaultToken } from '../scripts/lib.mjs'

const HELP = `文辅 wenfu 命令行

用法：
  wenfu import <文件或文件夹…> [--genre 文种] [--sensitivity public|internal|restricted] [--tags 标签1,标签2]
      导入范文（.docx .pdf .ofd .html .md .txt .jsonl），文件夹会递归查找；大批量导入显示进度条，结束时汇总。
  wenfu search <检索词…> [--kind finding|precedent] [--genre 文种] [--limit N] [--json]
      检索调研发现与范文。
  wenfu findings add <文件.json|文件.jsonl> [--survey 课题ID]
      从 JSON（数组或 {"findings": [...]}）或 JSONL 文件批量添加调研发现。

环境变量：
  WENFU_URL    服务地址，默认 http://127.0.0.1:8787
  WENFU_TOKEN  访问令牌，默认读取当前目录 .dev.vars 中的 WENFU_BOOTSTRAP_TOKEN
`

const EXTENSIONS = new Set(['.docx', '.pdf', '.ofd', '.html', '.htm', '.md', '.markdown', '.txt', '.jsonl', '.doc', '.wps'])
/** Formats whose characters are counted for the throughput line (the others are binary). */
const TEXT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.jsonl'])
const BATCH_FILES = 20
const BATCH_BYTES = 8 * 1024 * 1024
const FINDINGS_PER_REQUEST = 200

function parseArgs(argv) {
  const positional = []
  const flags = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=')
      if (v !== undefined) flags[k] = v
      else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags[k] = argv[++i]
      else flags[k] = true
    } else positional.push(a)
  }
  return { positional, flags }
}

function collectFiles(inputs) {
  const out = []
  const walk = (p) => {
    let st
    try {
      st = statSync(p)
    } catch (e) {
      if (e.code === 'ENOENT') throw new Error(`找不到文件或文件夹：${p}`)
      if (e.code === 'EACCES') throw new Error(`没有权限读取：${p}`)
      throw e
    }
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

function printReport(report, label) {
  const s = report.summary
  console.log(`${label}完成：导入 ${s.imported}，跳过 ${s.skipped}（内容重复），拒绝 ${s.refused}`)
  for (const r of report.imported) {
    const info = r.recognised
    if (!info && !r.unread?.length) continue
    const parts = [info?.docNumber && `发文字号 ${info.docNumber}`, info?.date && `日期 ${info.date}`, r.paragraphs !== undefined && `${r.paragraphs} 段`].filter(Boolean)
    console.log(`  导入  ${r.file}  ${r.title ?? ''}${parts.length ? `（${parts.join('，')}）` : ''}`)
    for (const u of r.unread ?? []) console.log(`        未读取：${u}`)
  }
  for (const r of report.refused) console.log(`  拒绝  ${r.file}${r.line ? `:${r.line}` : ''}  ${r.reason}`)
  for (const r of report.skipped) console.log(`  跳过  ${r.file}${r.line ? `:${r.line}` : ''}  与 ${r.duplicateOf} 相同`)
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

async function importCommand(ctx, positional, flags) {
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
    report = merge(report, await api(ctx.url, ctx.token, 'POST', '/api/v1/precedents/import', { form }))
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

async function searchCommand(ctx, positional, flags) {
  const q = positional.join(' ').trim()
  if (!q) throw new Error('请输入检索词')
  const { results } = await api(ctx.url, ctx.token, 'GET', '/api/v1/search', {
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

function readFindings(file) {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  if (file.toLowerCase().endsWith('.jsonl')) {
    return text.split('\n').map((l, i) => [l, i + 1]).filter(([l]) => l.trim()).map(([l, line]) => {
      try {
        return JSON.parse(l)
      } catch {
        throw new Error(`${file}:${line} 不是有效的 JSON`)
      }
    })
  }
  const data = JSON.parse(text)
  const list = Array.isArray(data) ? data : data.findings
  if (!Array.isArray(list)) throw new Error(`${file} 应为数组，或含 findings 数组的对象`)
  return list
}

async function findingsCommand(ctx, positional, flags) {
  const [sub, file] = positional
  if (sub !== 'add' || !file) throw new Error('用法：wenfu findings add <文件.json|文件.jsonl> [--survey 课题ID]')
  const items = readFindings(file).map((f) => (flags.survey ? { ...f, surveyId: flags.survey } : f))
  let report = emptyReport()
  for (let i = 0; i < items.length; i += FINDINGS_PER_REQUEST) {
    const part = await api(ctx.url, ctx.token, 'POST', '/api/v1/findings/batch', { json: { items: items.slice(i, i + FINDINGS_PER_REQUEST) } })
    for (const k of ['imported', 'skipped', 'refused']) part[k] = part[k].map((r) => ({ ...r, file, line: r.line + i }))
    report = merge(report, part)
  }
  printReport(report, '添加调研发现')
}

async function main(argv = process.argv.slice(2)) {
  const { positional, flags } = parseArgs(argv)
  const [command, ...rest] = positional
  const ctx = { url: process.env.WENFU_URL || 'http://127.0.0.1:8787', token: defaultToken() }
  if (!command || flags.help || command === 'help') return console.log(HELP)
  if (!ctx.token) throw new Error('未找到访问令牌：请设置 WENFU_TOKEN，或在项目目录运行（读取 .dev.vars）')
  switch (command) {
    case 'import':
      return importCommand(ctx, rest, flags)
    case 'search':
      return searchCommand(ctx, rest, flags)
    case 'findings':
      return findingsCommand(ctx, rest, flags)
    default:
      throw new Error(`未知命令“${command}”。运行 wenfu help 查看用法`)
  }
}

main().catch((e) => {
  if (e instanceof ApiError) console.error(`错误（HTTP ${e.status}）：${e.message}`)
  else if (e.cause?.code === 'ECONNREFUSED') console.error('无法连接文辅服务，请先运行 npm run dev，或设置 WENFU_URL')
  else console.error(`错误：${e.message}`)
  process.exitCode = 1
})
