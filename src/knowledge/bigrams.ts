/**
 * Chinese text → FTS5 tokens. FTS5's unicode61 tokenizer treats a whole run of Han characters as
 * one token and the trigram tokenizer cannot match 1–2 character words, so the Worker writes every
 * Han run as overlapping bigrams ("营商环境" → "营商 商环 环境") plus the run's last character, so
 * that a single-character query ("镇"*) reaches every character of the text. Latin letters and
 * digits stay whole words, lower-cased. (../shared/reference/cloudflare-platform.md §1.6)
 */
import { numeralVariants } from './numerals'

/** Han runs and non-Han letter/digit runs, kept apart so "2023年" splits into "2023" and "年". */
const RUN = /\p{Script=Han}+|(?:(?![\p{Script=Han}])[\p{L}\p{N}])+/gu
const HAN = /\p{Script=Han}/u

export function isHan(s: string): boolean {
  return HAN.test(s)
}

/** The bigrams of one Han run; a 1-character run is its own token. */
export function bigramsOf(run: string): string[] {
  const chars = [...run]
  if (chars.length < 2) return chars
  const out: string[] = []
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i]! + chars[i + 1]!)
  return out
}

/** Splits text into runs: Han runs and lower-cased Latin/digit runs. */
export function runsOf(text: string): string[] {
  return (text.normalize('NFKC').match(RUN) ?? []).map((r) => (isHan(r) ? r : r.toLowerCase()))
}

/**
 * Text as written into the FTS table: bigrams, each run's last character, Latin words, and the
 * Arabic form of Chinese numerals (百分之十八点五 → 18.5) so typed digits find them.
 */
export function toIndexText(text: string): string {
  const out: string[] = []
  const numerals = numeralVariants(text)
  for (const run of runsOf(numerals ? `${text} ${numerals}` : text)) {
    if (!isHan(run)) {
      out.push(run)
      continue
    }
    const chars = [...run]
    if (chars.length === 1) {
      out.push(run)
      continue
    }
    out.push(...bigramsOf(run), chars[chars.length - 1]!)
  }
  return out.join(' ')
}

/** The FTS token for an office, so that a MATCH is confined to it inside the index itself. */
export function scopeToken(officeId: string): string {
  return 'o' + officeId.toLowerCase().replace(/[^a-z0-9]/g, '')
}
