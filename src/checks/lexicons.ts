/**
 * Office lexicons: versioned data with dates. Each lexicon has one kind; each update writes a new
 * version (with its own validity dates) and keeps the old ones readable. The checks use, for every
 * lexicon of the office, the newest version in force on the check date.
 */
import { and, asc, desc, eq, gte, isNull, lte, or } from 'drizzle-orm'
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError, notFound } from '../core/errors'
import { newId, sha256Hex } from '../core/ids'
import { parseInput } from '../core/validation'
import { isUniqueFailure } from '../db/client'
import { lexicons, lexiconVersions, type LexiconKind, type Role } from '../db/schema'
import { todayInChina } from './doc'
import {
  activeQuery,
  CHECK_LIMITS,
  ENTRY_SCHEMAS,
  lexiconCreateInput,
  lexiconListQuery,
  lexiconUpdateInput,
} from './schemas'
import type { ActiveLexicons, SynonymEntry } from './types'
import { EMPTY_LEXICONS } from './types'

/** Admins and reviewers keep the lexicons; every member reads them. */
export const LEXICON_WRITERS: Role[] = ['admin', 'reviewer']

type LexiconRow = typeof lexicons.$inferSelect
type VersionRow = typeof lexiconVersions.$inferSelect

export interface LexiconVersion {
  version: number
  validFrom: string
  validTo: string | null
  entryCount: number
  note: string | null
  createdBy: string | null
  createdAt: string
  entries?: unknown[]
}

export interface Lexicon {
  id: string
  kind: LexiconKind
  name: string
  latestVersion: number
  archivedAt: string | null
  createdAt: string
  updatedAt: string
  current?: LexiconVersion
}

/** What the audit trail records as a version's content: its entries and dates. */
const versionHash = (v: { validFrom: string; validTo?: string | null; entries: unknown[] }) =>
  sha256Hex(JSON.stringify([v.validFrom, v.validTo ?? null, v.entries]))

const toVersion = (v: VersionRow, withEntries: boolean): LexiconVersion => ({
  version: v.version,
  validFrom: v.validFrom,
  validTo: v.validTo,
  entryCount: v.entryCount,
  note: v.note,
  createdBy: v.createdBy,
  createdAt: v.createdAt,
  ...(withEntries ? { entries: v.entries } : {}),
})

const toLexicon = (r: LexiconRow, current?: VersionRow, withEntries = false): Lexicon => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  latestVersion: r.latestVersion,
  archivedAt: r.archivedAt,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  ...(current ? { current: toVersion(current, withEntries) } : {}),
})

/** Validates entries against the schema of the lexicon's kind; reports the first bad entries by index. */
function parseEntries(kind: LexiconKind, entries: unknown[]): unknown[] {
  const schema = ENTRY_SCHEMAS[kind]
  const parsed: unknown[] = []
  const problems: { index: number; path: string; message: string }[] = []
  entries.forEach((e, index) => {
    const r = schema.safeParse(e)
    if (r.success) parsed.push(r.data)
    else for (const i of r.error.issues.slice(0, 3)) problems.push({ index, path: i.path.map(String).join('.'), message: i.message })
  })
  if (problems.length) {
    throw new AppError('VALIDATION', `词库条目不符合要求：第 ${[...new Set(problems.map((p) => p.index + 1))].slice(0, 10).join('、')} 条`, {
      issues: problems.slice(0, 50),
    })
  }
  const bytes = new TextEncoder().encode(JSON.stringify(parsed)).byteLength
  if (bytes > CHECK_LIMITS.lexiconBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `词库内容过大（${Math.round(bytes / 1024)} KB），上限 ${CHECK_LIMITS.lexiconBytes / 1024} KB`)
  }
  return parsed
}

function assertValidity(validFrom: string, validTo: string | null | undefined) {
  if (validTo && validTo < validFrom) throw new AppError('VALIDATION', '失效日期不能早于生效日期', { field: 'validTo' })
}

