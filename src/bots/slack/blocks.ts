/**
 * BotMessage as Slack Block Kit (api.slack.com/block-kit): a header, the lines as mrkdwn sections,
 * links as a context line, buttons as an actions block. Slack's mrkdwn needs only &, < and >
 * escaped (api.slack.com/reference/surfaces/formatting#escaping); our text is always escaped, so
 * nothing a person or a draft wrote can become a link or a mention.
 */
import type { BotButton, BotMessage } from '../types'

export const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Block Kit limits: header text 150, section text 3000, button text 75, value 2000, 50 blocks. */
const cut = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s)

/** The value a button carries back in block_actions: the draft and the content hash it was shown with. */
export const buttonValue = (b: BotButton) => JSON.stringify({ d: b.draftId, h: b.contentHash })
export function parseButtonValue(value: unknown): { draftId: string; contentHash: string } | null {
  try {
    const v = JSON.parse(String(value)) as { d?: unknown; h?: unknown }
    return typeof v.d === 'string' && typeof v.h === 'string' ? { draftId: v.d, contentHash: v.h } : null
  } catch {
    return null
  }
}

/** Where an 打开 button points: the editor link of the message, or the draft's path under it. */
function openUrl(msg: BotMessage, b: BotButton): string | undefined {
  return msg.links?.find((l) => l.url.endsWith(`/drafts/${b.draftId}`))?.url
}

export function renderBlocks(msg: BotMessage): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: cut(msg.title, 150), emoji: false } }]
  // Lines are grouped into sections of at most 3000 characters.
  let chunk = ''
  const flush = () => {
    if (chunk) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } })
    chunk = ''
  }
  for (const line of msg.lines) {
    const l = cut(escapeMrkdwn(line), 2900)
    if (chunk.length + l.length + 1 > 2900) flush()
    chunk = chunk ? `${chunk}\n${l}` : l
    if (blocks.length > 40) break
  }
  flush()
  const links = (msg.links ?? []).filter((l) => !msg.buttons?.some((b) => b.action === 'open' && openUrl(msg, b) === l.url))
  if (links.length) {
    blocks.push({
      type: 'context',
      elements: links.slice(0, 10).map((l) => ({ type: 'mrkdwn', text: `<${escapeMrkdwn(l.url)}|${cut(escapeMrkdwn(l.label.replace(/\|/g, '｜')), 200)}>` })),
    })
  }
  if (msg.buttons?.length) {
    blocks.push({
      type: 'actions',
      elements: msg.buttons.slice(0, 5).map((b) => ({
        type: 'button',
        action_id: b.action,
        text: { type: 'plain_text', text: cut(b.label, 75) },
        value: buttonValue(b),
        ...(b.style ? { style: b.style } : {}),
        ...(b.action === 'open' && openUrl(msg, b) ? { url: openUrl(msg, b) } : {}),
      })),
    })
  }
  // `text` is the notification's fallback (and what screen readers say).
  return { text: cut(escapeMrkdwn([msg.title, ...msg.lines].join('\n')), 3000), blocks }
}
