import { beforeAll, describe, expect, it } from 'vitest'
import { addDays, dayOf } from '../../src/ducha/status'
import { createItem, duchaOffice, type DuchaOffice } from '../ducha/helpers'
import { signIn, web } from './helpers'

type Session = { cookie: string; csrf: string }
let office: DuchaOffice
let other: DuchaOffice
let drafter: Session
let reviewer: Session
let fagai: Session
let caizheng: Session
let zhujian: Session
const today = dayOf(new Date())
const ids: Record<string, string> = {}

beforeAll(async () => {
  office = await duchaOffice()
  other = await duchaOffice()
  drafter = await signIn(office.tokens.drafter)
  reviewer = await signIn(office.tokens.reviewer)
  fagai = await signIn(office.liaisons['区发展和改革委员会']!.token)
  caizheng = await signIn(office.liaisons['区财政局']!.token)
  zhujian = await signIn(office.liaisons['区住房和城乡建设局']!.token)
  ids.overdue = (await createItem(office.tokens.drafter, { title: '逾期的攻坚方案', deadline: addDays(today, -3), milestones: [] })).id
  ids.soon = (await createItem(office.tokens.drafter, { title: '临期的项目清单', deadline: addDays(today, 2) })).id
  ids.later = (await createItem(office.tokens.drafter, { title: '住建局的旧改计划', leadUnit: '区住建局', supportUnits: [], deadline: addDays(today, 40) })).id
  ids.xss = (await createItem(office.tokens.drafter, { title: '<script>alert("x")</script><img src=x onerror=alert(1)>', deadline: addDays(today, 30) })).id
  ids.foreign = (await createItem(other.tokens.drafter, { title: '别的办公室的事项' })).id
})

const html = async (path: string, s: Session, status = 200) => {
  const res = await web(path, { cookie: s.cookie })
  const text = await res.text()
  expect(res.status, text.slice(0, 400)).toBe(status)
  return text
}
const post = async (path: string, s: Session, form: Record<string, string>, status = 200) => {
  const res = await web(path, { cookie: s.cookie, form: { _csrf: s.csrf, ...form } })
  const text = await res.text()
  expect(res.status, text.slice(0, 600)).toBe(status)
  return text
}

describe('/ducha', () => {
  it('lists the office items with counts, the 督查 nav entry and the 台账 link', async () => {
    const text = await html('/ducha', drafter)
    expect(text).toMatch(/<a href="\/ducha" aria-current="page">督查<\/a>/)
    for (const t of ['逾期的攻坚方案', '临期的项目清单', '住建局的旧改计划']) expect(text).toContain(t)
    expect(text).not.toContain('别的办公室的事项')
    expect(text).toMatch(/逾期 <strong>1<\/strong> 项 · 临期 <strong>1<\/strong> 项/)
    expect(text).toContain('href="/api/v1/ducha/items/export.csv"')
    expect(text).toContain('<span class="status status-overdue">逾期</span>')
  })

  it('filters by status (逾期, 临期) and by unit, and the CSV link keeps the filters', async () => {
    const overdue = await html('/ducha?status=overdue', drafter)
    expect(overdue).toContain('逾期的攻坚方案')
    expect(overdue).not.toContain('临期的项目清单')
    const soon = await html('/ducha?status=due_soon', drafter)
    expect(soon).toContain('临期的项目清单')
    expect(soon).not.toContain('逾期的攻坚方案')
    const unitId = office.units['区住房和城乡建设局']!.id
    const byUnit = await html(`/ducha?unit=${unitId}`, drafter)
    expect(byUnit).toContain('住建局的旧改计划')
    expect(byUnit).not.toContain('临期的项目清单')
    expect(byUnit).toContain(`href="/api/v1/ducha/items/export.csv?unit=${unitId}"`)
    const period = await html(`/ducha?from=${addDays(today, 35)}&to=${addDays(today, 45)}`, drafter)
    expect(period).toContain('住建局的旧改计划')
    expect(period).not.toContain('逾期的攻坚方案')
  })

  it('shows a bad filter as a Chinese error, not a 500', async () => {
    const text = await html('/ducha?from=2026-13-45', drafter, 400)
    expect(text).toContain('role="alert"')
    expect(text).toMatch(/日期/)
  })

  it('serves the CSV 台账 to the session cookie', async () => {
    const res = await web('/api/v1/ducha/items/export.csv?status=overdue', { cookie: drafter.cookie, headers: { accept: 'text/csv' } })
    expect(res.status).toBe(200)
    const csv = await res.text()
    expect(csv).toContain('逾期的攻坚方案')
    expect(csv).not.toContain('临期的项目清单')
  })
})

