/**
 * Sanitised HTML with a print stylesheet that shows the page like the .docx. Inline Markdown goes
 * through marked with a renderer that escapes every raw HTML token and keeps only http(s), mailto
 * and relative links; everything else in the page is our own markup around escaped text.
 */
import { Marked, type Tokens } from 'marked'
import { attachmentList, printedDate } from './fields'
import { layoutOf } from './layout'
import type { ExportDoc } from './model'
import { titleLines } from './title'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

/** http(s) and mailto, or a relative reference (no scheme before the first / ? #). */
export function allowedHref(href: string): boolean {
  const h = href.trim()
  if (/^(?:https?:|mailto:)/i.test(h)) return true
  const colon = h.indexOf(':')
  if (colon < 0) return true
  const firstDelimiter = h.search(/[/?#]/)
  return firstDelimiter >= 0 && firstDelimiter < colon
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, token: Tokens.Link) {
      const inner = this.parser.parseInline(token.tokens)
      if (!allowedHref(token.href)) return inner
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : ''
      return `<a href="${escapeHtml(token.href.trim())}"${title} rel="noopener noreferrer">${inner}</a>`
    },
    // Images are not part of a 公文; their alt text stays, escaped.
    image: ({ text }: Tokens.Image) => escapeHtml(text),
  },
})

export const inlineHtml = (md: string) => marked.parseInline(md, { async: false }) as string
/** Block Markdown (headings, lists, paragraphs, tables) through the same sanitising renderer. */
export const blockHtml = (md: string) => marked.parse(md, { async: false }) as string

