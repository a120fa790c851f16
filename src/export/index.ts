/**
 * Export, the public face of the module: a draft (GET /drafts/:id/export) or a request's own text
 * (POST /export) as .docx, Markdown, sanitised HTML, or a 送审包. Rendering is pure (ExportDoc →
 * bytes); this file loads what a draft's export needs and applies the rules that decide what may
 * leave: the drafts' one disclosure rule, no citation markers, no 【待补】 in a .docx unless asked.
 */
import { z } from 'zod'
import { checkForOffice } from '../checks'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { parseInput } from '../core/validation'
import type { Sensitivity } from '../db/schema'
import { checkDraft, figureSources, loadMaterials, mayCarry, recordOf, SENSITIVITY_LABELS, sensitivityMark, sensitivityNotice, untracedFigures } from '../drafts'
import { listApprovals } from '../lifecycle'
import { memberNames } from '../offices'
import { documentText, parseBody, placeholdersIn } from './body'
import { basisDoc, checkReportDoc } from './basis'
import { renderDocx } from './docx/document'
import { bodyMarkdown, draftDoc, loadSource, type DraftSource } from './draft'
import { renderHtml } from './html'
import { renderMarkdown } from './markdown'
import { exportRequestSchema, type ExportDoc } from './model'
import { buildPack } from './pack'

export const EXPORT_FORMATS = ['docx', 'md', 'html', 'pack'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface ExportResult {
  bytes: Uint8Array
  contentType: string
  fileName: string
  sensitivity: Sensitivity
  /** A sentence for people when the export carries internal or restricted material. */
  notice: string | null
  version?: number
  contentHash?: string
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pack: 'application/zip',
}
const EXTENSIONS: Record<ExportFormat, string> = { docx: 'docx', md: 'md', html: 'html', pack: 'zip' }

/** A file name from the title: no path or reserved characters, at most 80 characters. */
export function fileNameFor(title: string, format: ExportFormat, suffix = ''): string {
  const base = [...title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').trim()].slice(0, 80).join('') || '文稿'
  return `${base}${suffix}.${EXTENSIONS[format]}`
}

/** What the drafts' disclosure rule lets an export carry: exports carry everything, marked when not public. */
function disclosure(s: Sensitivity) {
  const carriage = mayCarry('export', s)
  if (carriage === 'reference') throw new AppError('FORBIDDEN', `${SENSITIVITY_LABELS[s]}材料不得导出`, { sensitivity: s })
  return { mark: carriage === 'marked' ? sensitivityMark(s) : null, notice: sensitivityNotice(s) }
}

/** Refuses a .docx or a 送审包 that still has 【待补】 (details.placeholders lists them; allowPlaceholders overrides). */
function refusePlaceholders(doc: ExportDoc, what: 'Word 文档' | '送审包') {
  const found = doc.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.flat() : [b.text])).flatMap(placeholdersIn)
  if (found.length) {
    throw new AppError('PRECONDITION_FAILED', `文稿中还有 ${found.length} 处【待补】内容，请补齐后再导出${what}；确需保留待补内容的，可选择仍然导出`, {
      placeholders: [...new Set(found)],
    })
  }
}

const draftQuery = z.object({
  format: z.enum(EXPORT_FORMATS, { message: '导出格式应为 docx、md、html 或 pack' }),
  version: z.coerce.number().int().min(1).optional(),
  compareTo: z.coerce.number().int().min(1).optional(),
  allowPlaceholders: z.enum(['true', 'false']).optional(),
  citations: z.enum(['true', 'false']).optional(),
})

/** Exports a draft (the current version, or `version`), with tracked changes since `compareTo`. */
export async function exportDraft(ctx: Ctx, draftId: string, input: unknown): Promise<ExportResult> {
  const q = parseInput(draftQuery, input, '查询参数')
  if (q.compareTo !== undefined && q.format !== 'docx' && q.format !== 'pack') throw new AppError('VALIDATION', '修订对比（compareTo）只用于 docx 或 pack 导出')
  const src = await loadSource(ctx, draftId, q.version)
  if (q.compareTo !== undefined && q.compareTo === src.version) throw new AppError('VALIDATION', '请选择与导出版本不同的版本进行对比')
  if (!src.sections.some((s) => s.text.trim())) throw new AppError('PRECONDITION_FAILED', '文稿还没有正文，请先生成或撰写后再导出')
  const doc = await draftDoc(ctx, src, q.compareTo)
  const { mark, notice } = disclosure(doc.sensitivity)
  const meta = { sensitivity: doc.sensitivity, notice, version: src.version, contentHash: src.contentHash }
  const allow = q.allowPlaceholders === 'true'
  switch (q.format) {
    case 'md': {
      const body = documentText(bodyMarkdown(src.sections), { keepCitations: q.citations === 'true' })
      const bytes = new TextEncoder().encode(renderMarkdown({ genre: doc.genre, title: doc.title, fields: doc.fields, body, mark }, { citations: q.citations === 'true' }))
      return { bytes, contentType: CONTENT_TYPES.md, fileName: fileNameFor(doc.title, 'md'), ...meta }
    }
    case 'html':
      return { bytes: new TextEncoder().encode(renderHtml(doc, { mark, notice })), contentType: CONTENT_TYPES.html, fileName: fileNameFor(doc.title, 'html'), ...meta }
    case 'docx':
      if (!allow) refusePlaceholders(doc, 'Word 文档')
      return { bytes: await renderDocx(doc, { mark }), contentType: CONTENT_TYPES.docx, fileName: fileNameFor(doc.title, 'docx'), ...meta }
    case 'pack':
      if (!allow) refusePlaceholders(doc, '送审包')
      return { bytes: await packDraft(ctx, src, doc, { mark, notice, compareTo: q.compareTo }), contentType: CONTENT_TYPES.pack, fileName: fileNameFor(doc.title, 'pack', '-送审包'), ...meta }
    default: {
      const unreachable: never = q.format
      return unreachable
    }
  }
}

