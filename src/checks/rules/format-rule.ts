/** How a 格式 rule is declared; the rules themselves are split by GB/T 9704 element across format-*.ts. */
import type { Rule } from '../types'
import { defineRule } from './define'

export const format = (meta: Omit<Parameters<typeof defineRule>[0], 'category'>, check: Rule['check']) =>
  defineRule({ ...meta, category: 'format' }, check)
