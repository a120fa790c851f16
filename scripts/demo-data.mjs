// Loads the demo data about 示例区 (demo/) through the API. Idempotent, run at every `npm run dev`:
// the office's 机关代字 is set when missing, the demo members (one per role of the approval chain)
// get tokens kept in a file beside the local state, and findings, precedents and the 督查 demo
// (units, 联络员, 督办事项 with their feedback) are loaded once.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { api, ApiError } from './lib.mjs'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The demo office's 机关代字: 示例区委办公室 issues as 示区委办发〔2026〕1号. */
export const DEMO_AGENCY_CODE = '示区委办发'

/** One member per step of 起草 → 审核 → 签发; 印发 is the admin's (the bootstrap token). Names only:
 * the 工作台 shows the role beside the name (王文（起草人）). */
export const DEMO_MEMBERS = [
  { role: 'drafter', name: '王文' },
  { role: 'reviewer', name: '李审' },
  { role: 'signer', name: '张签' },
]

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

async function tokenWorks(baseUrl, token) {
  try {
    await api(baseUrl, token, 'GET', '/api/v1/surveys', { query: { limit: 1 } })
    return true
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return false
    throw e
  }
}

/** Sets the 机关代字 unless the office already has one (an admin may have chosen another). */
export async function ensureAgencyCode(baseUrl, token) {
  const settings = await api(baseUrl, token, 'GET', '/api/v1/admin/settings')
  if (settings.docAgencyCode) return settings.docAgencyCode
  await api(baseUrl, token, 'PUT', '/api/v1/admin/settings', { json: { docAgencyCode: DEMO_AGENCY_CODE } })
  return DEMO_AGENCY_CODE
}

/**
 * Tokens for the demo members, kept in `tokensFile` (a token is shown once, so it must be kept);
 * a missing or revoked one is replaced by a new member's token.
 */
export async function ensureDemoMembers(baseUrl, token, tokensFile) {
  const saved = (tokensFile && readJson(tokensFile)) || {}
  const tokens = {}
  let changed = false
  for (const m of DEMO_MEMBERS) {
    if (saved[m.role] && (await tokenWorks(baseUrl, saved[m.role]))) {
      tokens[m.role] = saved[m.role]
      continue
    }
    tokens[m.role] = (await api(baseUrl, token, 'POST', '/api/v1/admin/tokens', { json: { name: m.name, role: m.role } })).token
    changed = true
  }
  if (tokensFile && changed) {
    mkdirSync(path.dirname(tokensFile), { recursive: true })
    writeFileSync(tokensFile, JSON.stringify(tokens, null, 2) + '\n', { mode: 0o600 })
  }
  return tokens
}

async function loadKnowledge(baseUrl, token, log) {
  const existing = await api(baseUrl, token, 'GET', '/api/v1/findings', { query: { limit: 1 } })
  if (existing.items.length) return false
  const { surveys, findings } = JSON.parse(readFileSync(path.join(root, 'demo/findings.json'), 'utf8'))
  const precedents = JSON.parse(readFileSync(path.join(root, 'demo/precedents.json'), 'utf8'))
  const surveyIds = {}
  for (const { key, ...s } of surveys) surveyIds[key] = (await api(baseUrl, token, 'POST', '/api/v1/surveys', { json: s })).id
  const items = findings.map(({ surveyKey, ...f }) => ({ ...f, surveyId: surveyKey ? surveyIds[surveyKey] : undefined }))
  const f = await api(baseUrl, token, 'POST', '/api/v1/findings/batch', { json: { items } })
  let precedentCount = 0
  for (const p of precedents) {
    try {
      await api(baseUrl, token, 'POST', '/api/v1/precedents', { json: p })
      precedentCount++
    } catch (e) {
      if (e.status !== 409) throw e
    }
  }
  log(`示例数据已加载：调研课题 ${surveys.length} 个，调研发现 ${f.summary.imported} 条，范文 ${precedentCount} 篇`)
  if (f.summary.refused) log('未能加载的调研发现：', JSON.stringify(f.refused, null, 2))
  return true
}

