import type { Ctx } from '../core/context'
import type { Env } from '../env'

/** Hono's environment for Wenfu: bindings plus the variables our middleware sets. */
export interface AppEnv {
  Bindings: Env
  Variables: { requestId: string; ctx: Ctx }
}
