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
