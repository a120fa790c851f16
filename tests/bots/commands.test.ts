import { describe, expect, it } from 'vitest'
import { helpLines, parseCommand, parseDraftRef, shortNumber, type Command } from '../../src/bots/commands'

const ok = (text: string): Command => {
  const r = parseCommand(text)
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error}`)
  return r.command
}
const bad = (text: string) => {
  const r = parseCommand(text)
  if (r.ok) throw new Error(`expected ${text} to be refused, got ${JSON.stringify(r.command)}`)
  return r
}

describe('the command grammar', () => {
  it('reads each Chinese command and its English alias alike', () => {
    expect(ok('检索 营商环境 审批')).toEqual({ kind: 'search', query: '营商环境 审批' })
    expect(ok('search 营商环境 审批')).toEqual({ kind: 'search', query: '营商环境 审批' })
    expect(ok('待办')).toEqual({ kind: 'todo' })
    expect(ok('todo')).toEqual({ kind: 'todo' })
    expect(ok('状态 #k3m9x2')).toEqual({ kind: 'status', draft: { short: 'k3m9x2' } })
    expect(ok('status k3m9x2')).toEqual({ kind: 'status', draft: { short: 'k3m9x2' } })
    expect(ok('签发 #k3m9x2')).toEqual({ kind: 'sign', draft: { short: 'k3m9x2' } })
    expect(ok('sign #k3m9x2')).toEqual({ kind: 'sign', draft: { short: 'k3m9x2' } })
    expect(ok('审核 #k3m9x2')).toEqual({ kind: 'approve', draft: { short: 'k3m9x2' } })
    expect(ok('通过 #k3m9x2 ab12cd34')).toEqual({ kind: 'approve', draft: { short: 'k3m9x2' }, hash: 'ab12cd34' })
    expect(ok('approve #k3m9x2')).toEqual({ kind: 'approve', draft: { short: 'k3m9x2' } })
    expect(ok('退回 #k3m9x2 第二部分 数据需核实')).toEqual({ kind: 'return', draft: { short: 'k3m9x2' }, note: '第二部分 数据需核实' })
    expect(ok('return #k3m9x2 数据需核实')).toEqual({ kind: 'return', draft: { short: 'k3m9x2' }, note: '数据需核实' })
    expect(ok('帮助')).toEqual({ kind: 'help' })
    expect(ok('help draft')).toEqual({ kind: 'help', about: 'draft' })
    expect(ok('')).toEqual({ kind: 'help' })
  })

  it('reads 督办 with or without a unit, Chinese or English, written together or full-width', () => {
    expect(ok('督办')).toEqual({ kind: 'ducha' })
    expect(ok('ducha')).toEqual({ kind: 'ducha' })
    expect(ok('督办 区发改委')).toEqual({ kind: 'ducha', unit: '区发改委' })
    expect(ok('督办区发改委')).toEqual({ kind: 'ducha', unit: '区发改委' })
    expect(ok('督办：区财政局')).toEqual({ kind: 'ducha', unit: '区财政局' })
    expect(ok('督查\u3000城东街道')).toEqual({ kind: 'ducha', unit: '城东街道' })
    expect(ok('ＤＵＣＨＡ 区住建局')).toEqual({ kind: 'ducha', unit: '区住建局' })
    expect(ok('/wenfu ducha “区发改委”')).toEqual({ kind: 'ducha', unit: '区发改委' })
    expect(bad(`督办 ${'很'.repeat(61)}`)).toMatchObject({ about: 'ducha', error: expect.stringContaining('单位名称不能超过 60 个字符') })
    expect(helpLines().join('\n')).toContain('督办 [单位]')
    expect(helpLines('ducha').join('')).toContain('ducha')
  })

  it('reads 起草 with its 文种, its 主题 and variables', () => {
    expect(ok('起草 讲话稿 优化营商环境 会议名称=全区推进会 讲话人=区委书记张某某')).toEqual({
      kind: 'draft',
      template: '讲话稿',
      topic: '优化营商环境',
      variables: { 会议名称: '全区推进会', 讲话人: '区委书记张某某' },
    })
    expect(ok('draft tongzhi 开展 安全生产 大检查 deadline="2026年6月30日 前"')).toEqual({
      kind: 'draft',
      template: 'tongzhi',
      topic: '开展 安全生产 大检查',
      variables: { deadline: '2026年6月30日 前' },
    })
  })

  it('accepts full-width spaces, ＝, ：, ＃ and full-width letters and digits', () => {
    expect(ok('起草　通知　开展安全生产大检查　ｄｅａｄｌｉｎｅ＝６月底')).toEqual({
      kind: 'draft',
      template: '通知',
      topic: '开展安全生产大检查',
      variables: { deadline: '６月底' },
    })
    expect(ok('检索：营商环境')).toEqual({ kind: 'search', query: '营商环境' })
    expect(ok('检索营商环境')).toEqual({ kind: 'search', query: '营商环境' })
    expect(ok('状态　＃Ｋ３Ｍ９Ｘ２')).toEqual({ kind: 'status', draft: { short: 'k3m9x2' } })
    expect(ok('ＳＥＡＲＣＨ　营商环境')).toEqual({ kind: 'search', query: '营商环境' })
    expect(ok('退回　＃k3m9x2　数据需核实，请修改。')).toEqual({ kind: 'return', draft: { short: 'k3m9x2' }, note: '数据需核实，请修改。' })
  })

  it('keeps the text of 校对 exactly as typed, full-width punctuation included', () => {
    const text = '各镇（街道）：\n  请于６月底前，报送材料。'
    expect(ok(`校对　${text}`)).toEqual({ kind: 'check', text })
    expect(ok(`check ${text}`)).toEqual({ kind: 'check', text })
  })

  it('reads a slash command typed as text', () => {
    expect(ok('/wenfu 待办')).toEqual({ kind: 'todo' })
  })

  it('refuses bad input with a Chinese message naming what is missing', () => {
    expect(bad('起草 讲话稿')).toMatchObject({ about: 'draft', error: expect.stringContaining('主题') })
    expect(bad('起草')).toMatchObject({ about: 'draft', error: expect.stringContaining('文种') })
    expect(bad('起草 讲话稿 会议名称=全区会议')).toMatchObject({ error: expect.stringContaining('主题') })
    expect(bad('起草 通知 主题 deadline=')).toMatchObject({ error: expect.stringContaining('没有值') })
    expect(bad('状态')).toMatchObject({ about: 'status', error: expect.stringContaining('编号') })
    expect(bad('状态 #!!')).toMatchObject({ error: expect.stringContaining('无效') })
    expect(bad('退回 #k3m9x2')).toMatchObject({ about: 'return', error: expect.stringContaining('意见') })
    expect(bad('通过 #k3m9x2 不是校验码')).toMatchObject({ error: expect.stringContaining('校验码') })
    expect(bad('检索')).toMatchObject({ error: expect.stringContaining('关键词') })
    expect(bad('发布 #k3m9x2')).toMatchObject({ error: expect.stringContaining('无法识别') })
    expect(bad('x'.repeat(5000)).error).toContain('过长')
    for (const text of ['起草 讲话稿', '状态', '退回 #k3m9x2', '发布 xx']) expect(bad(text).error).toMatch(/[\u4e00-\u9fff]/)
  })

  it('names drafts by full id or short number, reading look-alike letters as digits', () => {
    const id = 'drf_k3m9x2abcdefghjk'
    expect(shortNumber(id)).toBe('#k3m9x2')
    expect(parseDraftRef(id)).toEqual({ id })
    expect(parseDraftRef('DRF_K3M9X2ABCDEFGHJK')).toEqual({ id })
    expect(parseDraftRef('#k3m9x2')).toEqual({ short: 'k3m9x2' })
    expect(parseDraftRef('#kO1l')).toEqual({ short: 'k011' })
    expect(parseDraftRef('#abc')).toBeNull()
    expect(parseDraftRef('drf_k3m9x2abcdefghju')).toBeNull()
  })

  it('has help for every command', () => {
    expect(helpLines().length).toBeGreaterThanOrEqual(9)
    expect(helpLines('draft').join('')).toContain('起草')
  })
})
