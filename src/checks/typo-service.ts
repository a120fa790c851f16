/**
 * The one way the checks reach the 错别字 model. The model and its data (about 8 MB, 50 MB of an
 * isolate once built) live in their own Worker, workers/checker, so the API Worker stays small and its
 * isolates keep their memory for requests. The API Worker calls it over a service binding with
 * Workers RPC (env.CHECKER, wrangler.toml [[services]]); the benches and the one-Worker bench variant
 * pass an in-process implementation of the same interface.
 *
 * Besides the suspects, the model's dictionary answers which of some strings are words: the
 * repetition rules ask it ("目的|的" is a word edge, not a doubled 的) — see model-facts.ts.
 */
import type { TypoSensitivity } from '../db/schema'

export interface TypoRequest {
  text: string
  sensitivity: TypoSensitivity
  /** Strings whose membership in the model's dictionary the rules need (each at most a few characters). */
  words: string[]
}

/** One likely typo: a span of the text and the corrections the model scores above the threshold. */
export interface TypoSuspect {
  start: number
  end: number
  wrong: string
  /** The best correction. */
  right: string
  score: number
  /** Every correction of this span above the threshold, best first (the first is `right`). */
  candidates: { right: string; score: number }[]
}

export interface TypoAnalysis {
  suspects: TypoSuspect[]
  /** The strings of TypoRequest.words that are dictionary words. */
  words: string[]
}

export interface TypoService {
  analyse(request: TypoRequest): Promise<TypoAnalysis>
}

/** What env.CHECKER is: the checker Worker's TypoChecker entrypoint (workers/checker/src/index.ts). */
export type CheckerBinding = Service & { analyse(request: TypoRequest): Promise<TypoAnalysis> }

/** Longer than the model takes on the largest text a check accepts (200,000 characters: about 0.2 s
 * warm, under 2 s in an isolate that must first build the model's tables). */
export const TYPO_TIMEOUT_MS = 15_000

/** Thrown when the checker cannot answer; the checks carry on without the model's rules. */
export class TypoUnavailable extends Error {
  override name = 'TypoUnavailable'
}

/** The service over the binding: a missing binding, a thrown RPC call or no answer within the timeout
 * all become TypoUnavailable. */
export function bindingTypoService(binding: CheckerBinding | undefined, timeoutMs = TYPO_TIMEOUT_MS): TypoService {
  return {
    async analyse(request) {
      if (!binding || typeof binding.analyse !== 'function') throw new TypoUnavailable('the CHECKER binding is missing')
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TypoUnavailable(`no answer from the checker within ${timeoutMs} ms`)), timeoutMs)
      })
      try {
        const answer = await Promise.race([binding.analyse(request), timeout])
        return { suspects: answer.suspects, words: answer.words }
      } catch (err) {
        throw err instanceof TypoUnavailable ? err : new TypoUnavailable(`the checker failed: ${String((err as Error)?.message ?? err)}`)
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
