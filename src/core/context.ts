import type { Db } from '../db/client'
import type { Role } from '../db/schema'
import type { Env } from '../env'

/** Who is acting: a member of exactly one office. */
export interface Actor {
  memberId: string
  officeId: string
  role: Role
  /** Admins of the default office administer the deployment (create offices, tokens elsewhere). */
  platformAdmin: boolean
}

/** What a domain function gets: never Hono's Context, so REST and bots call it alike. */
export interface Ctx {
  db: Db
  env: Env
  actor: Actor
  requestId: string
}
