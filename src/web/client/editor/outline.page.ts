/**
 * 提纲与生成 (/drafts/:id/outline): reorder, add and remove sections, edit headings and points, move
 * materials between sections (PUT /drafts/:id/outline), then generate (POST /drafts/:id/generate)
 * and follow each section's progress (GET /jobs/:id), announced as it goes. Each written section of the
 * saved outline can be written again on its own, streamed as it arrives (regenerate.ts).
 */
import { announce, api, byId, clear, h, hideError, showError } from '../lib'
import { sectionRegenerator, type Regenerator } from './regenerate'

interface OutlineSection {
  id?: string
  key?: string
  heading: string
  kind?: 'written' | 'fixed'
  points: string[]
  findingIds: string[]
  precedentIds: string[]
  targetChars?: number
}
interface Material {
  marker: string
  kind: 'finding' | 'precedent'
  id: string
  title: string | null
  mark: string | null
}
interface Data {
  id: string
  composeState: string
  jobId: string | null
  outline: { sections: OutlineSection[]; unused?: { findingId: string; marker: string; title: string; sectionId: string | null }[] } | null
  materials: Material[]
  sections: { id: string; heading: string; status: string }[]
}
interface Job {
  id: string
  status: 'queued' | 'running' | 'done' | 'failed'
  sections: { id: string; heading: string; status: string; error: string | null }[]
  error: string | null
}

const data = JSON.parse(byId('outline-data').textContent ?? '{}') as Data
const errorBox = byId('form-error')
const editor = byId('outline-editor')
const draftPath = `/drafts/${encodeURIComponent(data.id)}`
let sections: OutlineSection[] = (data.outline?.sections ?? []).map((s) => ({ ...s }))
const materials = new Map(data.materials.map((m) => [m.id, m]))
const STATUS: Record<string, string> = { pending: '待生成', queued: '排队中', running: '正在生成', generating: '正在生成', done: '已完成', failed: '失败' }

function materialLabel(id: string) {
  const m = materials.get(id)
  return m ? `[${m.marker}] ${m.title ?? '（已删除）'}${m.mark ? ` ${m.mark}` : ''}` : id
}

function move(from: number, to: number) {
  if (to < 0 || to >= sections.length) return
  const [s] = sections.splice(from, 1)
  sections.splice(to, 0, s!)
  render(to)
  announce(`“${s!.heading}”已移到第 ${to + 1} 节`)
}

const kindOf = (id: string) => (materials.get(id)?.kind === 'precedent' ? 'precedentIds' : 'findingIds')

/** Puts a material into a section once: a section that has it already keeps one. */
function putMaterial(to: number, id: string): boolean {
  const list = sections[to]![kindOf(id)]
  if (list.includes(id)) return false
  list.push(id)
  return true
}

function moveMaterial(from: number, id: string, target: string) {
  const kind = kindOf(id)
  sections[from]![kind] = sections[from]![kind].filter((x) => x !== id)
  const added = target !== 'none' && putMaterial(Number(target), id)
  render()
  if (target === 'none') announce(`已从本节去掉 ${materialLabel(id)}`)
  else announce(added ? `已把 ${materialLabel(id)} 移到“${sections[Number(target)]!.heading}”` : `“${sections[Number(target)]!.heading}”已有 ${materialLabel(id)}，没有重复添加`)
}

/** Any material of the draft (findings and precedents, placed or not) added to a section. */
function addMaterial(to: number, id: string) {
  if (!id) return
  putMaterial(to, id)
  render()
  announce(`已把 ${materialLabel(id)} 加入“${sections[to]!.heading}”`)
}

/** A heading typed anew: the section's buttons say which section they act on. */
function renamed(input: HTMLInputElement, s: OutlineSection) {
  s.heading = input.value
  for (const b of input.closest('li')?.querySelectorAll<HTMLElement>('[data-act]') ?? []) b.setAttribute('aria-label', `${b.dataset.act}“${s.heading}”`)
}

