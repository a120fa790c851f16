/**
 * Chinese messages for zod's built-in checks, naming the field. zod 4's own zh-CN locale still
 * leaks English ("期望 number <=50", "实际接收 undefined"), so the messages are written here and
 * installed as zod's locale: a schema's own message (`.min(1, '标题不能为空')`) still wins.
 */
import { z } from 'zod'
import { fieldLabel, valueLabel } from './field-labels'

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否（true/false）',
  array: '列表',
  object: '对象',
  date: '日期',
  null: '空值',
  undefined: '空',
  nan: '非数字',
  NaN: '非数字',
  file: '文件',
  symbol: '符号',
  function: '函数',
}

const FORMAT_NAMES: Record<string, string> = {
  email: '电子邮箱地址',
  url: '网址',
  uuid: '编号',
  datetime: '日期时间（如 2026-03-10T09:00:00Z）',
  date: '日期（如 2026-03-10）',
  time: '时间（如 09:30）',
  ipv4: 'IPv4 地址',
  ipv6: 'IPv6 地址',
  base64: 'Base64 编码',
  json_string: '字符串形式的 JSON',
}

const typeName = (t: string) => TYPE_NAMES[t] ?? t

function receivedType(input: unknown): string {
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'array'
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan'
  return typeof input
}

type RawIssue = z.core.$ZodRawIssue

function sizeWords(origin: string | undefined): { unit: string } {
  switch (origin) {
    case 'string':
      return { unit: '个字符' }
    case 'array':
    case 'set':
      return { unit: '项' }
    case 'file':
      return { unit: '字节' }
    default:
      return { unit: '' }
  }
}

/** The message for one built-in issue; `path` is where it sits in the input. */
export function chineseMessage(issue: RawIssue): string {
  const path = (issue.path ?? []) as PropertyKey[]
  const field = fieldLabel(path)
  const lastKey = [...path].reverse().find((p) => typeof p === 'string') as string | undefined
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined && issue.expected !== 'undefined') return `缺少${field}`
      if (issue.expected === 'int') return `${field}应为整数`
      return `${field}应为${typeName(String(issue.expected))}，收到的是${typeName(receivedType(issue.input))}`
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => valueLabel(v, lastKey))
      return values.length === 1 ? `${field}应为 ${values[0]}` : `${field}应为以下之一：${values.join('、')}`
    }
    case 'too_big': {
      const max = String(issue.maximum)
      if (issue.origin === 'number' || issue.origin === 'bigint' || issue.origin === 'int') {
        return issue.inclusive ? `${field}不能大于 ${max}` : `${field}应小于 ${max}`
      }
      if (issue.origin === 'date') return `${field}不能晚于 ${max}`
      const { unit } = sizeWords(issue.origin)
      return issue.origin === 'array' || issue.origin === 'set' ? `${field}最多 ${max} ${unit}` : `${field}不能超过 ${max} ${unit}`.trimEnd()
    }
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.origin === 'number' || issue.origin === 'bigint' || issue.origin === 'int') {
        return issue.inclusive ? `${field}不能小于 ${min}` : `${field}应大于 ${min}`
      }
      if (issue.origin === 'date') return `${field}不能早于 ${String(issue.minimum)}`
      if (min <= 1 && issue.inclusive !== false) return `${field}不能为空`
      const { unit } = sizeWords(issue.origin)
      return `${field}至少 ${min} ${unit}`.trimEnd()
    }
    case 'invalid_format': {
      if (issue.format === 'regex' || issue.format === 'template_literal') return `${field}格式不正确`
      if (issue.format === 'starts_with') return `${field}应以“${(issue as { prefix?: string }).prefix}”开头`
      if (issue.format === 'ends_with') return `${field}应以“${(issue as { suffix?: string }).suffix}”结尾`
      if (issue.format === 'includes') return `${field}应包含“${(issue as { includes?: string }).includes}”`
      return `${field}应为有效的${FORMAT_NAMES[issue.format] ?? '格式'}`
    }
    case 'not_multiple_of':
      return `${field}应为 ${String(issue.divisor)} 的倍数`
    case 'unrecognized_keys':
      return `${field}含有不认识的字段：${issue.keys.join('、')}`
    case 'invalid_key':
      return `${field}中有不符合要求的键`
    case 'invalid_element':
      return `${field}中有不符合要求的值`
    case 'invalid_union':
      return `${field}不符合要求`
    default:
      return `${field}不符合要求`
  }
}

/**
 * Installs the Chinese messages as zod's locale. Call it once where a Worker starts (the API
 * Worker's createApp, the checker Worker); it is global to the isolate and idempotent.
 */
export function configureValidationMessages(): void {
  z.config({ localeError: (issue) => chineseMessage(issue) })
}
