/**
 * The draft's sections inside one CodeMirror document. The document is the draft's text as the API's
 * versions show it (versionText: each section "heading\ntext", a blank line between sections), so
 * comment offsets and the content check's positions count in it. Where each section starts is kept
 * as a point at the start of its heading line, mapped through every edit: typing moves it with the
 * text, deleting a whole heading (with the text before it) removes it and the section merges into
 * the one before. Saving reads the sections back from these points.
 */
import { EditorState, MapMode, RangeSet, RangeValue, StateEffect, StateField, type Extension, type Range, type Text } from '@codemirror/state'
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view'

export interface SectionInput {
  id?: string
  heading: string
  text: string
  printHeading?: boolean
}

class SectionStart extends RangeValue {
  constructor(
    readonly id: string | null,
    readonly printHeading: boolean,
    /** A section saved without a heading: its first line is text. */
    readonly headingless: boolean,
  ) {
    super()
  }
  override point = true
  // an insertion at the very start of a heading (Enter, a typed 序次语) keeps the heading's line
  override startSide = 1
  override endSide = 1
  override mapMode = MapMode.TrackDel
  override eq(other: RangeValue): boolean {
    return other instanceof SectionStart && other.id === this.id && other.printHeading === this.printHeading && other.headingless === this.headingless
  }
}

/** Puts a new section start at `pos` (the start of a line). */
export const addSectionStart = StateEffect.define<{ pos: number; printHeading: boolean }>({ map: (v, m) => ({ ...v, pos: m.mapPos(v.pos) }) })
/** Replaces every start (after a merge or a save that gave new sections their ids). */
export const resetSections = StateEffect.define<RangeSet<SectionStart>>()

/** Starts snapped to line starts, one per line, in order. */
function normalise(set: RangeSet<SectionStart>, doc: Text): RangeSet<SectionStart> {
  const out: Range<SectionStart>[] = []
  let lastLine = -1
  for (let it = set.iter(); it.value; it.next()) {
    const line = doc.lineAt(it.from)
    if (line.number === lastLine) continue
    lastLine = line.number
    out.push(it.value.range(line.from))
  }
  return RangeSet.of(out)
}

export const sectionField = StateField.define<RangeSet<SectionStart>>({
  create: () => RangeSet.empty,
  update(set, tr) {
    let next = tr.docChanged ? set.map(tr.changes) : set
    for (const e of tr.effects) {
      if (e.is(resetSections)) next = e.value
      else if (e.is(addSectionStart)) next = next.update({ add: [new SectionStart(null, e.value.printHeading, false).range(e.value.pos)], sort: true })
    }
    return next === set ? set : normalise(next, tr.state.doc)
  },
})

const headingLine = Decoration.line({ class: 'cm-sec-head' })
const labelLine = Decoration.line({ class: 'cm-sec-label', attributes: { 'data-label': '（本节标题不印出）' } })

const sectionDecorations = EditorView.decorations.compute([sectionField, 'doc'], (state) => {
  const out: Range<Decoration>[] = []
  for (let it = state.field(sectionField).iter(); it.value; it.next()) {
    if (it.value.headingless) continue
    out.push((it.value.printHeading ? headingLine : labelLine).range(it.from))
  }
  return Decoration.set(out) as DecorationSet
})

export function sectionsExtension(): Extension {
  return [sectionField, sectionDecorations]
}

/** versionText of the sections, and where each section starts in it. */
export function layout(sections: SectionInput[]): { text: string; starts: number[] } {
  let text = ''
  const starts: number[] = []
  sections.forEach((s, i) => {
    if (i > 0) text += '\n\n'
    starts.push(text.length)
    text += s.heading ? `${s.heading}\n${s.text}` : s.text
  })
  return { text, starts }
}

export function startsFor(sections: SectionInput[], starts: number[]): RangeSet<SectionStart> {
  return RangeSet.of(sections.map((s, i) => new SectionStart(s.id ?? null, s.printHeading ?? true, !s.heading).range(starts[i]!)))
}

