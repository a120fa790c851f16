/** Byte pieces as a request stream delivers them, and the few things done with them whole. */

/** The pieces joined into one buffer of their total length. */
export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1 && pieces[0]!.byteOffset === 0 && pieces[0]!.byteLength === pieces[0]!.buffer.byteLength) return pieces[0]!
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const p of pieces) {
    out.set(p, at)
    at += p.byteLength
  }
  return out
}

/** The pieces as a stream of known length (what R2's put needs), written as it is read: no joined copy. */
export function streamOf(pieces: readonly Uint8Array[]): { stream: ReadableStream<Uint8Array>; written: Promise<void> } {
  const size = pieces.reduce((n, p) => n + p.byteLength, 0)
  const { readable, writable } = new FixedLengthStream(size)
  const written = (async () => {
    const writer = writable.getWriter()
    for (const p of pieces) await writer.write(p)
    await writer.close()
  })()
  return { stream: readable, written }
}
