import { describe, expect, it } from 'vitest'
import { assignRoles, extractProposals, findUnits, parseDeadline, aliasesOf } from '../../src/ducha/extract'

const UNITS = [
  { name: '区发展和改革委员会', shortName: '区发改委', formerNames: [{ name: '区发展计划局', until: '2019-02-28' }] },
  { name: '区委办公室', shortName: '区委办' },
  { name: '区财政局' },
  { name: '区应急管理局', shortName: '区应急局' },
  { name: '区公安分局' },
  { name: '区交通运输局', shortName: '区交通局' },
  { name: '区工业和信息化局', shortName: '区工信局' },
]

describe('deadlines against the base date', () => {
  it.each([
    ['6月底前完成', '2026-03-12', '2026-06-30', null],
    ['年内实现全覆盖', '2026-03-12', '2026-12-31', null],
    ['11月15日前办结', '2026-03-12', '2026-11-15', null],
    ['每季度开展一次督查', '2026-05-15', '2026-06-30', 'quarterly'],
    ['每月5日前报送', '2026-04-08', '2026-05-05', 'monthly'],
    ['每月5日前报送', '2026-04-03', '2026-04-05', 'monthly'],
    ['每周开展一次检查', '2026-10-20', '2026-10-25', 'weekly'],
    ['3月底前完成', '2026-05-10', '2027-03-31', null],
    ['明年6月底前完成', '2026-09-10', '2027-06-30', null],
    ['2027年1月10日前完成', '2026-09-10', '2027-01-10', null],
    ['上半年全部开工', '2026-02-20', '2026-06-30', null],
    ['9月中旬前完成', '2026-02-20', '2026-09-20', null],
    ['10个工作日内拿出方案', '2026-10-20', '2026-11-03', null],
    ['两个月内完成', '2026-07-02', '2026-09-02', null],
    ['一周内下发', '2026-07-02', '2026-07-09', null],
    ['国庆节前推出', '2026-07-02', '2026-09-30', null],
    ['十二月二十日前完成', '2026-07-02', '2026-12-20', null],
  ])('“%s” from %s → %s', (text, base, deadline, recurrence) => {
    expect(parseDeadline(text, base)).toMatchObject({ deadline, recurrence })
  })

  it('finds no deadline in a date that is not one, nor in 做好全年工作', () => {
    expect(parseDeadline('2026年3月12日，区委书记主持召开会议', '2026-03-12')).toBeNull()
    expect(parseDeadline('做好全年工作意义重大', '2026-03-12')).toBeNull()
    expect(parseDeadline('2月30日前完成', '2026-01-01')).toBeNull()
  })

  it('gives the phrase’s offsets', () => {
    const text = '区财政局要在6月底前完成'
    const d = parseDeadline(text, '2026-03-01')!
    expect(text.slice(d.start, d.end)).toBe('6月底前')
  })
})

describe('units and their roles', () => {
  const aliases = aliasesOf(UNITS)
  const roles = (text: string) => assignRoles(text, findUnits(text, aliases))

  it('matches full, short and former names to the registry name, longest first', () => {
    const m = findUnits('区委办公室和区发展计划局、区发改委', aliases)
    expect(m.map((x) => [x.unit, x.by])).toEqual([
      ['区委办公室', 'name'],
      ['区发展和改革委员会', 'former'],
      ['区发展和改革委员会', 'short'],
    ])
  })

  it('tells the lead unit from the supporting ones', () => {
    expect(roles('由区财政局牵头，区发改委、区公安分局配合')).toEqual({ lead: '区财政局', support: ['区发展和改革委员会', '区公安分局'] })
    expect(roles('区应急局要会同区公安分局、区交通局完成排查')).toEqual({ lead: '区应急管理局', support: ['区公安分局', '区交通运输局'] })
    expect(roles('区工信局配合做好应急减排工作')).toEqual({ lead: null, support: ['区工业和信息化局'] })
    expect(roles('区财政局、区发改委要加强收入组织')).toEqual({ lead: '区财政局', support: ['区发展和改革委员会'] })
  })

  it('a unit a report goes to is not a responsible unit', () => {
    expect(roles('区财政局要在4月底前报区委办审定')).toEqual({ lead: '区财政局', support: [] })
  })
})

describe('proposals', () => {
  const text = '会议听取了区发改委的汇报。会议要求，区发改委要牵头制定方案，区财政局配合，4月底前报区委审定。会议强调，要提高政治站位。区统计局负责提供数据。'

  it('proposes task clauses only, with spans into the text and notes for what a person must check', () => {
    const { proposals } = extractProposals(text, { baseDate: '2026-03-12', units: UNITS })
    expect(proposals).toHaveLength(2)
    const [a, b] = proposals
    expect(text.slice(a!.span.start, a!.span.end)).toBe('区发改委要牵头制定方案，区财政局配合，4月底前报区委审定')
    expect(a).toMatchObject({ leadUnit: '区发展和改革委员会', supportUnits: ['区财政局'], deadline: '2026-04-30', title: '牵头制定方案，区财政局配合，4月底前报区委审定' })
    expect(b).toMatchObject({ leadUnit: null, deadline: null })
    expect(b!.notes.join()).toContain('区统计局')
  })

  it('is deterministic and caps what one text yields', () => {
    const long = Array.from({ length: 30 }, (_, k) => `区财政局要在${(k % 12) + 1}月底前完成第${k + 1}项任务。`).join('')
    const r1 = extractProposals(long, { baseDate: '2026-01-01', units: UNITS, maxProposals: 10 })
    expect(r1.proposals).toHaveLength(10)
    expect(r1.omitted).toBe(20)
    expect(extractProposals(long, { baseDate: '2026-01-01', units: UNITS, maxProposals: 10 })).toEqual(r1)
  })
})
