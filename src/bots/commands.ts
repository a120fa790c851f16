/**
 * The one command grammar of the chat bots, for Slack and WeCom alike (docs/bots.md):
 *
 *   检索 <关键词>                       search
 *   起草 <文种或模板> <主题> [变量=值 …]   draft
 *   校对 <文本>                         check
 *   状态 <草稿编号>                      status
 *   待办                               todo
 *   审核|通过 <编号> [内容校验码]         approve
 *   退回 <编号> <意见>                   return
 *   签发 <编号>                         sign
 *   督办 [单位]                         ducha
 *   帮助 [命令]                         help
 *
 * Full-width input is accepted: U+3000 spaces, ＝ ： ＃ and full-width letters and digits in the
 * command word, the 编号 and the variable names. A Chinese command word may be followed directly by
 * its argument (检索营商环境, 检索：营商环境). The text of 校对 and 检索 is kept exactly as typed, so
 * its punctuation is checked as written. Pure: no I/O; what needs the office (unknown 文种, unknown
 * draft) is found by the handlers.
 */

export const COMMAND_KINDS = ['search', 'draft', 'check', 'status', 'todo', 'approve', 'return', 'sign', 'ducha', 'help'] as const
export type CommandKind = (typeof COMMAND_KINDS)[number]

/** A draft as typed: its full id (drf_…), or the short number messages show (#k3m9x2). */
export type DraftRef = { id: string } | { short: string }

export type Command =
  | { kind: 'search'; query: string }
  | { kind: 'draft'; template: string; topic: string; variables: Record<string, string> }
  | { kind: 'check'; text: string }
  | { kind: 'status'; draft: DraftRef }
  | { kind: 'todo' }
  | { kind: 'approve'; draft: DraftRef; hash?: string }
  | { kind: 'return'; draft: DraftRef; note: string }
  | { kind: 'sign'; draft: DraftRef }
  | { kind: 'ducha'; unit?: string }
  | { kind: 'help'; about?: CommandKind }

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; about?: CommandKind }

export const COMMAND_LIMITS = { text: 4000, variables: 20, note: 1000, unit: 60 } as const

/** Command words, Chinese and English; the first of each is the one help shows. */
const WORDS: Record<CommandKind, string[]> = {
  search: ['检索', '搜索', '查询', 'search'],
  draft: ['起草', 'draft'],
  check: ['校对', '审校', 'check'],
  status: ['状态', 'status'],
  todo: ['待办', 'todo'],
  approve: ['通过', '审核', '审核通过', 'approve'],
  return: ['退回', 'return'],
  sign: ['签发', 'sign'],
  ducha: ['督办', '督查', 'ducha'],
  help: ['帮助', 'help', '?', '？'],
}

const USAGE: Record<CommandKind, string> = {
  search: '检索 <关键词>：检索调研发现和范文，如“检索 营商环境 审批”',
  draft: '起草 <文种或模板> <主题> [变量=值 …]：起草文稿，如“起草 讲话稿 优化营商环境 会议名称=全区优化营商环境工作会议 讲话人=区委书记张某某”',
  check: '校对 <文本>：按公文规范校对一段文字',
  status: '状态 <草稿编号>：查看文稿的状态，编号如 #k3m9x2',
  todo: '待办：列出等待我处理的文稿',
  approve: '通过 <编号> [内容校验码]：审核通过（审核人）；写上消息中的校验码，可确保通过的是您看到的内容',
  return: '退回 <编号> <意见>：退回修改，须写明意见（审核人、签发人）',
  sign: '签发 <编号>：签发文稿（签发人）',
  ducha: '督办 [单位]：列出临期和逾期的督办事项（联络员默认看本单位的，其他成员看全办公室的），如“督办 区发改委”',
  help: '帮助 [命令]：查看用法',
}

