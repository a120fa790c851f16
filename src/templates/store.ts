/** Templates in D1: the builtin ones (loaded from the bundle on first use) and each office's own. */
import { and, eq, inArray, notInArray } from 'drizzle-orm'
import { z } from 'zod'
import { runAudited } from '../core/audit'
import { requireRole } from '../core/auth'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { sha256Hex } from '../core/ids'
import { parseInput } from '../core/validation'
import { BUILTIN_SCOPE, templates } from '../db/schema'
import { BUILTIN_SOURCES } from './builtin'
import { parseTemplate, TEMPLATE_ID, TemplateErrors } from './parse'
import type { Template, TemplateDefinition } from './types'

type Row = typeof templates.$inferSelect

interface Builtin {
  def: TemplateDefinition
  source: string
  hash: string
}

let builtins: Promise<Builtin[]> | null = null

/** The bundled templates, parsed once per isolate; a broken one is a build error, not a user error. */
function bundledTemplates(): Promise<Builtin[]> {
  builtins ??= Promise.all(
    BUILTIN_SOURCES.map(async (source) => ({ def: parseTemplate(source, { requireVersion: true }), source, hash: await sha256Hex(source) })),
  )
  return builtins
}

/**
 * Idempotent load of the bundled templates into D1: rows that are missing or differ are upserted,
 * rows no longer shipped are removed. Concurrent loads converge (same content, same key). Drafts
 * keep their own copy of the template, so replacing a row never changes an existing draft.
 * Not audited: this is the deployment's shipped content, written by no member and in no office.
 */
export async function loadBuiltinTemplates(ctx: Pick<Ctx, 'db'>): Promise<{ loaded: string[] }> {
  const bundled = await bundledTemplates()
  const stored = await ctx.db
    .select({ id: templates.id, contentHash: templates.contentHash })
    .from(templates)
    .where(eq(templates.officeId, BUILTIN_SCOPE))
  const known = new Map(stored.map((r) => [r.id, r.contentHash]))
  const changed = bundled.filter((b) => known.get(b.def.id) !== b.hash)
  const shippedIds = bundled.map((b) => b.def.id)
  const stale = stored.filter((r) => !shippedIds.includes(r.id))
  if (!changed.length && !stale.length) return { loaded: [] }
  const now = new Date().toISOString()
  const writes = changed.map((b) => {
    const values = {
      genre: b.def.genre,
      name: b.def.name,
      version: b.def.version,
      source: b.source,
      definition: b.def as unknown as Record<string, unknown>,
      contentHash: b.hash,
      updatedAt: now,
    }
    return ctx.db
      .insert(templates)
      .values({ officeId: BUILTIN_SCOPE, id: b.def.id, ...values })
      .onConflictDoUpdate({ target: [templates.officeId, templates.id], set: values })
  })
  const removal = stale.length
    ? [ctx.db.delete(templates).where(and(eq(templates.officeId, BUILTIN_SCOPE), notInArray(templates.id, shippedIds)))]
    : []
  const [first, ...rest] = [...writes, ...removal]
  await ctx.db.batch([first!, ...rest])
  return { loaded: changed.map((b) => b.def.id) }
}

function toTemplate(r: Row): Template {
  return {
    ...(r.definition as unknown as TemplateDefinition),
    id: r.id,
    version: r.version,
    origin: r.officeId === BUILTIN_SCOPE ? 'builtin' : 'office',
    updatedAt: r.updatedAt,
  }
}

const BUILTIN_ORDER = (id: string, order: string[]) => {
  const i = order.indexOf(id)
  return i < 0 ? order.length : i
}

export async function listTemplates(ctx: Ctx): Promise<Template[]> {
  await loadBuiltinTemplates(ctx)
  const rows = await ctx.db
    .select()
    .from(templates)
    .where(inArray(templates.officeId, [BUILTIN_SCOPE, ctx.actor.officeId]))
  const byId = new Map<string, Row>()
  for (const r of rows) if (!byId.has(r.id) || r.officeId !== BUILTIN_SCOPE) byId.set(r.id, r)
  const order = (await bundledTemplates()).map((b) => b.def.id)
  return [...byId.values()]
    .sort((a, b) => BUILTIN_ORDER(a.id, order) - BUILTIN_ORDER(b.id, order) || a.id.localeCompare(b.id))
    .map(toTemplate)
}

