/**
 * What runs the bots' commands and button presses (BotHandlers), for every platform. Each runs as
 * the member the chat user is linked to, through the same domain functions the API calls, so role
 * checks, validation and tenancy are the API's. A chat user who is not linked is told so and
 * nothing runs; a delivery seen before (same dedupeKey) runs once.
 */
import { checkForOffice } from '../checks'
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { newId } from '../core/ids'
import { logLine } from '../core/log'
import { contentHash, createDraft, draftIdsByPrefix, getDraft, listDrafts, loadContent, loadDraft, startGeneration, type DraftStatus } from '../drafts'
import { getUnit, listItems, listUnits, unitsOfActor, type ItemView } from '../ducha'
import { search } from '../knowledge'
import { transitionDraft } from '../lifecycle'
import { chatUserContext, claimDeliveryKey, memberNames } from '../offices'
import { listTemplates, type Template } from '../templates'
import { queueChatMessages } from '../webhooks'
import type { Env } from '../env'
import { parseCommand, shortNumber, type Command, type DraftRef } from './commands'
import type { BotHandlers, BotMessage, ChatUser, IncomingAction, IncomingCommand } from './types'
import { checkMessage, draftLines, draftName, duchaMessage, DUCHA_SHOWN, editorLink, errorMessage, helpMessage, reviewButtons, searchMessage, STATUS_LABEL } from './views'

/** How long a delivery key is remembered: longer than any platform retries (Slack: minutes; WeCom: seconds). */
export const DEDUPE_TTL_MS = 24 * 3600_000

/** The note a 退回 button gives when its platform cannot ask for one. */
export const BUTTON_RETURN_NOTE = '（在聊天消息中退回，请在系统中查看批注或联系审核人）'

const unlinked = (user: ChatUser): BotMessage => ({
  title: '账号尚未绑定',
  lines: [
    '您的聊天账号还没有绑定文辅成员，暂时不能使用机器人。',
    `请联系本单位文辅管理员绑定，并告知：平台 ${user.platform}，${user.platform === 'slack' ? '团队 ID' : '企业 ID'} ${user.tenant}，用户 ID ${user.userId}。`,
  ],
  private: true,
})

const duplicate: BotMessage = { title: '该请求已处理', lines: [], private: true, duplicate: true }

/** A person reads an AppError's message; anything else is logged with the request id and not shown. */
function failure(env: Env, requestId: string, e: unknown): BotMessage {
  if (e instanceof AppError) return errorMessage(e.message)
  logLine(env, 'error', `[${requestId}] bot command failed`, e)
  return errorMessage(`系统暂时无法处理，请稍后再试（请求号 ${requestId}）`)
}

/** Opens the member's context and claims the delivery; null with the answer when nothing may run. */
async function enter(env: Env, user: ChatUser, dedupeKey: string, requestId: string): Promise<{ ctx: Ctx } | { answer: BotMessage }> {
  const ctx = await chatUserContext(env, user, requestId)
  if (!ctx) return { answer: unlinked(user) }
  if (!(await claimDeliveryKey(env, `${user.platform}:${user.tenant}:${dedupeKey}`, DEDUPE_TTL_MS))) return { answer: duplicate }
  return { ctx }
}

/** The draft a person named, in their office: by full id, or by the short number messages show. */
async function resolveDraft(ctx: Ctx, ref: DraftRef): Promise<string> {
  if ('id' in ref) {
    await loadDraft(ctx, ref.id).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'NOT_FOUND' ? new AppError('NOT_FOUND', `没有编号为 ${shortNumber(ref.id)} 的文稿`) : e
    })
    return ref.id
  }
  const ids = await draftIdsByPrefix(ctx, ref.short)
  if (!ids.length) throw new AppError('NOT_FOUND', `没有编号为 #${ref.short} 的文稿，请用“待办”或消息中显示的编号`)
  if (ids.length > 1) throw new AppError('VALIDATION', `编号 #${ref.short} 对应多份文稿，请多写几位或使用完整编号`)
  return ids[0]!
}

async function currentHash(ctx: Ctx, draftId: string): Promise<string> {
  return contentHash(await loadContent(ctx, await loadDraft(ctx, draftId)))
}

/** A template by its id, its name or its 文种, among the office's templates. */
function findTemplate(templates: Template[], wanted: string): Template | null {
  const w = wanted.trim()
  return (
    templates.find((t) => t.id === w.toLowerCase()) ??
    templates.find((t) => t.name === w) ??
    templates.find((t) => t.genre === w) ??
    templates.find((t) => t.name.includes(w)) ??
    null
  )
}

/** The variable the 主题 fills: the template's topic-like variable, else its first required one. */
const TOPIC_VARIABLES = ['topic', 'subject', 'event']
const topicVariable = (t: Template) =>
  TOPIC_VARIABLES.find((n) => t.variables.some((v) => v.name === n)) ?? t.variables.find((v) => v.required && !v.locked)?.name

