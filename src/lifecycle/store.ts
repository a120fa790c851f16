/** Queries of the lifecycle domain, always within the actor's office. */
import type { Ctx } from '../core/context'
import { AppError } from '../core/errors'
import { loadDraft } from '../drafts'

/** The draft moved on while we were writing: the caller answers 409 with what is current now. */
export async function staleConflict(ctx: Ctx, id: string, message = '文稿已被他人修改，请基于最新版本重新保存'): Promise<AppError> {
  const now = await loadDraft(ctx, id)
  return new AppError('CONFLICT', message, { currentVersion: now.version, status: now.status })
}
