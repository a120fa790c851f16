/**
 * Compose test data: an office seeded through the public API with the demo findings of the
 * 营商环境 survey (5 public, 2 internal), one restricted finding and the demo speech on 营商环境.
 */
import { env } from 'cloudflare:workers'
import { introspectWorkflow, type WorkflowInstanceIntrospector } from 'cloudflare:test'
import demoFindings from '../../demo/findings.json'
import demoPrecedents from '../../demo/precedents.json'
import { call, json, makeOffice } from '../fixtures'

type DemoFinding = (typeof demoFindings.findings)[number]

const strip = ({ surveyKey: _s, ...f }: DemoFinding) => f

export async function seededOffice() {
  const office = await makeOffice(['admin', 'drafter', 'reader'])
  const picked = demoFindings.findings.filter((f) => f.surveyKey === 's1')
  const restricted = demoFindings.findings.find((f) => f.sensitivity === 'restricted')!
  const res = await call('POST', '/api/v1/findings/batch', { token: office.tokens.drafter, body: { items: [...picked, restricted].map(strip) } })
  if (res.status !== 200) throw new Error(`seed findings: ${res.status} ${await res.text()}`)
  const report = await json(res)
  const ids: Record<string, string> = {}
  for (const item of report.imported) ids[item.title] = item.id
  const speech = demoPrecedents.find((p) => p.genre === '讲话稿' && p.title.includes('营商环境'))!
  const p = await call('POST', '/api/v1/precedents', { token: office.tokens.drafter, body: speech })
  if (p.status !== 201) throw new Error(`seed precedent: ${p.status} ${await p.text()}`)
  const precedentId = (await json(p)).id as string
  const publicIds = picked.filter((f) => f.sensitivity === 'public').map((f) => ids[f.title]!)
  const internalIds = picked.filter((f) => f.sensitivity === 'internal').map((f) => ids[f.title]!)
  return { office, ids, publicIds, internalIds, restrictedId: ids[restricted.title]!, precedentId }
}

export const SPEECH_VARS = { topic: '优化营商环境', meeting: '全区优化营商环境工作推进会', speaker: '区委书记 张某某', minutes: '10' }

export async function createSpeech(token: string, body: Record<string, unknown>) {
  const res = await call('POST', '/api/v1/drafts', { token, body: { templateId: 'jianghua', variables: SPEECH_VARS, ...body } })
  if (res.status !== 201) throw new Error(`draft: ${res.status} ${await res.text()}`)
  return json(res)
}

/**
 * Runs `start` (which should start a generation) with Workflow retry delays disabled, and waits
 * for the instance to end in `status`. Returns what `start` returned.
 */
export async function runWorkflow<T>(
  start: () => Promise<T>,
  status: 'complete' | 'errored' = 'complete',
  inspect?: (instance: WorkflowInstanceIntrospector) => Promise<void>,
): Promise<T> {
  const introspector = await introspectWorkflow(env.COMPOSE)
  try {
    await introspector.modifyAll(async (m) => {
      await m.disableRetryDelays()
    })
    const result = await start()
    const [instance] = await introspector.get()
    if (!instance) throw new Error('no Workflow instance was created')
    await instance.waitForStatus(status)
    if (inspect) await inspect(instance)
    return result
  } finally {
    await introspector.dispose()
  }
}

export async function startGeneration(token: string, draftId: string, body?: unknown) {
  const res = await call('POST', `/api/v1/drafts/${draftId}/generate`, { token, body })
  if (res.status !== 202) throw new Error(`generate: ${res.status} ${await res.text()}`)
  return json<{ jobId: string; sections: { id: string; heading: string }[]; mode: string }>(res)
}

export async function getDraft(token: string, id: string) {
  const res = await call('GET', `/api/v1/drafts/${id}`, { token })
  if (res.status !== 200) throw new Error(`get draft: ${res.status} ${await res.text()}`)
  return json(res)
}
