import type { Ctx } from '../core/context'
import type { Session } from '../core/sessions'
import type { Env } from '../env'

/** Hono's environment for the 工作台: `session` and `ctx` are set for signed-in requests only. */
export interface WebEnv {
  Bindings: Env
  Variables: { requestId: string; db: Ctx['db']; ctx: Ctx; session: Session | null; secureHeadersNonce?: string }
}
