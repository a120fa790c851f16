/**
 * A saved web page (a 政府网站 article) → its article. The page is streamed through HTMLRewriter
 * (native in Workers: no DOM, no extra bundle); navigation, headers, footers, scripts and forms are
 * dropped; of what remains, the smallest container holding most of the running text is the article.
 * Title and date come from the page's metadata (the ArticleTitle / PubDate meta tags that 政府网站
 * carry under GB/T 33476 / 政府网站发展指引), else from the headline and the 发布时间 line.
 */
import { isoDateOf } from './official'
import { ReadError } from './pdf'

export interface HtmlArticle {
  title?: string
  date?: string
  paragraphs: string[]
  /** Headings of the article, by paragraph index, with their level (h1 → 1). */
  headings: Map<number, number>
  /** Page text that was left out (navigation, footers, link lists), in characters. */
  droppedChars: number
}

const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'nav', 'header', 'footer', 'aside', 'form', 'iframe', 'svg', 'select', 'button', 'textarea', 'object', 'head'])
const VOID = new Set(['br', 'img', 'hr', 'input', 'meta', 'link', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr', 'param'])
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'div', 'section', 'article', 'main', 'dt', 'dd', 'blockquote', 'pre', 'tr', 'table', 'ul', 'ol', 'body', 'center', 'font'])
const CONTAINERS = new Set(['div', 'section', 'article', 'main', 'td', 'body', 'table', 'center'])
const CHROME = /(?:^|[-_\s])(?:nav|navbar|menu|footer|foot|header|head|breadcrumb|crumbs?|position|location|share|sidebar|side|related|relate|copyright|toolbar|search|login|banner|topbar|bottom|links?|friendlink|gotop|print|pager|paging)(?:[-_\s]|$)/i
const CONTENT = /(?:^|[-_\s])(?:article|content|zoom|trs_editor|pages_content|custom_unionstyle|main-?text|detail|text|zw|news_content|view)(?:[-_\s]|$)/i

interface Para {
  text: string
  tag: string
  path: number[]
  linkChars: number
}

const decodeEntities = (s: string) => s.replace(/\u00a0/g, ' ')
const hanCount = (s: string) => (s.match(/\p{Script=Han}/gu) ?? []).length

function charsetOf(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.slice(0, 4096))
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8'
}

function decode(bytes: ArrayBuffer): string {
  const u8 = new Uint8Array(bytes)
  const charset = charsetOf(u8)
  try {
    return new TextDecoder(charset === 'gb2312' ? 'gbk' : charset).decode(u8).replace(/^\uFEFF/, '')
  } catch {
    throw new ReadError(`网页的编码“${charset}”无法识别，请另存为 UTF-8 后再导入`)
  }
}

