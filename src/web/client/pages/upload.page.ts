/**
 * 上传范文: every dropped or chosen file is sent alone to POST /api/v1/precedents/import, so each has
 * its own progress bar and its own result (已导入, 重复已跳过, 被拒绝 with the reason). Two at a time.
 */
import { announce, ApiError, byId, errorMessage, h, uploadWithProgress } from '../lib'

interface ImportItem {
  file: string
  id?: string
  title?: string
  reason?: string
  duplicateOf?: string
}
interface ImportReport {
  imported: ImportItem[]
  skipped: ImportItem[]
  refused: ImportItem[]
}

const PARALLEL = 2
const form = byId<HTMLFormElement>('upload-form')
const input = byId<HTMLInputElement>('u-files')
const zone = byId('drop-zone')
const list = byId<HTMLUListElement>('upload-list')
const summary = byId('upload-summary')
const counts = { done: 0, total: 0, ok: 0, failed: 0 }

function refreshSummary() {
  summary.textContent = `共 ${counts.total} 个文件：已完成 ${counts.done} 个，成功 ${counts.ok} 个，未导入 ${counts.failed} 个。`
}

function link(item: ImportItem) {
  return item.id ? h('a', { href: `/knowledge/precedents/${encodeURIComponent(item.id)}` }, item.title ?? item.file) : item.title ?? item.file
}

function showReport(status: HTMLElement, report: ImportReport) {
  status.textContent = ''
  const lines: (HTMLElement | string)[] = []
  for (const i of report.imported) lines.push(h('span', { class: 'result-ok' }, '已导入：', link(i)))
  for (const i of report.skipped) lines.push(h('span', { class: 'result-skip' }, '内容重复，已跳过', i.duplicateOf ? h('a', { href: `/knowledge/precedents/${encodeURIComponent(i.duplicateOf)}` }, '（查看已有范文）') : ''))
  for (const i of report.refused) lines.push(h('span', { class: 'result-error' }, `未导入：${i.reason ?? '原因不明'}`))
  if (!lines.length) lines.push(h('span', { class: 'result-skip' }, '文件中没有可导入的内容'))
  for (const l of lines) status.append(l, h('br'))
  return report.imported.length > 0 && report.refused.length === 0
}

async function uploadOne(file: File) {
  const progress = h('progress', { max: 100, value: 0, 'aria-label': `${file.name} 上传进度` })
  const status = h('span', { class: 'upload-status' }, '等待上传…')
  list.append(h('li', {}, h('span', { class: 'file-name' }, file.name), ' ', progress, ' ', status))
  const data = new FormData()
  data.append('files', file, file.name)
  for (const name of ['genre', 'sensitivity', 'tags']) {
    const v = (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value
    if (v) data.append(name, v)
  }
  status.textContent = '正在上传…'
  let ok = false
  try {
    const report = await uploadWithProgress<ImportReport>('/precedents/import', data, (f) => {
      progress.value = Math.round(f * 100)
      if (f >= 1) status.textContent = '正在解析与入库…'
    })
    progress.value = 100
    ok = showReport(status, report)
  } catch (e) {
    status.textContent = ''
    status.append(h('span', { class: 'result-error' }, `上传失败：${errorMessage(e)}`))
    if (e instanceof ApiError && e.status === 401) status.append(' ', h('a', { href: '/signin?next=/knowledge/upload' }, '重新登录'))
  }
  counts.done++
  if (ok) counts.ok++
  else counts.failed++
  refreshSummary()
  announce(`${file.name}：${status.textContent ?? ''}`)
}

async function uploadAll(files: File[]) {
  if (!files.length) return
  counts.total += files.length
  refreshSummary()
  announce(`开始上传 ${files.length} 个文件`)
  const queue = [...files]
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) await uploadOne(f)
    }),
  )
  announce(summary.textContent ?? '上传完成')
}

input.addEventListener('change', () => {
  void uploadAll([...(input.files ?? [])])
  input.value = ''
})
for (const type of ['dragenter', 'dragover']) {
  zone.addEventListener(type, (e) => {
    e.preventDefault()
    zone.classList.add('dragging')
  })
}
for (const type of ['dragleave', 'drop']) zone.addEventListener(type, () => zone.classList.remove('dragging'))
zone.addEventListener('drop', (e) => {
  e.preventDefault()
  void uploadAll([...(e.dataTransfer?.files ?? [])])
})
form.addEventListener('submit', (e) => {
  e.preventDefault()
  void uploadAll([...(input.files ?? [])])
})
