/**
 * The seam between the bots' one command grammar (src/bots/commands.ts and what runs a command) and
 * the thin adapter of each chat platform (src/bots/slack/, src/bots/wecom/). An adapter verifies and
 * decodes its platform's requests into these shapes, hands them to `BotHandlers`, and renders the
 * platform-neutral `BotMessage` it gets back in its platform's format (Slack Block Kit, WeCom text,
 * markdown or 按钮交互型模板卡片). Nothing platform-specific crosses this file.
 */
import type { Env } from '../env'

export const BOT_PLATFORMS = ['slack', 'wecom'] as const
export type BotPlatform = (typeof BOT_PLATFORMS)[number]

/** A chat user as the platform names them: a Slack user id in a workspace, a WeCom userid in a corp. */
export interface ChatUser {
  platform: BotPlatform
  /** Slack team id, or WeCom CorpID */
  tenant: string
  /** Slack user id (U…), or WeCom userid */
  userId: string
}

/** A command typed in the chat window (slash command, direct message, text to the app). */
export interface IncomingCommand {
  user: ChatUser
  text: string
  /** The platform's id of this delivery (Slack trigger id / retry key, WeCom MsgId): the same key twice runs once. */
  dedupeKey: string
  /** Where a late answer goes when the platform gives one (Slack response_url). */
  replyUrl?: string
}

/** A button pressed on a message the bot sent (Slack block_actions, WeCom template_card_event). */
export interface IncomingAction {
  user: ChatUser
  action: 'approve' | 'return' | 'open'
  draftId: string
  /** The content hash the message showed: a press on a draft changed since is refused. */
  contentHash: string
  /** 退回 needs a note; platforms that cannot ask for one pass a default the handler may refuse. */
  note?: string
  dedupeKey: string
  /** The platform's handle of the message to update after the decision (Slack response_url, WeCom response_code). */
  messageRef?: string
}

export interface BotLink {
  label: string
  url: string
}

export interface BotButton {
  action: IncomingAction['action']
  label: string
  draftId: string
  contentHash: string
  style?: 'primary' | 'danger'
}

/** What a command answers, or a notification says, before a platform renders it. Plain text only:
 * adapters escape it for their format. Restricted material never appears in one. */
export interface BotMessage {
  title: string
  /** Paragraphs or list lines, in order. */
  lines: string[]
  links?: BotLink[]
  buttons?: BotButton[]
  /** A message that only the asker should see (Slack ephemeral). For the answer to a button press:
   * private means refused (the message with the buttons stays), not private means decided (the
   * adapter replaces that message with this one, which says who decided and when). */
  private?: boolean
  /** The request was a repeat of one already handled (same dedupeKey): the adapter acknowledges it
   * and shows nothing, so a retried delivery never answers twice. */
  duplicate?: boolean
}

/** What runs commands and button presses; given to each adapter's routes. */
export interface BotHandlers {
  /** Answers at once (within the platform's limit); long work posts its result later through `send`. */
  command(env: Env, cmd: IncomingCommand, waitUntil: (p: Promise<unknown>) => void): Promise<BotMessage>
  action(env: Env, act: IncomingAction, waitUntil: (p: Promise<unknown>) => void): Promise<BotMessage>
}

/** A platform's outbound side: post a message to a user, update one it sent. Throws
 * `BotDeliveryError` on failure, with `retryable` for timeouts, 5xx and expired tokens. */
export interface PlatformSender {
  platform: BotPlatform
  /** Whether the platform's secrets are set; an unconfigured platform sends nothing. */
  configured(env: Env): boolean
  send(env: Env, to: ChatUser, msg: BotMessage, via?: SendVia): Promise<{ ref?: string }>
}

/** Where a message goes besides the user: the platform's handle for a late answer to a command
 * (Slack response_url). A platform without one ignores it and sends to the user. */
export interface SendVia {
  replyUrl?: string
}

export class BotDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message)
    this.name = 'BotDeliveryError'
  }
}
