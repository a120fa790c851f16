import { call, expectJson, makeOffice, unique } from '../fixtures'

export type Office = Awaited<ReturnType<typeof makeOffice>>

/** A new 通知 draft in assemble mode with its outline (so it has sections), as a drafter makes it. */
export async function makeDraft(office: Office, templateId = 'tongzhi', variables: Record<string, string> = { subject: unique('开展安全生产大检查') }) {
  const draft = await expectJson<{ id: string }>(
    await call('POST', '/api/v1/drafts', { token: office.tokens.drafter, body: { templateId, variables, mode: 'assemble' } }),
    201,
  )
  const outlined = await call('POST', `/api/v1/drafts/${draft.id}/outline`, { token: office.tokens.drafter, body: {} })
  if (outlined.status >= 300) throw new Error(`outline: ${outlined.status} ${await outlined.text()}`)
  return getDraft(office, draft.id)
}

export const getDraft = async (office: Office, id: string) =>
  expectJson<{ id: string; version: number; status: string; variables: Record<string, string>; sections: { id: string; heading: string; text: string }[] }>(
    await call('GET', `/api/v1/drafts/${id}`, { token: office.tokens.reader ?? office.tokens.drafter }),
    200,
  )

export function save(office: Office, id: string, version: number | null, sections: { id?: string; heading: string; text: string }[], token = office.tokens.drafter) {
  return call('PUT', `/api/v1/drafts/${id}`, {
    token,
    body: { sections },
    headers: version === null ? {} : { 'if-match': `"${version}"` },
  })
}

export const act = (office: Office, id: string, action: string, role: keyof Office['tokens'], note?: string) =>
  call('POST', `/api/v1/drafts/${id}/transitions`, { token: office.tokens[role], body: { action, ...(note ? { note } : {}) } })

/** Walks a draft through the chain up to `until` (inclusive). */
export async function advance(office: Office, id: string, until: 'submit' | 'approve' | 'sign' | 'issue') {
  const steps: [string, keyof Office['tokens']][] = [
    ['submit', 'drafter'],
    ['approve', 'reviewer'],
    ['sign', 'signer'],
    ['issue', 'admin'],
  ]
  for (const [action, role] of steps) {
    await expectJson(await act(office, id, action, role), 200)
    if (action === until) return
  }
}

export const ALL_ROLES = ['admin', 'drafter', 'reviewer', 'signer', 'reader'] as const
export const fullOffice = () => makeOffice([...ALL_ROLES])
