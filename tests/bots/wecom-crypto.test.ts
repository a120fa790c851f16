import { Buffer } from 'node:buffer'
import { createCipheriv, createDecipheriv } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors'
import { WecomCrypto } from '../../src/bots/wecom/crypto'

/**
 * Published test vectors: the sample callbacks shipped with WeCom's WXBizMsgCrypt libraries
 * (github.com/sbzhu, linked from WeCom's 加解密库下载与返回码 page).
 * - PYTHON: sbzhu/weworkapi_python, callback/Sample.py at 16e0b0524e64ef75bb5040f8efd5172f64e18e21
 *   (the commit before the sample's Token and EncodingAESKey were blanked out).
 * - GOLANG: sbzhu/weworkapi_golang, sample.go at 1799804a7c8d0522340156665852571c4e4c309b, the same
 *   values as WeCom's own 加解密方案说明 example (Token QDG6eK).
 */
const PYTHON = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  receiveId: 'ww1436e0e65a779aee',
  verify: {
    msgSignature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
    timestamp: '1476416373',
    nonce: '47744683',
    echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
  },
  message: {
    msgSignature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e',
    timestamp: '1476422779',
    nonce: '1597212914',
    encrypt:
      'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+',
    // The sample's own reply plaintext (sRespData) is the message it received.
    plaintext:
      '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>',
  },
}

const GOLANG = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
  verify: {
    msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  },
  message: {
    msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  },
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

// An independent AES-256-CBC (node:crypto, the OpenSSL the official libraries also use) to check
// our WebCrypto code against, with WeCom's 32-byte padding done by hand.
const keyOf = (encodingAesKey: string) => Buffer.from(encodingAesKey + '=', 'base64')
function nodeEncryptRaw(encodingAesKey: string, plain: Uint8Array): string {
  const key = keyOf(encodingAesKey)
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  c.setAutoPadding(false)
  return Buffer.concat([c.update(plain), c.final()]).toString('base64')
}
function nodeDecryptRaw(encodingAesKey: string, b64: string): Buffer {
  const key = keyOf(encodingAesKey)
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
  d.setAutoPadding(false)
  return Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()])
}
function wecomPlain(message: string, receiveId: string, pad?: { value: number; length: number }): Buffer {
  const msg = Buffer.from(message)
  const len = Buffer.alloc(4)
  len.writeUInt32BE(msg.length)
  const body = Buffer.concat([Buffer.alloc(16, 7), len, msg, Buffer.from(receiveId)])
  const n = 32 - (body.length % 32)
  return Buffer.concat([body, Buffer.alloc(pad?.length ?? n, pad?.value ?? n)])
}

describe('WeCom crypto: the published samples', () => {
  for (const [name, v] of Object.entries({ PYTHON, GOLANG })) {
    it(`${name}: verifies and decrypts the URL-verification echostr`, async () => {
      const wc = await WecomCrypto.create(v)
      expect(await wc.verify(v.verify.msgSignature, v.verify.timestamp, v.verify.nonce, v.verify.echostr)).toBe(true)
      // The echostr plaintext is a random number WeCom expects back verbatim.
      expect(await wc.decrypt(v.verify.echostr)).toMatch(/^\d{19}$/)
    })

    it(`${name}: verifies and decrypts the message callback`, async () => {
      const wc = await WecomCrypto.create(v)
      expect(await wc.verify(v.message.msgSignature, v.message.timestamp, v.message.nonce, v.message.encrypt)).toBe(true)
      const plain = await wc.decrypt(v.message.encrypt)
      // The Python sample's plaintext has no CDATA sections, the Go sample's has.
      expect(plain).toMatch(new RegExp(`^<xml><ToUserName>(<!\\[CDATA\\[)?${v.receiveId}(]]>)?</ToUserName>`))
      expect(plain).toMatch(/<MsgType>(<!\[CDATA\[)?text(]]>)?<\/MsgType>/)
    })

    it(`${name}: refuses the sample with one signature character changed, or signed with another token`, async () => {
      const wc = await WecomCrypto.create(v)
      const s = v.message.msgSignature
      const flipped = (s[0] === 'a' ? 'b' : 'a') + s.slice(1)
      expect(await wc.verify(flipped, v.message.timestamp, v.message.nonce, v.message.encrypt)).toBe(false)
      expect(await wc.verify(s, v.message.timestamp, v.message.nonce, v.message.encrypt.replace(/.$/, 'A'))).toBe(false)
      expect(await wc.verify(s, String(Number(v.message.timestamp) + 1), v.message.nonce, v.message.encrypt)).toBe(false)
      expect(await wc.verify(s.toUpperCase().slice(0, 39), v.message.timestamp, v.message.nonce, v.message.encrypt)).toBe(false)
      const other = await WecomCrypto.create({ ...v, token: v.token + 'x' })
      expect(await other.verify(s, v.message.timestamp, v.message.nonce, v.message.encrypt)).toBe(false)
    })

    it(`${name}: refuses the sample for another CorpID`, async () => {
      const wc = await WecomCrypto.create({ ...v, receiveId: 'ww0000000000000000' })
      const err = await refusal(wc.decrypt(v.message.encrypt))
      expect(err.code).toBe('UNAUTHORIZED')
      expect(err.message).toContain('CorpID')
    })
  }

  it('PYTHON: the decrypted message is exactly the sample library’s plaintext', async () => {
    const wc = await WecomCrypto.create(PYTHON)
    expect(await wc.decrypt(PYTHON.message.encrypt)).toBe(PYTHON.message.plaintext)
  })

  it('GOLANG: the decrypted message is the text "hello" from mycreate, as the sample documents', async () => {
    const wc = await WecomCrypto.create(GOLANG)
    const plain = await wc.decrypt(GOLANG.message.encrypt)
    expect(plain).toContain('<FromUserName><![CDATA[mycreate]]></FromUserName>')
    expect(plain).toContain('<Content><![CDATA[hello]]></Content>')
    expect(plain).toContain('<MsgId>4561255354251345929</MsgId>')
  })

  it('a sample decrypted by the independent implementation matches ours byte for byte', async () => {
    const wc = await WecomCrypto.create(GOLANG)
    const raw = nodeDecryptRaw(GOLANG.encodingAesKey, GOLANG.message.encrypt)
    const len = raw.readUInt32BE(16)
    expect(raw.subarray(20, 20 + len).toString('utf8')).toBe(await wc.decrypt(GOLANG.message.encrypt))
  })
})

