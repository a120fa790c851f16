/**
 * Office settings — the approval chain, the 机关代字, the 错别字 model's default sensitivity, the gate before review. This
 * file is the only reader and writer of office_settings; lifecycle/ and checks/ call it.
 */
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { parseInput } from '../core/validation'
import { officeSettings, REVIEW_GATES, TYPO_SENSITIVITIES, type ReviewGate, type TypoSensitivity } from '../db/schema'

/** The 错别字 model's sensitivity, as a check request or the office settings name it. */
export const typoSensitivity = z.enum(TYPO_SENSITIVITIES, { error: 'typoSensitivity 应为 standard（标准）或 sensitive（灵敏）' })

export const settingsInput = z.object({
  signRequiresReview: z.boolean().optional(),
  docAgencyCode: z
    .string()
    .trim()
    .regex(/^\p{Script=Han}{2,12}$/u, '机关代字应为 2–12 个汉字，如“示区委办发”')
    .nullable()
    .optional(),
  typoSensitivity: typoSensitivity.optional(),
  reviewGate: z.enum(REVIEW_GATES, { error: 'reviewGate 应为 standard（必改问题拒绝提交、【待补】提醒）、strict（两者都拒绝）或 warn（两者都只提醒）' }).optional(),
})

export interface OfficeSettings {
  signRequiresReview: boolean
  docAgencyCode: string | null
  /** The 错别字 model's sensitivity when a check does not name one. */
  typoSensitivity: TypoSensitivity
  /** What 提交审核 does with open issues (lifecycle/gate.ts). */
  reviewGate: ReviewGate
}

/** The office's settings, with the defaults for an office that never saved any. */
export async function loadSettings(ctx: Ctx): Promise<OfficeSettings> {
  const row = await ctx.db.select().from(officeSettings).where(eq(officeSettings.officeId, ctx.actor.officeId)).get()
  return {
    signRequiresReview: row?.signRequiresReview ?? true,
    docAgencyCode: row?.docAgencyCode ?? null,
    typoSensitivity: row?.typoSensitivity ?? 'standard',
    reviewGate: row?.reviewGate ?? 'standard',
  }
}

export async function getSettings(ctx: Ctx): Promise<OfficeSettings> {
  return loadSettings(ctx)
}

/** Office configuration — the approval chain, the 机关代字, the 错别字 model's default sensitivity, the gate before review: admins only. */
export async function updateSettings(ctx: Ctx, input: unknown): Promise<OfficeSettings> {
  requireRole(ctx, 'admin')
  const patch = parseInput(settingsInput, input, '办公室设置')
  const next = { ...(await loadSettings(ctx)), ...patch }
  await runAudited(ctx, [{ action: 'settings.update', targetKind: 'office', targetId: ctx.actor.officeId, detail: patch }], [
    ctx.db
      .insert(officeSettings)
      .values({ officeId: ctx.actor.officeId, signRequiresReview: next.signRequiresReview, docAgencyCode: next.docAgencyCode, typoSensitivity: next.typoSensitivity, reviewGate: next.reviewGate })
      .onConflictDoUpdate({
        target: officeSettings.officeId,
        set: { signRequiresReview: next.signRequiresReview, docAgencyCode: next.docAgencyCode, typoSensitivity: next.typoSensitivity, reviewGate: next.reviewGate, updatedAt: new Date().toISOString() },
      }),
  ])
  return next
}
