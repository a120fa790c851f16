import { describe, expect, it } from 'vitest'
import { call, json, makeOffice } from '../fixtures'

const SOURCE = `---
id: huiyi-tongzhi
genre: 通知
name: 会议通知
title: 关于召开{meeting}的通知
version: 3
closing: 特此通知。
targetChars: 600
---

## 变量

| 字段 | 名称 | 必填 | 锁定 | 默认值 | 说明 |
|---|---|---|---|---|---|
| meeting | 会议名称 | 是 | 否 | | |
| issuer | 发文机关 | 否 | 是 | | |
| docNumber | 发文字号 | 否 | 是 | | |
| recipients | 主送机关 | 否 | 是 | | |
| date | 成文日期 | 否 | 是 | | |

## 章节

### 一、会议时间和地点 {#when}

- 用途：写明{meeting}的时间地点。
- 写法：一句话。
- 事实：不需要

### 二、参会人员 {#who}

- 用途：写明参会范围。
- 写法：条目化。
`

describe('GET /api/v1/templates', () => {
  it('lists the builtin templates with variables and sections, loaded into D1 with a version', async () => {
    const office = await makeOffice(['reader'])
    const res = await call('GET', '/api/v1/templates', { token: office.tokens.reader })
    expect(res.status).toBe(200)
    const { items } = await json(res)
    expect(items.length).toBeGreaterThanOrEqual(14)
    const speech = items.find((t: any) => t.id === 'jianghua')
    expect(speech).toMatchObject({ genre: '讲话稿', version: 1, origin: 'builtin' })
    expect(speech.variables[0]).toEqual(expect.objectContaining({ name: 'topic', label: '工作主题', required: true, locked: false }))
    expect(speech.sections.map((s: any) => s.heading)).toContain('开头')
  })

  it('answers 401 without a token', async () => {
    const res = await call('GET', '/api/v1/templates', { token: null })
    expect(res.status).toBe(401)
    expect((await json(res)).error.code).toBe('UNAUTHORIZED')
  })
})

describe('GET /api/v1/templates/:id', () => {
  it('shows one template with its locked variables', async () => {
    const res = await call('GET', '/api/v1/templates/qingshi')
    expect(res.status).toBe(200)
    const t = await json(res)
    expect(t).toMatchObject({ id: 'qingshi', genre: '请示', closing: '妥否，请批示。' })
    expect(t.variables.filter((v: any) => v.locked).map((v: any) => v.name)).toEqual(
      expect.arrayContaining(['issuer', 'docNumber', 'signer', 'recipients', 'date']),
    )
  })

  it('answers 404 in the error envelope for an unknown id', async () => {
    const res = await call('GET', '/api/v1/templates/no-such-template')
    expect(res.status).toBe(404)
    const body = await json(res)
    expect(body.error).toMatchObject({ code: 'NOT_FOUND' })
    expect(body.error.requestId).toBeTruthy()
  })
})

describe('POST /api/v1/templates', () => {
  it("adds an office template that only that office sees (another office's answers 404)", async () => {
    const a = await makeOffice(['admin'])
    const b = await makeOffice(['admin'])
    const res = await call('POST', '/api/v1/templates', { token: a.tokens.admin, body: { source: SOURCE } })
    expect(res.status).toBe(201)
    expect(await json(res)).toMatchObject({ id: 'huiyi-tongzhi', origin: 'office', version: 3, title: '关于召开{meeting}的通知' })
    const back = await json(await call('GET', '/api/v1/templates/huiyi-tongzhi', { token: a.tokens.admin }))
    expect(back.sections.map((s: any) => s.key)).toEqual(['when', 'who'])
    expect((await call('GET', '/api/v1/templates/huiyi-tongzhi', { token: b.tokens.admin })).status).toBe(404)
    const listB = await json(await call('GET', '/api/v1/templates', { token: b.tokens.admin }))
    expect(listB.items.some((t: any) => t.id === 'huiyi-tongzhi')).toBe(false)
  })

  it('overrides a builtin template for the office with the next version, and DELETE restores it', async () => {
    const a = await makeOffice(['admin'])
    const source = SOURCE.replace('id: huiyi-tongzhi', 'id: tongzhi').replace('version: 3\n', '')
    const res = await call('POST', '/api/v1/templates', { token: a.tokens.admin, body: { source } })
    expect(res.status).toBe(201)
    expect(await json(res)).toMatchObject({ id: 'tongzhi', name: '会议通知', version: 2, origin: 'office' })
    const again = await call('POST', '/api/v1/templates', { token: a.tokens.admin, body: { source } })
    expect(again.status).toBe(200)
    expect((await json(again)).version).toBe(2)
    const builtinElsewhere = await json(await call('GET', '/api/v1/templates/tongzhi'))
    expect(builtinElsewhere).toMatchObject({ name: '工作部署通知', origin: 'builtin', version: 1 })
    expect((await call('DELETE', '/api/v1/templates/tongzhi', { token: a.tokens.admin })).status).toBe(204)
    expect(await json(await call('GET', '/api/v1/templates/tongzhi', { token: a.tokens.admin }))).toMatchObject({ origin: 'builtin' })
    expect((await call('DELETE', '/api/v1/templates/tongzhi', { token: a.tokens.admin })).status).toBe(404)
  })

  it('refuses a malformed template with the reasons', async () => {
    const a = await makeOffice(['admin'])
    const broken = SOURCE.replace('genre: 通知', 'genre: 便条').replace('| docNumber | 发文字号 | 否 | 是 |', '| docNumber | 发文字号 | 否 | 否 |')
    const res = await call('POST', '/api/v1/templates', { token: a.tokens.admin, body: { source: broken } })
    expect(res.status).toBe(400)
    const body = await json(res)
    expect(body.error.code).toBe('VALIDATION')
    expect(body.error.message).toContain('模板格式有误')
    expect(body.error.details.reasons.join('\n')).toMatch(/便条/)
    expect(body.error.details.reasons.join('\n')).toMatch(/docNumber/)
  })

  it('is for admins only', async () => {
    const a = await makeOffice(['drafter'])
    const res = await call('POST', '/api/v1/templates', { token: a.tokens.drafter, body: { source: SOURCE } })
    expect(res.status).toBe(403)
    expect((await json(res)).error.code).toBe('FORBIDDEN')
  })
})
