/**
 * Delivering the chat outbox (src/webhooks/chat.ts): one Workflow instance per message. A message
 * with the result of 起草 first waits for its generation job; then the message is built for its
 * recipient (as that member sees the draft now, through the one disclosure rule) and sent through
 * the recipient's platform, retried with exponential backoff on timeouts, 5xx, rate limits and
 * expired tokens. Each attempt is recorded; a message that never goes out is marked failed for an
 * admin to see. Nothing here can undo the transition that queued it.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers'
import { checkDraft, contentHash, getDraft, getJob, loadContent, loadDraft, mayCarry } from '../drafts'
import type { Env } from '../env'
import { dayOf, getItem } from '../ducha'
import { memberContext, memberNames } from '../offices'
import { finishChatMessage, loadChatMessage, type ChatDeliveryParams, type ChatNotification } from '../webhooks'
import { senderFor } from './platforms'
import { BotDeliveryError, type BotMessage } from './types'
import { checkSummary, draftLines, draftName, duchaReminderMessage, editorLink, reviewButtons, STATUS_LABEL } from './views'

export const CHAT_RETRIES = { limit: 6, delay: '5 seconds', backoff: 'exponential' } as const
/** How long a 起草 result waits for its job: polls every JOB_POLL, at most JOB_POLLS times (~30 min). */
const JOB_POLL = '10 seconds'
const JOB_POLLS = 180

const TITLES: Record<string, string> = {
  'draft.submitted': '文稿已提交审核',
  'draft.approved': '文稿已审核通过',
  'draft.returned': '文稿已退回修改',
  'draft.signed': '文稿已签发',
  'draft.issued': '文稿已登记印发',
}

/** The message for one outbox row, as its recipient may see the draft now. */
export async function buildChatMessage(env: Env, row: ChatNotification): Promise<BotMessage> {
  const ctx = await memberContext(env, row.officeId, row.memberId, `req_${row.id}`)
  if (!ctx) throw new BotDeliveryError('收件成员已不存在', false)
  if (row.kind === 'ducha_reminder') {
    if (!row.itemId) throw new BotDeliveryError('催办消息缺少督办事项编号', false)
    // The note holds the reminder's day: the item as it is now (a report filed since changes its
    // status), 逾期 and the days left as of that day.
    const day = row.note && /^\d{4}-\d{2}-\d{2}$/.test(row.note) ? row.note : dayOf(new Date())
    const item = await getItem(ctx, row.itemId, new Date(`${day}T12:00:00+08:00`))
    const daysLeft = Math.round((Date.parse(item.deadline) - Date.parse(day)) / 86_400_000)
    return duchaReminderMessage(env, { ...item, daysLeft })
  }
  const draftId = row.draftId
  if (!draftId) throw new BotDeliveryError('消息缺少文稿编号', false)
  const view = await getDraft(ctx, draftId)
  const hash = await contentHash(await loadContent(ctx, await loadDraft(ctx, draftId)))
  const links = [editorLink(env, view.id)]
  if (row.kind === 'compose') {
    const job = row.jobId ? await getJob(ctx, row.jobId) : null
    const lines = draftLines(view, hash)
    if (job && job.status !== 'done') lines.unshift(`起草未全部完成：${job.error ?? '部分章节生成失败'}，可在系统中重新生成。`)
    try {
      lines.push(checkSummary((await checkDraft(ctx, view.id)).stats))
    } catch {
      lines.push('校对：文稿暂无正文，未校对。')
    }
    return { title: `起草完成：${draftName(view)}`, lines, links }
  }
  const actor = row.actorId ? (await memberNames(ctx, [row.actorId])).get(row.actorId) : undefined
  const lines = [`${actor ? `${actor}` : '有成员'}操作，当前状态：${STATUS_LABEL[view.status]}。`]
  if (row.note) lines.push(mayCarry('chat', view.sensitivity) === 'reference' ? '意见：请在系统中查看。' : `意见：${row.note}`)
  lines.push(...draftLines(view, hash))
  // The buttons act on the content the event was about; a press after a change is refused.
  const mayReview = ctx.actor.role === 'reviewer' && row.event === 'draft.submitted' && view.status === 'in_review'
  return {
    title: `${TITLES[row.event] ?? '文稿有新进展'}：${draftName(view)}`,
    lines,
    links,
    ...(mayReview ? { buttons: reviewButtons(view, row.contentHash ?? hash) } : {}),
  }
}

/** Whether a generation job has ended (done, failed or cancelled), as its outbox row's member sees it. */
async function jobEnded(env: Env, row: ChatNotification): Promise<boolean> {
  const ctx = await memberContext(env, row.officeId, row.memberId, `req_${row.id}`)
  if (!ctx || !row.jobId) return true
  const job = await getJob(ctx, row.jobId)
  return job.status !== 'queued' && job.status !== 'running'
}

type Attempt = { sent: boolean }

/**
 * One attempt, recorded: a retryable failure is thrown (the step retries it), anything else ends
 * the message, delivered or failed.
 */
export async function attemptChatDelivery(env: Env, id: string): Promise<Attempt | 'gone'> {
  const row = await loadChatMessage(env, id)
  if (!row || row.status !== 'pending') return 'gone'
  const fail = async (error: string) => {
    await finishChatMessage(env, id, { delivered: false, error })
    return { sent: false }
  }
  const sender = senderFor(row.platform)
  if (!sender) return fail(`尚未接入平台 ${row.platform}`)
  if (!sender.configured(env)) return fail(`平台 ${row.platform} 未配置密钥`)
  try {
    const msg = await buildChatMessage(env, row)
    await sender.send(env, { platform: row.platform, tenant: row.tenant, userId: row.userId }, msg, row.replyUrl ? { replyUrl: row.replyUrl } : undefined)
    await finishChatMessage(env, id, { delivered: true })
    return { sent: true }
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e)
    if (!(e instanceof BotDeliveryError) || !e.retryable) return fail(error)
    await finishChatMessage(env, id, { delivered: false, error, final: false })
    throw e
  }
}

export class BotDeliveryWorkflow extends WorkflowEntrypoint<Env, ChatDeliveryParams> {
  override async run(event: Readonly<WorkflowEvent<ChatDeliveryParams>>, step: WorkflowStep): Promise<{ delivered: boolean }> {
    const { notificationId } = event.payload
    const row = await step.do('load', async () => loadChatMessage(this.env, notificationId))
    if (!row) return { delivered: false }
    if (row.kind === 'compose') {
      for (let i = 0; i < JOB_POLLS; i++) {
        if (await step.do(`job ${i}`, async () => jobEnded(this.env, row))) break
        await step.sleep(`wait ${i}`, JOB_POLL)
      }
    }
    try {
      const outcome = await step.do('deliver', { retries: CHAT_RETRIES, timeout: '1 minute' }, async () => attemptChatDelivery(this.env, notificationId))
      return { delivered: outcome !== 'gone' && outcome.sent }
    } catch (e) {
      // The last retry failed (and was recorded): the message is given up, for an admin to see.
      const error = e instanceof Error ? e.message : String(e)
      await step.do('give up', async () => {
        await finishChatMessage(this.env, notificationId, { delivered: false, error, attempt: false })
        return { ok: true }
      })
      return { delivered: false }
    }
  }
}