/** The office's own row with this id, else the builtin one; another office's is invisible. */
async function visibleRow(ctx: Ctx, id: string): Promise<Row> {
  await loadBuiltinTemplates(ctx)
  const rows = TEMPLATE_ID.test(id)
    ? await ctx.db
        .select()
        .from(templates)
        .where(and(eq(templates.id, id), inArray(templates.officeId, [BUILTIN_SCOPE, ctx.actor.officeId])))
    : []
  const row = rows.find((r) => r.officeId !== BUILTIN_SCOPE) ?? rows[0]
  if (!row) throw new AppError('NOT_FOUND', `模板“${id}”不存在`)
  return row
}

/** The office's own template with this id, else the builtin one. */
export async function getTemplate(ctx: Ctx, id: string): Promise<Template> {
  return toTemplate(await visibleRow(ctx, id))
}

/** The source text (Markdown) of the template the office uses under this id: its own, else the builtin one. */
export async function templateSource(ctx: Ctx, id: string): Promise<string> {
  return (await visibleRow(ctx, id)).source
}

export const templateInput = z.object({
  source: z.string().min(1, '模板内容不能为空').max(50_000, '模板过长（超过 50000 个字符）'),
})

/**
 * Adds an office template, or overrides a builtin one with the same id. The version goes up by one
 * from the template it replaces (or takes the front matter's, if higher). Saving the same content
 * again changes nothing.
 */
export async function saveTemplate(ctx: Ctx, input: unknown): Promise<{ template: Template; created: boolean }> {
  requireRole(ctx, 'admin')
  const { source } = parseInput(templateInput, input, '模板')
  let def: TemplateDefinition
  try {
    def = parseTemplate(source)
  } catch (err) {
    if (err instanceof TemplateErrors) {
      throw new AppError('VALIDATION', `模板格式有误：${err.reasons.join('；')}`, { reasons: err.reasons })
    }
    throw err
  }
  await loadBuiltinTemplates(ctx)
  const hash = await sha256Hex(source)
  const existing = await ctx.db
    .select()
    .from(templates)
    .where(and(eq(templates.id, def.id), inArray(templates.officeId, [BUILTIN_SCOPE, ctx.actor.officeId])))
  const own = existing.find((r) => r.officeId === ctx.actor.officeId)
  if (own && own.contentHash === hash) return { template: toTemplate(own), created: false }
  const current = own ?? existing[0]
  const declared = /^version\s*:/m.test(source.split(/\n---/)[0] ?? '') ? def.version : 0
  const version = Math.max(declared, (current?.version ?? 0) + 1)
  const stored: TemplateDefinition = { ...def, version }
  const values = {
    genre: def.genre,
    name: def.name,
    version,
    source,
    definition: stored as unknown as Record<string, unknown>,
    contentHash: hash,
    createdBy: ctx.actor.memberId,
    updatedAt: new Date().toISOString(),
  }
  const event = {
    action: 'template.save',
    targetKind: 'template',
    targetId: def.id,
    hashBefore: current?.contentHash ?? null,
    hashAfter: hash,
    detail: { version, overrides: own ? 'office' : current ? 'builtin' : null },
  }
  await runAudited(ctx, [event], [
    ctx.db
      .insert(templates)
      .values({ officeId: ctx.actor.officeId, id: def.id, ...values })
      .onConflictDoUpdate({ target: [templates.officeId, templates.id], set: values }),
  ])
  const row = await ctx.db
    .select()
    .from(templates)
    .where(and(eq(templates.officeId, ctx.actor.officeId), eq(templates.id, def.id)))
    .get()
  return { template: toTemplate(row!), created: !own }
}

/** Removes the office's own template; a builtin one it overrode shows again. */
export async function deleteTemplate(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, 'admin')
  const own = and(eq(templates.officeId, ctx.actor.officeId), eq(templates.id, id))
  const row = await ctx.db.select({ contentHash: templates.contentHash }).from(templates).where(own).get()
  if (!row) throw new AppError('NOT_FOUND', `本办公室没有自定义的模板“${id}”`)
  await runAudited(ctx, [{ action: 'template.delete', targetKind: 'template', targetId: id, hashBefore: row.contentHash }], [ctx.db.delete(templates).where(own)])
}
