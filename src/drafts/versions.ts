/**
 * Versions: every write that changes a draft's content (a save, a generated section, an outline,
 * a 发文字号 locked in at 印发) makes the next version and its immutable snapshot in the same batch,
 * so the version a draft reports always exists. The drafts module is the only writer of the draft
 * tables; lifecycle/ gets the statements from here and runs them in its own audited batch.
 */
import { and, desc, eq, notInArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Ctx } from '../core/context'
import { notFound } from '../core/errors'
import { newId } from '../core/ids'
import { parseInput } from '../core/validation'
import { runBatch, type Statement } from '../db/client'
import { guard, isGuardFailure, isUniqueFailure } from '../db/guard'
import { drafts, draftSections, draftVersions, type DraftStatus } from '../db/schema'
import { contentHash, versionText, type DraftContent } from './content'
import { loadDraft, loadSections, type DraftRow, type SectionRow } from './store'

export type VersionRow = typeof draftVersions.$inferSelect

/**
 * What made a version: the draft's creation, a person's save, a generated section, an outline, a
 * generation job starting or ending ('compose'), or 印发 locking the 发文字号. ('composed' marks the
 * base of a draft written before every write kept its version.)
 */
export type VersionReason = 'created' | 'composed' | 'edit' | 'generate' | 'outline' | 'compose' | 'issue'

export function snapshotStatement(ctx: Ctx, draftId: string, version: number, content: DraftContent, hash: string, reason: VersionReason): Statement {
  return ctx.db.insert(draftVersions).values({
    id: newId('ver'),
    officeId: ctx.actor.officeId,
    draftId,
    version,
    contentHash: hash,
    title: content.title,
    variables: content.variables,
    sections: content.sections,
    reason,
    createdBy: ctx.actor.memberId,
  })
}

const contentOf = (draft: Pick<DraftRow, 'title' | 'variables'>, sections: Pick<SectionRow, 'id' | 'heading' | 'text'>[]): DraftContent => ({
  title: draft.title,
  variables: draft.variables,
  sections: sections.map((s) => ({ id: s.id, heading: s.heading, text: s.text })),
})

/** The draft's content as it is now: title, variables and sections in order. */
export async function loadContent(ctx: Ctx, draft: DraftRow): Promise<DraftContent> {
  return contentOf(draft, await loadSections(ctx, draft.id))
}

/** A change lifecycle/ asks for: the state it read, and what it wants written. */
export interface DraftWrite {
  /** The version and state the caller read; the batch aborts if either has moved. */
  expect: { version: number; status: DraftStatus }
  status?: DraftStatus
  /** A new content, with the content it replaces: makes the next version. */
  content?: { before: DraftContent; after: DraftContent; reason: VersionReason }
  set?: { docNumber?: string; issuedAt?: string }
}

/**
 * The statements of one change to a draft, for the caller's batch: a guard that the draft is still
 * as the caller read it (and not generating), the draft row, and for a content change the section
 * rows and the new version's snapshot.
 */
export async function draftWriteStatements(ctx: Ctx, draft: DraftRow, w: DraftWrite): Promise<{ statements: Statement[]; version: number }> {
  const now = new Date().toISOString()
  const version = w.content ? w.expect.version + 1 : w.expect.version
  const statements: Statement[] = [
    guard(
      "(SELECT version FROM drafts WHERE id = ?) = ? AND (SELECT status FROM drafts WHERE id = ?) = ? AND (SELECT compose_state FROM drafts WHERE id = ?) <> 'generating'",
      draft.id,
      w.expect.version,
      draft.id,
      w.expect.status,
      draft.id,
    ),
    ctx.db
      .update(drafts)
      .set({
        ...(w.status ? { status: w.status } : {}),
        ...(w.set ?? {}),
        ...(w.content ? { title: w.content.after.title, variables: w.content.after.variables, version } : {}),
        updatedAt: now,
      })
      .where(and(eq(drafts.id, draft.id), eq(drafts.officeId, ctx.actor.officeId))),
  ]
  if (!w.content) return { statements, version }

  const { before, after, reason } = w.content
  const sections = after.sections
  const existing = await loadSections(ctx, draft.id)
  const byId = new Map(existing.map((s) => [s.id, s]))
  statements.push(
    ctx.db
      .delete(draftSections)
      .where(and(eq(draftSections.draftId, draft.id), sections.length ? notInArray(draftSections.id, sections.map((s) => s.id)) : sql`1 = 1`)),
  )
  sections.forEach((s, seq) => {
    const row = byId.get(s.id)
    // Citations stay with the markers still present in the edited text.
    const citations = (row?.citations ?? []).filter((c) => s.text.includes(c.marker))
    statements.push(
      row
        ? ctx.db.update(draftSections).set({ seq, heading: s.heading, text: s.text, citations, updatedAt: now }).where(eq(draftSections.id, s.id))
        : ctx.db.insert(draftSections).values({
            id: s.id,
            officeId: ctx.actor.officeId,
            draftId: draft.id,
            seq,
            key: `edit-${seq}`,
            heading: s.heading,
            kind: 'written',
            text: s.text,
            status: 'done',
          }),
    )
  })
  // Drafts made before every write kept its version have no snapshot of the base: keep it now, so it can be diffed.
  const baseSaved = await ctx.db
    .select({ id: draftVersions.id })
    .from(draftVersions)
    .where(and(eq(draftVersions.draftId, draft.id), eq(draftVersions.version, w.expect.version)))
    .get()
  if (!baseSaved) statements.push(snapshotStatement(ctx, draft.id, w.expect.version, before, await contentHash(before), 'composed'))
  statements.push(snapshotStatement(ctx, draft.id, version, after, await contentHash(after), reason))
  return { statements, version }
}