async function packDraft(ctx: Ctx, src: DraftSource, doc: ExportDoc, opts: { mark: string | null; notice: string | null; compareTo?: number }): Promise<Uint8Array> {
  const materials = src.view.materials
  const loaded = await loadMaterials(ctx, materials.filter((m) => m.kind === 'finding').map((m) => m.id), [])
  const sources = figureSources([
    ...[...loaded.findings.values()].flatMap((f) => [f.body, f.observedOn ?? '', ...f.figures.map((x) => `${x.value}${x.unit}`)]),
    ...Object.values(src.variables),
    // A supplied draft (督查通报) states its record's counts.
    ...(recordOf(src.view.flags)?.figures ?? []),
  ])
  const untraced = [...new Set(src.sections.flatMap((s) => untracedFigures(s.text, sources)))]
  const current = src.version === src.view.version
  const issues = current
    ? (await checkDraft(ctx, src.draftId)).issues
    : (await checkForOffice(ctx, { text: [doc.title, documentText(bodyMarkdown(src.sections))].join('\n'), genre: doc.genre })).issues
  const approvals = (await listApprovals(ctx, src.draftId)).items
  const names = await memberNames(ctx, [...approvals.map((a) => a.memberId), ctx.actor.memberId])
  const reportOpts = { sensitivity: doc.sensitivity, notice: opts.notice }
  const [main, basis, report] = await Promise.all([
    renderDocx(doc, { mark: opts.mark }),
    renderDocx(basisDoc({ title: doc.title, version: src.version, sections: src.sections, materials, findings: loaded.findings, untraced, ...reportOpts }), { mark: opts.mark }),
    renderDocx(checkReportDoc({ title: doc.title, version: src.version, issues, ...reportOpts }), { mark: opts.mark }),
  ])
  const manifest = {
    kind: 'wenfu.review-pack',
    draftId: src.draftId,
    title: doc.title,
    genre: doc.genre,
    version: src.version,
    contentHash: src.contentHash,
    ...(opts.compareTo !== undefined ? { trackedChangesSince: opts.compareTo } : {}),
    exportedAt: new Date().toISOString(),
    exportedBy: { memberId: ctx.actor.memberId, name: names.get(ctx.actor.memberId) ?? null },
    sensitivity: { level: doc.sensitivity, label: SENSITIVITY_LABELS[doc.sensitivity], notice: opts.notice },
    approvals: approvals.map((a) => ({
      kind: a.kind,
      memberId: a.memberId,
      name: names.get(a.memberId) ?? null,
      version: a.version,
      contentHash: a.contentHash,
      /** Whether this approval saw exactly the packed content. */
      matchesPacked: a.contentHash === src.contentHash,
      superseded: Boolean(a.supersededAt),
      at: a.createdAt,
      note: a.note,
    })),
    checks: { issues: issues.length, mustFix: issues.filter((i) => i.level === 'must-fix').length },
  }
  return buildPack(
    [
      { name: fileNameFor(doc.title, 'docx'), bytes: main },
      { name: fileNameFor(doc.title, 'docx', '-事实依据表'), bytes: basis },
      { name: fileNameFor(doc.title, 'docx', '-审校报告'), bytes: report },
    ],
    manifest,
  )
}

/** Formats a request's own text (POST /export): for tools that want only the layout. */
export async function exportRequest(_ctx: Ctx, input: unknown): Promise<ExportResult> {
  const r = parseInput(exportRequestSchema, input, '导出请求')
  const doc: ExportDoc = { genre: r.genre, title: r.title, fields: r.fields, blocks: parseBody(documentText(r.body)), sensitivity: r.sensitivity }
  if (!doc.blocks.length) throw new AppError('VALIDATION', '正文不能为空')
  const { mark, notice } = disclosure(r.sensitivity)
  const meta = { sensitivity: r.sensitivity, notice }
  switch (r.format) {
    case 'md':
      return { bytes: new TextEncoder().encode(renderMarkdown({ genre: r.genre, title: r.title, fields: r.fields, body: documentText(r.body), mark })), contentType: CONTENT_TYPES.md, fileName: fileNameFor(r.title, 'md'), ...meta }
    case 'html':
      return { bytes: new TextEncoder().encode(renderHtml(doc, { mark, notice })), contentType: CONTENT_TYPES.html, fileName: fileNameFor(r.title, 'html'), ...meta }
    case 'docx':
      if (!r.allowPlaceholders) refusePlaceholders(doc, 'Word 文档')
      return { bytes: await renderDocx(doc, { mark }), contentType: CONTENT_TYPES.docx, fileName: fileNameFor(r.title, 'docx'), ...meta }
    default: {
      const unreachable: never = r.format
      return unreachable
    }
  }
}

export { renderDocx, type DocxOptions } from './docx/document'
export { renderHtml, allowedHref, blockHtml as markdownHtml, inlineHtml as markdownInlineHtml } from './html'
export { renderMarkdown } from './markdown'
export { parseBody, placeholdersIn } from './body'
export { titleLines } from './title'
export { compareBlocks } from './compare'
export { exportFieldsSchema, exportRequestSchema, EXPORT_LIMITS, type Block, type ExportDoc, type ExportFields } from './model'
export * as exportLayout from './layout'
