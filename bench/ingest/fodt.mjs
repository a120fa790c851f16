/**
 * A flat ODT (LibreOffice's single-file XML) in GB/T 9704 page layout: A4, 156 mm × 225 mm text
 * area, 三号 (16 pt) characters so that a line holds 28 of them, first-line indent of two
 * characters, centred title, and a page number "— N —" in the footer. LibreOffice turns it into a
 * PDF (`soffice --headless --convert-to pdf`), the way an office's documents reach a government
 * website.
 */
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** blocks: [{ kind: 'title'|'heading'|'para'|'right', text }] */
export function fodt(blocks, { header } = {}) {
  const style = { title: 'Title', heading: 'Heading', para: 'Body', right: 'Right' }
  const body = blocks.map((b) => `<text:p text:style-name="${style[b.kind] ?? 'Body'}">${esc(b.text)}</text:p>`).join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:line-height="28.9pt"/>
  <style:text-properties style:font-name="Noto Serif CJK SC" fo:font-size="16pt" style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="16pt" fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt" fo:text-align="justify"/></style:style>
 <style:style style:name="Heading" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt" fo:text-align="justify"/></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="14pt"/><style:text-properties fo:font-size="22pt" style:font-size-asian="22pt"/></style:style>
 <style:style style:name="Right" style:family="paragraph"><style:paragraph-properties fo:text-align="end" fo:margin-right="64pt"/></style:style>
 <style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="37mm" fo:margin-bottom="25mm" fo:margin-left="28mm" fo:margin-right="26mm"/>
  <style:footer-style><style:header-footer-properties fo:min-height="10mm" fo:margin-top="4mm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  ${header ? `<style:header><text:p text:style-name="Footer">${esc(header)}</text:p></style:header>` : ''}
  <style:footer><text:p text:style-name="Footer">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
${body}
</office:text></office:body>
</office:document>
`
}