async function startDraft(ctx: Ctx, cmd: Extract<Command, { kind: 'draft' }>, incoming: IncomingCommand): Promise<BotMessage> {
  const templates = await listTemplates(ctx)
  const template = findTemplate(templates, cmd.template)
  if (!template) {
    const known = templates.map((t) => `${t.genre}（${t.id}）`)
    throw new AppError('VALIDATION', `没有文种或模板“${cmd.template.slice(0, 30)}”。可用的有：${[...new Set(known)].join('、')}`)
  }
  const variables: Record<string, string> = {}
  for (const [name, value] of Object.entries(cmd.variables)) {
    const v = template.variables.find((x) => x.name === name || x.label === name)
    if (!v) {
      throw new AppError(
        'VALIDATION',
        `模板“${template.name}”没有变量“${name}”。可用的有：${template.variables.filter((x) => !x.locked).map((x) => `${x.label}（${x.name}）`).join('、')}`,
      )
    }
    variables[v.name] = value
  }
  const topicName = topicVariable(template)
  if (!topicName) throw new AppError('VALIDATION', `模板“${template.name}”没有可填写主题的变量`)
  variables[topicName] ??= cmd.topic
  const draft = await createDraft(ctx, { templateId: template.id, variables }).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'VALIDATION' && e.message.startsWith('缺少必填变量')) {
      throw new AppError('VALIDATION', `${e.message}。请用“名称=值”补充，如“${template.variables.find((v) => v.required && !(v.name in variables))?.label ?? '名称'}=…”`)
    }
    throw e
  })
  const job = await startGeneration(ctx, draft.id, {})
  await queueChatMessages(ctx, [
    {
      memberId: ctx.actor.memberId,
      platform: incoming.user.platform,
      tenant: incoming.user.tenant,
      userId: incoming.user.userId,
      kind: 'compose',
      event: 'compose.finished',
      draftId: draft.id,
      jobId: job.jobId,
      replyUrl: incoming.replyUrl ?? null,
    },
  ])
  return {
    title: '已开始起草',
    lines: [`${draftName(draft)}（${template.name}）`, `正在生成 ${job.sections.length} 个章节，完成后把结果发给您。`],
    links: [editorLink(ctx.env, draft.id)],
    private: true,
  }
}

async function status(ctx: Ctx, draftId: string): Promise<BotMessage> {
  const view = await getDraft(ctx, draftId)
  const hash = await currentHash(ctx, draftId)
  const mayReview = ctx.actor.role === 'reviewer' && view.status === 'in_review'
  return {
    title: draftName(view),
    lines: draftLines(view, hash),
    links: [editorLink(ctx.env, view.id)],
    ...(mayReview ? { buttons: reviewButtons(view, hash) } : {}),
    private: true,
  }
}

/** What waits for each role: the statuses its next action starts from. */
const WAITING: Record<Ctx['actor']['role'], { status: DraftStatus; own?: boolean }[]> = {
  reviewer: [{ status: 'in_review' }],
  signer: [{ status: 'approved' }],
  admin: [{ status: 'signed' }],
  drafter: [{ status: 'returned', own: true }],
  reader: [],
}
const TODO_SHOWN = 10

async function todo(ctx: Ctx): Promise<BotMessage> {
  const wanted = WAITING[ctx.actor.role]
  if (!wanted.length) return { title: '待办', lines: ['只读成员没有待办事项。'], private: true }
  const items = []
  for (const w of wanted) {
    const page = await listDrafts(ctx, { status: w.status, limit: TODO_SHOWN, ...(w.own ? { author: ctx.actor.memberId } : {}) })
    items.push(...page.items)
  }
  const top = items.slice(0, TODO_SHOWN)
  return {
    title: `待办（${top.length}${items.length > TODO_SHOWN ? '+' : ''}）`,
    lines: top.length ? top.map((d) => `${draftName(d)}　${STATUS_LABEL[d.status]}　更新于 ${d.updatedAt.slice(0, 10)}`) : ['暂无等待您处理的文稿。'],
    links: top.map((d) => ({ label: `${shortNumber(d.id)} ${d.title}`.slice(0, 60), url: editorLink(ctx.env, d.id).url })),
    private: true,
  }
}

const DONE_LABEL = { approve: '审核通过', return: '退回修改', sign: '签发' } as const

/** "2026-12-02 17:03" in Beijing time. */
const beijingTime = (d = new Date()) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')