/** The help text: every command, or one. */
export function helpLines(about?: CommandKind): string[] {
  if (about && about !== 'help') return [USAGE[about], `英文写法：${WORDS[about].filter((w) => /^[a-z]/.test(w)).join('、')}`]
  return [
    ...COMMAND_KINDS.map((k) => USAGE[k]),
    '在 Slack 中也可用英文：search、draft、check、status、todo、approve、return、sign、ducha、help。',
  ]
}

/** The short number of a draft shown in chat: the first six characters of its id after `drf_`. */
export const SHORT_LENGTH = 6
export const shortNumber = (draftId: string) => `#${draftId.slice(4, 4 + SHORT_LENGTH)}`

const ID_ALPHABET = /^[0-9a-hjkmnp-tv-z]+$/
const SPACE = /[\s\u3000]+/u

/** Full-width letters, digits and punctuation to their ASCII forms (for words, ids and names). */
const narrow = (s: string) => s.normalize('NFKC')

/**
 * A draft as typed. Ids use Crockford's alphabet (no i, l, o, u), so the look-alikes a person may
 * type are read as the digits they resemble.
 */
export function parseDraftRef(token: string): DraftRef | null {
  const t = narrow(token).trim().toLowerCase().replace(/^#/, '')
  if (/^drf_[0-9a-z]{16}$/.test(t)) return ID_ALPHABET.test(t.slice(4)) ? { id: t } : null
  const s = t.replace(/[il]/g, '1').replace(/o/g, '0')
  if (s.length < 4 || s.length > 16 || !ID_ALPHABET.test(s)) return null
  return { short: s }
}

/** Splits on spaces, keeping "…", “…” and 「…」 together (a variable's value may hold spaces). */
function tokens(s: string): string[] {
  const out: string[] = []
  const re = /(?:[^\s\u3000"“”「」]+|"[^"]*"|“[^”]*”|「[^」]*」)+/gu
  for (const m of s.matchAll(re)) out.push(m[0].replace(/["“”「」]/g, ''))
  return out.filter(Boolean)
}

/** The command word at the start and what follows it, or null. */
function splitWord(text: string): { kind: CommandKind; rest: string } | null {
  const first = text.split(SPACE, 1)[0]!
  const head = narrow(first).toLowerCase().replace(/[:：]$/, '')
  for (const kind of COMMAND_KINDS) if (WORDS[kind].includes(head)) return { kind, rest: text.slice(first.length) }
  // A Chinese word written together with its argument: the longest word that starts the text.
  const chinese = COMMAND_KINDS.flatMap((kind) => WORDS[kind].filter((w) => /^\p{Script=Han}/u.test(w)).map((w) => ({ kind, w })))
  chinese.sort((a, b) => b.w.length - a.w.length)
  for (const { kind, w } of chinese) if (text.startsWith(w)) return { kind, rest: text.slice(w.length) }
  return null
}

const stripLead = (s: string) => s.replace(/^[\s\u3000]*[:：]?[\s\u3000]*/u, '')

/** Parses what a person typed into one command, or says in Chinese what is wrong. */
export function parseCommand(input: string): ParseResult {
  // "/wenfu …" typed as text (WeCom) reads like the slash command.
  const text = input.replace(/^[\s\u3000]*[/／]wenfu(?=[\s\u3000]|$)/iu, '').replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '')
  if (!text) return { ok: true, command: { kind: 'help' } }
  if ([...text].length > COMMAND_LIMITS.text) return { ok: false, error: `命令过长（超过 ${COMMAND_LIMITS.text} 个字符），请缩短后重试` }
  const split = splitWord(text)
  if (!split) {
    const word = [...text.split(SPACE, 1)[0]!].slice(0, 20).join('')
    return { ok: false, error: `无法识别的命令“${word}”` }
  }
  const { kind } = split
  const rest = stripLead(split.rest)
  const args = tokens(rest)
  const refOf = (i: number): DraftRef | string => {
    const token = args[i]
    if (!token) return '请写明草稿编号（消息中以 # 开头的编号，或 drf_ 开头的完整编号）'
    return parseDraftRef(token) ?? `草稿编号“${[...token].slice(0, 30).join('')}”无效，编号如 #k3m9x2`
  }
  const fail = (error: string): ParseResult => ({ ok: false, error, about: kind })

  switch (kind) {
    case 'search':
      return rest ? { ok: true, command: { kind, query: rest } } : fail('请写明检索的关键词')
    case 'check':
      return rest ? { ok: true, command: { kind, text: rest } } : fail('请在“校对”后写上要校对的文字')
    case 'todo':
      return { ok: true, command: { kind } }
    case 'ducha': {
      // A unit's name may hold no spaces in the registry's style, but is kept as typed (full-width included).
      const unit = rest.replace(/["“”「」]/g, '').trim()
      if ([...unit].length > COMMAND_LIMITS.unit) return fail(`单位名称不能超过 ${COMMAND_LIMITS.unit} 个字符`)
      return { ok: true, command: { kind, ...(unit ? { unit } : {}) } }
    }
    case 'help': {
      const about = args[0] ? COMMAND_KINDS.find((k) => WORDS[k].includes(narrow(args[0]!).toLowerCase())) : undefined
      return { ok: true, command: { kind, ...(about ? { about } : {}) } }
    }
    case 'status':
    case 'sign': {
      const ref = refOf(0)
      return typeof ref === 'string' ? fail(ref) : { ok: true, command: { kind, draft: ref } }
    }
    case 'approve': {
      const ref = refOf(0)
      if (typeof ref === 'string') return fail(ref)
      const hash = args[1] ? narrow(args[1]).toLowerCase() : undefined
      if (hash !== undefined && !/^[0-9a-f]{6,64}$/.test(hash)) return fail(`内容校验码“${[...args[1]!].slice(0, 30).join('')}”无效，应为消息中显示的字母数字串`)
      return { ok: true, command: { kind, draft: ref, ...(hash ? { hash } : {}) } }
    }
    case 'return': {
      const ref = refOf(0)
      if (typeof ref === 'string') return fail(ref)
      const note = stripLead(rest.slice(rest.indexOf(args[0]!) + args[0]!.length))
      if (!note) return fail('退回须写明修改意见，如“退回 #k3m9x2 第二部分数据需核实”')
      if ([...note].length > COMMAND_LIMITS.note) return fail(`修改意见不能超过 ${COMMAND_LIMITS.note} 个字符`)
      return { ok: true, command: { kind, draft: ref, note } }
    }
    case 'draft':
      return parseDraft(args, fail)
    default: {
      const unreachable: never = kind
      return unreachable
    }
  }
}

const VARIABLE = /^([\p{L}\p{N}_]{1,40})=(.*)$/su

function parseDraft(args: string[], fail: (error: string) => ParseResult): ParseResult {
  const [template, ...more] = args
  if (!template || VARIABLE.test(narrow(template))) return fail('请写明文种或模板，如“起草 通知 开展安全生产大检查”')
  const variables: Record<string, string> = {}
  const topic: string[] = []
  for (const token of more) {
    // Only the name and the sign are narrowed: the value is kept as typed.
    const eq = token.search(/[=＝]/)
    const name = eq > 0 ? narrow(token.slice(0, eq)) : ''
    if (eq > 0 && VARIABLE.test(`${name}=`)) {
      const value = token.slice(eq + 1).trim()
      if (!value) return fail(`变量“${name}”没有值，请写成“${name}=值”`)
      if (name in variables) return fail(`变量“${name}”写了两次`)
      variables[name] = value
      if (Object.keys(variables).length > COMMAND_LIMITS.variables) return fail(`变量不能超过 ${COMMAND_LIMITS.variables} 个`)
    } else {
      topic.push(token)
    }
  }
  if (!topic.length) return fail('请写明主题，如“起草 通知 开展安全生产大检查”')
  return { ok: true, command: { kind: 'draft', template: narrow(template), topic: topic.join(' '), variables } }
}
