/**
 * Asking the 错别字 model's Worker about one document, before the rules run (they stay pure and
 * synchronous). The model answers two things in one call: its suspects, and which strings the rules
 * asked about are words of its dictionary (the repetition rules tell "目的|的" from a doubled 的 by it).
 * When the checker cannot answer, the document goes on without `model`: the rules that need it are
 * skipped and the result says so (engine.ts), every other rule answers as usual.
 */
import { selectRules, type RuleSelection } from './engine'
import { TypoUnavailable, type TypoService } from './typo-service'
import type { CheckDoc, ModelFacts, Rule } from './types'

/** The strings the rules will ask the dictionary about. Found by running them once with a dictionary
 * that knows no word and writes down each question: a "no" never makes a rule ask less (every rule
 * looks further when a string is not a word), so this is every question the real run can ask. */
export function dictionaryQuestions(doc: CheckDoc, rules: readonly Rule[]): string[] {
  const asked = new Set<string>()
  const recording: ModelFacts = { suspects: [], words: { has: (s) => (asked.add(s), false) } }
  const probe = { ...doc, model: recording }
  for (const rule of rules) rule.check(probe)
  return [...asked]
}

/** The document with the model's answer, or as it was when no selected rule needs the model or the
 * checker could not answer (told to `onUnavailable`, which logs it; never an error for the caller). */
export async function withModelFacts(typo: TypoService, doc: CheckDoc, selection?: RuleSelection, onUnavailable?: (reason: string) => void): Promise<CheckDoc> {
  const rules = selectRules(selection).filter((r) => r.needsModel)
  if (!rules.length) return doc
  try {
    const answer = await typo.analyse({ text: doc.text, sensitivity: doc.typoSensitivity, words: dictionaryQuestions(doc, rules) })
    return { ...doc, model: { suspects: answer.suspects, words: new Set(answer.words) } }
  } catch (err) {
    if (!(err instanceof TypoUnavailable)) throw err
    onUnavailable?.(err.message)
    return doc
  }
}
