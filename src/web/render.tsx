import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import { markdownHtml } from '../export'
import { Layout, type LayoutProps } from './layout'
import type { WebEnv } from './types'

/** Answers with a whole page in the layout: the doctype, then the server-rendered tree. */
export async function page(c: Context<WebEnv>, props: Omit<LayoutProps, 'session' | 'children'>, body: Child, status: ContentfulStatusCode = 200) {
  const html = await (<Layout {...props} session={c.get('session') ?? null}>{body}</Layout>)
  return c.html(`<!DOCTYPE html>${html}`, status)
}

/**
 * Stored Markdown (a finding's body, a precedent's text) as HTML, through the export module's
 * sanitiser: raw HTML is escaped, only http(s)/mailto/relative links survive. Block markup (headings,
 * lists, paragraphs) is rendered, so nobody sees a `#` or a `-`.
 */
export function Markdown({ text }: { text: string }) {
  return <div class="prose">{raw(markdownHtml(text))}</div>
}