async function loadLexicon(ctx: Ctx, id: string): Promise<LexiconRow> {
  const row = await ctx.db
    .select()
    .from(lexicons)
    .where(and(eq(lexicons.id, id), eq(lexicons.officeId, ctx.actor.officeId)))
    .get()
  if (!row) throw notFound('词库')
  return row
}

async function loadVersion(ctx: Ctx, lexiconId: string, version: number): Promise<VersionRow> {
  const row = await ctx.db
    .select()
    .from(lexiconVersions)
    .where(and(eq(lexiconVersions.lexiconId, lexiconId), eq(lexiconVersions.officeId, ctx.actor.officeId), eq(lexiconVersions.version, version)))
    .get()
  if (!row) throw notFound('词库版本')
  return row
}

/** The id of the office's lexicon called `name`, if there is one: names are unique within an office. */
async function lexiconNamed(ctx: Ctx, name: string): Promise<string | undefined> {
  const row = await ctx.db
    .select({ id: lexicons.id })
    .from(lexicons)
    .where(and(eq(lexicons.officeId, ctx.actor.officeId), eq(lexicons.name, name)))
    .get()
  return row?.id
}

/** A new version row, written alike for a lexicon's first version and every later one. */
function versionRow(
  ctx: Ctx,
  lexiconId: string,
  version: number,
  v: { validFrom: string; validTo?: string | null; entries: unknown[]; note?: string | null },
): typeof lexiconVersions.$inferInsert {
  return {
    id: newId('lxv'),
    officeId: ctx.actor.officeId,
    lexiconId,
    version,
    validFrom: v.validFrom,
    validTo: v.validTo ?? null,
    entries: v.entries,
    entryCount: v.entries.length,
    note: v.note ?? null,
    createdBy: ctx.actor.memberId,
  }
}

export async function createLexicon(ctx: Ctx, input: unknown): Promise<Lexicon> {
  requireRole(ctx, ...LEXICON_WRITERS)
  const i = parseInput(lexiconCreateInput, input, '词库')
  const entries = parseEntries(i.kind, i.entries)
  const validFrom = i.validFrom ?? todayInChina()
  assertValidity(validFrom, i.validTo)
  const taken = await lexiconNamed(ctx, i.name)
  if (taken) throw new AppError('CONFLICT', `已有名为“${i.name}”的词库`, { field: 'name', existing: taken })
  const id = newId('lex')
  const first = { validFrom, validTo: i.validTo, entries, note: i.note }
  const event = { action: 'lexicon.create', targetKind: 'lexicon', targetId: id, hashAfter: await versionHash(first), detail: { kind: i.kind, name: i.name, version: 1 } }
  try {
    await runAudited(ctx, [event], [
      ctx.db.insert(lexicons).values({ id, officeId: ctx.actor.officeId, kind: i.kind, name: i.name, latestVersion: 1, createdBy: ctx.actor.memberId }),
      ctx.db.insert(lexiconVersions).values(versionRow(ctx, id, 1, first)),
    ])
  } catch (err) {
    // the unique (office_id, name) index: someone made a lexicon of that name meanwhile
    if (isUniqueFailure(err, 'lexicons')) throw new AppError('CONFLICT', `已有名为“${i.name}”的词库`, { field: 'name' })
    throw err
  }
  return getLexicon(ctx, id)
}

