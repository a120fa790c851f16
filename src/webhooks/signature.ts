/**
 * Webhook signatures: HMAC-SHA256 with the subscription's secret over `${timestamp}.${body}`, sent
 * as `X-Wenfu-Signature: v1=<hex>` with `X-Wenfu-Timestamp: <unix seconds>`. A receiver recomputes
 * it over the raw body and rejects stale timestamps (replays).
 */
export const SIGNATURE_HEADER = 'X-Wenfu-Signature'
export const TIMESTAMP_HEADER = 'X-Wenfu-Timestamp'

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('')

export async function signPayload(secret: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return `v1=${hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestamp}.${body}`)))}`
}

/** The receiver's side, as documented for subscribers (and used by our tests). */
export async function verifySignature(
  secret: string,
  headers: Headers,
  body: string,
  { toleranceSeconds = 300, now = Date.now() } = {},
): Promise<boolean> {
  const ts = Number(headers.get(TIMESTAMP_HEADER))
  const given = headers.get(SIGNATURE_HEADER) ?? ''
  if (!Number.isFinite(ts) || Math.abs(now / 1000 - ts) > toleranceSeconds) return false
  const expected = await signPayload(secret, ts, body)
  if (expected.length !== given.length) return false
  let diff = 0
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i)
  return diff === 0
}
