/**
 * 发文字号: 机关代字〔年份〕序号号 (GB/T 9704-2012 7.2.4: 六角括号, full year, no 第, no leading
 * zero). Numbers run per office, 机关代字 and year. The next number is read, then claimed in the
 * issuing batch under a guard that the sequence has not moved; a concurrent issue that claimed it
 * first makes the batch fail and the caller retry with the next number, so none is used twice.
 */
import { and, eq } from 'drizzle-orm'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { rawStatement, type Statement } from '../db/client'
import { guard } from '../db/guard'
import { docNumberSequences } from '../db/schema'

export interface NextNumber {
  agencyCode: string
  year: number
  n: number
  previous: number | null
  docNumber: string
}

/** The year in China Standard Time, which decides the 〔年份〕 of a number issued at New Year. */
export const chinaYear = (at = new Date()) => new Date(at.getTime() + 8 * 3600_000).getUTCFullYear()

export const formatDocNumber = (agencyCode: string, year: number, n: number) => `${agencyCode}〔${year}〕${n}号`

export async function nextDocNumber(ctx: Ctx, agencyCode: string | null): Promise<NextNumber> {
  if (!agencyCode) {
    throw new AppError('PRECONDITION_FAILED', '印发公文前须在办公室设置中填写机关代字（如“示区委办发”），用于编排发文字号')
  }
  const year = chinaYear()
  const row = await ctx.db
    .select({ last: docNumberSequences.last })
    .from(docNumberSequences)
    .where(and(eq(docNumberSequences.officeId, ctx.actor.officeId), eq(docNumberSequences.agencyCode, agencyCode), eq(docNumberSequences.year, year)))
    .get()
  const n = (row?.last ?? 0) + 1
  return { agencyCode, year, n, previous: row?.last ?? null, docNumber: formatDocNumber(agencyCode, year, n) }
}

export function assignDocNumberStatements(ctx: Ctx, next: NextNumber): Statement[] {
  const office = ctx.actor.officeId
  return [
    guard(
      'COALESCE((SELECT last FROM doc_number_sequences WHERE office_id = ? AND agency_code = ? AND year = ?), 0) = ?',
      office,
      next.agencyCode,
      next.year,
      next.previous ?? 0,
    ),
    rawStatement(
      `INSERT INTO doc_number_sequences (office_id, agency_code, year, last) VALUES (?, ?, ?, ?)
       ON CONFLICT (office_id, agency_code, year) DO UPDATE SET last = excluded.last`,
      office,
      next.agencyCode,
      next.year,
      next.n,
    ),
  ]
}
