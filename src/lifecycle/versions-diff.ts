import { z } from 'zod'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { parseInput } from '../core/validation'
import { loadVersion, versionText } from '../drafts'
import { diffText, type ParagraphOp } from './diff'

const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })

/** Paragraph- and character-level differences between two saved versions. */
export async function diffVersions(ctx: Ctx, draftId: string, input: unknown): Promise<{ from: number; to: number; changes: ParagraphOp[]; stats: Record<string, number> }> {
  const q = parseInput(diffQuery, input, '查询参数')
  if (q.from === q.to) throw new AppError('VALIDATION', '请选择两个不同的版本进行比较')
  const [a, b] = await Promise.all([loadVersion(ctx, draftId, q.from), loadVersion(ctx, draftId, q.to)])
  const changes = diffText(versionText(a), versionText(b))
  const stats = { equal: 0, insert: 0, delete: 0, replace: 0 }
  for (const c of changes) stats[c.op]++
  return { from: q.from, to: q.to, changes, stats }
}
