/** An office set up for 督查: units in the registry and a 联络员 (reader role) for some of them. */
import { call, expectJson, makeOffice, makeToken, type Office } from '../fixtures'

export const UNITS = [
  { name: '区发展和改革委员会', shortName: '区发改委', formerNames: [{ name: '区发展计划局', until: '2019-02-28' }], kind: '区直部门' },
  { name: '区住房和城乡建设局', shortName: '区住建局', formerNames: [{ name: '区建设局', until: '2019-02-28' }], kind: '区直部门' },
  { name: '区财政局', kind: '区直部门' },
  { name: '城东街道', kind: '街道镇' },
]

export interface DuchaOffice extends Office {
  units: Record<string, { id: string; name: string }>
  /** 联络员 tokens and member ids by unit short name / name. */
  liaisons: Record<string, { token: string; memberId: string }>
}

export async function duchaOffice(): Promise<DuchaOffice> {
  const o = await makeOffice()
  const units: DuchaOffice['units'] = {}
  for (const u of UNITS) {
    const created = await expectJson(await call('POST', '/api/v1/ducha/units', { token: o.tokens.admin, body: u }), 201)
    units[u.name] = created
  }
  const liaisons: DuchaOffice['liaisons'] = {}
  for (const name of ['区发展和改革委员会', '区住房和城乡建设局', '区财政局']) {
    const t = await makeToken(o.id, 'reader')
    await expectJson(await call('POST', `/api/v1/ducha/units/${units[name]!.id}/members`, { token: o.tokens.admin, body: { memberId: t.memberId } }), 201)
    liaisons[name] = { token: t.token, memberId: t.memberId }
  }
  return { ...o, units, liaisons }
}

export function itemBody(overrides: Record<string, unknown> = {}) {
  return {
    title: '制定重点项目攻坚行动方案',
    requirement: '区发改委要牵头制定重点项目攻坚行动方案，区财政局配合，4月底前报区委常委会审定。',
    category: '会议决定',
    leadUnit: '区发改委',
    supportUnits: ['区财政局'],
    leader: '王某某',
    deadline: '2026-04-30',
    milestones: [{ title: '形成初稿', due: '2026-04-15' }],
    ...overrides,
  }
}

export const createItem = async (token: string, overrides: Record<string, unknown> = {}) =>
  expectJson(await call('POST', '/api/v1/ducha/items', { token, body: itemBody(overrides) }), 201)
