/**
 * Number keys and typed-array hash tables for the 错别字 model's per-character lookups: a pair or a
 * triple of CJK characters as one exact number, and open addressing over typed arrays, several times
 * cheaper than a Map keyed by strings in loops that run once per character of the document.
 */

/** Both characters offset into the CJK blocks (U+3400–U+9FFF): the key is a small exact number and
 * no string is built per lookup. Other characters never reach the lookups. */
export const CJK_SPAN = 0x6c00
export const pairKey = (s: string, i: number) => (s.charCodeAt(i) - 0x3400) * CJK_SPAN + (s.charCodeAt(i + 1) - 0x3400)
export const isCjk = (s: string, i: number) => {
  const c = s.charCodeAt(i)
  return c >= 0x3400 && c <= 0x9fff
}

/** Three characters in the CJK span as one exact number (up to 2^45). */
export const tripleKey = (s: string, i: number) => pairKey(s, i) * CJK_SPAN + (s.charCodeAt(i + 2) - 0x3400)

/** Reads bytes of the generated data (typo-data.ts): single bytes and unsigned LEB128 varints (up to 2^53). */
export function byteReader(bytes: Uint8Array): { byte(): number; varint(): number } {
  let p = 0
  return {
    byte: () => bytes[p++]!,
    varint: () => {
      let v = 0
      let scale = 1
      for (;;) {
        const b = bytes[p++]!
        v += (b & 0x7f) * scale
        if (b < 0x80) return v
        scale *= 0x80
      }
    },
  }
}

/**
 * An open-addressing hash table from a key (pairKey or tripleKey: an integer below 2^53) to a number
 * (single precision: counts, buckets and quantised log probabilities), in two typed arrays: a typed-array probe is several times cheaper than Set.has or Map.get in the
 * per-character loops. Keys below zero (a character before the CJK span) are never stored; −1 marks
 * an empty slot.
 */
export class KeyTable {
  private readonly keys: Float64Array
  private readonly values: Float32Array
  private readonly mask: number
  /** `maxLoad`: the most of the slots `size` keys may fill (linear probing stays short below 0.75). */
  constructor(size: number, maxLoad = 0.5) {
    let cap = 1024
    while (cap * maxLoad < size) cap *= 2
    this.keys = new Float64Array(cap).fill(-1)
    this.values = new Float32Array(cap)
    this.mask = cap - 1
  }
  private slot(key: number): number {
    // both 32-bit halves of the key, through murmur3's finaliser: every key bit reaches the low bits
    // the mask keeps (keys built by multiplying by a power of two leave their low bits alike)
    let h = (key >>> 0) ^ Math.imul(Math.floor(key / 4294967296), 0x9e3779b1)
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
    let i = (h ^ (h >>> 16)) & this.mask
    while (this.keys[i] !== -1 && this.keys[i] !== key) i = (i + 1) & this.mask
    return i
  }
  set(key: number, value: number): void {
    if (key < 0) return
    const i = this.slot(key)
    this.keys[i] = key
    this.values[i] = value
  }
  has(key: number): boolean {
    return key >= 0 && this.keys[this.slot(key)] === key
  }
  /** The value, or 0 for a key never set. */
  get(key: number): number {
    if (key < 0) return 0
    const i = this.slot(key)
    return this.keys[i] === key ? this.values[i]! : 0
  }
}
