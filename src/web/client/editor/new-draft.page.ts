/** 新建文稿 (src/web/pages/draft-new.tsx): the material search panel, then POST /drafts and the outline. */
import { announce, api, byId, clear, h, hideError, showError } from '../lib'

interface Hit {
  kind: 'finding' | 'precedent'
  id: string
  title: string
  text: string
  meta: { sensitivity?: string; observedOn?: string | null; date?: string | null; sourceKind?: string }
}

const data = JSON.parse(byId('new-draft-data').textContent ?? '{}') as { templateId: string; topicVariable: string | null }
const form = byId<HTMLFormElement>('new-draft-form')
const errorBox = byId('form-error')
const progress = byId('create-progress')
const picked = new Map<string, Hit>()
const MARK: Record<string, string> = { internal: '【内部】', restricted: '【敏感】' }

const choice = () => (form.querySelector<HTMLInputElement>('input[name="materials"]:checked')?.value ?? 'retrieve') as 'retrieve' | 'pick'
for (const r of form.querySelectorAll<HTMLInputElement>('input[name="materials"]')) {
  r.addEventListener('change', () => {
    byId('retrieve-box').hidden = choice() !== 'retrieve'
    byId('pick-box').hidden = choice() !== 'pick'
  })
}

function renderPicked() {
  const list = byId('picked')
  clear(list)
  if (!picked.size) list.append(h('li', { class: 'empty' }, '还没有选择材料。'))
  for (const m of picked.values()) {
    list.append(
      h(
        'li',
        { 'data-picked': m.id },
        h('span', { class: 'kind' }, m.kind === 'finding' ? '调研发现' : '范文'),
        ' ',
        m.title,
        ' ',
        m.meta.sensitivity && MARK[m.meta.sensitivity] ? h('span', { class: `mark mark-${m.meta.sensitivity}` }, MARK[m.meta.sensitivity]) : null,
        ' ',
        h('button', { type: 'button', class: 'link-button', 'aria-label': `移除“${m.title}”`, onclick: () => (picked.delete(m.id), renderPicked(), announce(`已移除“${m.title}”`)) }, '移除'),
      ),
    )
  }
}

async function searchMaterials() {
  const q = byId<HTMLInputElement>('material-q').value.trim()
  const out = byId('material-results')
  clear(out)
  if (!q) return
  try {
    const { results } = await api<{ results: Hit[] }>(`/search?q=${encodeURIComponent(q)}&limit=20`)
    const seen = new Set<string>()
    const hits = results.filter((r) => !seen.has(r.id) && seen.add(r.id))
    if (!hits.length) out.append(h('p', { class: 'meta' }, '没有找到相关材料。'))
    else
      out.append(
        h(
          'ul',
          { class: 'item-list' },
          hits.map((r) =>
            h(
              'li',
              {},
              h('span', { class: 'kind' }, r.kind === 'finding' ? '调研发现' : '范文'),
              ' ',
              h('strong', {}, r.title),
              ' ',
              r.meta.sensitivity && MARK[r.meta.sensitivity] ? h('span', { class: `mark mark-${r.meta.sensitivity}` }, MARK[r.meta.sensitivity]) : null,
              h('span', { class: 'meta' }, r.text.slice(0, 80)),
              h('button', { type: 'button', 'data-add': r.id, onclick: () => (picked.set(r.id, r), renderPicked(), announce(`已加入“${r.title}”`)) }, '加入'),
            ),
          ),
        ),
      )
    announce(`找到 ${hits.length} 条材料`)
  } catch (err) {
    showError(errorBox, err)
  }
}
byId('material-search').addEventListener('click', () => void searchMaterials())
byId('material-q').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault()
    void searchMaterials()
  }
})

form.addEventListener('submit', async (e) => {
  e.preventDefault()
  hideError(errorBox)
  const variables: Record<string, string> = {}
  for (const input of form.querySelectorAll<HTMLInputElement>('[data-variable]')) if (input.value.trim()) variables[input.dataset.variable!] = input.value.trim()
  const mode = form.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value ?? 'assemble'
  const body: Record<string, unknown> = { templateId: data.templateId, variables, mode }
  if (choice() === 'pick') {
    body.materials = { findingIds: [...picked.values()].filter((m) => m.kind === 'finding').map((m) => m.id), precedentIds: [...picked.values()].filter((m) => m.kind === 'precedent').map((m) => m.id) }
  } else {
    const q = byId<HTMLInputElement>('retrieve-query').value.trim() || (data.topicVariable ? variables[data.topicVariable] : '')
    if (q) body.retrieve = { query: q, limit: 8 }
  }
  const button = byId<HTMLButtonElement>('create-draft')
  button.disabled = true
  try {
    progress.textContent = '正在新建文稿……'
    const draft = await api<{ id: string }>('/drafts', { json: body })
    progress.textContent = '正在生成提纲……'
    await api(`/drafts/${encodeURIComponent(draft.id)}/outline`, { method: 'POST' })
    progress.textContent = '提纲已生成，正在打开……'
    window.location.assign(`/drafts/${encodeURIComponent(draft.id)}/outline`)
  } catch (err) {
    progress.textContent = ''
    showError(errorBox, err)
    errorBox.focus()
  } finally {
    button.disabled = false
  }
})
