/**
 * A platform-neutral `BotMessage` in WeCom's formats: text (passive replies and message/send), markdown
 * (message/send, when there are links) and the 按钮交互型 template card with 通过 / 退回 / 打开, plus the
 * card a decision turns it into. The button key carries what the press needs: action, draft and the
 * content hash that was shown.
 */
import type { BotButton, BotMessage, IncomingAction } from '../types'

/** WeCom truncates text and markdown content beyond 2048 bytes; we cut first, and say so. */
export const MAX_CONTENT_BYTES = 2048
const CUT_NOTE = '……（内容过长，其余请在编辑器中查看）'

const utf8 = new TextEncoder()
const byteLength = (s: string) => utf8.encode(s).length

/** `text` cut at a character boundary so that its UTF-8 form fits `max` bytes, marked when cut. */
export function fitBytes(text: string, max = MAX_CONTENT_BYTES, note = CUT_NOTE): string {
  if (byteLength(text) <= max) return text
  const room = max - byteLength(note)
  let out = ''
  let used = 0
  for (const ch of text) {
    const n = byteLength(ch)
    if (used + n > room) break
    out += ch
    used += n
  }
  return out + note
}

/** At most `max` characters (code points), with an ellipsis when cut: the card's fields are short. */
export function fitChars(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…'
}

// Button keys and task ids may hold only letters, digits and "_-@" (WeCom's rule for both).
const KEY_PREFIX = 'wf'
const ACTIONS = ['approve', 'return', 'open'] as const satisfies readonly IncomingAction['action'][]
const ID = /^[A-Za-z0-9_-]{1,80}$/
const HASH = /^[A-Za-z0-9_-]{1,128}$/

export function encodeButtonKey(b: Pick<BotButton, 'action' | 'draftId' | 'contentHash'>): string {
  if (!ID.test(b.draftId) || !HASH.test(b.contentHash)) throw new Error(`button for an id or hash WeCom cannot carry: ${b.draftId}`)
  return `${KEY_PREFIX}@${b.action}@${b.draftId}@${b.contentHash}`
}

export function decodeButtonKey(key: string): Pick<IncomingAction, 'action' | 'draftId' | 'contentHash'> | null {
  const [prefix, action, draftId, contentHash, ...rest] = key.split('@')
  if (prefix !== KEY_PREFIX || rest.length || !draftId || !contentHash) return null
  if (!(ACTIONS as readonly string[]).includes(action ?? '') || !ID.test(draftId) || !HASH.test(contentHash)) return null
  return { action: action as IncomingAction['action'], draftId, contentHash }
}

/** A task id unique within the app (WeCom refuses a repeated one), at most 128 bytes. */
export function newTaskId(draftId: string): string {
  const rand = [...crypto.getRandomValues(new Uint8Array(6))].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${KEY_PREFIX}@${draftId.slice(0, 80)}@${Date.now().toString(36)}${rand}`
}

/** The editor link the message gives for a draft, if any: where 打开 goes. */
const draftUrl = (msg: BotMessage, draftId: string) => msg.links?.find((l) => new RegExp(`/drafts/${draftId}(?:[/?#]|$)`).test(l.url))?.url

/** Plain text: title, lines, links; with `replyHints`, how to act by typing (a passive reply has no buttons). */
export function renderText(msg: BotMessage, opts: { replyHints?: boolean } = {}): string {
  const parts = [msg.title, ...msg.lines]
  for (const link of msg.links ?? []) parts.push(`${link.label}：${link.url}`)
  if (opts.replyHints) {
    const decidable = [...new Set((msg.buttons ?? []).filter((b) => b.action !== 'open').map((b) => b.draftId))]
    for (const id of decidable) parts.push(`可直接回复“通过 ${id}”或“退回 ${id} 意见”`)
  }
  return fitBytes(parts.filter(Boolean).join('\n'))
}

// WeCom's markdown has no escape: characters that would start markup become their full-width forms,
// which read the same in Chinese text.
const MARKUP: Record<string, string> = { '*': '＊', '`': '｀', '[': '［', ']': '］', '<': '＜', '>': '＞', _: '＿', '#': '＃' }
const plainMarkdown = (s: string) => s.replace(/[*`[\]<>_#]/g, (c) => MARKUP[c]!)

export function renderMarkdown(msg: BotMessage): string {
  const parts = [`**${plainMarkdown(msg.title)}**`, ...msg.lines.map(plainMarkdown)]
  for (const link of msg.links ?? []) parts.push(`[${plainMarkdown(link.label)}](${link.url.replace(/[()\s]/g, encodeURIComponent)})`)
  return fitBytes(parts.join('\n'))
}

// Style numbers of WeCom's card buttons.
const STYLE = { primary: 1, default: 2, danger: 3 } as const

/** A 按钮交互型 template card: the message, its links, and one button per `BotButton` (at most 6). */
export function templateCard(msg: BotMessage, taskId: string) {
  const open = msg.buttons?.find((b) => b.action === 'open')
  const openUrl = open ? draftUrl(msg, open.draftId) : msg.links?.[0]?.url
  return {
    card_type: 'button_interaction',
    source: { desc: '文辅' },
    main_title: { title: fitChars(msg.title, 36) },
    ...(msg.lines.length ? { sub_title_text: fitChars(msg.lines.join('\n'), 160) } : {}),
    ...(msg.links?.length
      ? { horizontal_content_list: msg.links.slice(0, 6).map((l) => ({ type: 1, keyname: fitChars(l.label, 5), value: '打开', url: l.url })) }
      : {}),
    ...(openUrl ? { card_action: { type: 1, url: openUrl } } : {}),
    task_id: taskId,
    button_list: (msg.buttons ?? []).slice(0, 6).map((b) => {
      const url = b.action === 'open' ? draftUrl(msg, b.draftId) : undefined
      // 打开 jumps to the editor when the message links the draft; otherwise it comes back as an event.
      return { text: fitChars(b.label, 10), style: STYLE[b.style ?? 'default'], key: encodeButtonKey(b), ...(url ? { type: 1, url } : {}) }
    }),
  }
}

const DECIDED = { approve: '已通过', return: '已退回', open: '已处理' } as const

/** 2026-12-02 17:05, Beijing time (the offices' own). */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** The card a decision turns the original into: the outcome, who pressed and when; the buttons greyed. */
export function decidedCard(msg: BotMessage, d: { taskId: string; action: IncomingAction['action']; userId: string; at: Date }) {
  return {
    card_type: 'button_interaction',
    source: { desc: '文辅' },
    main_title: { title: fitChars(msg.title, 36) },
    ...(msg.lines.length ? { sub_title_text: fitChars(msg.lines.join('\n'), 160) } : {}),
    horizontal_content_list: [
      // type 3 shows the member and opens their profile.
      { type: 3, keyname: '处理人', value: fitChars(d.userId, 26), userid: d.userId },
      { keyname: '处理时间', value: beijingTime(d.at) },
    ],
    task_id: d.taskId,
    button_list: [],
    replace_text: DECIDED[d.action],
  }
}
