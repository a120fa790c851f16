/**
 * What each sensitivity may carry out of the office's own views (ARCHITECTURE.md, Confidentiality).
 * This is the one rule: exports, chat messages and webhook payloads ask it, never decide themselves.
 *
 * - `text`: the content itself, unmarked.
 * - `marked`: the content, with its sensitivity shown where it appears (a 【内部】/【敏感】 mark in
 *   the text, a line in the 送审包 and a header on the export's response).
 * - `reference`: no content and no material's title: only ids, status, counts and a link back into
 *   Wenfu, plus a draft's own title (written by the office). A material at this level is left out of
 *   lists entirely.
 *
 * Restricted material never reaches a model: that is llm/policy.ts, which is stricter still.
 */
import { SENSITIVITIES, type Sensitivity } from '../db/schema'

export const OUTBOUND_CHANNELS = ['export', 'chat', 'webhook'] as const
export type OutboundChannel = (typeof OUTBOUND_CHANNELS)[number]

export const CARRIAGES = ['text', 'marked', 'reference'] as const
export type Carriage = (typeof CARRIAGES)[number]

/**
 * Exports are files the office prints and files itself: they carry everything, marked. Chat
 * platforms and webhook receivers are outside the office's own systems: a chat message may show
 * internal material marked (the office's own members read it), never restricted material; a
 * webhook payload goes to another tool and carries only references unless everything is public.
 */
const DISCLOSURE: Record<OutboundChannel, Record<Sensitivity, Carriage>> = {
  export: { public: 'text', internal: 'marked', restricted: 'marked' },
  chat: { public: 'text', internal: 'marked', restricted: 'reference' },
  webhook: { public: 'text', internal: 'reference', restricted: 'reference' },
}

/** How much of something with this sensitivity may go out through the channel. */
export function mayCarry(channel: OutboundChannel, sensitivity: Sensitivity): Carriage {
  return DISCLOSURE[channel][sensitivity]
}

/** The highest of the given sensitivities (`public` for none): what a draft built from them carries. */
export function highestSensitivity(levels: Iterable<Sensitivity | null | undefined>): Sensitivity {
  let rank = 0
  for (const s of levels) if (s) rank = Math.max(rank, SENSITIVITIES.indexOf(s))
  return SENSITIVITIES[rank]!
}

export const SENSITIVITY_LABELS: Record<Sensitivity, string> = { public: '公开', internal: '内部', restricted: '敏感' }

/** The mark shown where marked content appears, e.g. 【敏感】; none for public. */
export function sensitivityMark(sensitivity: Sensitivity): string | null {
  return sensitivity === 'public' ? null : `【${SENSITIVITY_LABELS[sensitivity]}】`
}

/** A sentence for a person saying what a draft with this sensitivity rests on; null for public. */
export function sensitivityNotice(sensitivity: Sensitivity): string | null {
  switch (sensitivity) {
    case 'public':
      return null
    case 'internal':
      return '本文稿使用了内部材料，仅限本单位内部使用，对外发布前须经审核。'
    case 'restricted':
      return '本文稿使用了敏感材料，不得对外发布或转发，使用范围须经领导批准。'
    default: {
      const unreachable: never = sensitivity
      return unreachable
    }
  }
}
