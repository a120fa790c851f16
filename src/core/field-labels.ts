/**
 * The words a person knows for each field and for each code value the API accepts. Validation
 * messages name a field as `标题（title）` — the label for people, the key for whoever fixes the
 * request — and an enum value as `public（公开）`.
 */
import type { DraftStatus, Role } from '../db/schema'

/** Field key → Chinese label. Keys are matched per path segment, so `source.kind` reads 来源的类型. */
export const FIELD_LABELS: Record<string, string> = {
  // knowledge
  title: '标题',
  body: '正文',
  topic: '主题',
  tags: '标签',
  tag: '标签',
  source: '来源',
  kind: '类型',
  unit: '单位',
  person: '人员',
  observedOn: '调研日期',
  caliber: '数据口径',
  figures: '数据',
  value: '数值',
  what: '指标',
  sensitivity: '保密级别',
  surveyId: '调研课题',
  lead: '牵头人',
  periodStart: '开始日期',
  periodEnd: '结束日期',
  description: '说明',
  genre: '文种',
  issuer: '发文机关',
  docNumber: '发文字号',
  speaker: '讲话人',
  occasion: '场合',
  date: '日期',
  printDate: '印发日期',
  sourceKind: '来源类型',
  items: '条目',
  files: '文件',
  // lists and search
  limit: '条数上限',
  cursor: '分页游标',
  from: '起始日期',
  to: '截止日期',
  q: '检索词',
  query: '检索词',
  // drafts
  templateId: '模板',
  variables: '变量',
  materials: '材料',
  findingIds: '调研发现',
  precedentIds: '范文',
  retrieve: '按主题检索',
  mode: '撰写模式',
  sections: '章节',
  id: '编号',
  key: '章节代号',
  heading: '章节标题',
  points: '要点',
  targetChars: '目标字数',
  status: '状态',
  author: '起草人',
  updatedFrom: '更新起始时间',
  updatedTo: '更新截止时间',
  // lifecycle
  action: '操作',
  note: '说明',
  version: '版本号',
  baseVersion: '所依据的版本号',
  start: '起始位置',
  end: '结束位置',
  parentId: '所回复的批注',
  includeResolved: '是否包含已解决',
  n: '版本号',
  signRequiresReview: '签发须先审核',
  docAgencyCode: '机关代字',
  // checks and lexicons
  text: '文本',
  fields: '文稿要素',
  recipients: '主送机关',
  cc: '抄送机关',
  signer: '签发人',
  attachments: '附件',
  rules: '规则选择',
  only: '只用的规则',
  skip: '跳过的规则',
  categories: '规则类别',
  untracedFigures: '无出处的数字',
  fixes: '修改',
  ruleId: '规则',
  field: '要素',
  typoSensitivity: '错别字灵敏度',
  entries: '词条',
  label: '提法名称',
  variants: '不规范说法',
  name: '名称',
  post: '职务',
  validFrom: '生效日期',
  validTo: '失效日期',
  oldName: '原名称',
  newName: '新名称',
  renamedOn: '更名日期',
  word: '词语',
  level: '级别',
  replacement: '替换为',
  wrong: '错误写法',
  right: '正确写法',
  includeArchived: '是否包含已归档',
  // admin, audit, webhooks
  code: '代码',
  role: '角色',
  officeId: '办公室',
  targetKind: '对象类型',
  targetId: '对象',
  memberId: '成员',
  url: '回调地址',
  events: '事件',
}

/** Roles in Chinese: messages, the bots and the value glosses below. */
export const ROLE_LABEL: Record<Role, string> = {
  admin: '管理员',
  drafter: '起草人',
  reviewer: '审核人',
  signer: '签发人',
  reader: '只读成员',
}

/** Draft states (approval flow) in Chinese. */
export const STATUS_LABEL: Record<DraftStatus, string> = {
  drafting: '起草中',
  in_review: '审核中',
  approved: '已审核',
  signed: '已签发',
  issued: '已印发',
  returned: '已退回',
}