/** YYYY-MM-DD of the Beijing day `days` from today: the demo's dates move with the day it is loaded. */
const dayFromToday = (days) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)

/**
 * 督查: the unit registry, a 联络员 for some units, and a dozen 督办事项 with their feedback, closing
 * reports, decisions and an extension request, so that every status shows (逾期 and 临期 included).
 * Loaded once: skipped when the office already has units.
 */
async function loadDucha(baseUrl, token, log) {
  const existing = await api(baseUrl, token, 'GET', '/api/v1/ducha/units')
  if (existing.items.length) return false
  const demo = JSON.parse(readFileSync(path.join(root, 'demo/ducha.json'), 'utf8'))
  const unitIds = {}
  for (const u of demo.units) unitIds[u.shortName ?? u.name] = (await api(baseUrl, token, 'POST', '/api/v1/ducha/units', { json: u })).id
  const liaisons = {}
  for (const unit of demo.liaisons) {
    const t = await api(baseUrl, token, 'POST', '/api/v1/admin/tokens', { json: { name: `${unit}联络员（示例）`, role: 'reader' } })
    await api(baseUrl, token, 'POST', `/api/v1/ducha/units/${unitIds[unit]}/members`, { json: { memberId: t.memberId } })
    liaisons[unit] = t.token
  }
  for (const { deadlineInDays, milestones = [], instruction, steps, ...item } of demo.items) {
    const created = await api(baseUrl, token, 'POST', '/api/v1/ducha/items', {
      json: {
        ...item,
        deadline: dayFromToday(deadlineInDays),
        milestones: milestones.map((m) => ({ title: m.title, due: dayFromToday(m.dueInDays) })),
        ...(instruction ? { source: { kind: 'instruction', instruction: { leader: instruction.leader, date: dayFromToday(instruction.dateInDays), text: instruction.text } } } : {}),
      },
    })
    const at = `/api/v1/ducha/items/${created.id}`
    const lead = liaisons[item.leadUnit]
    for (const step of steps) {
      switch (step.do) {
        case 'feedback':
          await api(baseUrl, liaisons[step.unit], 'POST', `${at}/feedback`, {
            json: { unitId: unitIds[step.unit], text: step.text, reportedOn: dayFromToday(-step.daysAgo), ...(step.milestone ? { milestone: step.milestone } : {}) },
          })
          break
        case 'closing':
          await api(baseUrl, lead, 'POST', `${at}/closing`, { json: { text: step.text, reportedOn: dayFromToday(-step.daysAgo) } })
          break
        case 'decision':
          await api(baseUrl, token, 'POST', `${at}/closing/decision`, { json: { decision: step.decision, ...(step.note ? { note: step.note } : {}) } })
          break
        case 'extension':
          await api(baseUrl, lead, 'POST', `${at}/extensions`, { json: { requestedDeadline: dayFromToday(step.requestedInDays), reason: step.reason } })
          break
        default:
          throw new Error(`demo/ducha.json: unknown step ${step.do}`)
      }
    }
  }
  log(`督查示例数据已加载：责任单位 ${demo.units.length} 个（联络员 ${demo.liaisons.length} 名），督办事项 ${demo.items.length} 项`)
  return true
}

/** Everything the demo needs; `tokensFile` keeps the demo members' tokens between runs. */
export async function loadDemo(baseUrl, token, log = console.log, { tokensFile } = {}) {
  const agencyCode = await ensureAgencyCode(baseUrl, token)
  const tokens = await ensureDemoMembers(baseUrl, token, tokensFile)
  const loaded = await loadKnowledge(baseUrl, token, log)
  const duchaLoaded = await loadDucha(baseUrl, token, log)
  return { loaded, duchaLoaded, agencyCode, tokens }
}

