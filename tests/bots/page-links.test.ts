/** Every link a bot message carries opens a 工作台 page: the same paths the web serves (core/pages). */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { duchaLink, duchaMessage, editorLink, publicBase, searchMessage } from '../../src/bots/views'
import { call, createFinding, createPrecedent, expectJson, searchFor, unique } from '../fixtures'
import { createItem, duchaOffice } from '../ducha/helpers'
import { signIn, web } from '../web/helpers'

describe('bot links', () => {
  it('answer 200 for a signed-in member: drafts, findings, precedents, ducha items and 督查', async () => {
    const office = await duchaOffice()
    const word = unique('链接检索')
    const finding = await createFinding(office.tokens.drafter, { title: `${word}调研发现` })
    const precedent = await createPrecedent(office.tokens.drafter, { title: `${word}范文` })
    const draft = await expectJson<any>(
      await call('POST', '/api/v1/drafts', {
        token: office.tokens.drafter,
        body: { templateId: 'tongzhi', variables: { subject: '开展安全生产隐患排查整治', recipients: '各镇党委和政府', issuer: '中共示例区委办公室', date: '2026年12月2日' }, mode: 'assemble', materials: { findingIds: [] } },
      }),
      201,
    )
    const item = await createItem(office.tokens.drafter, { title: '链接里的督办事项' })
    const results = await searchFor(office.tokens.drafter, word)
    expect(results.map((r) => r.id).sort()).toEqual([finding.id, precedent.id].sort())

    const search = searchMessage(env, word, results).links!.map((l) => l.url)
    const ducha = duchaMessage(env, '本周', [{ id: item.id, title: item.title, sensitivity: 'public', leadUnit: { name: '区财政局' }, deadline: '2026-12-31', statusLabel: '办理中' }]).links!.map((l) => l.url)
    const urls = [editorLink(env, draft.id).url, duchaLink(env, item.id), ...search, ...ducha]
    expect(urls).toHaveLength(6)
    const { cookie } = await signIn(office.tokens.drafter)
    for (const url of urls) {
      expect(url.startsWith(publicBase(env))).toBe(true)
      const res = await web(url.slice(publicBase(env).length), { cookie })
      expect(res.status, url).toBe(200)
      await res.body?.cancel()
    }
  })
})
