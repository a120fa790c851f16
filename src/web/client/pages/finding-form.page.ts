/** The finding form: add and remove figure rows (without script the form has two spare rows). */
import { announce } from '../lib'

const table = document.getElementById('figure-rows') as HTMLTableElement | null
const add = document.getElementById('add-figure') as HTMLButtonElement | null

function renumber() {
  if (!table) return
  table.tBodies[0]?.querySelectorAll('tr').forEach((tr, i) => {
    const [what, value, unit] = tr.querySelectorAll('input')
    what?.setAttribute('aria-label', `第 ${i + 1} 行 指标`)
    value?.setAttribute('aria-label', `第 ${i + 1} 行 数值`)
    unit?.setAttribute('aria-label', `第 ${i + 1} 行 单位`)
    const remove = tr.querySelector<HTMLButtonElement>('.remove-row')
    if (remove) {
      remove.hidden = false
      remove.setAttribute('aria-label', `删除第 ${i + 1} 行数据`)
    }
  })
}

if (table && add) {
  const body = table.tBodies[0]!
  add.hidden = false
  add.addEventListener('click', () => {
    const template = body.querySelector('tr')
    if (!template) return
    const row = template.cloneNode(true) as HTMLTableRowElement
    row.querySelectorAll('input').forEach((i) => (i.value = ''))
    body.appendChild(row)
    renumber()
    row.querySelector('input')?.focus()
    announce(`已添加第 ${body.rows.length} 行数据`)
  })
  body.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest('.remove-row')
    if (!button) return
    const row = button.closest('tr')
    if (!row) return
    if (body.rows.length === 1) row.querySelectorAll('input').forEach((i) => (i.value = ''))
    else row.remove()
    renumber()
    add.focus()
    announce('已删除一行数据')
  })
  renumber()
}
