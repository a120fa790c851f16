/**
 * Tracked changes from version M to the exported version: paragraphs are aligned with the
 * lifecycle's paragraph diff, and a changed paragraph is compared sentence by sentence, so a
 * reviewer in Word's 修订 view sees a changed sentence as one deletion and one insertion rather
 * than a scatter of single characters.
 */
import { diffText } from '../lifecycle'
import { blockLine } from './body'
import type { Block, ChangedBlock, Span } from './model'

// Table rows travel as one line through the paragraph diff.
const ROW_JOIN = '\u2029'
const lineOf = (b: Block) => blockLine(b).replace(/\n/g, ROW_JOIN)

const sentences = (text: string) => text.match(/[^。！？；!?;]+[。！？；!?;]*|[。！？；!?;]+/g) ?? [text]

export function sentenceSpans(before: string, after: string): Span[] {
  const spans: Span[] = []
  const push = (op: Span['op'], text: string) => {
    const last = spans[spans.length - 1]
    if (last && last.op === op) last.text += text
    else spans.push({ op, text })
  }
  for (const op of diffText(sentences(before).join('\n'), sentences(after).join('\n'))) {
    if (op.op === 'replace') {
      push('delete', op.before)
      push('insert', op.after)
    } else push(op.op, op.text)
  }
  return spans
}

export function compareBlocks(before: Block[], after: Block[]): ChangedBlock[] {
  const out: ChangedBlock[] = []
  let i = 0
  let j = 0
  for (const op of diffText(before.map(lineOf).join('\n'), after.map(lineOf).join('\n'))) {
    if (op.op === 'equal') {
      out.push(after[j++]!)
      i++
    } else if (op.op === 'insert') {
      out.push({ ...after[j++]!, change: 'insert' })
    } else if (op.op === 'delete') {
      out.push({ ...before[i++]!, change: 'delete' })
    } else {
      const a = before[i++]!
      const b = after[j++]!
      if (a.kind === 'table' || b.kind === 'table') out.push({ ...a, change: 'delete' }, { ...b, change: 'insert' })
      else out.push({ ...b, spans: sentenceSpans(a.text, b.text) })
    }
  }
  return out
}
