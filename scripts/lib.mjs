// Shared by scripts/dev.mjs, bin/wenfu.mjs and the benches: local config and a tiny API client.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'

export const OFFLINE_ENV = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
}

/** Reads KEY=VALUE lines of a .dev.vars file (no quotes handling beyond stripping "..."). */
export function readDevVars(file) {
  if (!existsSync(file)) return {}
  const out = {}
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line)
    if (m) out[m[1]] = m[2].replace(/^"(.*)"$/, '$1')
  }
  return out
}

export function defaultToken(cwd = process.cwd()) {
  return process.env.WENFU_TOKEN || readDevVars(path.join(cwd, '.dev.vars')).WENFU_BOOTSTRAP_TOKEN || ''
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`)
    this.status = status
    this.body = body
  }
}

/** Calls the Wenfu API; throws ApiError with the server's Chinese message on a non-2xx answer. */
export async function api(baseUrl, token, method, pathname, { json, form, query, headers: extra } = {}) {
  const url = new URL(baseUrl.replace(/\/$/, '') + pathname)
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) url.searchParams.set(k, String(v))
  const headers = { ...extra, authorization: `Bearer ${token}` }
  let body
  if (json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(json)
  } else if (form) body = form
  const res = await fetch(url, { method, headers, body })
  const text = await res.text()
  let parsed = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = { error: { message: text.slice(0, 200) } }
  }
  if (!res.ok) throw new ApiError(res.status, parsed)
  return parsed
}

export async function waitForHealth(baseUrl, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    try {
      const res = await fetch(baseUrl.replace(/\/$/, '') + '/healthz')
      if (res.ok) return true
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  return false
}

/**
 * Where `npm run dev` tells clients which server it started (URL, pid, the demo members' tokens):
 * `.wrangler/wenfu-dev.json`, or WENFU_DEV_FILE (tests run their own server beside a developer's).
 */
export function devInfoFile(cwd = process.cwd()) {
  return process.env.WENFU_DEV_FILE || path.join(cwd, '.wrangler', 'wenfu-dev.json')
}

export function writeDevInfo(file, info) {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 })
}

/** The running dev server's info, or null when there is none (no file, or its process is gone). */
export function readDevInfo(file = devInfoFile()) {
  let info
  try {
    info = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
  if (info?.pid) {
    try {
      process.kill(info.pid, 0)
    } catch (e) {
      if (e.code === 'ESRCH') return null
    }
  }
  return info
}

/** A free TCP port on 127.0.0.1 (the local dev server, the e2e run and the benches start on one). */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
