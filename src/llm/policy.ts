import { AppError } from '../core/errors'
import type { MaterialRef, ProviderTrust } from './types'

/**
 * Confidentiality (ARCHITECTURE.md): restricted material never goes to any model; internal material
 * goes only to a provider on the office's own or the upper level's network (trust = internal).
 */
export function mayReceive(trust: ProviderTrust, sensitivity: MaterialRef['sensitivity']): boolean {
  switch (sensitivity) {
    case 'public':
      return true
    case 'internal':
      return trust === 'internal'
    case 'restricted':
      return false
    default: {
      const unreachable: never = sensitivity
      return unreachable
    }
  }
}

export interface Violation extends MaterialRef {
  reason: string
}

export function confidentialityViolations(trust: ProviderTrust, materials: MaterialRef[]): Violation[] {
  return materials
    .filter((m) => !mayReceive(trust, m.sensitivity))
    .map((m) => ({
      ...m,
      reason: m.sensitivity === 'restricted' ? '敏感材料不得发送给任何模型' : '内部材料只能发送给内部部署的模型',
    }))
}

const KIND_LABEL: Record<MaterialRef['kind'], string> = { finding: '调研发现', precedent: '范文', draft: '文稿', ducha_item: '督办事项', ducha_feedback: '进展反馈', text: '粘贴的文本' }

/** Throws FORBIDDEN naming every material the provider may not see; nothing has been sent yet. */
export function assertMaySend(trust: ProviderTrust, materials: MaterialRef[]): void {
  const violations = confidentialityViolations(trust, materials)
  if (!violations.length) return
  const names = violations.map((v) => `${KIND_LABEL[v.kind]}“${v.title}”（${v.id}）：${v.reason}`)
  throw new AppError(
    'FORBIDDEN',
    `以下材料不能发送给当前模型（${trust === 'internal' ? '内部' : '外部'}模型），未发送任何内容：${names.join('；')}。可改用拼装模式（assemble），或去掉这些材料。`,
    {
      reason: 'confidentiality',
      providerTrust: trust,
      materials: violations.map(({ kind, id, title, sensitivity, reason }) => ({ kind, id, title, sensitivity, reason })),
    },
  )
}
