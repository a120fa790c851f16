/** 格式: GB/T 9704-2012 elements — 发文字号, 成文日期, 结构层次序数, 标题, 主送, 附件说明, 抄送 — in catalogue order. */
import type { Rule } from '../types'
import { attachmentRules } from './format-attachments'
import { dateRules } from './format-dates'
import { docNumberRules } from './format-doc-number'
import { headingRules } from './format-headings'
import { imprintRules } from './format-imprint'
import { titleRules } from './format-title-recipient'

export const formatRules: Rule[] = [...docNumberRules, ...dateRules, ...headingRules, ...titleRules, ...attachmentRules, ...imprintRules]
