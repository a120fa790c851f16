#!/usr/bin/env node
// Creates an admin member of the default office with a new API token, straight in D1 — the way to
// sign in to a deployment, where WENFU_BOOTSTRAP_TOKEN is never set.
// Usage: npm run admin:token -- --name 张三 [--remote] [--persist-to DIR]
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { OFFLINE_ENV } from './lib.mjs'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const value = (flag) => {
  const i = args.indexOf(flag)
  return i >= 0 ? args[i + 1] : undefined
}
const name = value('--name') ?? '系统管理员'
const id = (prefix) => `${prefix}_${randomBytes(10).toString('hex').slice(0, 16)}`
const token = `wf_${randomBytes(32).toString('base64url')}`
const hash = createHash('sha256').update(token).digest('hex')
const memberId = id('mem')
const quote = (s) => `'${String(s).replace(/'/g, "''")}'`
const sql = [
  `INSERT INTO members (id, office_id, name, role) VALUES (${quote(memberId)}, 'off_default', ${quote(name)}, 'admin');`,
  `INSERT INTO api_tokens (id, office_id, member_id, token_hash, prefix) VALUES (${quote(id('tok'))}, 'off_default', ${quote(memberId)}, ${quote(hash)}, ${quote(token.slice(0, 7))});`,
].join(' ')
const target = args.includes('--remote') ? ['--remote'] : ['--local', ...(value('--persist-to') ? ['--persist-to', value('--persist-to')] : [])]
const r = spawnSync(path.join(root, 'node_modules/.bin/wrangler'), ['d1', 'execute', 'DB', ...target, '--command', sql], {
  env: { ...process.env, ...OFFLINE_ENV },
  stdio: ['ignore', 'ignore', 'inherit'],
})
if (r.status !== 0) process.exit(r.status ?? 1)
console.log(`已创建管理员“${name}”（${memberId}）。访问令牌（只显示这一次）：\n${token}`)
