/**
 * Calls /api/v1 with the session cookie: same-origin credentials, the page's CSRF token in
 * X-CSRF-Token (from <meta name="csrf-token">), JSON in and out, and the one error envelope turned
 * into an ApiError whose message is the server's Chinese message.
 */
export interface ErrorEnvelope {
  error: { code: string; message: string; requestId: string; details?: unknown }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const API_BASE = '/api/v1'

/** An API path ("/check") under /api/v1; a path already under /api/ or an absolute URL (a 工作台 route) as it is. */
const urlOf = (path: string) => (/^(https?:|\/api\/)/.test(path) ? path : API_BASE + path)

export function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? ''
}

export interface ApiOptions {
  method?: string
  /** A JSON body. */
  json?: unknown
  /** Any other body (FormData, Blob): sent as it is. */
  body?: BodyInit
  headers?: Record<string, string>
  signal?: AbortSignal
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: Partial<ErrorEnvelope> | null = null
  try {
    body = (await res.json()) as Partial<ErrorEnvelope>
  } catch {
    body = null
  }
  const e = body?.error
  if (e && typeof e.message === 'string') return new ApiError(res.status, e.code, e.message, e.requestId ?? null, e.details)
  if (res.status === 401) return new ApiError(401, 'UNAUTHORIZED', '登录已过期，请重新登录')
  return new ApiError(res.status, 'INTERNAL', `服务器返回错误（HTTP ${res.status}），请稍后重试`)
}

/** A raw Response of /api/v1 (for downloads and streams), or an ApiError. `path` starts with "/". */
export async function apiResponse(path: string, opts: ApiOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers }
  const method = (opts.method ?? (opts.json !== undefined || opts.body !== undefined ? 'POST' : 'GET')).toUpperCase()
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken()
  let body = opts.body
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(opts.json)
  }
  let res: Response
  try {
    res = await fetch(urlOf(path), { method, headers, body, credentials: 'same-origin', signal: opts.signal })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试')
  }
  if (!res.ok) throw await errorFrom(res)
  return res
}

/** JSON of /api/v1. */
export async function api<T = unknown>(path: string, opts: ApiOptions = {}): Promise<T> {
  const res = await apiResponse(path, opts)
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

/**
 * Uploads a FormData with progress (fetch has no upload progress; XMLHttpRequest does), with the
 * same CSRF header and error envelope as `api`.
 */
export function uploadWithProgress<T = unknown>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', urlOf(path))
    xhr.setRequestHeader('x-csrf-token', csrfToken())
    xhr.setRequestHeader('accept', 'application/json')
    xhr.withCredentials = true
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total)
    }
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试'))
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T)
      const e = (body as Partial<ErrorEnvelope> | null)?.error
      reject(
        e && typeof e.message === 'string'
          ? new ApiError(xhr.status, e.code, e.message, e.requestId ?? null, e.details)
          : new ApiError(xhr.status, 'INTERNAL', `服务器返回错误（HTTP ${xhr.status}），请稍后重试`),
      )
    }
    xhr.send(form)
  })
}