async function decide(ctx: Ctx, draftId: string, action: 'approve' | 'return' | 'sign', opts: { note?: string; expectedHash?: string }): Promise<BotMessage> {
  const result = await transitionDraft(ctx, draftId, { action, ...(opts.note ? { note: opts.note } : {}) }, opts.expectedHash ? { expectedHash: opts.expectedHash } : {})
  const view = await getDraft(ctx, draftId)
  const name = (await memberNames(ctx, [ctx.actor.memberId])).get(ctx.actor.memberId) ?? '成员'
  const lines = [`${name}于 ${beijingTime()} ${DONE_LABEL[action]}。现状态：${STATUS_LABEL[result.status]}。`]
  if (action === 'return' && opts.note) lines.push(`意见：${opts.note}`)
  for (const w of result.gate?.warnings ?? []) lines.push(w)
  return { title: draftName(view), lines, links: [editorLink(ctx.env, draftId)] }
}

/**
 * 督办 [单位]: the open items due soon and overdue — of the named unit, else of the units the member
 * is 联络员 of, else of the whole office — soonest deadline first.
 */
async function ducha(ctx: Ctx, unit: string | undefined): Promise<BotMessage> {
  const mine = unit ? [] : await unitsOfActor(ctx)
  const scopes: (string | undefined)[] = unit ? [unit] : mine.length ? mine : [undefined]
  const found = new Map<string, ItemView>()
  let more = false
  for (const scope of scopes) {
    for (const status of ['overdue', 'due_soon'] as const) {
      const page = await listItems(ctx, { status, limit: DUCHA_SHOWN * 2, ...(scope ? { unit: scope } : {}) })
      for (const i of page.items) found.set(i.id, i)
      more ||= !!page.nextCursor
    }
  }
  const items = [...found.values()].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id))
  const names = unit
    ? [(await listUnits(ctx)).items.find((u) => u.id === unit || u.name === unit || u.shortName === unit)?.name ?? unit]
    : await Promise.all(mine.map(async (id) => (await getUnit(ctx, id)).name))
  return duchaMessage(ctx.env, names.length ? `${names.join('、')}的` : '本办公室', items, more)
}

async function run(ctx: Ctx, cmd: Command, incoming: IncomingCommand): Promise<BotMessage> {
  switch (cmd.kind) {
    case 'help':
      return helpMessage(cmd.about)
    case 'search':
      return searchMessage(ctx.env, cmd.query, (await search(ctx, { q: cmd.query, limit: 20 })).results)
    case 'check':
      return checkMessage(await checkForOffice(ctx, { text: cmd.text }))
    case 'draft':
      return startDraft(ctx, cmd, incoming)
    case 'status':
      return status(ctx, await resolveDraft(ctx, cmd.draft))
    case 'todo':
      return todo(ctx)
    case 'ducha':
      return ducha(ctx, cmd.unit)
    case 'approve': {
      const id = await resolveDraft(ctx, cmd.draft)
      let expectedHash: string | undefined
      if (cmd.hash) {
        const now = await currentHash(ctx, id)
        if (!now.startsWith(cmd.hash)) throw new AppError('CONFLICT', '文稿在您查看后已被修改（内容校验码不符），请用“状态”查看最新内容后再审核')
        expectedHash = now
      }
      return { ...(await decide(ctx, id, 'approve', { ...(expectedHash ? { expectedHash } : {}) })), private: true }
    }
    case 'return':
      return { ...(await decide(ctx, await resolveDraft(ctx, cmd.draft), 'return', { note: cmd.note })), private: true }
    case 'sign':
      return { ...(await decide(ctx, await resolveDraft(ctx, cmd.draft), 'sign', {})), private: true }
    default: {
      const unreachable: never = cmd
      return unreachable
    }
  }
}

export const botHandlers: BotHandlers = {
  async command(env, incoming) {
    const requestId = newId('req')
    const parsed = parseCommand(incoming.text)
    if (parsed.ok && parsed.command.kind === 'help') return helpMessage(parsed.command.about)
    try {
      const entered = await enter(env, incoming.user, incoming.dedupeKey, requestId)
      if ('answer' in entered) return entered.answer
      if (!parsed.ok) return helpMessage(parsed.about, parsed.error)
      return await run(entered.ctx, parsed.command, incoming)
    } catch (e) {
      return failure(env, requestId, e)
    }
  },

  async action(env, act: IncomingAction) {
    const requestId = newId('req')
    try {
      const entered = await enter(env, act.user, act.dedupeKey, requestId)
      if ('answer' in entered) return entered.answer
      const { ctx } = entered
      if (act.action === 'open') return { title: '打开文稿', lines: [], links: [editorLink(env, act.draftId)], private: true }
      await loadDraft(ctx, act.draftId)
      return await decide(ctx, act.draftId, act.action, { expectedHash: act.contentHash, ...(act.action === 'return' ? { note: act.note || BUTTON_RETURN_NOTE } : {}) })
    } catch (e) {
      return failure(env, requestId, e)
    }
  },
}
