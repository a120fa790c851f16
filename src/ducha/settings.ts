/** The office's 督查 settings (how far ahead 催办 looks). */
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { parseInput } from '../core/validation'
import { duchaSettings } from '../db/schema'
import { settingsInput } from './schemas'
import { dueWithinDays } from './store'

export async function getDuchaSettings(ctx: Ctx): Promise<{ dueWithinDays: number }> {
  return { dueWithinDays: await dueWithinDays(ctx) }
}

export async function updateDuchaSettings(ctx: Ctx, input: unknown): Promise<{ dueWithinDays: number }> {
  requireRole(ctx, 'admin')
  const s = parseInput(settingsInput, input, '督查设置')
  await runAudited(ctx, [{ action: 'ducha.settings.update', targetKind: 'office', targetId: ctx.actor.officeId, detail: s }], [
    ctx.db
      .insert(duchaSettings)
      .values({ officeId: ctx.actor.officeId, dueWithinDays: s.dueWithinDays })
      .onConflictDoUpdate({ target: duchaSettings.officeId, set: { dueWithinDays: s.dueWithinDays, updatedAt: new Date().toISOString() } }),
  ])
  return s
}
