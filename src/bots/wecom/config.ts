/**
 * The WeCom (企业微信) self-built app's settings, read from Wrangler secrets (.dev.vars locally).
 * The callback needs only what decrypts and signs (CorpID, Token, EncodingAESKey); outbound calls
 * (message/send, update_template_card) need the app's AgentId and Secret and the API base URL, which
 * points at a fixed-IP egress proxy because WeCom takes server API calls only from trusted IPs.
 */
import { AppError } from '../../core/errors'
import type { Env } from '../../env'

export const CALLBACK_SECRETS = ['WECOM_CORP_ID', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const
export const API_SECRETS = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_API_BASE'] as const
type SecretName = (typeof CALLBACK_SECRETS)[number] | (typeof API_SECRETS)[number]

export interface CallbackConfig {
  corpId: string
  token: string
  encodingAesKey: string
  /** When set, a callback naming another app is refused. */
  agentId?: string
}

export interface ApiConfig {
  corpId: string
  agentId: number
  secret: string
  /** Without a trailing slash: `${apiBase}/cgi-bin/gettoken`. */
  apiBase: string
  timeoutMs: number
}

const DEFAULT_TIMEOUT_MS = 8000

const missingOf = (env: Env, names: readonly SecretName[]) => names.filter((n) => !env[n]?.trim())

const notConfigured = (missing: string[], what: string) =>
  new AppError('PRECONDITION_FAILED', `企业微信${what}尚未配置：缺少 ${missing.join('、')}。请管理员用 wrangler secret put 设置后重试（见 README“连接企业微信”）。`, { missing })

/** The callback's settings, or a refusal naming what is missing or malformed. */
export function callbackConfig(env: Env): CallbackConfig {
  const missing = missingOf(env, CALLBACK_SECRETS)
  if (missing.length) throw notConfigured(missing, '回调')
  const encodingAesKey = env.WECOM_ENCODING_AES_KEY!.trim()
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new AppError('PRECONDITION_FAILED', 'WECOM_ENCODING_AES_KEY 格式不对：应为企业微信后台生成的 43 位字母数字串，请重新复制后设置。')
  }
  const agentId = env.WECOM_AGENT_ID?.trim()
  return { corpId: env.WECOM_CORP_ID!.trim(), token: env.WECOM_TOKEN!.trim(), encodingAesKey, ...(agentId ? { agentId } : {}) }
}

export const apiConfigured = (env: Env) => missingOf(env, API_SECRETS).length === 0

/** The outbound API's settings, or a refusal naming what is missing or malformed. */
export function apiConfig(env: Env): ApiConfig {
  const missing = missingOf(env, API_SECRETS)
  if (missing.length) throw notConfigured(missing, '消息接口')
  const agentId = Number(env.WECOM_AGENT_ID!.trim())
  if (!Number.isSafeInteger(agentId) || agentId <= 0) throw new AppError('PRECONDITION_FAILED', 'WECOM_AGENT_ID 应为企业微信应用的 AgentId（一串数字）。')
  let apiBase: URL
  try {
    apiBase = new URL(env.WECOM_API_BASE!.trim())
  } catch {
    throw new AppError('PRECONDITION_FAILED', 'WECOM_API_BASE 不是有效的网址：应为出口代理的地址，如 https://wecom-proxy.example.gov.cn。')
  }
  if (apiBase.protocol !== 'https:' && apiBase.protocol !== 'http:') throw new AppError('PRECONDITION_FAILED', 'WECOM_API_BASE 须以 https:// 开头。')
  const timeout = Number(env.WECOM_API_TIMEOUT_MS ?? '')
  return {
    corpId: env.WECOM_CORP_ID!.trim(),
    agentId,
    secret: env.WECOM_SECRET!.trim(),
    apiBase: apiBase.href.replace(/\/+$/, ''),
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
  }
}
