import { describe, expect, it } from 'vitest'
import { allowedHref, parseBody, renderHtml, type ExportDoc } from '../../src/export'

/** Payloads from the usual XSS cheat sheets, written where a draft's text, headings, tables and fields go. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">点我</a>',
  '[点我](javascript:alert(1))',
  '[点我](JaVaScRiPt:alert(1))',
  '[点我](  javascript:alert(1))',
  '[点我](java\tscript:alert(1))',
  '[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[点我](vbscript:msgbox(1))',
  '![图](javascript:alert(1))',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<<script>script>alert(1)<</script>/script>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '[x](&#106;avascript:alert(1))',
  '<object data="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '`<script>alert(1)</script>`',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
]

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'div', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'main', 'header', 'footer', 'span', 'br', 'a', 'strong', 'em', 'code', 'del', 'table', 'thead', 'tbody', 'tr', 'th', 'td'])
const ALLOWED_ATTRS = new Set(['class', 'href', 'title', 'rel', 'role', 'lang', 'charset', 'name', 'content', 'http-equiv', 'style'])

function doc(text: string): ExportDoc {
  return {
    genre: '通知',
    title: `标题${text}`,
    fields: { issuer: `机关${text}`, docNumber: `字号${text}`, recipients: `主送${text}`, cc: `抄送${text}`, date: text, note: text, attachments: [text] },
    blocks: parseBody([`## 一、${text}`, `正文${text}结束。`, `| 表头${text} | 值 |`, '|---|---|', `| ${text} | 1 |`].join('\n')),
    sensitivity: 'internal',
  }
}

/** Our own markup: the head, the stylesheet and the elements renderHtml writes. */
function markupOf(html: string) {
  // The stylesheet is ours and constant; drop it before looking at tags.
  const body = html.replace(/<style>[\s\S]*?<\/style>/, '')
  return [...body.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)].map((m) => ({ tag: m[1]!.toLowerCase(), attrs: [...m[2]!.matchAll(/([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)].map((a) => ({ name: a[1]!.toLowerCase(), value: a[2]!.replace(/^["']|["']$/g, '') })) }))
}

describe('the HTML export', () => {
  it.each(PAYLOADS)('never lets %s through as markup', (payload) => {
    const html = renderHtml(doc(payload), { mark: '【内部】', notice: payload })
    for (const el of markupOf(html)) {
      expect(ALLOWED_TAGS.has(el.tag), `tag <${el.tag}> in ${payload}`).toBe(true)
      for (const a of el.attrs) {
        expect(ALLOWED_ATTRS.has(a.name), `attribute ${a.name} in ${payload}`).toBe(true)
        if (a.name === 'href') expect(allowedHref(a.value), a.value).toBe(true)
      }
    }
    expect(html).not.toMatch(/<(script|img|svg|iframe|object|form|math|details|body onload)/i)
    // An event handler inside any tag (as escaped text it is harmless and stays readable).
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i)
    expect(html).not.toMatch(/href="\s*(?:javascript|data|vbscript):/i)
    // The payload's text survives, escaped, where it was written.
    expect(html).toContain('正文')
  })

  it('keeps http(s), mailto and relative links and drops every other scheme', () => {
    const html = renderHtml({ genre: '简报', title: 't', fields: {}, blocks: parseBody('见[通知](https://example.gov.cn/a?b=1)、[邮箱](mailto:a@example.cn)、[附件](./fj.docx)和[坏](javascript:alert(1))。'), sensitivity: 'public' })
    expect(html).toContain('<a href="https://example.gov.cn/a?b=1" rel="noopener noreferrer">通知</a>')
    expect(html).toContain('<a href="mailto:a@example.cn" rel="noopener noreferrer">邮箱</a>')
    expect(html).toContain('<a href="./fj.docx" rel="noopener noreferrer">附件</a>')
    expect(html).toContain('和坏。')
    expect(allowedHref('/drafts/1:2')).toBe(true)
    expect(allowedHref('javascript:alert(1)')).toBe(false)
    expect(allowedHref('data:text/html,x')).toBe(false)
  })

  it('prints like the .docx: A4, the margins, 3号仿宋 on 28.95 pt lines and the title in 小标宋', () => {
    const html = renderHtml(doc('正常文字'))
    expect(html).toContain('@page { size: A4; margin: 37mm 26mm 35mm 28mm; }')
    expect(html).toMatch(/font: 16pt\/28\.95pt "仿宋_GB2312"/)
    expect(html).toContain('"方正小标宋简体"')
    expect(html).toContain('counter(page)')
  })
})
