import { beforeAll, describe, expect, it } from 'vitest'
import { call, createFinding, createPrecedent, expectError, makeOffice, type Office } from '../fixtures'
import { signIn, web } from './helpers'

let office: Office
let drafter: { cookie: string; csrf: string }
let speechId: string
const findingIds: string[] = []
beforeAll(async () => {
  // a fresh office: search never crosses offices, so these are the only documents it can find
  office = await makeOffice(['drafter'])
  drafter = await signIn(office.tokens.drafter)
  const sections = ['一、充分肯定成绩', '二、聚焦重点攻坚', '三、压实工作责任', '四、营造良好氛围']
  const speech = await createPrecedent(office.tokens.drafter, {
    title: '在全区滨海湿地保护工作会议上的讲话',
    body: sections.map((h, i) => `## ${h}\n\n第${i + 1}部分：滨海湿地保护要久久为功，湿地面积稳中有升。`).join('\n\n'),
  })
  speechId = speech.id
  for (let i = 0; i < 11; i++) {
    const f = await createFinding(office.tokens.drafter, { title: `滨海湿地走访记录第${i + 1}号`, body: `第${i + 1}个点位的滨海湿地保护情况良好。`, observedOn: '2025-04-01' })
    findingIds.push(f.id)
  }
})

const resultsPage = async (query: string) => {
  const res = await web(`/knowledge?${query}`, { cookie: drafter.cookie })
  const text = await res.text()
  expect(res.status, text.slice(0, 300)).toBe(200)
  const list = /<ol class="results item-list"[^>]*>([\s\S]*?)<\/ol>/.exec(text)?.[1] ?? ''
  const hrefs = [...list.matchAll(/<a href="(\/knowledge\/(?:findings|precedents)\/[^"]+)"/g)].map((m) => m[1]!)
  return { text, list, hrefs }
}

describe('知识库 search results', () => {
  it('shows a document once with its best passage and how many more of its passages matched', async () => {
    const hits = (await (await call('GET', `/api/v1/search?q=${encodeURIComponent('滨海湿地')}&kind=precedent&limit=10`, { token: office.tokens.drafter })).json()) as { results: { id: string }[] }
    // the chunk-level API still answers passages: the speech is there more than once
    expect(hits.results.filter((r) => r.id === speechId).length).toBeGreaterThan(1)

    const { list, hrefs } = await resultsPage(`q=${encodeURIComponent('滨海湿地')}&kind=precedent`)
    expect(hrefs).toEqual([`/knowledge/precedents/${speechId}`])
    expect(list).toContain('另有 3 处匹配')
    expect(list).toContain('<mark>')
  })

  it('pages by document: no document repeats across pages, and every one is reached', async () => {
    const q = `q=${encodeURIComponent('滨海湿地')}`
    const first = await resultsPage(q)
    expect(first.hrefs).toHaveLength(10)
    expect(new Set(first.hrefs).size).toBe(10)
    expect(first.text).toContain('rel="next"')
    expect(first.text).toContain('第 1–10 篇，后面还有')
    const next = /<a href="([^"]+)" rel="next">下一页<\/a>/.exec(first.text)![1]!.replace(/&amp;/g, '&')
    expect(next).toBe(`/knowledge?${q}&page=2`)
    const second = await resultsPage(`${q}&page=2`)
    expect(second.hrefs).toHaveLength(2)
    expect(second.text).toContain('<ol class="results item-list" aria-label="检索结果" start="11">')
    expect(second.text).toContain('rel="prev"')
    expect(second.text).not.toContain('rel="next"')
    const all = [...first.hrefs, ...second.hrefs]
    expect(new Set(all).size).toBe(12)
    expect(all.sort()).toEqual([`/knowledge/precedents/${speechId}`, ...findingIds.map((id) => `/knowledge/findings/${id}`)].sort())
    // filters travel with the pages
    const filtered = await resultsPage(`${q}&kind=finding&from=2025-01-01`)
    expect(filtered.text).toContain(`href="/knowledge?q=${encodeURIComponent('滨海湿地')}&amp;kind=finding&amp;from=2025-01-01&amp;page=2"`)
  })

  it('refuses a start date after the end date, on the page and in the API envelope', async () => {
    const { text, hrefs } = await resultsPage(`q=${encodeURIComponent('滨海湿地')}&from=2025-05-01&to=2025-01-01`)
    expect(text).toContain('起始日期不能晚于截止日期')
    expect(text).toContain('role="alert"')
    expect(hrefs).toEqual([])
    // what was typed stays in the form
    expect(text).toContain('name="from" type="date" value="2025-05-01"')
    const err = await expectError(await call('GET', `/api/v1/search?q=${encodeURIComponent('滨海湿地')}&from=2025-05-01&to=2025-01-01`, { token: office.tokens.drafter }), 400, 'VALIDATION')
    expect(JSON.stringify(err)).toContain('起始日期不能晚于截止日期')
    // the same day at both ends is a range
    expect((await resultsPage(`q=${encodeURIComponent('滨海湿地')}&kind=finding&from=2025-04-01&to=2025-04-01`)).hrefs.length).toBe(10)
  })

  it('refuses a page number out of range in Chinese', async () => {
    const { text } = await resultsPage(`q=${encodeURIComponent('滨海湿地')}&page=99`)
    expect(text).toContain('最多翻到第 20 页')
  })
})
