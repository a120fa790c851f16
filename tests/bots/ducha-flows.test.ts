/**
 * 督办 through the Slack adapter (tests/bots/slack-stand-in.ts): a 联络员 sees his unit's items due
 * soon and overdue, others the office's or a named unit's; restricted items never reach the chat.
 */
import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { sendOfficeReminders } from '../../src/ducha'
import { systemCtx } from '../../src/ducha/reminders'
import { addDays, dayOf } from '../../src/ducha/status'
import { call, expectJson, unique } from '../fixtures'
import { createItem, duchaOffice, type DuchaOffice } from '../ducha/helpers'
import { blockText, commandBody, delivering, linkSlack, slackPost, slackStandIn, TEAM } from './slack-stand-in'

let office: DuchaOffice
let drafter: { userId: string }
let liaison: { userId: string }
const today = dayOf(new Date())
const ids: Record<string, string> = {}

beforeAll(async () => {
  office = await duchaOffice()
  drafter = await linkSlack(office, 'drafter')
  liaison = { userId: unique('U').toUpperCase().replace(/[^A-Z0-9]/g, '') }
  const memberId = office.liaisons['区住房和城乡建设局']!.memberId
  await expectJson(await call('POST', '/api/v1/admin/bot-links', { token: office.tokens.admin, body: { memberId, platform: 'slack', tenant: TEAM, userId: liaison.userId } }), 201)
  const t = office.tokens.drafter
  ids.overdue = (await createItem(t, { title: '发改委逾期的攻坚方案', deadline: addDays(today, -2) })).id
  ids.soon = (await createItem(t, { title: '住建局临期的旧改计划', leadUnit: '区住建局', supportUnits: [], deadline: addDays(today, 3), sensitivity: 'internal' })).id
  ids.later = (await createItem(t, { title: '住建局远期的管网改造', leadUnit: '区住建局', supportUnits: [], deadline: addDays(today, 50) })).id
  ids.secret = (await createItem(t, { title: '敏感的信访线索核查', leadUnit: '区住建局', supportUnits: [], deadline: addDays(today, 1), sensitivity: 'restricted', requirement: '绝不外传的核查要求' })).id
  ids.done = (await createItem(t, { title: '住建局已办结的排查', leadUnit: '区住建局', supportUnits: [], deadline: addDays(today, 2) })).id
  await expectJson(await call('POST', `/api/v1/ducha/items/${ids.done}/closing`, { token: office.liaisons['区住房和城乡建设局']!.token, body: { text: '已完成排查' } }), 201)
})

afterEach(() => vi.restoreAllMocks())

const ask = async (user: string, text: string) => {
  slackStandIn()
  const res = await slackPost('commands', commandBody(user, text))
  expect(res.status).toBe(200)
  const answer = await res.json<any>()
  expect(answer.response_type).toBe('ephemeral')
  return { text: blockText(answer.blocks), raw: JSON.stringify(answer.blocks) }
}

describe('督办 in Slack', () => {
  it('shows a 联络员 his unit’s open items due soon and overdue, marked, with links, and no restricted material', async () => {
    const { text, raw } = await ask(liaison.userId, '督办')
    expect(text).toContain('区住房和城乡建设局的临期和逾期事项（2）')
    expect(text).toContain(`【内部】住建局临期的旧改计划　牵头：区住房和城乡建设局　时限：${addDays(today, 3)}　待启动`)
    expect(raw).toContain(`http://wenfu.test/ducha/items/${ids.soon}`)
    expect(text).not.toContain('远期的管网改造')
    expect(text).not.toContain('已办结的排查')
    expect(text).not.toContain('发改委逾期的攻坚方案')
    expect(raw).not.toContain('敏感的信访线索')
    expect(raw).not.toContain('绝不外传')
    expect(raw).not.toContain(ids.secret)
    expect(text).toContain('另有 1 项敏感事项按保密规定不在聊天中显示')
  })

  it('shows other members the whole office, overdue first, and a named unit by its short name', async () => {
    const all = await ask(drafter.userId, 'ducha')
    expect(all.text).toContain('本办公室临期和逾期事项（3）')
    expect(all.text).toContain(`发改委逾期的攻坚方案　牵头：区发展和改革委员会　时限：${addDays(today, -2)}　逾期`)
    expect(all.text.indexOf('发改委逾期的攻坚方案')).toBeLessThan(all.text.indexOf('住建局临期的旧改计划'))
    const fagai = await ask(drafter.userId, '督办 区发改委')
    expect(fagai.text).toContain('区发展和改革委员会的临期和逾期事项（1）')
    expect(fagai.text).toContain('发改委逾期的攻坚方案')
    expect(fagai.text).not.toContain('住建局临期的旧改计划')
  })

  it('answers an unknown unit in Chinese', async () => {
    const { text } = await ask(drafter.userId, '督办 火星办事处')
    expect(text).toContain('单位“火星办事处”不在本办公室的单位名录中')
  })
})