/** Code values → Chinese, by field key first (the same code can mean different things), then for any field. */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  '*': {
    public: '公开',
    internal: '内部',
    restricted: '敏感',
    ...ROLE_LABEL,
    finding: '调研发现',
    precedent: '范文',
    generate: '生成',
    assemble: '拼装',
    standard: '标准',
    ...STATUS_LABEL,
    submit: '提交审核',
    approve: '审核通过',
    return: '退回修改',
    revise: '重新起草',
    sign: '签发',
    issue: '登记印发',
    true: '是',
    false: '否',
    formulation: '规范提法',
    leader: '领导姓名职务',
    'renamed-org': '机构更名',
    confusable: '易混词',
    synonym: '同义词（简称、别称、曾用名）',
    forbidden: '禁用',
    caution: '慎用',
    format: '格式',
    numbers: '数字用法',
    punctuation: '标点符号',
    typos: '错别字',
    repetition: '重复',
    lexicons: '办公室词库',
    placeholders: '遗留占位符',
    facts: '事实出处',
    confidentiality: '保密',
    strict: '严格（必改问题和【待补】都拒绝）',
    warn: '只提醒',
    picked: '人工挑选',
    retrieved: '按主题检索',
    written: '撰写',
    fixed: '固定',
    'draft.created': '文稿新建',
    'draft.updated': '文稿修改',
    'draft.submitted': '提交审核',
    'draft.approved': '审核通过',
    'draft.returned': '退回修改',
    'draft.signed': '签发',
    'draft.issued': '印发',
    'ducha.reminder': '督办催办',
  },
  typoSensitivity: { sensitive: '灵敏' },
  kind: { sensitive: '敏感词', genre: '文种与行文' },
  categories: { genre: '文种与行文', sensitive: '敏感词' },
}

/** `public（公开）`, or the value as it is when it is already Chinese or has no gloss. */
/** The Chinese word alone for a code (`restricted` → 敏感), or the code when it has none: for pages people read. */
export function valueGloss(value: unknown, key?: string): string {
  const s = String(value)
  return (key ? VALUE_LABELS[key]?.[s] : undefined) ?? VALUE_LABELS['*']?.[s] ?? s
}

export function valueLabel(value: unknown, key?: string): string {
  const s = String(value)
  const gloss = (key ? VALUE_LABELS[key]?.[s] : undefined) ?? VALUE_LABELS['*']?.[s]
  return gloss ? `${s}（${gloss}）` : s
}

/**
 * `标题（title）`, `数据第 1 项的数值（figures.0.value）`, or 请求内容 for the root. A key without a
 * label is named by the key alone, so the sweep test in tests/api/messages.test.ts shows it.
 */
export function fieldLabel(path: readonly PropertyKey[]): string {
  if (!path.length) return '请求内容'
  let words = ''
  for (const seg of path) {
    if (typeof seg === 'number') words += `第 ${seg + 1} 项`
    else words += (words ? '的' : '') + (FIELD_LABELS[String(seg)] ?? String(seg))
  }
  return `${words}（${path.map(String).join('.')}）`
}

/**
 * A validation message for pages people read: without the keys and codes kept for whoever fixes a
 * request — `类型（kind）应为 finding（调研发现）` reads `类型应为调研发现`, `数据第 1 项的数值（figures.0.value）`
 * reads `数据第 1 项的数值`. The API keeps the full message; the 工作台 shows this one.
 */
export function forPeople(message: string): string {
  return message
    .replace(/ ?[A-Za-z][A-Za-z0-9_-]*（([^（）A-Za-z]+)）/g, '$1')
    .replace(/（[A-Za-z_][A-Za-z0-9_.[\]]*）/g, '')
}

/** A refusal's sentence with its list of issues, each said once: the sentence stops where the list begins. */
export function messageWithList(message: string, details: string[]): { message: string; details: string[] } {
  const first = details[0]
  const at = first ? message.indexOf(first) : -1
  return { message: at > 0 ? message.slice(0, at).replace(/[：:；\s]+$/, '') : message, details }
}
