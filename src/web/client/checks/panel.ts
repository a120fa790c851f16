/**
 * The checks panel, shared by 审校 and the editor: issues of POST /api/v1/check grouped by level
 * (必须修改, 疑似, 提示), each with a button that jumps to its span, a one-action fix when the rule
 * gives a certain `suggestion`, and, when the check offers `candidates` (the typo model's likely
 * corrections), one button per candidate: the person chooses, nothing is applied unasked.
 * What "jump" and "fix" do belongs to the page (a textarea, a CodeMirror view): handlers.
 */
import { announce, clear, h } from '../lib'

export type Level = 'must-fix' | 'suspect' | 'hint'

export interface CheckIssue {
  id: string
  ruleId: string
  category: string
  level: Level
  start: number
  end: number
  excerpt: string
  message: string
  suggestion?: string
  /** Likely corrections offered as a choice (the typo model's candidates), best first. */
  candidates?: string[]
  source: string
  field?: string
}

export interface CheckResultView {
  issues: CheckIssue[]
  notices?: string[]
  stats?: { characters: number; issues: number }
}

export interface ChecksPanelHandlers {
  jump(issue: CheckIssue): void
  /** Applies the issue's certain `suggestion`. */
  fix?(issue: CheckIssue): void | Promise<void>
  /** Replaces the issue's span with a candidate the person chose. */
  choose?(issue: CheckIssue, replacement: string): void | Promise<void>
}

export const LEVEL_LABELS: Record<Level, string> = { 'must-fix': '必须修改', suspect: '疑似问题', hint: '提示' }
const LEVEL_ORDER: Level[] = ['must-fix', 'suspect', 'hint']

export interface ChecksPanel {
  render(result: CheckResultView): void
  busy(message: string): void
  reset(message?: string): void
  /** The issues last rendered. */
  readonly issues: CheckIssue[]
}

/** Builds the panel inside `root` (an element the page labels, e.g. an <aside aria-labelledby>). */
export function createChecksPanel(root: HTMLElement, handlers: ChecksPanelHandlers): ChecksPanel {
  let issues: CheckIssue[] = []
  const status = h('p', { class: 'checks-status', role: 'status' }, '尚未检查。')
  const body = h('div', { class: 'checks-body' })
  root.classList.add('checks-panel')
  root.append(status, body)

  function issueItem(issue: CheckIssue) {
    const actions: HTMLElement[] = [
      h('button', { type: 'button', class: 'jump', onclick: () => handlers.jump(issue), 'aria-label': `定位到“${issue.excerpt}”：${issue.message}` }, '定位'),
    ]
    if (issue.suggestion !== undefined && handlers.fix) {
      const label = issue.suggestion ? `改为“${issue.suggestion}”` : '删除'
      actions.push(h('button', { type: 'button', class: 'fix primary', onclick: () => void handlers.fix?.(issue), 'aria-label': `${label}（${issue.message}）` }, label))
    }
    for (const c of issue.candidates ?? []) {
      if (c === issue.suggestion || !handlers.choose) continue
      actions.push(h('button', { type: 'button', class: 'candidate', onclick: () => void handlers.choose?.(issue, c), 'aria-label': `可能应为“${c}”，改为“${c}”` }, `可能是“${c}”`))
    }
    return h(
      'li',
      { class: `issue issue-${issue.level}`, 'data-issue': issue.id },
      h('span', { class: `level level-${issue.level}` }, LEVEL_LABELS[issue.level]),
      ' ',
      h('q', { class: 'excerpt' }, issue.excerpt),
      h('p', { class: 'issue-message' }, issue.message),
      h('span', { class: 'meta' }, `依据：${issue.source}`),
      h('div', { class: 'issue-actions' }, actions),
    )
  }

  return {
    get issues() {
      return issues
    },
    render(result) {
      issues = result.issues
      clear(body)
      const counts = LEVEL_ORDER.map((l) => [l, issues.filter((i) => i.level === l).length] as const)
      const summary = issues.length ? `发现 ${issues.length} 处问题：${counts.map(([l, n]) => `${LEVEL_LABELS[l]} ${n} 处`).join('，')}。` : '未发现问题。'
      status.textContent = summary
      for (const n of result.notices ?? []) body.append(h('p', { class: 'notice' }, n))
      for (const [level, n] of counts) {
        if (!n) continue
        const id = `checks-${level}`
        body.append(
          h('section', { class: 'checks-group', 'aria-labelledby': id }, h('h3', { id }, `${LEVEL_LABELS[level]}（${n}）`), h('ul', { class: 'issue-list' }, issues.filter((i) => i.level === level).map(issueItem))),
        )
      }
      announce(summary)
    },
    busy(message) {
      status.textContent = message
      announce(message)
    },
    reset(message = '尚未检查。') {
      issues = []
      clear(body)
      status.textContent = message
    },
  }
}
