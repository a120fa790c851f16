import { sha256Hex } from '../core/ids'

export interface DraftContent {
  title: string
  variables: Record<string, string>
  sections: { id: string; heading: string; text: string }[]
}

/** The hash an approval binds to: title, variables (keys sorted) and sections in order. */
export function contentHash(c: DraftContent): Promise<string> {
  const variables = Object.fromEntries(Object.entries(c.variables).sort(([a], [b]) => a.localeCompare(b)))
  return sha256Hex(JSON.stringify([c.title, variables, c.sections.map((s) => [s.heading, s.text])]))
}

/** The text of a version as people read it (and as comment offsets count): headings and bodies. */
export function versionText(c: Pick<DraftContent, 'sections'>): string {
  return c.sections.map((s) => (s.heading ? `${s.heading}\n${s.text}` : s.text)).join('\n\n')
}
