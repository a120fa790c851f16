/**
 * Citation markers in a draft's text: the one pattern the drafts, the checks and the exports share.
 * Kept in core/ because export/ reads it in Node too (tests/render), where the drafts module (its
 * templates are Text modules of the Worker) cannot be loaded.
 */

/** [F1], ［F1］, 【F1】, [F1, F2], [f1、P2] … — the forms a model writes a marker in. Findings (F) and
 * precedents (P) are a draft's materials; a draft supplied from a 督办 record (a 督查通报) cites its
 * items (D) and feedback rows (R) the same way, up to [D1、D2…D12等] (ducha/tongbao-write.ts). Every
 * marker kind is prose to nobody: the checks and exports take them all out. */
export const MARKER_GROUP = /[[［【]\s*([FPDRfpdr]\s*\d{1,4}(?:\s*[,，、;；]\s*[FPDRfpdr]\s*\d{1,4})*)\s*(?:等)?\s*[\]］】]/g

/** The text without its citation markers. */
export function stripMarkers(text: string): string {
  return text.replace(MARKER_GROUP, '')
}