/** The initial state's pieces for these sections. */
export function sectionsDoc(sections: SectionInput[]): { doc: string; starts: RangeSet<SectionStart> } {
  const { text, starts } = layout(sections)
  return { doc: text, starts: startsFor(sections, starts) }
}

export interface SectionSpan extends SectionInput {
  /** Where the section's chunk starts in the document. */
  from: number
}

/** The sections as the document holds them now (what a save sends), each with where it starts. */
export function readSections(state: EditorState): SectionSpan[] {
  const doc = state.doc
  const marks: { from: number; value: SectionStart }[] = []
  for (let it = state.field(sectionField).iter(); it.value; it.next()) marks.push({ from: it.from, value: it.value })
  const out: SectionSpan[] = []
  const chunk = (from: number, to: number) => {
    let s = doc.sliceString(from, to)
    if (to < doc.length) s = s.endsWith('\n\n') ? s.slice(0, -2) : s.endsWith('\n') ? s.slice(0, -1) : s
    return s
  }
  const first = marks[0]?.from ?? doc.length
  if (first > 0 && doc.sliceString(0, first).trim()) out.push({ heading: '', text: chunk(0, first), from: 0 })
  marks.forEach((m, i) => {
    const text = chunk(m.from, marks[i + 1]?.from ?? doc.length)
    const base = { from: m.from, printHeading: m.value.printHeading, ...(m.value.id ? { id: m.value.id } : {}) }
    if (m.value.headingless) out.push({ ...base, heading: '', text })
    else {
      const nl = text.indexOf('\n')
      out.push({ ...base, heading: nl < 0 ? text : text.slice(0, nl), text: nl < 0 ? '' : text.slice(nl + 1) })
    }
  })
  return out
}

/** What a save sends: ids, headings and texts (headings trimmed of stray spaces only at the ends). */
export const savedForm = (sections: SectionInput[]) => sections.map((s) => ({ ...(s.id ? { id: s.id } : {}), heading: s.heading.trim(), text: s.text }))

/**
 * A position of versionText(readSections(state)) → a position of the document. They differ only
 * where a person removed the blank line between two sections; inside a section they agree.
 */
export function toDocPos(spans: SectionSpan[], pos: number): number {
  const { starts } = layout(spans)
  let i = 0
  while (i + 1 < starts.length && starts[i + 1]! <= pos) i++
  if (!spans.length) return pos
  return spans[i]!.from + (pos - starts[i]!)
}

/** The section whose chunk holds `pos`. */
export function sectionAt(state: EditorState, pos: number): { from: number; to: number; index: number } {
  const marks: number[] = []
  for (let it = state.field(sectionField).iter(); it.value; it.next()) marks.push(it.from)
  let index = 0
  while (index + 1 < marks.length && marks[index + 1]! <= pos) index++
  return { from: marks[index] ?? 0, to: marks[index + 1] ?? state.doc.length, index }
}

/**
 * After a merge the document is new text: section starts are found again at lines that are a known
 * heading (of either version) opening a chunk (at the start or after a blank line), keeping its id.
 */
export function startsFromHeadings(doc: Text, known: SectionInput[]): RangeSet<SectionStart> {
  const byHeading = new Map<string, SectionInput[]>()
  for (const s of known) if (s.heading) byHeading.set(s.heading.trim(), [...(byHeading.get(s.heading.trim()) ?? []), s])
  const used = new Set<string>()
  const out: Range<SectionStart>[] = []
  for (let n = 1; n <= doc.lines; n++) {
    const line = doc.line(n)
    const opens = n === 1 || doc.line(n - 1).text.trim() === ''
    const candidates = opens ? byHeading.get(line.text.trim()) : undefined
    const match = candidates?.find((s) => !s.id || !used.has(s.id))
    if (!match) continue
    if (match.id) used.add(match.id)
    out.push(new SectionStart(match.id ?? null, match.printHeading ?? true, false).range(line.from))
  }
  return RangeSet.of(out)
}
