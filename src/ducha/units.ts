/** The office's registry of responsible units and their 联络员 (members who report for a unit). */
import { and, asc, eq } from 'drizzle-orm'
import { runAudited } from '../core/audit'
import { isOfficeMember, requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { duchaUnitMembers, duchaUnits, members } from '../db/schema'
import { LIMITS, memberLinkInput, unitInput, unitPatch } from './schemas'
import { loadUnit, loadUnits, type UnitRow } from './store'

export type Unit = Omit<UnitRow, 'officeId'>
const unitView = ({ officeId: _o, ...u }: UnitRow): Unit => u

/** Every name of every unit must point at one unit only, or matching a text to the registry is ambiguous. */
function assertNamesFree(units: UnitRow[], names: string[], except?: string) {
  for (const n of names) {
    const clash = units.find((u) => u.id !== except && (u.name === n || u.shortName === n || u.formerNames.some((f) => f.name === n)))
    if (clash) throw new AppError('CONFLICT', `名称“${n}”已被单位“${clash.name}”使用`, { field: 'name', unitId: clash.id })
  }
}

const namesOf = (u: { name: string; shortName?: string | null; formerNames?: { name: string }[] }) => [u.name, ...(u.shortName ? [u.shortName] : []), ...(u.formerNames ?? []).map((f) => f.name)]

export async function createUnit(ctx: Ctx, input: unknown): Promise<Unit> {
  requireRole(ctx, 'admin')
  const u = parseInput(unitInput, input, '责任单位')
  const units = await loadUnits(ctx)
  if (units.length >= LIMITS.unitsPerOffice) throw new AppError('VALIDATION', `单位名录最多 ${LIMITS.unitsPerOffice} 个单位`)
  const names = namesOf(u)
  if (new Set(names).size !== names.length) throw new AppError('VALIDATION', '全称、简称和曾用名不能重复')
  assertNamesFree(units, names)
  const id = newId('dun')
  await runAudited(ctx, [{ action: 'ducha.unit.create', targetKind: 'ducha_unit', targetId: id, detail: { name: u.name } }], [
    ctx.db.insert(duchaUnits).values({ id, officeId: ctx.actor.officeId, name: u.name, shortName: u.shortName ?? null, formerNames: u.formerNames, kind: u.kind ?? null, createdBy: ctx.actor.memberId }),
  ])
  return unitView(await loadUnit(ctx, id))
}

export async function updateUnit(ctx: Ctx, id: string, input: unknown): Promise<Unit> {
  requireRole(ctx, 'admin')
  const patch = parseInput(unitPatch, input, '责任单位')
  const current = await loadUnit(ctx, id)
  const next = { ...current, ...patch, shortName: patch.shortName ?? current.shortName, kind: patch.kind ?? current.kind }
  const names = namesOf(next)
  if (new Set(names).size !== names.length) throw new AppError('VALIDATION', '全称、简称和曾用名不能重复')
  assertNamesFree(await loadUnits(ctx), names, id)
  await runAudited(ctx, [{ action: 'ducha.unit.update', targetKind: 'ducha_unit', targetId: id, detail: patch }], [
    ctx.db
      .update(duchaUnits)
      .set({ name: next.name, shortName: next.shortName, formerNames: next.formerNames, kind: next.kind, updatedAt: new Date().toISOString() })
      .where(and(eq(duchaUnits.id, id), eq(duchaUnits.officeId, ctx.actor.officeId))),
  ])
  return unitView(await loadUnit(ctx, id))
}

/** The registry is read by everyone in the office: it names the units wherever they appear. */
export async function listUnits(ctx: Ctx): Promise<{ items: Unit[] }> {
  const rows = await ctx.db.select().from(duchaUnits).where(eq(duchaUnits.officeId, ctx.actor.officeId)).orderBy(asc(duchaUnits.name))
  return { items: rows.map(unitView) }
}

export async function getUnit(ctx: Ctx, id: string): Promise<Unit & { members: { memberId: string; name: string; role: string }[] }> {
  const unit = await loadUnit(ctx, id)
  const linked = await ctx.db
    .select({ memberId: duchaUnitMembers.memberId, name: members.name, role: members.role })
    .from(duchaUnitMembers)
    .innerJoin(members, eq(members.id, duchaUnitMembers.memberId))
    .where(and(eq(duchaUnitMembers.officeId, ctx.actor.officeId), eq(duchaUnitMembers.unitId, id)))
  return { ...unitView(unit), members: linked }
}

/** Makes a member of the office a 联络员 of the unit; linking twice is harmless. */
export async function addUnitMember(ctx: Ctx, unitId: string, input: unknown): Promise<{ unitId: string; memberId: string }> {
  requireRole(ctx, 'admin')
  const { memberId } = parseInput(memberLinkInput, input, '联络员')
  await loadUnit(ctx, unitId)
  if (!(await isOfficeMember(ctx, memberId))) throw notFound('成员')
  await runAudited(ctx, [{ action: 'ducha.unit.member.add', targetKind: 'ducha_unit', targetId: unitId, detail: { memberId } }], [
    ctx.db.insert(duchaUnitMembers).values({ officeId: ctx.actor.officeId, unitId, memberId }).onConflictDoNothing(),
  ])
  return { unitId, memberId }
}

export async function removeUnitMember(ctx: Ctx, unitId: string, memberId: string): Promise<void> {
  requireRole(ctx, 'admin')
  await loadUnit(ctx, unitId)
  const where = and(eq(duchaUnitMembers.officeId, ctx.actor.officeId), eq(duchaUnitMembers.unitId, unitId), eq(duchaUnitMembers.memberId, memberId))
  const row = await ctx.db.select({ m: duchaUnitMembers.memberId }).from(duchaUnitMembers).where(where).get()
  if (!row) throw notFound('联络员')
  await runAudited(ctx, [{ action: 'ducha.unit.member.remove', targetKind: 'ducha_unit', targetId: unitId, detail: { memberId } }], [ctx.db.delete(duchaUnitMembers).where(where)])
}
