/**
 * What the 审校 benches import (bundled for Node by lib.mjs): the checks module with the 错别字 model
 * in-process — the API Worker gets the same answers from the checker Worker over RPC (tests/checker/
 * rpc.test.ts compares the two) — and the model's internals, to score and train it.
 */
import { checkText as checkWithoutModel, type CheckTextInput } from '../../src/checks'
import { analyse } from '../../workers/checker/src/analyse'
import { isDictionaryWord } from '../../workers/checker/src/typo-model'

export * from '../../src/checks'
export { findTypos, scoreCandidate, typoCandidates, warmTypoModel } from '../../workers/checker/src/typo-model'
export { TYPO_WEIGHTS } from '../../workers/checker/src/data/typo-weights'
export { adjustNgrams } from '../../workers/checker/src/typo-ngrams'
export { fuzzySyllable } from '../../workers/checker/src/typo-tables'

/** Every rule, the model's included, as a check through the API Worker runs them. */
export function checkText(input: CheckTextInput) {
  const { suspects } = analyse({ text: input.text, sensitivity: input.typoSensitivity ?? 'standard', words: [] })
  return checkWithoutModel({ ...input, model: { suspects, words: { has: isDictionaryWord } } })
}

/** Every rule but the model's, soft wraps understood: the hard-wrap benches (bench/ingest/pastes.mjs). */
export { checkWithoutModel as checkTextWithoutModel }
export { unwrapText } from '../../src/core/paragraphs'
