import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import { markdownInlineHtml } from '../export'
import { Layout, type LayoutProps } from './layout'
import type { WebEnv } from './types'

/** Answers with a whole page in the layout: the doctype, then the server-rendered tree. */
export async function page(c: Context<WebEnv>, props: Omit<LayoutProps, 'session' | 'children'>, body: Child, status: ContentfulStatusCode = 200) {
  const html = await (<Layout {...props} session={c.get('session') ?? null}>{body}</Layout>)
  return c.html(`<!DOCTYPE html>${html}`, status)
}

/**
 * Stored Markdown (a finding's body, a precedent's text) as HTML, through the export module's
 * sanitiser: raw HTML is escaped, only http(s)/mailto/relative links survive. Paragraphs split on blank lines.
 */
export function Markdown({ text }: { text: string }) {
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
  return <div class="prose">{paragraphs.map((p) => <p>{raw(markdownInlineHtml(p))}</p>)}</div>
}