describe('催办 to the linked 联络员 of the responsible units', () => {
  it('a reminders run at a given day posts to the unit’s linked liaisons, restricted items by deadline and link only, once a day', async () => {
    const o = await duchaOffice()
    const zhujian = unique('U').toUpperCase().replace(/[^A-Z0-9]/g, '')
    const caizheng = unique('U').toUpperCase().replace(/[^A-Z0-9]/g, '')
    for (const [unit, userId] of [['区住房和城乡建设局', zhujian], ['区财政局', caizheng]] as const) {
      const memberId = o.liaisons[unit]!.memberId
      await expectJson(await call('POST', '/api/v1/admin/bot-links', { token: o.tokens.admin, body: { memberId, platform: 'slack', tenant: TEAM, userId } }), 201)
    }
    const t = o.tokens.drafter
    const soon = (await createItem(t, { title: '住建局的老旧小区改造', leadUnit: '区住建局', supportUnits: [], deadline: '2031-03-10', sensitivity: 'internal' })).id
    const secret = (await createItem(t, { title: '敏感的信访积案化解', leadUnit: '区住建局', supportUnits: ['区财政局'], deadline: '2031-03-05', sensitivity: 'restricted', requirement: '绝不外传' })).id
    await createItem(t, { title: '发改委的项目谋划', leadUnit: '区发改委', supportUnits: [], deadline: '2031-03-09' })
    await createItem(t, { title: '住建局远期的管网改造', leadUnit: '区住建局', supportUnits: [], deadline: '2031-06-30' })
    const slack = slackStandIn()
    // 09:00 Beijing on 2031-03-08, as the Cron Trigger would run it.
    const at = new Date('2031-03-08T01:00:00Z')
    const run = await delivering(() => sendOfficeReminders(systemCtx(env, o.id), at))
    expect(run).toMatchObject({ day: '2031-03-08', due: 3, sent: 3 })

    const toZhujian = slack.posted.filter((p) => p.channel === zhujian).map((p) => ({ text: blockText(p.blocks), raw: JSON.stringify(p.blocks) }))
    const toCaizheng = slack.posted.filter((p) => p.channel === caizheng).map((p) => ({ text: blockText(p.blocks), raw: JSON.stringify(p.blocks) }))
    expect(toZhujian).toHaveLength(2)
    expect(toCaizheng).toHaveLength(1)
    const plain = toZhujian.find((m) => m.text.includes('老旧小区改造'))!
    expect(plain.text).toContain('督办提醒：事项临近完成时限')
    expect(plain.text).toContain('【内部】住建局的老旧小区改造')
    expect(plain.text).toContain('完成时限：2031-03-10（还有 2 天到期）　状态：待启动')
    expect(plain.raw).toContain(`http://wenfu.test/ducha/items/${soon}`)
    for (const m of [...toZhujian.filter((x) => x !== plain), ...toCaizheng]) {
      expect(m.text).toContain('督办提醒：事项已逾期')
      expect(m.text).toContain('完成时限：2031-03-05（已逾期 3 天）　状态：逾期')
      expect(m.raw).toContain(`http://wenfu.test/ducha/items/${secret}`)
      expect(m.raw).not.toContain('信访积案')
      expect(m.raw).not.toContain('绝不外传')
    }
    expect(slack.posted.some((p) => JSON.stringify(p.blocks).includes('发改委的项目谋划'))).toBe(false)

    // The same day again: the day is claimed, nobody is told twice.
    const again = await delivering(() => sendOfficeReminders(systemCtx(env, o.id), new Date('2031-03-08T09:00:00Z')))
    expect(again).toMatchObject({ sent: 0, alreadySent: 3 })
    expect(slack.posted.filter((p) => p.channel === zhujian)).toHaveLength(2)
  })
})