function render(focusIndex?: number) {
  clear(editor)
  if (!sections.length) {
    editor.append(h('p', { class: 'meta' }, '还没有提纲。'), h('button', { type: 'button', onclick: () => void propose() }, '生成提纲建议'))
    return
  }
  const list = h('ol', { class: 'outline-list' })
  sections.forEach((s, i) => {
    const headingId = `sec-heading-${i}`
    const pointsId = `sec-points-${i}`
    const mats = [...s.findingIds, ...s.precedentIds]
    list.append(
      h(
        'li',
        { class: 'card outline-section', 'data-section': i },
        h('div', { class: 'field' }, h('label', { for: headingId }, `第 ${i + 1} 节标题`), h('input', { type: 'text', id: headingId, value: s.heading, maxlength: 100, oninput: (e: Event) => renamed(e.target as HTMLInputElement, s) })),
        h(
          'div',
          { class: 'field' },
          h('label', { for: pointsId }, '要点（每行一条）'),
          h('textarea', { id: pointsId, rows: 2, oninput: (e: Event) => (s.points = (e.target as HTMLTextAreaElement).value.split('\n').map((p) => p.trim()).filter(Boolean)) }, s.points.join('\n')),
        ),
        h(
          'div',
          {},
          h('span', { class: 'meta' }, mats.length ? '本节材料：' : '本节没有材料'),
          h(
            'ul',
            { class: 'outline-materials' },
            mats.map((id) => {
              const selId = `move-${i}-${id}`
              return h(
                'li',
                {},
                materialLabel(id),
                ' ',
                h('label', { for: selId, class: 'visually-hidden' }, `把 ${materialLabel(id)} 移到`),
                h(
                  'select',
                  { id: selId, 'data-material': id, onchange: (e: Event) => moveMaterial(i, id, (e.target as HTMLSelectElement).value) },
                  h('option', { value: '' }, '移到……'),
                  sections.map((t, j) => (j === i ? null : h('option', { value: j }, `第 ${j + 1} 节 ${t.heading}`))),
                  h('option', { value: 'none' }, '不用这份材料'),
                ),
              )
            }),
          ),
          addControl(i, mats),
        ),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: () => move(i, i - 1), disabled: i === 0, 'aria-label': `上移“${s.heading}”`, 'data-act': '上移' }, '上移'),
          h('button', { type: 'button', onclick: () => move(i, i + 1), disabled: i === sections.length - 1, 'aria-label': `下移“${s.heading}”`, 'data-act': '下移' }, '下移'),
          h('button', { type: 'button', class: 'danger', 'aria-label': `删除本节“${s.heading}”`, 'data-act': '删除本节', onclick: () => { sections.splice(i, 1); render(Math.min(i, sections.length - 1)); announce(`已删除“${s.heading}”`) } }, '删除本节'),
        ),
      ),
    )
  })
  editor.append(list)
  const unused = data.outline?.unused ?? []
  if (unused.length) editor.append(h('p', { class: 'meta' }, `未采用（与主题相关度不够）：${unused.map((u) => `[${u.marker}] ${u.title}`).join('、')}`))
  if (focusIndex !== undefined && focusIndex >= 0) document.getElementById(`sec-heading-${focusIndex}`)?.focus()
}

/** The draft's materials a section has not got yet, to add one. */
function addControl(i: number, has: string[]) {
  const rest = data.materials.filter((m) => !has.includes(m.id))
  if (!rest.length) return null
  const selId = `add-${i}`
  return h(
    'div',
    { class: 'field' },
    h('label', { for: selId }, `给第 ${i + 1} 节添加材料`),
    h(
      'select',
      { id: selId, 'data-add-material': i, onchange: (e: Event) => addMaterial(i, (e.target as HTMLSelectElement).value) },
      h('option', { value: '' }, '选择材料……'),
      rest.map((m) => h('option', { value: m.id }, `${m.kind === 'precedent' ? '范文' : '调研发现'} ${materialLabel(m.id)}`)),
    ),
  )
}

async function propose() {
  try {
    const outline = await api<NonNullable<Data['outline']>>(`${draftPath}/outline`, { method: 'POST' })
    sections = outline.sections
    data.outline = outline
    render(0)
    renderRegen()
    announce('已生成提纲建议')
  } catch (err) {
    showError(errorBox, err)
  }
}

async function saveOutline(): Promise<boolean> {
  hideError(errorBox)
  try {
    const body = sections.map((s) => ({ ...(s.id ? { id: s.id } : {}), heading: s.heading.trim(), points: s.points, findingIds: s.findingIds, precedentIds: s.precedentIds, ...(s.targetChars !== undefined ? { targetChars: s.targetChars } : {}) }))
    const outline = await api<NonNullable<Data['outline']>>(`${draftPath}/outline`, { method: 'PUT', json: { sections: body } })
    sections = outline.sections
    data.outline = outline
    render()
    renderRegen()
    announce('提纲已保存')
    return true
  } catch (err) {
    showError(errorBox, err)
    errorBox.focus()
    return false
  }
}