export async function readHtml(bytes: ArrayBuffer): Promise<HtmlArticle> {
  const html = decode(bytes)
  const meta = new Map<string, string>()
  let docTitle = ''
  let inTitle = false
  const h1s: string[] = []
  const paras: Para[] = []
  const stack: { tag: string; skip: boolean; container?: number; link: boolean }[] = []
  let containerSeq = 0
  const containerContent = new Map<number, boolean>()
  let buf = ''
  let linkBuf = 0
  let h1Buf: string | null = null
  let droppedChars = 0

  const skipping = () => stack.some((s) => s.skip)
  const path = () => stack.flatMap((s) => (s.container !== undefined ? [s.container] : []))
  const blockTag = () => [...stack].reverse().find((s) => BLOCKS.has(s.tag))?.tag ?? 'p'
  const flush = () => {
    const text = decodeEntities(buf).replace(/[ \t\r\n]+/g, ' ').trim()
    if (text) paras.push({ text, tag: blockTag(), path: path(), linkChars: linkBuf })
    buf = ''
    linkBuf = 0
  }

  const rewriter = new HTMLRewriter()
    .on('*', {
      element(el) {
        const tag = el.tagName.toLowerCase()
        if (tag === 'meta') {
          const name = (el.getAttribute('name') ?? el.getAttribute('property') ?? '').toLowerCase()
          const content = el.getAttribute('content')
          if (name && content) meta.set(name, content.trim())
          return
        }
        if (tag === 'br') {
          buf += '\n'
          if (!skipping()) flush()
          return
        }
        if (VOID.has(tag)) return
        const cls = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`
        const skip = SKIP_TAGS.has(tag) || (tag !== 'body' && CHROME.test(cls) && !CONTENT.test(cls))
        if (BLOCKS.has(tag) && !skipping()) flush()
        const container = CONTAINERS.has(tag) ? ++containerSeq : undefined
        if (container !== undefined) containerContent.set(container, tag === 'article' || CONTENT.test(cls))
        if (tag === 'title') inTitle = true
        if (tag === 'h1') h1Buf = ''
        stack.push({ tag, skip, container, link: tag === 'a' })
        try {
          el.onEndTag(() => {
            const i = stack.map((s) => s.tag).lastIndexOf(tag)
            if (i < 0) return
            if (BLOCKS.has(tag) && !skipping()) flush()
            if (tag === 'title') inTitle = false
            if (tag === 'h1' && h1Buf !== null) {
              if (h1Buf.trim()) h1s.push(h1Buf.trim())
              h1Buf = null
            }
            stack.splice(i)
          })
        } catch {
          stack.pop()
        }
      },
    })
    .onDocument({
      text(t) {
        if (inTitle) docTitle += t.text
        if (h1Buf !== null) h1Buf += t.text
        if (skipping()) {
          if (!stack.some((s) => s.tag === 'script' || s.tag === 'style' || s.tag === 'head')) droppedChars += t.text.trim().length
          return
        }
        buf += t.text
        if (stack.some((s) => s.link)) linkBuf += t.text.trim().length
      },
    })
  await rewriter.transform(new Response(html)).arrayBuffer()
  flush()

  // Link lists (more than half the characters in links, no sentence) are navigation in disguise.
  const running = paras.filter((p) => !(p.linkChars > p.text.length * 0.5 && !/[。！？；]/.test(p.text)))
  const score = new Map<number, number>()
  for (const p of running) {
    const w = hanCount(p.text) + 20 * (p.text.match(/[。！？；，]/g) ?? []).length
    for (const c of p.path) score.set(c, (score.get(c) ?? 0) + w)
  }
  const ranked = [...score].sort((a, b) => b[1] - a[1])
  let best = ranked[0]?.[0]
  const total = ranked[0]?.[1] ?? 0
  // Descend while one container inside still holds most of the text; prefer a marked content box.
  const parent = new Map<number, number>()
  for (const p of running) p.path.forEach((c, k) => k > 0 && parent.set(c, p.path[k - 1]!))
  const children = (c: number) => [...score].filter(([k]) => parent.get(k) === c)
  for (let guard = 0; best !== undefined && guard < 50; guard++) {
    const inner = children(best).sort((a, b) => b[1] - a[1])[0]
    if (!inner || inner[1] < (score.get(best) ?? 0) * 0.8) break
    best = inner[0]
  }
  const marked = ranked.filter(([c, s]) => containerContent.get(c) && s >= total * 0.6).map(([c]) => c)
  if (marked.length) best = marked.sort((a, b) => b - a)[0]
  const article = running.filter((p) => best === undefined || p.path.includes(best))
  droppedChars += paras.filter((p) => !article.includes(p)).reduce((n, p) => n + p.text.length, 0)

  const metaTitle = meta.get('articletitle') ?? meta.get('og:title') ?? meta.get('dc.title')
  const title = metaTitle ?? h1s[0] ?? (docTitle.split(/[_|｜—–]|\s-\s/)[0]?.trim() || undefined)
  const metaDate = meta.get('pubdate') ?? meta.get('publishdate') ?? meta.get('article:published_time') ?? meta.get('dc.date') ?? meta.get('firstpublishedtime')
  let date = metaDate ? isoFromAny(metaDate) : undefined
  if (!date) {
    for (const p of paras.slice(0, 80)) {
      const m = /(?:发布时间|发布日期|发文日期|成文日期|日期|时间)\s*[：:]\s*(\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2})/.exec(p.text)
      if (m) {
        date = isoFromAny(m[1]!)
        break
      }
    }
  }
  const body = article.filter((p) => !(title && p.text === title.trim()))
  const headings = new Map<number, number>()
  body.forEach((p, i) => {
    if (/^h[1-6]$/.test(p.tag)) headings.set(i, Number(p.tag[1]))
  })
  return { title, date, paragraphs: body.map((p) => p.text), headings, droppedChars }
}

function isoFromAny(s: string): string | undefined {
  const m = /(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/.exec(s)
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : isoDateOf(s)
}
