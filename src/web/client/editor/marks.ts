/**
 * How the page shows what the text holds: headings by their 序次语 (一、 黑体, （一） 楷体, 1. and
 * （1） 仿宋, as in Word), 【待补】 highlighted, citation markers as chips that explain themselves (on
 * hover, and at the cursor beside them), paragraphs from internal or restricted material marked, the
 * material pack's own lines muted.
 */
import { RangeSetBuilder, StateEffect, StateField, type EditorState, type Extension } from '@codemirror/state'
import type { MaterialInfo } from './data'
// The one marker pattern: findings and precedents (F, P), and a 督查通报's record markers (D, R).
import { MARKER_GROUP } from '../../../core/markers'
import { Decoration, EditorView, hoverTooltip, MatchDecorator, showTooltip, ViewPlugin, WidgetType, type DecorationSet, type Tooltip, type ViewUpdate } from '@codemirror/view'

export type Material = MaterialInfo

export const markersOf = (inner: string) => inner.split(/[,，、;；]/).map((m) => m.replace(/\s+/g, '').toUpperCase())

const HEADINGS: [RegExp, string][] = [
  [/^[一二三四五六七八九十]+、/, 'cm-h1'],
  [/^[（(][一二三四五六七八九十]+[)）]/, 'cm-h2'],
  [/^\d{1,2}[.．](?!\d)/, 'cm-h3'],
  [/^[（(]\d{1,2}[)）]/, 'cm-h4'],
]

/** The heading run of a line: to the first 。 when the line goes on with text (二、三级 in 公文 are often run-in), else the line. */
export function headingRun(text: string): { level: string; length: number } | null {
  for (const [re, cls] of HEADINGS) {
    if (!re.test(text)) continue
    const stop = text.indexOf('。')
    return { level: cls, length: stop >= 0 && stop < text.length - 1 ? stop + 1 : text.length }
  }
  return null
}

/** A 督查通报's record markers: not materials of the draft but rows of the 督办 record it was written from. */
const RECORD_KINDS: Record<string, string> = { D: '督办事项记录', R: '督办反馈记录' }
const recordKind = (marker: string) => RECORD_KINDS[marker[0]!]

export function describe(m: Material | undefined, marker: string): string {
  if (!m && recordKind(marker)) return `引用 ${marker}：${recordKind(marker)}（本通报所依据的督办台账）`
  if (!m) return `引用 ${marker}：文稿中没有这份材料（可能已被删除），请核实`
  const parts = [`引用 ${marker}：${m.kind === 'finding' ? '调研发现' : '范文'}“${m.title ?? '（已删除）'}”`]
  if (m.mark) parts.push(m.mark)
  if (m.source) parts.push(`来源：${m.source}`)
  if (m.date) parts.push(`时间：${m.date}`)
  if (m.caliber) parts.push(`口径：${m.caliber}`)
  if (m.figures.length) parts.push(`数据：${m.figures.join('；')}`)
  return parts.join('；')
}

class ChipWidget extends WidgetType {
  constructor(
    readonly markers: string[],
    readonly materials: Map<string, Material>,
  ) {
    super()
  }
  override eq(other: ChipWidget) {
    return other.markers.join() === this.markers.join()
  }
  toDOM() {
    const wrap = document.createElement('span')
    wrap.className = 'cite-chips'
    for (const m of this.markers) {
      const chip = document.createElement('span')
      const mat = this.materials.get(m)
      chip.className = `cite-chip${mat?.sensitivity === 'restricted' ? ' cite-restricted' : mat?.sensitivity === 'internal' ? ' cite-internal' : ''}${mat ? '' : recordKind(m) ? ' cite-record' : ' cite-missing'}`
      chip.textContent = m
      chip.setAttribute('aria-label', describe(mat, m))
      chip.dataset.marker = m
      wrap.append(chip)
    }
    return wrap
  }
  override ignoreEvent() {
    return false
  }
}

const pending = Decoration.mark({ class: 'cm-pending' })

function decorator(materials: Map<string, Material>) {
  return new MatchDecorator({
    regexp: new RegExp(`${MARKER_GROUP.source}|【待补[^】\\n]*】`, 'g'),
    decoration: (m) => (m[1] ? Decoration.replace({ widget: new ChipWidget(markersOf(m[1]), materials) }) : pending),
  })
}

