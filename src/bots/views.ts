/**
 * The chat messages the bots send, platform-neutral (BotMessage). What each may carry is decided by
 * the one disclosure rule (drafts' mayCarry('chat', …)): internal material is shown marked, restricted
 * material never appears — a restricted draft is shown by its number, title, status and counts only,
 * and restricted search results are left out and counted.
 */
import type { CheckResult, Issue } from '../checks'
import { mayCarry, sensitivityMark, sensitivityNotice, type DraftView } from '../drafts'
import { STATUS_LABEL } from '../core/field-labels'
import { materialPath, pagePaths } from '../core/pages'
import type { SearchResult } from '../knowledge'
import type { Env } from '../env'
import { helpLines, shortNumber, type CommandKind } from './commands'
import type { BotButton, BotMessage } from './types'

export { STATUS_LABEL }

/** The editor's address, for links in messages (WENFU_PUBLIC_URL). */
export const publicBase = (env: Env) => (env.WENFU_PUBLIC_URL || 'http://localhost:8787').replace(/\/+$/, '')
export const editorLink = (env: Env, draftId: string) => ({ label: '打开文稿', url: `${publicBase(env)}${pagePaths.draft(draftId)}` })

/** 【待补】 placeholders left in the draft's sections. */
export const pendingCount = (view: DraftView) => view.sections.reduce((n, s) => n + (s.text.match(/【待补/g)?.length ?? 0), 0)

/** "#k3m9x2 【内部】《标题》": how a draft is named in every message. */
export function draftName(d: { id: string; title: string; sensitivity: DraftView['sensitivity'] }): string {
  return `${shortNumber(d.id)} ${sensitivityMark(d.sensitivity) ?? ''}《${d.title}》`
}

/** The draft's state in a few lines; section headings only when its material may be shown. */
export function draftLines(view: DraftView, hash: string): string[] {
  const written = view.sections.filter((s) => s.kind === 'written')
  const done = written.filter((s) => s.status === 'done')
  const showsContent = mayCarry('chat', view.sensitivity) !== 'reference'
  const lines = [
    `状态：${STATUS_LABEL[view.status]}　版本：${view.version}　内容校验码：${hash.slice(0, 8)}`,
    `已写章节：${done.length}/${written.length}${showsContent && done.length ? `（${done.map((s) => s.heading).join('、').slice(0, 300)}）` : ''}　【待补】：${pendingCount(view)} 处`,
  ]
  const notice = sensitivityNotice(view.sensitivity)
  if (notice) lines.push(notice)
  if (!showsContent) lines.push('按保密规定，聊天消息中不显示本文稿的内容，请在系统中查看。')
  return lines
}

/** Buttons for a reviewer looking at a draft in review, bound to the content hash shown. */
export function reviewButtons(view: DraftView, hash: string): BotButton[] {
  return [
    { action: 'approve', label: '通过', draftId: view.id, contentHash: hash, style: 'primary' },
    { action: 'return', label: '退回', draftId: view.id, contentHash: hash, style: 'danger' },
    { action: 'open', label: '打开', draftId: view.id, contentHash: hash },
  ]
}

const LEVEL_LABEL: Record<Issue['level'], string> = { 'must-fix': '必须修改', suspect: '疑似问题', hint: '提示' }
const LEVELS: Issue['level'][] = ['must-fix', 'suspect', 'hint']
const ISSUES_SHOWN = 15

export const checkSummary = (stats: CheckResult['stats']) =>
  `校对：必须修改 ${stats.byLevel['must-fix']} 处，疑似问题 ${stats.byLevel.suspect} 处，提示 ${stats.byLevel.hint} 处`

/** The issues of a 校对, by level, each with its fix when the rule is sure of one. */
export function checkMessage(result: CheckResult): BotMessage {
  const lines: string[] = [checkSummary(result.stats)]
  let shown = 0
  for (const level of LEVELS) {
    const issues = result.issues.filter((i) => i.level === level)
    if (!issues.length) continue
    lines.push(`【${LEVEL_LABEL[level]}】`)
    for (const i of issues) {
      if (shown++ >= ISSUES_SHOWN) break
      lines.push(`· “${i.excerpt.slice(0, 40)}”：${i.message}${i.suggestion !== undefined ? `　建议改为“${i.suggestion}”` : ''}`)
    }
  }
  if (result.issues.length > ISSUES_SHOWN) lines.push(`另有 ${result.issues.length - ISSUES_SHOWN} 处未列出，请在系统中校对全文。`)
  if (!result.issues.length) lines.push('未发现问题。')
  lines.push(...result.notices)
  return { title: '校对结果', lines, private: true }
}

