/**
 * The outbound side of each chat platform, by name: what delivers notifications and job results
 * (src/bots/delivery.ts). A platform missing here (or unconfigured) gets nothing sent, and its
 * queued messages are marked failed with the reason, for an admin to see.
 */
import { slackSender } from './slack/sender'
import { wecomSender } from './wecom'
import type { BotPlatform, PlatformSender } from './types'

export const SENDERS: Record<BotPlatform, PlatformSender> = {
  slack: slackSender,
  wecom: wecomSender,
}

export const senderFor = (platform: BotPlatform): PlatformSender | null => SENDERS[platform] ?? null