/** Writes version latest+1. With `baseVersion`, refuses (409) when someone saved a newer version meanwhile. */
export async function updateLexicon(ctx: Ctx, id: string, input: unknown): Promise<Lexicon> {
  requireRole(ctx, ...LEXICON_WRITERS)
  const i = parseInput(lexiconUpdateInput, input, '词库')
  const row = await loadLexicon(ctx, id)
  if (row.archivedAt) throw new AppError('CONFLICT', '词库已停用，不能再修改')
  if (i.baseVersion !== undefined && i.baseVersion !== row.latestVersion) {
    throw new AppError('CONFLICT', `词库已有更新的版本（第 ${row.latestVersion} 版），请在最新版本上修改`, {
      latestVersion: row.latestVersion,
    })
  }
  const entries = parseEntries(row.kind, i.entries)
  const validFrom = i.validFrom ?? todayInChina()
  assertValidity(validFrom, i.validTo)
  if (i.name && i.name !== row.name && (await lexiconNamed(ctx, i.name))) {
    throw new AppError('CONFLICT', `已有名为“${i.name}”的词库`, { field: 'name' })
  }
  const next = row.latestVersion + 1
  const written = { validFrom, validTo: i.validTo, entries, note: i.note }
  const current = await loadVersion(ctx, id, row.latestVersion)
  const event = {
    action: 'lexicon.update',
    targetKind: 'lexicon',
    targetId: id,
    hashBefore: await versionHash(current),
    hashAfter: await versionHash(written),
    detail: { version: next, ...(i.name && i.name !== row.name ? { name: i.name } : {}) },
  }
  try {
    await runAudited(ctx, [event], [
      // the unique (lexicon_id, version) index makes a concurrent save of the same version fail here
      ctx.db.insert(lexiconVersions).values(versionRow(ctx, id, next, written)),
      ctx.db
        .update(lexicons)
        .set({ latestVersion: next, name: i.name ?? row.name, updatedAt: new Date().toISOString() })
        .where(and(eq(lexicons.id, id), eq(lexicons.officeId, ctx.actor.officeId), eq(lexicons.latestVersion, row.latestVersion))),
    ])
  } catch (err) {
    if (isUniqueFailure(err, 'lexicon_versions')) throw new AppError('CONFLICT', '词库刚被他人修改，请刷新后重试')
    if (isUniqueFailure(err, 'lexicons')) throw new AppError('CONFLICT', `已有名为“${i.name}”的词库`, { field: 'name' })
    throw err
  }
  return getLexicon(ctx, id)
}

/** Stops using a lexicon in checks; its versions stay readable. */
export async function archiveLexicon(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...LEXICON_WRITERS)
  const row = await loadLexicon(ctx, id)
  if (row.archivedAt) return
  const now = new Date().toISOString()
  await runAudited(ctx, [{ action: 'lexicon.archive', targetKind: 'lexicon', targetId: id, detail: { version: row.latestVersion } }], [
    ctx.db
      .update(lexicons)
      .set({ archivedAt: now, updatedAt: now })
      .where(and(eq(lexicons.id, id), eq(lexicons.officeId, ctx.actor.officeId))),
  ])
}

export async function getLexicon(ctx: Ctx, id: string): Promise<Lexicon> {
  const row = await loadLexicon(ctx, id)
  return toLexicon(row, await loadVersion(ctx, id, row.latestVersion), true)
}

export async function listLexicons(ctx: Ctx, input: unknown): Promise<{ items: Lexicon[] }> {
  const q = parseInput(lexiconListQuery, input, '查询参数')
  const where = [eq(lexicons.officeId, ctx.actor.officeId)]
  if (q.kind) where.push(eq(lexicons.kind, q.kind))
  if (q.includeArchived !== 'true') where.push(isNull(lexicons.archivedAt))
  const rows = await ctx.db
    .select({ lexicon: lexicons, version: lexiconVersions })
    .from(lexicons)
    .innerJoin(lexiconVersions, and(eq(lexiconVersions.lexiconId, lexicons.id), eq(lexiconVersions.version, lexicons.latestVersion)))
    .where(and(...where))
    .orderBy(asc(lexicons.kind), asc(lexicons.name))
  return { items: rows.map((r) => toLexicon(r.lexicon, r.version)) }
}

export async function listLexiconVersions(ctx: Ctx, id: string): Promise<{ items: LexiconVersion[] }> {
  await loadLexicon(ctx, id)
  const rows = await ctx.db
    .select()
    .from(lexiconVersions)
    .where(and(eq(lexiconVersions.lexiconId, id), eq(lexiconVersions.officeId, ctx.actor.officeId)))
    .orderBy(desc(lexiconVersions.version))
  return { items: rows.map((v) => toVersion(v, false)) }
}

