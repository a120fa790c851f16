/**
 * The Worker's log lines: errors and warnings a person running Wenfu reads in Workers Logs or
 * `wrangler tail`, always with the request id.
 *
 * Under the test bindings (WENFU_ENV=test) the lines are kept in memory instead of written to the
 * console. The vitest workers pool forwards console output to vitest by RPC, and it cannot send from
 * another I/O context (a request reached through `exports.default.fetch`, a Workflow step): it parks
 * the line, and a test file whose last RPC meets a parked line never finishes, so the whole run stalls
 * without a word (cloudflare/workers-sdk#15719, #15498). Tests read the lines with `keptLogLines()`.
 */
type LogEnv = { WENFU_ENV?: string } | undefined
export type LogLevel = 'error' | 'warn'
export interface LogLine {
  level: LogLevel
  message: string
  error?: string
}

const KEPT_MAX = 500
const kept: LogLine[] = []

export function logLine(env: LogEnv, level: LogLevel, message: string, err?: unknown): void {
  if (env?.WENFU_ENV === 'test') {
    kept.push({ level, message, ...(err === undefined ? {} : { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }) })
    if (kept.length > KEPT_MAX) kept.splice(0, kept.length - KEPT_MAX)
    return
  }
  if (err === undefined) console[level](message)
  else console[level](message, err)
}

/** The lines kept under the test bindings, oldest first (at most the last 500). */
export const keptLogLines = (): readonly LogLine[] => kept