describe('/ducha/items/:id', () => {
  it('shows the item: requirement, units, leader, deadline, milestones and status in Chinese', async () => {
    const text = await html(`/ducha/items/${ids.soon}`, drafter)
    expect(text).toContain('临期的项目清单')
    expect(text).toContain('区发改委要牵头制定重点项目攻坚行动方案')
    expect(text).toContain('区发展和改革委员会')
    expect(text).toContain('区财政局')
    expect(text).toContain('王某某')
    expect(text).toContain(addDays(today, 2))
    expect(text).toContain('形成初稿')
    expect(text).toContain('待启动')
    // A drafter is neither a liaison nor a decider: no forms for them.
    expect(text).not.toContain('报送进展反馈')
    expect(text).not.toContain('审核办结报告')
  })

  it('lets a 联络员 of a supporting unit post 进展反馈 and refuses another unit’s member', async () => {
    const page = await html(`/ducha/items/${ids.soon}`, caizheng)
    expect(page).toContain('报送进展反馈')
    expect(page).toContain('name="_csrf"')
    // Only the lead unit closes or asks for more time.
    expect(page).not.toContain('提交办结')
    const done = await post(`/ducha/items/${ids.soon}/feedback`, caizheng, { text: '财政局已安排配套资金', milestone: '形成初稿' })
    expect(done).toContain('进展反馈已提交')
    expect(done).toContain('财政局已安排配套资金')
    expect(done).toContain('推进中')
    expect(done).toMatch(/形成初稿[^<]*已于 \d{4}-\d{2}-\d{2} 完成/)

    expect(await html(`/ducha/items/${ids.soon}`, zhujian)).not.toContain('报送进展反馈')
    const refused = await post(`/ducha/items/${ids.soon}/feedback`, zhujian, { text: '住建局越权反馈' }, 403)
    expect(refused).toContain('只能为本人所在单位承办的事项反馈进展')
    expect(refused).not.toContain('<p>住建局越权反馈</p>')
  })

  it('refuses a form without the CSRF field', async () => {
    const res = await web(`/ducha/items/${ids.soon}/feedback`, { cookie: caizheng.cookie, form: { text: '无令牌' } })
    expect(res.status).toBe(403)
    expect(await html(`/ducha/items/${ids.soon}`, drafter)).not.toContain('无令牌')
  })

  it('takes the lead unit’s 办结 and a reviewer’s 销号; a return needs a reason', async () => {
    const closed = await post(`/ducha/items/${ids.overdue}/closing`, fagai, { text: '方案已经区委常委会审定' })
    expect(closed).toContain('办结报告已提交')
    expect(closed).toContain('已办结')
    expect(await html(`/ducha/items/${ids.overdue}`, drafter)).not.toContain('审核办结报告')
    const page = await html(`/ducha/items/${ids.overdue}`, reviewer)
    expect(page).toContain('审核办结报告')
    const noReason = await post(`/ducha/items/${ids.overdue}/closing/decision`, reviewer, { decision: 'returned', note: '' }, 400)
    expect(noReason).toContain('退回办结报告须写明理由')
    const signed = await post(`/ducha/items/${ids.overdue}/closing/decision`, reviewer, { decision: 'accepted', note: '同意销号' })
    expect(signed).toContain('<span class="status status-signed_off">已销号</span>')
    expect(signed).toContain('已销号：同意销号')
    const again = await post(`/ducha/items/${ids.overdue}/closing/decision`, reviewer, { decision: 'accepted' }, 409)
    expect(again).toContain('没有待审核的办结报告')
  })

  it('takes an extension request from the lead unit and a reviewer’s decision', async () => {
    const asked = await post(`/ducha/items/${ids.later}/extensions`, zhujian, { requestedDeadline: addDays(today, 60), reason: '征收进度滞后' })
    expect(asked).toContain('申请延期')
    const ext = /action="\/ducha\/items\/[^"]+\/extensions\/([^"/]+)\/decision"/.exec(await html(`/ducha/items/${ids.later}`, reviewer))?.[1]
    expect(ext).toBeTruthy()
    const granted = await post(`/ducha/items/${ids.later}/extensions/${ext}/decision`, reviewer, { decision: 'granted' })
    expect(granted).toContain(`原定 ${addDays(today, 40)}，经批准延期`)
    expect(granted).toContain('已批准')
  })

  it('a refused 进展反馈 comes back with what was typed and the Chinese error', async () => {
    const refused = await post(`/ducha/items/${ids.soon}/feedback`, caizheng, { text: '财政局已拨付首批资金<b>一千万</b>', milestone: '形成初稿', reportedOn: '2026-02-30' }, 400)
    expect(refused).toContain('role="alert"')
    expect(refused).toMatch(/日期/)
    expect(refused).toMatch(/<textarea id="fb-text"[^>]*>财政局已拨付首批资金&lt;b&gt;一千万&lt;\/b&gt;<\/textarea>/)
    expect(refused).toMatch(/<input id="fb-day" name="reportedOn" type="date" value="2026-02-30"/)
    expect(refused).not.toContain('进展反馈已提交')
    // Nothing was saved: the item's page shows no such feedback.
    expect(await html(`/ducha/items/${ids.soon}`, drafter)).not.toContain('首批资金')
    // Another form of the page stays empty; a fresh page has none of it.
    expect(await html(`/ducha/items/${ids.soon}`, caizheng)).not.toContain('2026-02-30')
  })

  it('a refused milestone, 延期 or 办结 keeps its own form’s fields', async () => {
    const item = (await createItem(office.tokens.drafter, { title: '住建局的排水管网改造', leadUnit: '区住建局', supportUnits: [], deadline: addDays(today, 20), milestones: [{ title: '完成勘察', due: addDays(today, 10) }] })).id
    const badMilestone = await post(`/ducha/items/${item}/feedback`, zhujian, { text: '勘察队伍已进场', milestone: '不存在的节点' }, 400)
    expect(badMilestone).toContain('事项没有名为“不存在的节点”的节点')
    expect(badMilestone).toMatch(/<textarea id="fb-text"[^>]*>勘察队伍已进场<\/textarea>/)

    const early = await post(`/ducha/items/${item}/extensions`, zhujian, { requestedDeadline: addDays(today, 5), reason: '雨季施工受限' }, 400)
    expect(early).toContain(`申请的期限须晚于现期限 ${addDays(today, 20)}`)
    expect(early).toMatch(new RegExp(`<input id="ex-day" name="requestedDeadline" type="date" value="${addDays(today, 5)}" required=""`))
    expect(early).toMatch(/<textarea id="ex-reason"[^>]*>雨季施工受限<\/textarea>/)
    // The other forms of the page are not filled with it.
    expect(early).toMatch(/<textarea id="cl-text"[^>]*><\/textarea>/)
    expect(early).toMatch(/<textarea id="fb-text"[^>]*><\/textarea>/)

    const long = '办结情况'.repeat(1001)
    const tooLong = await post(`/ducha/items/${item}/closing`, zhujian, { text: long }, 400)
    expect(tooLong).toContain('role="alert"')
    expect(tooLong).toContain(`>${long}</textarea>`)
    expect(await html(`/ducha/items/${item}`, drafter)).toContain('待启动')
  })

  it('a refused extension decision keeps the note typed for that extension', async () => {
    const item = (await createItem(office.tokens.drafter, { title: '住建局的燃气管道更新', leadUnit: '区住建局', supportUnits: [], deadline: addDays(today, 25) })).id
    await post(`/ducha/items/${item}/extensions`, zhujian, { requestedDeadline: addDays(today, 50), reason: '材料供应延迟' })
    const ext = /action="\/ducha\/items\/[^"]+\/extensions\/([^"/]+)\/decision"/.exec(await html(`/ducha/items/${item}`, reviewer))?.[1]
    expect(ext).toBeTruthy()
    const refused = await post(`/ducha/items/${item}/extensions/${ext}/decision`, reviewer, { decision: 'maybe', note: '请补充供应商证明' }, 400)
    expect(refused).toContain('role="alert"')
    expect(refused).toMatch(new RegExp(`<input id="x-note-${ext}" name="note" maxlength="1000" value="请补充供应商证明"`))
    expect(refused).toContain('待审批')
  })

  it('answers another office’s item and an unknown id with 404', async () => {
    expect(await html(`/ducha/items/${ids.foreign}`, drafter, 404)).toContain('督办事项')
    await post(`/ducha/items/${ids.foreign}/feedback`, fagai, { text: '跨办公室' }, 404)
    await html('/ducha/items/dui_nope', drafter, 404)
  })

  it('renders an XSS payload in a title inert, in the list and on the item page', async () => {
    for (const path of ['/ducha', `/ducha/items/${ids.xss}`]) {
      const text = await html(path, drafter)
      expect(text).not.toContain('<script>alert')
      expect(text).not.toContain('<img src=x')
      expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    }
  })
})
