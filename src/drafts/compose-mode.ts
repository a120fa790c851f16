/**
 * The compose mode and the provider's door, each decided in one place. A draft is written by the
 * model only when it asks for generate (or names no mode) and a provider is configured; otherwise it
 * is assembled. Whatever goes to the provider passes llm/policy.ts (assertMaySend) first, here for
 * the whole request before anything starts, and again in the client at the moment of sending.
 */
import type { Ctx } from '../core/context'
import type { ComposeMode } from '../db/schema'
import { assertMaySend, llmSettings, type MaterialRef, type ProviderTrust } from '../llm'

export interface ComposePlan {
  mode: ComposeMode
  /** The provider's trust when the mode is generate; null in assemble mode (nothing is sent). */
  trust: ProviderTrust | null
  /** generate was asked for but no provider is configured. */
  fellBack: boolean
}

export function composePlan(ctx: Ctx, requested: ComposeMode | undefined): ComposePlan {
  const settings = llmSettings(ctx.env)
  const wanted = requested ?? (settings ? 'generate' : 'assemble')
  if (wanted === 'generate' && settings) return { mode: 'generate', trust: settings.provider.trust, fellBack: false }
  return { mode: 'assemble', trust: null, fellBack: wanted === 'generate' }
}

/** Refuses (FORBIDDEN, naming them) materials the plan's provider may not see; assemble sends nothing. */
export function assertProviderMaySee(plan: ComposePlan, materials: MaterialRef[]): void {
  if (plan.mode === 'generate' && plan.trust) assertMaySend(plan.trust, materials)
}
