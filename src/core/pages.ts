/**
 * The 工作台's page paths: the web serves them and the bots link to them. Kept in core/ because the
 * bots and the web may not import each other, and a link a bot builds must open the page the web
 * serves (a search result once linked to /findings/:id, which the web never served).
 */
const seg = (id: string) => encodeURIComponent(id)

export const pagePaths = {
  draft: (id: string) => `/drafts/${seg(id)}`,
  finding: (id: string) => `/knowledge/findings/${seg(id)}`,
  precedent: (id: string) => `/knowledge/precedents/${seg(id)}`,
  ducha: '/ducha',
  duchaItem: (id: string) => `/ducha/items/${seg(id)}`,
} as const

/** The page of a search hit: a finding's or a precedent's. */
export const materialPath = (kind: 'finding' | 'precedent', id: string) => (kind === 'finding' ? pagePaths.finding(id) : pagePaths.precedent(id))
