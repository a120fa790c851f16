/**
 * Post/Redirect/Get for the 工作台's forms, so a reload never repeats an action.
 *
 * A form that succeeds answers 303 to a page with `?done=<key>`; the key maps to a fixed Chinese
 * notice here, so nothing a person typed travels in the URL. A form whose answer must show a secret
 * once (a new token) cannot redirect: it carries a one-time nonce instead, and the domain derives
 * the new row's id from the session and the nonce (`formKey`), so the same form sent again (a
 * reload, a double click) finds its row already there and is refused with “该表单已提交过”.
 */
import type { Context } from 'hono'
import { AppError } from '../core/errors'
import { sha256Hex } from '../core/ids'
import type { WebEnv } from './types'

const DONE = {
  'member-created': '已创建成员。',
  'member-updated': '已保存成员的修改；已登录的会话立即按新的姓名和角色生效。',
  'token-revoked': '令牌已吊销，使用它登录的会话同时失效。',
  'access-linked': '已关联 Access 邮箱。',
  'bot-linked': '已关联聊天账号。',
  'bot-unlinked': '已解除关联。',
  'settings-saved': '设置已保存。',
  'lexicon-created': '已创建词库（第 1 版）。',
  'lexicon-saved': '已保存为新版本。',
  'lexicon-archived': '已停用词库，审校不再使用它。',
  'template-saved': '已保存模板，本办公室起草时使用这一版。',
  'template-deleted': '已删除本办公室的模板。',
  'template-created': '已新建模板，起草时可在“新建文稿”中该文种下选用。',
  'lexicon-restored': '已将旧版本的内容恢复为新版本（见下方版本列表）。',
} as const

export type DoneKey = keyof typeof DONE

/** The notice of the `?done=` key this page was redirected with, if it is one of ours. */
export function doneNotice(c: Context<WebEnv>): string | undefined {
  const key = c.req.query('done')
  return key && Object.hasOwn(DONE, key) ? DONE[key as DoneKey] : undefined
}

/** 303 to `path` (no query of its own) with the notice `done`, then `hash`. */
export const redirectDone = (c: Context<WebEnv>, path: string, done: DoneKey, hash = '') => c.redirect(`${path}?done=${done}${hash}`, 303)

/** The hidden field of a form that must not run twice. */
export const ONCE_FIELD = '_once'

export const newFormNonce = () => crypto.randomUUID()

/**
 * The one-time key of a submitted form: the nonce bound to the session's own id (the hash of its
 * cookie, which no page shows), so a person cannot choose the ids it names.
 */
export async function formKey(c: Context<WebEnv>, form: Record<string, unknown>): Promise<string> {
  const nonce = form[ONCE_FIELD]
  const session = c.get('session')
  if (typeof nonce !== 'string' || !/^[0-9a-f-]{36}$/.test(nonce) || !session) {
    throw new AppError('VALIDATION', '表单已过期，请刷新页面后重新填写')
  }
  return sha256Hex(`${session.id}:${nonce}`)
}
