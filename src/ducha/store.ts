/** Queries of the 督查 domain, always within the actor's office. */
import { and, eq, inArray } from 'drizzle-orm'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { duchaItems, duchaSettings, duchaUnitMembers, duchaUnits } from '../db/schema'

export type UnitRow = typeof duchaUnits.$inferSelect
export type ItemRow = typeof duchaItems.$inferSelect

export const DEFAULT_DUE_WITHIN_DAYS = 7

export async function loadUnits(ctx: Ctx): Promise<UnitRow[]> {
  return ctx.db.select().from(duchaUnits).where(eq(duchaUnits.officeId, ctx.actor.officeId))
}

export async function loadUnit(ctx: Ctx, id: string): Promise<UnitRow> {
  const row = await ctx.db
    .select()
    .from(duchaUnits)
    .where(and(eq(duchaUnits.id, id), eq(duchaUnits.officeId, ctx.actor.officeId)))
    .get()
  if (!row) throw notFound('责任单位')
  return row
}

/** A unit by id or by any of its names (current, short, former): the registry is used wherever a unit is named. */
export function resolveUnit(units: UnitRow[], ref: string, field: string): UnitRow {
  const byId = units.find((u) => u.id === ref)
  if (byId) return byId
  const named = units.filter((u) => u.name === ref || u.shortName === ref || u.formerNames.some((f) => f.name === ref))
  const exact = named.find((u) => u.name === ref)
  if (exact) return exact
  if (named.length === 1) return named[0]!
  if (named.length > 1) throw new AppError('VALIDATION', `“${ref}”对应多个单位，请使用单位编号`, { field, candidates: named.map((u) => ({ id: u.id, name: u.name })) })
  throw new AppError('VALIDATION', `单位“${ref}”不在本办公室的单位名录中`, { field })
}

export async function loadItem(ctx: Ctx, id: string): Promise<ItemRow> {
  const row = await ctx.db
    .select()
    .from(duchaItems)
    .where(and(eq(duchaItems.id, id), eq(duchaItems.officeId, ctx.actor.officeId)))
    .get()
  if (!row) throw notFound('督办事项')
  return row
}

/** The units the actor reports for (联络员). */
export async function unitsOfActor(ctx: Ctx): Promise<string[]> {
  const rows = await ctx.db
    .select({ unitId: duchaUnitMembers.unitId })
    .from(duchaUnitMembers)
    .where(and(eq(duchaUnitMembers.officeId, ctx.actor.officeId), eq(duchaUnitMembers.memberId, ctx.actor.memberId)))
  return rows.map((r) => r.unitId)
}

/** The office's 联络员 by unit (one read, for a run over many items). */
export async function liaisonsByUnit(ctx: Ctx): Promise<Map<string, string[]>> {
  const rows = await ctx.db
    .select({ unitId: duchaUnitMembers.unitId, memberId: duchaUnitMembers.memberId })
    .from(duchaUnitMembers)
    .where(eq(duchaUnitMembers.officeId, ctx.actor.officeId))
  const out = new Map<string, string[]>()
  for (const r of rows) out.set(r.unitId, [...(out.get(r.unitId) ?? []), r.memberId])
  return out
}

export async function unitNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const unique = [...new Set(ids)]
  const out = new Map<string, string>()
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < unique.length; i += 90) {
    const rows = await ctx.db
      .select({ id: duchaUnits.id, name: duchaUnits.name })
      .from(duchaUnits)
      .where(and(eq(duchaUnits.officeId, ctx.actor.officeId), inArray(duchaUnits.id, unique.slice(i, i + 90))))
    for (const r of rows) out.set(r.id, r.name)
  }
  return out
}

export async function dueWithinDays(ctx: Ctx): Promise<number> {
  const row = await ctx.db.select({ n: duchaSettings.dueWithinDays }).from(duchaSettings).where(eq(duchaSettings.officeId, ctx.actor.officeId)).get()
  return row?.n ?? DEFAULT_DUE_WITHIN_DAYS
}
