import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { Ctx } from '../../src/core/context'
import { AppError } from '../../src/core/errors'
import { createDb } from '../../src/db/client'
import { createDraft } from '../../src/drafts'
import type { Env } from '../../src/env'
import { seededOffice, SPEECH_VARS } from '../helpers/compose'

const workerEnv = env as unknown as Env

function ctxFor(officeId: string, over: Partial<Env> = {}): Ctx {
  return {
    db: createDb(workerEnv.DB),
    env: { ...workerEnv, ...over },
    actor: { memberId: 'mem_test', officeId, role: 'drafter', platformAdmin: false },
    requestId: 'req_test',
  }
}

describe('compose mode', () => {
  it('defaults to assemble when no provider is configured', async () => {
    const s = await seededOffice()
    const draft = await createDraft(ctxFor(s.office.id, { OPENAI_BASE_URL: undefined }), { templateId: 'jianghua', variables: SPEECH_VARS })
    expect(draft.mode).toBe('assemble')
    // Assemble is the default, not a fallback: nothing says the mode was changed. (The seeded office's
    // restricted finding is reported as withheld from retrieval, which is another matter.)
    expect(draft.flags.map((f) => f.kind)).not.toContain('mode-fallback')
    expect(draft.flags.map((f) => f.kind)).toEqual(['restricted-withheld'])
  })

  it('falls back to assemble, and says so, when generate is asked for without a provider', async () => {
    const s = await seededOffice()
    const draft = await createDraft(ctxFor(s.office.id, { OPENAI_BASE_URL: undefined }), { templateId: 'jianghua', variables: SPEECH_VARS, mode: 'generate' })
    expect(draft.mode).toBe('assemble')
    expect(draft.flags[0]).toMatchObject({ kind: 'mode-fallback' })
  })

  it('defaults to generate when a provider is configured', async () => {
    const s = await seededOffice()
    const draft = await createDraft(ctxFor(s.office.id), { templateId: 'jianghua', variables: SPEECH_VARS, materials: { findingIds: s.publicIds } })
    expect(draft.mode).toBe('generate')
  })

  it('lets an internal provider take internal material, never restricted material', async () => {
    const s = await seededOffice()
    const internal = ctxFor(s.office.id, { WENFU_PROVIDER_TRUST: 'internal' })
    const ok = await createDraft(internal, { templateId: 'jianghua', variables: SPEECH_VARS, materials: { findingIds: s.internalIds } })
    expect(ok.materials).toHaveLength(2)
    const err = await createDraft(internal, { templateId: 'jianghua', variables: SPEECH_VARS, materials: { findingIds: [s.restrictedId] } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('FORBIDDEN')
    expect((err as AppError).message).toContain('敏感材料不得发送给任何模型')
  })

  it('uses the topic to find materials when none were picked', async () => {
    const s = await seededOffice()
    const draft = await createDraft(ctxFor(s.office.id, { OPENAI_BASE_URL: undefined }), { templateId: 'jianghua', variables: SPEECH_VARS })
    expect(draft.retrieval).toEqual({ query: '优化营商环境', limit: 8 })
    expect(draft.materials.length).toBeGreaterThan(0)
  })
})
