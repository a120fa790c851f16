// Command-line parsing and where the CLI connects: pure functions, tested in tests/node/cli-args.test.ts.
import path from 'node:path'
import { devInfoFile, readDevInfo, readDevVars } from '../../scripts/lib.mjs'

/** Flags that may be given more than once; each collects a list. */
const REPEATABLE = new Set(['var', 'finding', 'precedent', 'section'])
/** Flags that never take a value. */
const BOOLEAN = new Set(['json', 'help', 'no-wait', 'md', 'sensitive', 'quiet'])

/**
 * `--k v`, `--k=v`, repeated `--var a=b`, booleans; everything else is positional. A value may
 * start with `--` only in the `--k=v` form.
 */
export function parseArgs(argv) {
  const positional = []
  const flags = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '-h') {
      flags.help = true
      continue
    }
    if (!a.startsWith('--') || a === '--') {
      positional.push(a)
      continue
    }
    const eq = a.indexOf('=')
    const k = eq > 0 ? a.slice(2, eq) : a.slice(2)
    let v
    if (eq > 0) v = a.slice(eq + 1)
    else if (!BOOLEAN.has(k) && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) v = argv[++i]
    else v = true
    if (REPEATABLE.has(k)) (flags[k] ??= []).push(v)
    else flags[k] = v
  }
  return { positional, flags }
}

/** `["subject=开展检查", "deadline=6月底前"]` → `{ subject: "开展检查", deadline: "6月底前" }`. */
export function parseVars(list = []) {
  const out = {}
  for (const item of list) {
    const s = String(item)
    const eq = s.indexOf('=')
    if (eq <= 0) throw new Error(`变量应写成 名=值，如 --var subject=开展安全生产检查（收到“${s}”）`)
    out[s.slice(0, eq).trim()] = s.slice(eq + 1)
  }
  return out
}

export const ROLES = ['admin', 'drafter', 'reviewer', 'signer']

/**
 * Which server and which token. The server: --url, WENFU_URL, the dev server `npm run dev`
 * announced in .wrangler/wenfu-dev.json (whatever port it was started on), then 127.0.0.1:8787.
 * The token: --token, --as <role> (the demo members npm run dev created; admin is the bootstrap
 * token), WENFU_TOKEN, then the bootstrap token in ./.dev.vars.
 */
export function resolveConnection(flags, env = process.env, cwd = process.cwd()) {
  const info = readDevInfo(env.WENFU_DEV_FILE || devInfoFile(cwd))
  const url = flags.url || env.WENFU_URL || info?.url || 'http://127.0.0.1:8787'
  const bootstrap = readDevVars(path.join(cwd, '.dev.vars')).WENFU_BOOTSTRAP_TOKEN || ''
  let token = typeof flags.token === 'string' ? flags.token : ''
  if (!token && flags.as) {
    const role = String(flags.as)
    if (!ROLES.includes(role)) throw new Error(`--as 应为 ${ROLES.join('、')} 之一（收到“${role}”）`)
    token = role === 'admin' ? bootstrap : info?.tokens?.[role] || ''
    if (!token) throw new Error(`找不到示例${role === 'admin' ? '管理员' : '成员'}（${role}）的令牌：请先运行 npm run dev（它会创建示例成员并记下令牌）`)
  }
  token ||= env.WENFU_TOKEN || bootstrap
  return { url, token, from: flags.url ? '--url' : env.WENFU_URL ? 'WENFU_URL' : info?.url ? 'dev' : 'default' }
}
