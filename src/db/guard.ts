/**
 * Conditions re-checked inside a batch. D1 has no interactive transactions, so a write that
 * depends on what it read re-checks it when the batch runs, and aborts the whole batch otherwise.
 */
import { rawStatement, type Statement } from './client'

const GUARD_FAILED = 'wenfu_guard_failed'

/** A statement that aborts its batch unless `condition` holds (json() of a non-JSON string raises). */
export function guard(condition: string, ...params: unknown[]): Statement {
  return rawStatement(`SELECT CASE WHEN (${condition}) THEN 1 ELSE json('${GUARD_FAILED}') END`, ...params)
}

export const isGuardFailure = (e: unknown) => /malformed JSON/i.test(String((e as Error)?.message ?? e))
export { isUniqueFailure } from './client'