/** What a generation or outline write changes, built from the draft as it is when it runs. */
export interface GeneratedWrite {
  writes: Statement[]
  /** The sections (in order) as they will be after `writes`. */
  sections: Pick<SectionRow, 'id' | 'heading' | 'text'>[]
  set?: Partial<typeof drafts.$inferInsert>
}

const COMMIT_ATTEMPTS = 6

/**
 * Runs a generation or outline write with the version it makes, in one batch. The sections of a
 * wave are written concurrently, each making a version: a writer that lost the race to another
 * re-reads the draft and builds its write again.
 */
export async function commitGenerated(
  ctx: Ctx,
  draftId: string,
  reason: Extract<VersionReason, 'generate' | 'outline' | 'compose'>,
  build: (draft: DraftRow, sections: SectionRow[]) => GeneratedWrite | Promise<GeneratedWrite>,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const draft = await loadDraft(ctx, draftId)
    const w = await build(draft, await loadSections(ctx, draftId))
    const version = draft.version + 1
    const content = contentOf({ title: w.set?.title ?? draft.title, variables: w.set?.variables ?? draft.variables }, w.sections)
    try {
      await runBatch(ctx.env.DB, [
        guard('(SELECT version FROM drafts WHERE id = ?) = ?', draftId, draft.version),
        ...w.writes,
        ctx.db
          .update(drafts)
          .set({ ...w.set, version, updatedAt: new Date().toISOString() })
          .where(and(eq(drafts.id, draftId), eq(drafts.officeId, ctx.actor.officeId))),
        snapshotStatement(ctx, draftId, version, content, await contentHash(content), reason),
      ])
      return version
    } catch (e) {
      if ((isGuardFailure(e) || isUniqueFailure(e, 'draft_versions')) && attempt < COMMIT_ATTEMPTS) continue
      throw e
    }
  }
}

/** The first version of a new draft, written with its row. (A list, not a bare builder: awaiting a
 * drizzle builder would run it.) */
export const initialVersion = async (ctx: Ctx, draftId: string, content: DraftContent): Promise<Statement[]> => [
  snapshotStatement(ctx, draftId, 1, content, await contentHash(content), 'created'),
]

export async function listVersions(ctx: Ctx, draftId: string) {
  await loadDraft(ctx, draftId)
  const rows = await ctx.db
    .select({
      version: draftVersions.version,
      contentHash: draftVersions.contentHash,
      title: draftVersions.title,
      reason: draftVersions.reason,
      createdBy: draftVersions.createdBy,
      createdAt: draftVersions.createdAt,
    })
    .from(draftVersions)
    .where(and(eq(draftVersions.officeId, ctx.actor.officeId), eq(draftVersions.draftId, draftId)))
    .orderBy(desc(draftVersions.version))
  return { items: rows }
}

export async function loadVersion(ctx: Ctx, draftId: string, version: number): Promise<VersionRow> {
  await loadDraft(ctx, draftId)
  const row = await ctx.db
    .select()
    .from(draftVersions)
    .where(and(eq(draftVersions.officeId, ctx.actor.officeId), eq(draftVersions.draftId, draftId), eq(draftVersions.version, version)))
    .get()
  if (!row) throw notFound(`第 ${version} 版`)
  return row
}

export async function getVersion(ctx: Ctx, draftId: string, version: unknown) {
  const n = parseInput(z.coerce.number().int().min(1), version, '版本号')
  const { officeId: _o, id: _id, ...v } = await loadVersion(ctx, draftId, n)
  return { ...v, text: versionText(v) }
}