const summary = byId('progress-summary')
const progressList = byId('progress-list')
function showJob(job: Job) {
  clear(progressList)
  for (const s of job.sections) sectionStatus.set(s.id, s.status)
  for (const s of job.sections) progressList.append(h('li', { 'data-status': s.status, class: `progress-${s.status}` }, `${s.heading}：${STATUS[s.status] ?? s.status}${s.error ? `（${s.error}）` : ''}`))
  const done = job.sections.filter((s) => s.status === 'done').length
  summary.textContent =
    job.status === 'done' ? `已生成完毕：${done} 节全部完成。` : job.status === 'failed' ? `生成失败：${job.error ?? '部分章节未能完成'}，已完成的章节保留；可再次生成未完成的章节。` : `正在生成：已完成 ${done} / ${job.sections.length} 节。`
}

let announced = new Set<string>()
async function follow(jobId: string) {
  generating = true
  renderRegen()
  try {
    await followJob(jobId)
  } finally {
    generating = false
    renderRegen()
  }
}

async function followJob(jobId: string) {
  for (;;) {
    let job: Job
    try {
      job = await api<Job>(`/jobs/${encodeURIComponent(jobId)}`)
    } catch (err) {
      showError(errorBox, err)
      return
    }
    showJob(job)
    for (const s of job.sections) {
      if ((s.status === 'done' || s.status === 'failed') && !announced.has(s.id)) {
        announced.add(s.id)
        announce(`“${s.heading}”${s.status === 'done' ? '已完成' : '生成失败'}`)
      }
    }
    if (job.status === 'done' || job.status === 'failed') {
      announce(summary.textContent ?? '')
      if (job.status === 'done') byId('open-editor').focus()
      return
    }
    await new Promise((r) => setTimeout(r, 800))
  }
}

// — 重新生成本节: the saved outline's written sections, one stream at a time —
const regenList = byId('regen-list')
const sectionStatus = new Map(data.sections.map((s) => [s.id, s.status]))
const regenerators = new Map<string, Regenerator>()
let generating = false
let streaming = false

function setStreaming(on: boolean) {
  streaming = on
  for (const id of ['outline-save', 'outline-generate', 'outline-add']) byId<HTMLButtonElement>(id).disabled = on
  for (const b of regenList.querySelectorAll<HTMLButtonElement>('button.regen-start')) b.disabled = on || generating
}

function renderRegen() {
  if (streaming) return
  clear(regenList)
  const written = (data.outline?.sections ?? []).filter((s) => s.id && s.kind !== 'fixed')
  if (!written.length) {
    regenList.append(h('li', { class: 'meta' }, '保存提纲后，每个需要撰写的章节都可以在这里单独重新生成。'))
    return
  }
  for (const s of written) {
    const id = s.id!
    let regen = regenerators.get(id)
    if (!regen) {
      regen = sectionRegenerator({ draftId: data.id, label: `“${s.heading}”的生成预览`, onError: (err) => showError(errorBox, err), onRunning: setStreaming })
      regenerators.set(id, regen)
    }
    const state = h('span', { class: 'meta' }, STATUS[sectionStatus.get(id) ?? 'pending'] ?? '')
    const start = h('button', { type: 'button', class: 'regen-start', 'aria-label': `重新生成本节“${s.heading}”`, disabled: generating }, '重新生成本节')
    start.addEventListener('click', async () => {
      hideError(errorBox)
      const out = await regen.run({ id, heading: s.heading })
      if (out.kind === 'done') sectionStatus.set(id, 'done')
      else if (out.kind === 'failed') sectionStatus.set(id, 'failed')
      state.textContent = out.kind === 'stopped' ? '已停止' : (STATUS[sectionStatus.get(id)!] ?? '')
      start.focus()
    })
    regenList.append(h('li', { class: 'card regen-item', 'data-section-id': id }, h('div', { class: 'regen-row' }, h('strong', {}, s.heading), ' ', state, ' ', start), regen.element))
  }
}

byId('outline-add').addEventListener('click', () => {
  sections.push({ heading: `${'新的一节'}`, points: [], findingIds: [], precedentIds: [] })
  render(sections.length - 1)
  announce('已新增一节')
})
byId('outline-save').addEventListener('click', () => void saveOutline())
byId('outline-generate').addEventListener('click', async () => {
  if (!(await saveOutline())) return
  try {
    const started = await api<{ jobId: string }>(`${draftPath}/generate`, { method: 'POST', json: {} })
    announced = new Set()
    summary.textContent = '已开始生成……'
    await follow(started.jobId)
  } catch (err) {
    showError(errorBox, err)
    errorBox.focus()
  }
})

render()
renderRegen()
if (data.jobId && data.composeState === 'generating') void follow(data.jobId)
