/**
 * The 错别字 model's generated data (workers/checker/src/data/*.bin, made by the bench/checks scripts; sources
 * and licences in workers/checker/src/data/README.md). Each file is bundled as a binary Data module (the
 * workers/checker/wrangler.toml [[rules]] type = "Data"), not as JavaScript: string literals of that size cost several
 * times their bytes in an isolate — the source, the literal, the decoded copy — and a Worker has
 * 128 MB. A file is a list of sections, each a 32-bit little-endian length and that many bytes;
 * text sections are UTF-8.
 */
import MODEL from './data/typo-model.bin'
import NGRAMS from './data/typo-ngrams.bin'
import SLM from './data/typo-slm.bin'

/** The sections of one data file (views into it, not copies). */
export function sections(data: ArrayBuffer | Uint8Array): Uint8Array[] {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: Uint8Array[] = []
  for (let p = 0; p < bytes.length; ) {
    const length = view.getUint32(p, true)
    out.push(bytes.subarray(p + 4, p + 4 + length))
    p += 4 + length
  }
  return out
}

const text = (b: Uint8Array) => new TextDecoder().decode(b)

/** Dictionary words by frequency bucket, character pairs of clean text, readings, 形近 neighbours (build-typo-data.mjs). */
export function modelData(): { WORDS: string; BIGRAMS: string; PINYIN: string; SHAPES: string } {
  const [words, bigrams, pinyin, shapes] = sections(MODEL).map(text)
  return { WORDS: words!, BIGRAMS: bigrams!, PINYIN: pinyin!, SHAPES: shapes! }
}

/** The 3-gram and 4-gram tables of clean official text, as varints (make-ngrams.mjs). */
export function ngramData(): { TRIPLES: Uint8Array; QUADS: Uint8Array } {
  const [triples, quads] = sections(NGRAMS)
  return { TRIPLES: triples!, QUADS: quads! }
}

/** The pruned word-bigram model (make-slm.mjs): the log-probability step, the words, unigram and bigram bytes. */
export function slmData(): { STEP: number; WORDS: string; UNIGRAMS: Uint8Array; BIGRAMS: Uint8Array } {
  const [step, words, unigrams, bigrams] = sections(SLM)
  return { STEP: Number(text(step!)), WORDS: text(words!), UNIGRAMS: unigrams!, BIGRAMS: bigrams! }
}
