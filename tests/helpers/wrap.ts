/** Hard-wraps each paragraph at `width` characters, as a PDF's text layer or a narrow e-mail would. */
export const hardWrap = (paragraphs: string[], width = 28) =>
  paragraphs.map((p) => [...p].reduce<string[]>((acc, ch, i) => (i % width ? ((acc[acc.length - 1] += ch), acc) : [...acc, ch]), []).join('\n')).join('\n')

