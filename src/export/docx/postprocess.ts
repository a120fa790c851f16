/**
 * What the docx package cannot leave out, removed from its output: the Office theme (its minor and
 * major fonts are what Word uses for any run that names a theme font, and a GB/T 9704 document must
 * never fall back to Calibri or 等线), so the package carries no theme part at all.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate'

const THEME_REL = /<Relationship [^>]*Type="[^"]*\/theme"[^>]*\/>/g
const THEME_OVERRIDE = /<Override [^>]*PartName="\/word\/theme\/[^"]*"[^>]*\/>/g

export function postProcess(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes)
  const out: Zippable = {}
  for (const [name, data] of Object.entries(files)) {
    if (name.startsWith('word/theme/')) continue
    if (name === 'word/_rels/document.xml.rels') out[name] = strToU8(strFromU8(data).replace(THEME_REL, ''))
    else if (name === '[Content_Types].xml') out[name] = strToU8(strFromU8(data).replace(THEME_OVERRIDE, ''))
    else out[name] = data
  }
  // [Content_Types].xml first, as Office writes it; some readers sniff the first entry.
  const ordered: Zippable = { '[Content_Types].xml': out['[Content_Types].xml']! }
  for (const [k, v] of Object.entries(out)) if (k !== '[Content_Types].xml') ordered[k] = v
  return zipSync(ordered, { level: 6 })
}
