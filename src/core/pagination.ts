import { and, eq, lt, or, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { AppError } from './errors'
import { base64url } from './ids'

/** Keyset cursor over (created_at, id), newest first: stable under concurrent inserts. */
export interface Cursor {
  createdAt: string
  id: string
}

/** An opaque cursor: the JSON of `value`, base64url. */
export function encodeToken(value: unknown): string {
  return base64url(new TextEncoder().encode(JSON.stringify(value)))
}

/** The value of a cursor made by `encodeToken` if `accept` takes it; else a VALIDATION error. */
export function decodeToken<T>(s: string, accept: (value: unknown) => T | null): T {
  try {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/')
    const value = accept(JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)))))
    if (value !== null) return value
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION', '分页游标无效', { field: 'cursor' })
}

export function encodeCursor(c: Cursor): string {
  return encodeToken([c.createdAt, c.id])
}

export function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null
  return decodeToken(s, (v) => {
    const [createdAt, id] = Array.isArray(v) ? v : []
    return typeof createdAt === 'string' && typeof id === 'string' ? { createdAt, id } : null
  })
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** Given `limit + 1` rows, returns the page and the cursor of its last row when more exist. */
export function toPage<T extends { createdAt: string; id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null }
}

/** Rows after `cursor` in (created_at, id) descending order; no condition for the first page. */
export function afterCursor(createdAt: SQLiteColumn, id: SQLiteColumn, cursor: Cursor | null): SQL | undefined {
  if (!cursor) return undefined
  return or(lt(createdAt, cursor.createdAt), and(eq(createdAt, cursor.createdAt), lt(id, cursor.id)))
}