describe('WeCom crypto: our own round trips', () => {
  const cfg = { token: 'roundTripToken', encodingAesKey: 'M9Dd0OgQY26uGkL5clPprfyzHIIt9hIkEa9nn/pN2uI', receiveId: 'ww00test0corp0id1' }

  it('every pad length 1–32 encrypts and decrypts, and agrees with node:crypto both ways', async () => {
    const wc = await WecomCrypto.create(cfg)
    const pads = new Set<number>()
    for (let n = 0; n < 32; n++) {
      const message = `<xml><Content><![CDATA[审核${'通'.repeat(n)}]]></Content>${'x'.repeat(n % 3)}</xml>`
      const ours = await wc.encrypt(message)
      const raw = nodeDecryptRaw(cfg.encodingAesKey, ours)
      const pad = raw[raw.length - 1]!
      pads.add(pad)
      expect(raw.subarray(raw.length - pad).every((b) => b === pad)).toBe(true)
      expect(raw.length % 32).toBe(0)
      expect(await wc.decrypt(ours)).toBe(message)
      // node:crypto encrypts, we decrypt.
      expect(await wc.decrypt(nodeEncryptRaw(cfg.encodingAesKey, wecomPlain(message, cfg.receiveId)))).toBe(message)
    }
    // The messages cover every residue mod 32 that UTF-8 lengths reach here, pads above 16 included.
    expect([...pads].some((p) => p > 16)).toBe(true)
    expect([...pads].some((p) => p <= 16)).toBe(true)
  })

  it('a fresh random prefix each time: the same message never encrypts twice alike', async () => {
    const wc = await WecomCrypto.create(cfg)
    expect(await wc.encrypt('同一条消息')).not.toBe(await wc.encrypt('同一条消息'))
  })

  it('signs what it encrypts so that verify accepts it, and only it', async () => {
    const wc = await WecomCrypto.create(cfg)
    const enc = await wc.encrypt('<xml/>')
    const sig = await wc.signature('1767225600', '12345', enc)
    expect(sig).toMatch(/^[0-9a-f]{40}$/)
    expect(await wc.verify(sig, '1767225600', '12345', enc)).toBe(true)
    expect(await wc.verify(sig, '1767225600', '12346', enc)).toBe(false)
  })

  it('refuses bad padding: pad byte 0, pad byte 33, pad bytes that disagree', async () => {
    const wc = await WecomCrypto.create(cfg)
    const good = wecomPlain('消息', cfg.receiveId)
    const last = good.length - 1
    const zero = Buffer.from(good)
    zero[last] = 0
    const big = Buffer.from(good)
    big.fill(33, good.length - good[last]!)
    const mixed = Buffer.from(good)
    mixed[last - 1] = (mixed[last]! + 1) % 256
    for (const plain of [zero, big, mixed]) {
      const err = await refusal(wc.decrypt(nodeEncryptRaw(cfg.encodingAesKey, plain)))
      expect(err.code).toBe('VALIDATION')
      expect(err.message).toContain('无法解密')
    }
  })

  it('refuses a length field pointing past the end, ciphertext not in whole blocks, and non-base64', async () => {
    const wc = await WecomCrypto.create(cfg)
    const plain = wecomPlain('消息', cfg.receiveId)
    plain.writeUInt32BE(5000, 16)
    for (const enc of [nodeEncryptRaw(cfg.encodingAesKey, plain), Buffer.alloc(40, 1).toString('base64'), '不是密文!!', '']) {
      expect((await refusal(wc.decrypt(enc))).code).toBe('VALIDATION')
    }
  })

  it('refuses a message encrypted for another CorpID, and one with bytes changed', async () => {
    const wc = await WecomCrypto.create(cfg)
    const other = await WecomCrypto.create({ ...cfg, receiveId: 'ww99other9corp' })
    expect((await refusal(wc.decrypt(await other.encrypt('<xml/>')))).code).toBe('UNAUTHORIZED')
    const enc = Buffer.from(await wc.encrypt('<xml><Content>原文</Content></xml>'), 'base64')
    enc[enc.length - 20] = enc[enc.length - 20]! ^ 0x01
    // A flipped bit garbles the last blocks: the padding, the CorpID or the UTF-8 no longer check out.
    await refusal(wc.decrypt(enc.toString('base64')))
  })

  it('refuses an EncodingAESKey that is not 43 characters', async () => {
    expect((await refusal(WecomCrypto.create({ ...cfg, encodingAesKey: 'short' }))).code).toBe('PRECONDITION_FAILED')
  })
})
