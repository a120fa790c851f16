/** 审校 of what a person is editing (not yet saved), placed back into the content they edit. */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { Ctx } from '../../src/core/context'
import { AppError } from '../../src/core/errors'
import { createDb } from '../../src/db/client'
import { checkDraft, checkDraftContent, versionText } from '../../src/drafts'
import type { Env } from '../../src/env'
import { call, json, makeOffice } from '../fixtures'
import { seededOffice } from '../helpers/compose'

const workerEnv = env as unknown as Env

function ctxFor(officeId: string): Ctx {
  return { db: createDb(workerEnv.DB), env: workerEnv, actor: { memberId: 'mem_test', officeId, role: 'drafter', platformAdmin: false }, requestId: 'req_test' }
}

const VARS = { subject: '做好防汛工作', recipients: '各镇党委和政府', issuer: '中共示例区委办公室', date: '2026年6月1日' }

async function notice(token: string, findingIds: string[]) {
  const res = await call('POST', '/api/v1/drafts', { token, body: { templateId: 'tongzhi', variables: VARS, mode: 'assemble', materials: { findingIds } } })
  expect(res.status).toBe(201)
  return json(res)
}

describe('checkDraftContent', () => {
  it('places each issue in the title or in versionText of the edited sections, markers and pack lines included', async () => {
    const s = await seededOffice()
    const draft = await notice(s.office.tokens.drafter, s.publicIds.slice(0, 1))
    const title = '关于做好防汛工作,的通知'
    const sections = [
      { heading: '开头', text: '为切实做好今年防汛工作，现就有关事项通知如下。' },
      { heading: '一、工作任务', text: `各单位要做好工作[F1]布署。\n【参考写法】《往年通知》要做好布署。\n要压实责任。` },
      { heading: '二、工作要求', text: '截止2026年6月底，要完成排查。' },
    ]
    const result = await checkDraftContent(ctxFor(s.office.id), draft.id, { title, sections })
    expect(result.version).toBe(draft.version)
    const doc = versionText({ sections: sections.map((x) => ({ id: '', ...x })) })
    const placed = (ruleId: string) => result.issues.filter((i) => i.ruleId === ruleId).map((i) => i.at)
    // in the title: the half-width comma between Han characters
    const comma = placed('punctuation.half-width.comma')
    expect(comma).toContainEqual({ part: 'title', start: title.indexOf(','), end: title.indexOf(',') + 1 })
    // in a body after a marker: the span is the one the person sees, shifted past [F1]
    const [lexicon, ...more] = placed('typos.lexicon')
    expect(more).toEqual([]) // the reference line is not text of the draft
    expect(lexicon!.part).toBe('body')
    expect(doc.slice(lexicon!.start, lexicon!.end)).toBe('布署')
    expect(doc.indexOf('布署')).toBe(lexicon!.start)
    const [jiezhi] = placed('typos.context.jiezhi')
    expect(doc.slice(jiezhi!.start, jiezhi!.end)).toBe('截止')
    for (const i of result.issues) {
      if (!i.at || i.excerpt.endsWith('…')) continue
      const host = i.at.part === 'title' ? title : doc
      // the excerpt is of the checked text, markers removed: the placed span reads the same without them
      expect(host.slice(i.at.start, i.at.end).replace(/\[F\d+\]/g, '')).toBe(i.excerpt)
    }
  })

  it('finds what checkDraft finds in the same content once saved', async () => {
    const s = await seededOffice()
    const token = s.office.tokens.drafter
    const draft = await notice(token, s.publicIds.slice(0, 2))
    const sections = [
      { heading: '开头', text: '为做好防汛工作,现通知如下。' },
      { heading: '一、工作任务', text: '要做好布署[F1]。\n\n二〇二六年6月底前完成[F2]。' },
    ]
    const saved = await call('PUT', `/api/v1/drafts/${draft.id}`, { token, headers: { 'if-match': `"${draft.version}"` }, body: { sections } })
    expect(saved.status).toBe(200)
    const ctx = ctxFor(s.office.id)
    const stored = await checkDraft(ctx, draft.id)
    const edited = await checkDraftContent(ctx, draft.id, { title: stored.text.split('\n')[0]!, sections })
    expect(edited.issues.map(({ at: _at, ...i }) => i)).toEqual(stored.issues)
    expect(edited.issues.length).toBeGreaterThan(2)
    expect(edited.stats).toEqual(stored.stats)
  })

  it('refuses bad content in Chinese and drafts of another office', async () => {
    const s = await seededOffice()
    const draft = await notice(s.office.tokens.drafter, [])
    const ctx = ctxFor(s.office.id)
    const bad = await checkDraftContent(ctx, draft.id, { title: '', sections: [] }).catch((e) => e)
    expect(bad).toBeInstanceOf(AppError)
    expect(bad.code).toBe('VALIDATION')
    expect(bad.message).toMatch(/[\u4e00-\u9fff]/)
    const tooMany = await checkDraftContent(ctx, draft.id, { title: '标题', sections: Array.from({ length: 81 }, () => ({ heading: '一、', text: '正文。' })) }).catch((e) => e)
    expect(tooMany.code).toBe('VALIDATION')
    const other = await makeOffice(['drafter'])
    const foreign = await checkDraftContent(ctxFor(other.id), draft.id, { title: '标题', sections: [{ heading: '一、', text: '正文。' }] }).catch((e) => e)
    expect(foreign.code).toBe('NOT_FOUND')
  })
})
