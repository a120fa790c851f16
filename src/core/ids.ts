/** Prefixed random ids (`fnd_…`), so an id says what it names in logs and URLs. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

export type IdPrefix = 'off' | 'mem' | 'tok' | 'srv' | 'fnd' | 'pre' | 'req' | 'imp' | 'drf' | 'sec' | 'job' | 'aud' | 'ver' | 'cmt' | 'whk' | 'dlv' | 'apr' | 'lex' | 'lxv' | 'dun' | 'dui' | 'dfb' | 'dex' | 'drm' | 'bln' | 'bnt'

export function newId(prefix: IdPrefix, length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  let out = ''
  for (const b of bytes) out += ALPHABET[b & 31]
  return `${prefix}_${out}`
}

/**
 * The id a one-time key names: the same key always gives the same id, so a form sent twice (a
 * reload) names a row that already exists instead of creating a second one.
 */
export async function idFromKey(prefix: IdPrefix, key: string, length = 16): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${prefix}:${key}`)))
  let out = ''
  for (const b of bytes.slice(0, length)) out += ALPHABET[b & 31]
  return `${prefix}_${out}`
}

/** A bearer token: 32 random bytes, base64url, with a recognisable prefix for secret scanners. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return `wf_${base64url(bytes)}`
}

export function base64url(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const hex = (digest: ArrayBuffer) => [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')

export async function sha256Hex(input: string | ArrayBuffer | Uint8Array): Promise<string> {
  const data = typeof input === 'string' ? new TextEncoder().encode(input) : input
  return hex(await crypto.subtle.digest('SHA-256', data))
}

/** The SHA-256 of pieces of bytes taken in order, without joining them (workerd's DigestStream). */
export async function sha256HexOfPieces(pieces: readonly Uint8Array[]): Promise<string> {
  const stream = new crypto.DigestStream('SHA-256')
  const writer = stream.getWriter()
  for (const p of pieces) await writer.write(p)
  await writer.close()
  return hex(await stream.digest)
}
