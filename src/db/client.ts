import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1'
import * as schema from './schema'

export type Db = DrizzleD1Database<typeof schema>

export function createDb(d1: D1Database): Db {
  return drizzle(d1, { schema })
}

/** D1 allows at most 100 bound parameters per statement. */
export const MAX_BOUND_PARAMS = 100

/** Splits rows so that each multi-row insert stays under D1's bound-parameter limit. */
export function chunkRows<T>(rows: T[], paramsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_BOUND_PARAMS / paramsPerRow))
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

/**
 * Splits ids for `inArray` so that each query stays under D1's bound-parameter limit, leaving
 * `reserved` parameters for the query's other conditions (the office id, a kind…). Duplicates go.
 */
export function idGroups(ids: readonly string[], reserved: number): string[][] {
  const unique = [...new Set(ids)]
  const size = MAX_BOUND_PARAMS - reserved
  const out: string[][] = []
  for (let i = 0; i < unique.length; i += size) out.push(unique.slice(i, i + size))
  return out
}

/**
 * Whether a D1 error is a unique-index violation on `table`: the sign that a concurrent writer got
 * there first (D1 has no interactive transactions, so races surface as these).
 */
export const isUniqueFailure = (e: unknown, table: string) =>
  new RegExp(`UNIQUE constraint failed: ${table}\\.`, 'i').test(String((e as Error)?.message ?? e))

/** A statement for `runBatch`: a drizzle query builder, or raw SQL with its parameters. */
export type Statement = { toSQL(): { sql: string; params: unknown[] } } | { sql: string; params: unknown[] }

export const rawStatement = (sqlText: string, ...params: unknown[]): Statement => ({ sql: sqlText, params })

/**
 * Runs statements atomically in one D1 batch (D1 has no interactive transactions). drizzle's own
 * batch() cannot carry raw SQL with parameters (its SQLiteRaw has no prepared statement), and the
 * FTS5 writes are raw, so batches go straight to D1 with the SQL drizzle builds.
 */
export async function runBatch(d1: D1Database, statements: Statement[]): Promise<D1Result[]> {
  if (!statements.length) return []
  return d1.batch(
    statements.map((s) => {
      const q = 'toSQL' in s ? s.toSQL() : s
      return d1.prepare(q.sql).bind(...q.params)
    }),
  )
}
