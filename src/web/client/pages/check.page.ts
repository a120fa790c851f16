/** 审校: check pasted text or an opened document with POST /api/v1/check; the panel jumps to spans and applies certain fixes. */
import { createChecksPanel, type CheckIssue, type CheckResultView } from '../checks/panel'
import { announce, api, byId, hideError, onShortcut, showError, uploadWithProgress } from '../lib'

const text = byId<HTMLTextAreaElement>('check-text')
const genre = byId<HTMLSelectElement>('check-genre')
const run = byId<HTMLButtonElement>('check-run')
const file = byId<HTMLInputElement>('check-file')
const errorBox = byId('check-error')
const fixAll = byId<HTMLButtonElement>('check-fix-all')

function jump(issue: CheckIssue) {
  text.focus()
  text.setSelectionRange(issue.start, issue.end)
  // Scroll the selection into view: a textarea scrolls to its caret on blur/focus only in some browsers.
  const before = text.value.slice(0, issue.start)
  const lines = before.split('\n').length
  const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 24
  text.scrollTop = Math.max(0, (lines - 3) * lineHeight)
  announce(`已定位到“${issue.excerpt}”：${issue.message}`)
}

const request = () => ({ text: text.value, ...(genre.value ? { genre: genre.value } : {}) })

async function applyFixes(ids: string[], what: string) {
  hideError(errorBox)
  try {
    const r = await api<{ text: string; applied: unknown[] }>('/check/fix', { json: { ...request(), fixes: ids } })
    text.value = r.text
    announce(`${what}，共 ${r.applied.length} 处；正在重新检查`)
    await check()
  } catch (e) {
    showError(errorBox, e)
  }
}

function replaceSpan(issue: CheckIssue, replacement: string) {
  if (text.value.slice(issue.start, issue.end) !== issue.excerpt) {
    announce('文本已改动，请重新检查后再修改', { assertive: true })
    return
  }
  text.setRangeText(replacement, issue.start, issue.end, 'end')
  announce(`已改为“${replacement}”；正在重新检查`)
  void check()
}

const panel = createChecksPanel(byId('checks-panel'), {
  jump,
  fix: (issue) => applyFixes([issue.id], `已修改“${issue.excerpt}”`),
  choose: replaceSpan,
})

async function check() {
  hideError(errorBox)
  if (!text.value.trim()) {
    showError(errorBox, '请先粘贴或打开要检查的文字')
    text.focus()
    return
  }
  run.disabled = true
  panel.busy('正在检查…')
  try {
    const result = await api<CheckResultView>('/check', { json: request() })
    panel.render(result)
    const fixable = result.issues.filter((i) => i.suggestion !== undefined)
    fixAll.hidden = fixable.length === 0
    fixAll.textContent = `应用全部确定修改（${fixable.length} 处）`
  } catch (e) {
    panel.reset('检查未完成。')
    showError(errorBox, e)
  } finally {
    run.disabled = false
  }
}

run.addEventListener('click', () => void check())
fixAll.addEventListener('click', () => void applyFixes(panel.issues.filter((i) => i.suggestion !== undefined).map((i) => i.id), '已应用全部确定修改'))
onShortcut({ key: 'Enter', ctrl: true }, () => void check())

file.addEventListener('change', async () => {
  const f = file.files?.[0]
  if (!f) return
  hideError(errorBox)
  const data = new FormData()
  data.append('file', f, f.name)
  announce(`正在读取 ${f.name}`)
  try {
    const r = await uploadWithProgress<{ text: string }>(`${location.origin}/check/read`, data, () => undefined)
    text.value = r.text
    announce(`已读取 ${f.name}，正在检查`)
    await check()
  } catch (e) {
    showError(errorBox, e)
  } finally {
    file.value = ''
  }
})