/** Line-level marks: headings, pack lines, paragraphs citing internal or restricted material. */
function lineMarks(view: EditorView, materials: Map<string, Material>): DecorationSet {
  const b = new RangeSetBuilder<Decoration>()
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to; ) {
      const line = view.state.doc.lineAt(pos)
      const text = line.text
      if (/^【(?:参考写法|未采用)】/.test(text)) b.add(line.from, line.from, Decoration.line({ class: 'cm-pack' }))
      else {
        let level: string | null = null
        for (const m of text.matchAll(MARKER_GROUP)) {
          for (const marker of markersOf(m[1]!)) {
            const s = materials.get(marker)?.sensitivity
            if (s === 'restricted') level = 'restricted'
            else if (s === 'internal' && level !== 'restricted') level = 'internal'
          }
        }
        if (level) b.add(line.from, line.from, Decoration.line({ class: `cm-sens cm-sens-${level}`, attributes: { 'data-mark': level === 'restricted' ? '【敏感】' : '【内部】', title: level === 'restricted' ? '本段取自敏感材料：不得对外发布或转发' : '本段取自内部材料：仅限本单位内部使用' } }))
        const run = headingRun(text)
        if (run) b.add(line.from, line.from + run.length, Decoration.mark({ class: run.level }))
      }
      pos = line.to + 1
    }
  }
  return b.finish()
}

export function marksExtension(materials: Map<string, Material>, onCursorMaterial: (text: string | null) => void): Extension {
  const chips = decorator(materials)
  const chipPlugin = ViewPlugin.fromClass(
    class {
      decorations: DecorationSet
      constructor(view: EditorView) {
        this.decorations = chips.createDeco(view)
      }
      update(u: ViewUpdate) {
        this.decorations = chips.updateDeco(u, this.decorations)
      }
    },
    {
      decorations: (v) => v.decorations,
      provide: (p) => EditorView.atomicRanges.of((view) => view.plugin(p)?.decorations ?? Decoration.none),
    },
  )
  const linePlugin = ViewPlugin.fromClass(
    class {
      decorations: DecorationSet
      constructor(view: EditorView) {
        this.decorations = lineMarks(view, materials)
      }
      update(u: ViewUpdate) {
        if (u.docChanged || u.viewportChanged) this.decorations = lineMarks(u.view, materials)
      }
    },
    { decorations: (v) => v.decorations },
  )
  /** The chip beside the cursor explains itself in the page's citation line (read by screen readers). */
  const cursorInfo = EditorView.updateListener.of((u) => {
    if (!u.selectionSet && !u.docChanged) return
    const at = markerAt(u.state, u.state.selection.main.head)
    onCursorMaterial(at ? at.markers.map((k) => describe(materials.get(k), k)).join('\n') : null)
  })
  const hover = hoverTooltip((view, pos) => {
    const at = markerAt(view.state, pos)
    return at ? citeTooltip(at, materials) : null
  })
  return [chipPlugin, linePlugin, cursorInfo, hover, cursorTooltip(materials)]
}

/** The citation marker group at `pos` (the cursor stands before or after a chip, which is atomic). */
function markerAt(state: EditorState, pos: number): { from: number; to: number; markers: string[] } | null {
  const line = state.doc.lineAt(pos)
  for (const m of line.text.matchAll(MARKER_GROUP)) {
    const from = line.from + m.index
    const to = from + m[0].length
    if (pos >= from && pos <= to) return { from, to, markers: markersOf(m[1]!) }
  }
  return null
}

/** A tooltip saying what each cited material is: text nodes only, restricted and internal ones marked. */
function citeTooltip(at: { from: number; to: number; markers: string[] }, materials: Map<string, Material>, atCursor = false): Tooltip {
  return {
    pos: at.from,
    end: at.to,
    above: true,
    create: () => {
      const dom = document.createElement('div')
      dom.className = atCursor ? 'cite-tooltip cite-at-cursor' : 'cite-tooltip'
      for (const k of at.markers) {
        const mat = materials.get(k)
        const p = document.createElement('p')
        if (mat?.sensitivity === 'restricted' || mat?.sensitivity === 'internal') p.className = `cite-tip-${mat.sensitivity}`
        p.textContent = describe(mat, k)
        dom.append(p)
      }
      return { dom }
    },
  }
}

const setFocused = StateEffect.define<boolean>()

/**
 * The keyboard's hover: while the editor has the focus and the cursor stands beside a chip, the
 * chip's explanation shows at the cursor (a tooltip keyed on the selection, as @codemirror/view's
 * showTooltip facet provides it).
 */
function cursorTooltip(materials: Map<string, Material>): Extension {
  const tip = (state: EditorState, focused: boolean) => {
    if (!focused || !state.selection.main.empty) return null
    const at = markerAt(state, state.selection.main.head)
    return at ? citeTooltip(at, materials, true) : null
  }
  const field = StateField.define<{ focused: boolean; tooltip: Tooltip | null }>({
    create: () => ({ focused: false, tooltip: null }),
    update(value, tr) {
      let focused = value.focused
      for (const e of tr.effects) if (e.is(setFocused)) focused = e.value
      if (focused === value.focused && !tr.docChanged && !tr.selection) return value
      return { focused, tooltip: tip(tr.state, focused) }
    },
    provide: (f) => showTooltip.from(f, (v) => v.tooltip),
  })
  return [field, EditorView.focusChangeEffect.of((_state, focusing) => setFocused.of(focusing))]
}
