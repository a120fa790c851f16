/**
 * What the docx package cannot leave out, removed from its output: the Office theme (its minor and
 * major fonts are what Word uses for any run that names a theme font, and a GB/T 9704 document must
 * never fall back to Calibri or 等线), so the package carries no theme part at all; and the built-in
 * styles docx writes without fonts (TOC, captions …) get 仿宋_GB2312 named, so every style names one.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate'
import { FONT } from '../layout'

const F = FONT.body
const RFONTS = `<w:rFonts w:ascii="${F}" w:eastAsia="${F}" w:hAnsi="${F}" w:cs="${F}" w:hint="eastAsia"/>`

/** Paragraph and character styles without w:rFonts get the body font (rFonts leads CT_RPr; rPr follows pPr). */
export function namedStyleFonts(styles: string): string {
  return styles.replace(/<w:style w:type="(paragraph|character)"[^>]*>[\s\S]*?<\/w:style>/g, (style) => {
    if (style.includes('<w:rFonts')) return style
    if (style.includes('<w:rPr>')) return style.replace('<w:rPr>', `<w:rPr>${RFONTS}`)
    if (style.includes('<w:rPr/>')) return style.replace('<w:rPr/>', `<w:rPr>${RFONTS}</w:rPr>`)
    const at = style.search(/<w:tblPr|<\/w:style>/)
    return `${style.slice(0, at)}<w:rPr>${RFONTS}</w:rPr>${style.slice(at)}`
  })
}

const THEME_REL = /<Relationship [^>]*Type="[^"]*\/theme"[^>]*\/>/g
const THEME_OVERRIDE = /<Override [^>]*PartName="\/word\/theme\/[^"]*"[^>]*\/>/g

export function postProcess(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes)
  const out: Zippable = {}
  for (const [name, data] of Object.entries(files)) {
    if (name.startsWith('word/theme/')) continue
    if (name === 'word/_rels/document.xml.rels') out[name] = strToU8(strFromU8(data).replace(THEME_REL, ''))
    else if (name === 'word/styles.xml') out[name] = strToU8(namedStyleFonts(strFromU8(data)))
    else if (name === '[Content_Types].xml') out[name] = strToU8(strFromU8(data).replace(THEME_OVERRIDE, ''))
    else out[name] = data
  }
  // [Content_Types].xml first, as Office writes it; some readers sniff the first entry.
  const ordered: Zippable = { '[Content_Types].xml': out['[Content_Types].xml']! }
  for (const [k, v] of Object.entries(out)) if (k !== '[Content_Types].xml') ordered[k] = v
  return zipSync(ordered, { level: 6 })
}