/** Highlights are HTML (<mark>, escaped text); chat messages are plain text. */
const plainSnippet = (html: string) =>
  html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

const SEARCH_SHOWN = 5

export function searchMessage(env: Env, query: string, results: SearchResult[]): BotMessage {
  const visible = results.filter((r) => mayCarry('chat', (r.meta.sensitivity as DraftView['sensitivity']) ?? 'public') !== 'reference')
  const withheld = results.length - visible.length
  const top = visible.slice(0, SEARCH_SHOWN)
  const lines = top.map((r, i) => {
    const mark = sensitivityMark((r.meta.sensitivity as DraftView['sensitivity']) ?? 'public') ?? ''
    return `${i + 1}. ${mark}${r.kind === 'finding' ? '［调研发现］' : '［范文］'}${r.title}：${plainSnippet(r.snippet).slice(0, 160)}`
  })
  if (!top.length) lines.push(`没有找到与“${query.slice(0, 50)}”相关的材料。`)
  if (withheld) lines.push(`另有 ${withheld} 条敏感材料按保密规定不在聊天中显示，请在系统中检索。`)
  return {
    title: `检索“${query.slice(0, 50)}”`,
    lines,
    links: top.map((r) => ({ label: r.title.slice(0, 60), url: `${publicBase(env)}${materialPath(r.kind, r.id)}` })),
    private: true,
  }
}

export function helpMessage(about?: CommandKind, error?: string): BotMessage {
  return { title: error ? '无法执行' : '文辅机器人用法', lines: [...(error ? [error, '用法：'] : []), ...helpLines(about)], private: true }
}

export const errorMessage = (message: string): BotMessage => ({ title: '无法执行', lines: [message], private: true })

/** An item as a chat message lists it: what the disclosure rule lets a chat carry. */
export interface DuchaLine {
  id: string
  title: string
  sensitivity: DraftView['sensitivity']
  leadUnit: { name: string }
  deadline: string
  statusLabel: string
}
export const DUCHA_SHOWN = 15
export const duchaLink = (env: Env, itemId: string) => `${publicBase(env)}${pagePaths.duchaItem(itemId)}`

/** A 催办 as its recipient may read it: a restricted item only by its deadline, status and link. */
export function duchaReminderMessage(env: Env, item: DuchaLine & { daysLeft: number }): BotMessage {
  const shown = mayCarry('chat', item.sensitivity) !== 'reference'
  const when = item.daysLeft < 0 ? `已逾期 ${-item.daysLeft} 天` : item.daysLeft === 0 ? '今天到期' : `还有 ${item.daysLeft} 天到期`
  const lines = [shown ? `${sensitivityMark(item.sensitivity) ?? ''}${item.title}` : '一项敏感事项（按保密规定，聊天消息中不显示其内容，请在系统中查看）']
  lines.push(`牵头：${shown ? item.leadUnit.name : '请在系统中查看'}　完成时限：${item.deadline}（${when}）　状态：${item.statusLabel}`)
  return { title: item.daysLeft < 0 ? '督办提醒：事项已逾期' : '督办提醒：事项临近完成时限', lines, links: [{ label: '打开事项', url: duchaLink(env, item.id) }] }
}

/**
 * 督办: open items due soon and overdue, by deadline. Restricted items are left out and counted
 * (mayCarry('chat', 'restricted') is 'reference'); internal ones are marked. Feedback never appears.
 */
export function duchaMessage(env: Env, scope: string, items: DuchaLine[], more = false): BotMessage {
  const visible = items.filter((i) => mayCarry('chat', i.sensitivity) !== 'reference')
  const withheld = items.length - visible.length
  const top = visible.slice(0, DUCHA_SHOWN)
  const lines = top.map((i) => `${sensitivityMark(i.sensitivity) ?? ''}${i.title}　牵头：${i.leadUnit.name}　时限：${i.deadline}　${i.statusLabel}`)
  if (!items.length) lines.push('没有临期或逾期的督办事项。')
  if (visible.length > top.length || more) lines.push(`另有${more ? '更多' : ` ${visible.length - top.length} 项`}事项未列出，请在系统中查看。`)
  if (withheld) lines.push(`另有 ${withheld} 项敏感事项按保密规定不在聊天中显示，请在系统中查看。`)
  return {
    title: `督办：${scope}临期和逾期事项（${visible.length + withheld}${more ? '+' : ''}）`,
    lines,
    links: [...top.map((i) => ({ label: i.title.slice(0, 60), url: duchaLink(env, i.id) })), { label: '打开督查督办', url: `${publicBase(env)}${pagePaths.ducha}` }],
    private: true,
  }
}
