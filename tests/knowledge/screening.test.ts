import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors'
import { assertUnclassified, findClassificationMark } from '../../src/knowledge/screening'

describe('findClassificationMark', () => {
  it.each([
    ['绝密★', '绝密★'],
    ['机密★', '机密★'],
    ['秘密★', '秘密★'],
    ['机密★1年', '机密★1年'],
    ['绝密★10年', '绝密★10年'],
    ['秘密★6个月', '秘密★6个月'],
    ['秘密 ★ 1年', '秘密 ★ 1年'],
    ['机密☆', '机密☆'],
    ['绝密', '绝密'],
    ['机密', '机密'],
    ['  秘密  ', '秘密'],
    ['机密 1年', '机密 1年'],
    ['秘密*1年', '秘密*1年'],
    ['密级：机密', '密级：机密'],
    ['密级:秘密', '密级:秘密'],
    ['密 级 ： 绝密', '密 级 ： 绝密'],
  ])('finds the mark in “%s”', (text, mark) => {
    expect(findClassificationMark(text)).toBe(mark)
  })

  it('finds a mark on its own line at the top of a document', () => {
    const doc = '000123\n机密★1年\n特急\n\n中共示例区委办公室文件\n\n关于某事项的通知\n\n各街道：……'
    expect(findClassificationMark(doc)).toBe('机密★1年')
  })

  it('finds a mark on its own line in the middle of a text', () => {
    expect(findClassificationMark('一、总体要求\n秘密\n二、工作安排')).toBe('秘密')
  })

  it.each([
    '各级党组织要教育党员干部保守国家秘密。',
    '严守党和国家秘密，筑牢保密防线。',
    '他们在秘密策划一场生日惊喜。',
    '这是一份机密文件的管理规定解读，讲的是如何管理涉密载体。',
    '绝密档案的保管期限由有关规定确定。',
    '做好**保守国家秘密**工作',
    '*国家秘密*的范围依法确定',
    '## 保守国家秘密',
    '秘密地进行',
    '国家秘密的密级分为绝密、机密、秘密三级。',
    '密级管理是保密工作的基础',
    '',
  ])('accepts prose: “%s”', (text) => {
    expect(findClassificationMark(text)).toBeNull()
  })
})

describe('assertUnclassified', () => {
  it('throws VALIDATION naming the mark and the material', () => {
    let caught: unknown
    try {
      assertUnclassified('秘密★1年\n正文', '范文')
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(AppError)
    const err = caught as AppError
    expect(err.code).toBe('VALIDATION')
    expect(err.message).toContain('范文')
    expect(err.message).toContain('密级')
    expect(err.message).toContain('秘密★1年')
    expect(err.details).toEqual({ reason: 'classified', mark: '秘密★1年' })
  })

  it('passes unmarked text', () => {
    expect(() => assertUnclassified('保守国家秘密是每个公民的义务。', '调研发现')).not.toThrow()
  })
})
