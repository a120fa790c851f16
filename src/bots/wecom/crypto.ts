/**
 * WeCom's callback crypto (WXBizMsgCrypt, 加解密方案说明) on WebCrypto, so the Worker needs no
 * `nodejs_compat` for it:
 * - msg_signature = hex SHA-1 of [token, timestamp, nonce, encrypted] sorted and joined;
 * - AES-256-CBC, key = base64(EncodingAESKey + "="), IV = the key's first 16 bytes;
 * - plaintext = 16 random bytes ‖ 4-byte big-endian length ‖ message ‖ receiveid (the CorpID);
 * - PKCS#7 padding to a 32-byte block (pad values 1–32).
 *
 * WebCrypto's AES-CBC knows only 16-byte PKCS#7: it strips a valid 16-byte pad and refuses anything
 * else, so a WeCom pad of 17–32 would fail to decrypt. Decryption therefore appends one more block,
 * E(key, last ciphertext block ⊕ 16×0x10) — what encrypting the empty message with the last block as IV
 * gives — which decrypts to a full 16-byte pad that WebCrypto strips, leaving WeCom's own padding for
 * us to check. Encryption pads to 32 itself and drops the extra block WebCrypto adds.
 * Verified against the sample callbacks of WeCom's libraries (tests/bots/wecom-crypto.test.ts).
 */
import { concatBytes } from '../../core/bytes'
import { AppError } from '../../core/errors'

const BLOCK = 32
const RANDOM_BYTES = 16
const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export interface WecomCryptoConfig {
  token: string
  encodingAesKey: string
  /** The CorpID for a self-built app's callbacks. */
  receiveId: string
}

export const cryptoRefusal = {
  signature: () => new AppError('UNAUTHORIZED', '企业微信回调签名校验失败（msg_signature 不符），请求已拒绝'),
  receiver: () => new AppError('UNAUTHORIZED', '消息的接收方 CorpID 与本应用不符，请求已拒绝'),
  undecryptable: () => new AppError('VALIDATION', '企业微信消息无法解密：密文格式或填充不正确（请核对 EncodingAESKey）'),
}

function base64ToBytes(b64: string): Uint8Array {
  let bin: string
  try {
    bin = atob(b64)
  } catch {
    throw cryptoRefusal.undecryptable()
  }
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

function bytesToBase64(bytes: Uint8Array): string {
  let bin = ''
  // Chunked: String.fromCharCode over a large spread overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')

function hexToBytes(s: string): Uint8Array | null {
  if (!/^[0-9a-fA-F]{40}$/.test(s)) return null
  const out = new Uint8Array(20)
  for (let i = 0; i < 20; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16)
  return out
}

const concat = (...parts: Uint8Array[]) => concatBytes(parts)

export class WecomCrypto {
  private constructor(
    private readonly token: string,
    private readonly receiveId: string,
    private readonly key: CryptoKey,
    private readonly iv: Uint8Array,
  ) {}

  static async create(cfg: WecomCryptoConfig): Promise<WecomCrypto> {
    if (!/^[A-Za-z0-9+/]{43}$/.test(cfg.encodingAesKey)) throw new AppError('PRECONDITION_FAILED', 'EncodingAESKey 应为 43 位字母数字串')
    const raw = base64ToBytes(cfg.encodingAesKey + '=')
    const key = await crypto.subtle.importKey('raw', raw, { name: 'AES-CBC' }, false, ['encrypt', 'decrypt'])
    return new WecomCrypto(cfg.token, cfg.receiveId, key, raw.slice(0, 16))
  }

  /** msg_signature over an encrypted payload (the Encrypt field, or echostr). */
  async signature(timestamp: string, nonce: string, encrypted: string): Promise<string> {
    const joined = [this.token, timestamp, nonce, encrypted].sort().join('')
    return hex(await crypto.subtle.digest('SHA-1', utf8.encode(joined)))
  }

  /** Whether `given` is the signature of the payload; compared in constant time. */
  async verify(given: string, timestamp: string, nonce: string, encrypted: string): Promise<boolean> {
    const givenBytes = hexToBytes(given)
    if (!givenBytes) return false
    const expected = hexToBytes(await this.signature(timestamp, nonce, encrypted))!
    return crypto.subtle.timingSafeEqual(givenBytes, expected)
  }

  /** Decrypts a payload and checks that it was meant for our CorpID; returns the message. */
  async decrypt(encrypted: string): Promise<string> {
    const ct = base64ToBytes(encrypted)
    if (ct.length < BLOCK || ct.length % 16 !== 0) throw cryptoRefusal.undecryptable()
    const lastBlock = ct.slice(ct.length - 16)
    // One more block that decrypts to a full 16-byte PKCS#7 pad (see the file comment).
    const extra = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: lastBlock }, this.key, new Uint8Array(0)))
    let padded: Uint8Array
    try {
      padded = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: this.iv }, this.key, concat(ct, extra)))
    } catch {
      throw cryptoRefusal.undecryptable()
    }
    const pad = padded[padded.length - 1]!
    if (pad < 1 || pad > BLOCK || pad > padded.length) throw cryptoRefusal.undecryptable()
    for (let i = padded.length - pad; i < padded.length; i++) if (padded[i] !== pad) throw cryptoRefusal.undecryptable()
    const content = padded.subarray(RANDOM_BYTES, padded.length - pad)
    if (content.length < 4) throw cryptoRefusal.undecryptable()
    const msgLen = new DataView(content.buffer, content.byteOffset, 4).getUint32(0, false)
    if (4 + msgLen > content.length) throw cryptoRefusal.undecryptable()
    let message: string
    let receiveId: string
    try {
      message = fromUtf8.decode(content.subarray(4, 4 + msgLen))
      receiveId = fromUtf8.decode(content.subarray(4 + msgLen))
    } catch {
      throw cryptoRefusal.undecryptable()
    }
    if (receiveId !== this.receiveId) throw cryptoRefusal.receiver()
    return message
  }

  /** Encrypts a message for WeCom (a passive reply); `random` is fixed only by tests. */
  async encrypt(message: string, random: Uint8Array = crypto.getRandomValues(new Uint8Array(RANDOM_BYTES))): Promise<string> {
    const msg = utf8.encode(message)
    const len = new Uint8Array(4)
    new DataView(len.buffer).setUint32(0, msg.length, false)
    const body = concat(random, len, msg, utf8.encode(this.receiveId))
    const pad = BLOCK - (body.length % BLOCK)
    const padded = concat(body, new Uint8Array(pad).fill(pad))
    const out = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: this.iv }, this.key, padded))
    // WebCrypto appended a block of its own 16-byte padding: WeCom's format ends at our 32-byte pad.
    return bytesToBase64(out.subarray(0, padded.length))
  }
}
