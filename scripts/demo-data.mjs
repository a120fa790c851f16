// Loads the demo data about 示例区 (demo/) through the API, once: skipped when findings exist.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { api } from './lib.mjs'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')

export async function loadDemo(baseUrl, token, log = console.log) {
  const existing = await api(baseUrl, token, 'GET', '/api/v1/findings', { query: { limit: 1 } })
  if (existing.items.length) return { loaded: false }
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
  return { loaded: true }
}