const STYLE = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page :right { @bottom-right { content: "— " counter(page) " —"; font: 14pt "宋体", SimSun, "Songti SC", serif; margin-right: 1em; } }
@page :left { @bottom-left { content: "— " counter(page) " —"; font: 14pt "宋体", SimSun, "Songti SC", serif; margin-left: 1em; } }
body { margin: 0 auto; width: 156mm; color: #000; background: #fff; font: 16pt/28.95pt "仿宋_GB2312", FangSong_GB2312, FangSong, STFangsong, "Noto Serif CJK SC", serif; letter-spacing: -0.25pt; }
p, h1, h2, h3, h4, h5 { margin: 0; font-size: 16pt; font-weight: normal; line-height: 28.95pt; }
p.body, h2, h3, h4, h5 { text-indent: 2em; text-align: justify; }
h1.title { font: 22pt/28.95pt "方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "STZhongsong", serif; text-align: center; margin: 28.95pt 0; letter-spacing: 0; }
h2 { font-family: "黑体", SimHei, "Heiti SC", "Noto Sans CJK SC", sans-serif; }
h3 { font-family: "楷体_GB2312", KaiTi_GB2312, KaiTi, STKaiti, serif; }
.mark-red { color: #f00; font: 36pt/1.25 "方正小标宋简体", "STZhongsong", serif; text-align: center; letter-spacing: 0; }
.docno { text-align: center; }
.rule-red { border-bottom: 1.5pt solid #f00; padding-bottom: 4mm; margin-bottom: 57.9pt; }
.kai { font-family: "楷体_GB2312", KaiTi_GB2312, KaiTi, STKaiti, serif; text-align: center; }
.corner { font-family: "黑体", SimHei, sans-serif; }
.right4 { text-align: right; padding-right: 4em; }
.indent2 { padding-left: 2em; }
.imprint { margin-top: 28.95pt; border-top: 1pt solid #000; border-bottom: 1pt solid #000; font-size: 14pt; }
.imprint p { font-size: 14pt; padding: 0 1em; }
.imprint p + p { border-top: 0.75pt solid #000; }
.notice { border: 1pt solid #c00; color: #c00; padding: 4pt 8pt; margin-bottom: 12pt; font-size: 12pt; line-height: 1.5; }
.placeholder { background: #ffef9e; }
table { border-collapse: collapse; width: 100%; font-size: 14pt; }
td, th { border: 0.75pt solid #000; padding: 2pt 4pt; line-height: 1.4; }
@media screen { body { padding: 37mm 26mm 35mm 28mm; box-sizing: content-box; box-shadow: 0 0 6px #999; } }
@media print { .notice { display: none; } }
`

const p = (cls: string, inner: string) => `<p class="${cls}">${inner}</p>`
const esc = escapeHtml

/** Placeholders left in a draft stand out on screen (the .docx refuses them; the HTML is a preview). */
const withPlaceholders = (html: string) => html.replace(/【待补[^】]*】/g, (m) => `<span class="placeholder">${m}</span>`)

export function renderHtml(doc: ExportDoc, opts: { mark?: string | null; notice?: string | null } = {}): string {
  const f = doc.fields
  const out: string[] = []
  if (opts.notice) out.push(`<div class="notice" role="note">${esc(opts.notice)}</div>`)
  for (const corner of [opts.mark, f.secrecy, f.urgency]) if (corner) out.push(p('corner', esc(corner)))
  const layout = layoutOf(doc.genre)
  const date = printedDate(f.date)
  if (layout === 'gongwen') {
    const mark = f.issuerMark ?? (f.issuer ? (doc.genre === '函' || doc.genre === '纪要' ? f.issuer : `${f.issuer}文件`) : undefined)
    if (mark || f.docNumber) {
      out.push('<header class="rule-red">')
      if (mark) out.push(p('mark-red', esc(mark)))
      if (f.docNumber) out.push(p('docno', esc(f.docNumber) + (doc.genre === '请示' || doc.genre === '报告' ? (f.signer ? `　　签发人：<span class="kai">${esc(f.signer)}</span>` : '') : '')))
      out.push('</header>')
    }
  }
  if (layout === 'briefing') {
    out.push('<header class="rule-red">', p('mark-red', esc(f.briefName ?? doc.genre)))
    if (f.issueNo) out.push(p('docno', esc(/期/.test(f.issueNo) ? f.issueNo : `第${f.issueNo.replace(/^第/, '')}期`)))
    out.push(p('docno', `${esc(f.issuer ?? '')}　　${esc(date ?? '')}`), '</header>')
  }
  out.push(`<h1 class="title">${titleLines(doc.title).map(esc).join('<br>')}</h1>`)
  if (layout === 'speech') {
    if (f.occasion && !doc.title.includes(f.occasion)) out.push(p('kai', esc(`——在${f.occasion.replace(/^在|上$/g, '')}上的讲话`)))
    if (f.speaker) out.push(p('kai', esc(f.speaker)))
    if (date) out.push(p('kai', esc(`（${date}）`)))
  }
  if (layout === 'report') {
    if (f.issuer) out.push(p('kai', esc(f.issuer)))
    if (date) out.push(p('kai', esc(`（${date}）`)))
  }
  if (layout === 'gongwen' && f.recipients) out.push(p('recipients', esc(`${f.recipients.replace(/[：:]\s*$/, '')}：`)))
  out.push('<main>')
  for (const b of doc.blocks) {
    if (b.kind === 'table') {
      const [head, ...rows] = b.rows
      const cells = (r: string[], tag: string) => `<tr>${r.map((c) => `<${tag}>${inlineHtml(c)}</${tag}>`).join('')}</tr>`
      out.push(`<table>${head ? `<thead>${cells(head, 'th')}</thead>` : ''}<tbody>${rows.map((r) => cells(r, 'td')).join('')}</tbody></table>`)
    } else if (b.kind === 'heading') {
      out.push(`<h${b.level + 1}>${withPlaceholders(inlineHtml(b.text))}</h${b.level + 1}>`)
    } else {
      out.push(p('body', withPlaceholders(inlineHtml(b.text))))
    }
  }
  out.push('</main>')
  if (layout === 'gongwen') {
    const items = attachmentList(f.attachments)
    items.forEach((name, i) => out.push(p('indent2', esc(`${i === 0 ? '附件：' : '　　　'}${items.length > 1 ? `${i + 1}.` : ''}${name}`))))
    if (f.issuer) out.push(p('right4', esc(f.issuer)))
    if (date) out.push(p('right4', esc(date)))
    if (f.note) out.push(p('indent2', esc(`（${f.note.replace(/^[（(]|[)）]$/g, '')}）`)))
    const printDate = printedDate(f.printDate)
    if (f.cc || f.printer || printDate) {
      out.push('<footer class="imprint">')
      if (f.cc) out.push(p('', esc(`抄送：${f.cc.replace(/[。.]$/, '')}。`)))
      if (f.printer || printDate) out.push(p('', `${esc(f.printer ?? '')}<span style="float:right">${esc(printDate ? `${printDate}印发` : '')}</span>`))
      out.push('</footer>')
    }
  }
  if (layout === 'briefing') {
    const tail = [
      ['报', f.reportTo],
      ['送', f.sendTo],
      ['发', f.distribute],
    ].filter(([, v]) => v)
    if (tail.length || f.recipients || f.copies) {
      out.push('<footer class="imprint">')
      for (const [k, v] of tail) out.push(p('', esc(`${k}：${v}`)))
      if (!tail.length && f.recipients) out.push(p('', esc(`报送：${f.recipients}`)))
      if (f.copies) out.push(p('right4', esc(`（共印${f.copies.replace(/份$/, '')}份）`)))
      out.push('</footer>')
    }
  }
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(doc.title)}</title><style>${STYLE}</style></head>
<body>${out.join('\n')}</body></html>
`
}
