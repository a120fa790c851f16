import { describe, expect, it } from 'vitest'
import { GONGWEN_GENRES, WORKING_GENRES } from '../../src/db/schema'
import { BUILTIN_SOURCES } from '../../src/templates/builtin'
import { LOCKED_FIELDS, parseTemplate, TemplateErrors, targetLength, type TemplateDefinition } from '../../src/templates'

const all = BUILTIN_SOURCES.map((s) => parseTemplate(s, { requireVersion: true }))
const byGenre = (g: string) => all.find((t) => t.genre === g)!

const minimal = (over: { front?: string; vars?: string; sections?: string } = {}) => `---
id: ceshi
genre: 通知
name: 测试通知
${over.front ?? 'closing: 特此通知。\ntargetChars: 800'}
---

## 变量

| 字段 | 名称 | 必填 | 锁定 | 默认值 | 说明 |
|---|---|---|---|---|---|
${over.vars ?? '| subject | 事由 | 是 | 否 | | |\n| issuer | 发文机关 | 否 | 是 | | |\n| date | 成文日期 | 否 | 是 | | |\n| recipients | 主送机关 | 否 | 是 | | |'}

## 章节

${over.sections ?? '### 一、工作任务 {#tasks}\n\n- 用途：写明{subject}的任务。\n- 篇幅：100%'}
`

function reasons(source: string): string[] {
  try {
    parseTemplate(source)
  } catch (err) {
    if (err instanceof TemplateErrors) return err.reasons
    throw err
  }
  return []
}

describe('builtin templates (prompts/*.md)', () => {
  it('cover the working genres and the 公文 genres of the issue', () => {
    for (const g of [...WORKING_GENRES, '通知', '请示', '报告', '函', '纪要', '意见', '通报', '批复']) {
      expect(all.some((t) => t.genre === g), g).toBe(true)
    }
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length)
  })

  it('have sections with purpose and guidance, a version and a length target', () => {
    for (const t of all) {
      expect(t.version).toBeGreaterThanOrEqual(1)
      expect(t.length.targetChars).toBeGreaterThan(0)
      const written = t.sections.filter((s) => s.kind === 'written')
      expect(written.length, t.id).toBeGreaterThan(0)
      for (const s of written) {
        expect(s.purpose, `${t.id}/${s.key}`).not.toBe('')
        expect(s.guidance, `${t.id}/${s.key}`).not.toBe('')
      }
      expect(written.reduce((n, s) => n + s.share, 0)).toBeCloseTo(1, 2)
    }
  })

  it('lock the fields people fill in, under the export field names', () => {
    for (const t of all) {
      for (const v of t.variables) if ((LOCKED_FIELDS as readonly string[]).includes(v.name)) expect(v.locked, `${t.id}.${v.name}`).toBe(true)
      if ((GONGWEN_GENRES as readonly string[]).includes(t.genre)) {
        expect(t.variables.filter((v) => v.locked).map((v) => v.name)).toEqual(expect.arrayContaining(['issuer', 'date']))
      }
    }
    expect(byGenre('请示').variables.find((v) => v.name === 'signer')?.locked).toBe(true)
    expect(byGenre('通知').variables.find((v) => v.name === 'docNumber')?.locked).toBe(true)
  })

  it("carry each genre's closing formula", () => {
    expect(byGenre('通知').closing).toBe('特此通知。')
    expect(byGenre('请示').closing).toBe('妥否，请批示。')
    expect(byGenre('报告').closing).toBe('特此报告。')
    expect(byGenre('通报').closing).toBe('特此通报。')
    expect(byGenre('督查通报').closing).toBe('特此通报。')
    expect(byGenre('批复').closing).toBe('此复。')
    expect(byGenre('函').closing).toContain('函复')
    expect(byGenre('政务信息').closing).toBeNull()
  })

  it('give the speech 称谓, 开头, 主体 and 结尾 and a length of 220 字 per speaking minute', () => {
    const speech: TemplateDefinition = byGenre('讲话稿')
    expect(speech.sections.map((s) => s.heading)).toEqual(expect.arrayContaining(['称谓', '开头', '结尾']))
    expect(speech.sections.filter((s) => /^[一二三]、/.test(s.heading))).toHaveLength(3)
    expect(speech.sections[0]).toMatchObject({ kind: 'fixed', content: '{audience}：' })
    expect(targetLength(speech, { minutes: '20' })).toEqual({ chars: 4400, minutes: 20 })
    expect(targetLength(speech, {}).chars).toBe(3300)
  })

  it('give the research report its four parts', () => {
    const headings = byGenre('调研报告').sections.map((s) => s.heading)
    expect(headings).toEqual(expect.arrayContaining(['一、基本情况', '二、主要做法及成效', '三、存在问题', '四、对策建议']))
  })
})

describe('parseTemplate refuses malformed templates with every reason', () => {
  it('accepts the minimal template', () => {
    expect(reasons(minimal())).toEqual([])
  })

  it('names an unknown genre, a bad id and a missing section list', () => {
    const r = reasons(minimal().replace('genre: 通知', 'genre: 便条').replace('id: ceshi', 'id: 测试').replace('## 章节', '## 其他'))
    expect(r.join('\n')).toMatch(/文种“便条”/)
    expect(r.join('\n')).toMatch(/模板 id/)
    expect(r.join('\n')).toMatch(/缺少“## 章节”/)
  })

  it('requires locked fields to be locked and 公文 elements to be declared', () => {
    const r = reasons(minimal({ vars: '| subject | 事由 | 是 | 否 | | |\n| docNumber | 发文字号 | 否 | 否 | | |' }))
    expect(r.join('\n')).toMatch(/docNumber.*必须标为锁定/)
    expect(r.join('\n')).toMatch(/通知模板必须声明锁定变量：issuer、date、recipients/)
  })

  it('catches undeclared variables, duplicate keys, shares above 100% and fixed sections without content', () => {
    const r = reasons(
      minimal({
        sections:
          '### 一、任务 {#a}\n\n- 用途：{nosuch}\n- 篇幅：80%\n\n### 二、要求 {#a}\n\n- 用途：要求\n- 篇幅：40%\n\n### 称谓 {#b}\n\n- 类型：固定\n\n### 无键名\n\n- 用途：x',
      }),
    )
    const all = r.join('\n')
    expect(all).toMatch(/未声明的变量 \{nosuch\}/)
    expect(all).toMatch(/章节键名“a”重复/)
    expect(all).toMatch(/超过 100%/)
    expect(all).toMatch(/固定章节“称谓”缺少“内容”/)
    expect(all).toMatch(/“无键名”缺少键名/)
  })

  it('needs a length target', () => {
    expect(reasons(minimal({ front: 'closing: 特此通知。' })).join()).toMatch(/targetChars/)
  })
})
