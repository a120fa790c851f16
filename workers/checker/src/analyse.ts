/**
 * What the checker Worker answers (TypoService.analyse, src/checks/typo-service.ts): the 错别字 model's
 * suspects at the threshold of the requested sensitivity, and which of the asked strings are words of
 * its dictionary. Pure; the entrypoint (index.ts) and the benches' one-Worker variant both call it.
 */
import type { TypoAnalysis, TypoRequest } from '../../../src/checks/typo-service'
import { TYPO_WEIGHTS } from './data/typo-weights'
import { findTypos, isDictionaryWord } from './typo-model'

export function analyse(request: TypoRequest): TypoAnalysis {
  const threshold = request.sensitivity === 'sensitive' ? TYPO_WEIGHTS.sensitiveThreshold : TYPO_WEIGHTS.threshold
  const suspects = request.text ? findTypos(request.text, threshold) : []
  return { suspects, words: request.words.filter((w) => isDictionaryWord(w)) }
}