export async function getLexiconVersion(ctx: Ctx, id: string, version: number): Promise<LexiconVersion> {
  if (!Number.isInteger(version) || version < 1) throw new AppError('VALIDATION', '版本号应为正整数', { field: 'version' })
  await loadLexicon(ctx, id)
  return toVersion(await loadVersion(ctx, id, version), true)
}

export interface ActiveLexiconSet {
  date: string
  lexicons: ActiveLexicons
  used: { id: string; name: string; kind: LexiconKind; version: number }[]
}

/** Versions of the office's lexicons (not archived) valid on `date`; joined with their lexicon. */
const inForce = (ctx: Ctx, date: string) =>
  and(
    eq(lexiconVersions.officeId, ctx.actor.officeId),
    eq(lexicons.officeId, ctx.actor.officeId),
    isNull(lexicons.archivedAt),
    lte(lexiconVersions.validFrom, date),
    or(isNull(lexiconVersions.validTo), gte(lexiconVersions.validTo, date)),
  )

/** For each lexicon of the office not archived: the newest version in force on `date`. */
export async function loadActiveLexicons(ctx: Ctx, date: string): Promise<ActiveLexiconSet> {
  const rows = await ctx.db
    .select({ lexicon: lexicons, version: lexiconVersions })
    .from(lexiconVersions)
    .innerJoin(lexicons, eq(lexicons.id, lexiconVersions.lexiconId))
    .where(
      inForce(ctx, date),
    )
    .orderBy(asc(lexicons.id), desc(lexiconVersions.version))
  const out: ActiveLexicons = { formulations: [], leaders: [], renamedOrgs: [], sensitive: [], confusables: [], synonyms: [] }
  const used: ActiveLexiconSet['used'] = []
  const seen = new Set<string>()
  for (const { lexicon, version } of rows) {
    if (seen.has(lexicon.id)) continue
    seen.add(lexicon.id)
    used.push({ id: lexicon.id, name: lexicon.name, kind: lexicon.kind, version: version.version })
    const entries = version.entries as never[]
    switch (lexicon.kind) {
      case 'formulation':
        out.formulations.push(...entries)
        break
      case 'leader':
        out.leaders.push(...entries)
        break
      case 'renamed-org':
        out.renamedOrgs.push(...entries)
        break
      case 'sensitive':
        out.sensitive.push(...entries)
        break
      case 'confusable':
        out.confusables.push(...entries)
        break
      case 'synonym':
        out.synonyms.push(...entries)
        break
      default: {
        const unreachable: never = lexicon.kind
        throw new Error(`unknown lexicon kind ${String(unreachable)}`)
      }
    }
  }
  return { date, lexicons: out, used }
}

/** The entries of the office's synonym lexicons in force on `date`: one small query, run per search. */
export async function activeSynonymEntries(ctx: Ctx, date: string): Promise<SynonymEntry[]> {
  const rows = await ctx.db
    .select({ id: lexicons.id, version: lexiconVersions.version, entries: lexiconVersions.entries })
    .from(lexiconVersions)
    .innerJoin(lexicons, eq(lexicons.id, lexiconVersions.lexiconId))
    .where(
      and(inForce(ctx, date), eq(lexicons.kind, 'synonym')),
    )
    .orderBy(asc(lexicons.id), desc(lexiconVersions.version))
  const seen = new Set<string>()
  const out: SynonymEntry[] = []
  for (const r of rows) {
    if (seen.has(r.id)) continue
    seen.add(r.id)
    out.push(...(r.entries as SynonymEntry[]))
  }
  return out
}

export async function activeLexicons(ctx: Ctx, input: unknown): Promise<ActiveLexiconSet> {
  const q = parseInput(activeQuery, input, '查询参数')
  return loadActiveLexicons(ctx, q.date ?? todayInChina())
}

export { EMPTY_LEXICONS }
