#!/usr/bin/env node
// `npm run dev [-- wrangler dev flags]`: prepares .dev.vars, applies migrations to the local D1,
// starts both Workers with one wrangler dev — the API Worker (wrangler.toml, served on the port) and
// the checker Worker with the 错别字 model (workers/checker/wrangler.toml, reached over the CHECKER
// binding) — with D1, R2 and Workflows emulated under .wrangler/state, and loads the demo data once.
// Flags after `--` go to wrangler dev and apply to the API Worker, e.g. `--port 8788 --var KEY:VALUE`.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadDemo } from './demo-data.mjs'
import { api, devInfoFile, OFFLINE_ENV, readDevVars, waitForHealth, writeDevInfo } from './lib.mjs'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)
const env = { ...process.env, ...OFFLINE_ENV }
const args = process.argv.slice(2)
const wrangler = path.join(root, 'node_modules/.bin/wrangler')

const devVars = path.join(root, '.dev.vars')
if (!existsSync(devVars)) {
  copyFileSync(path.join(root, '.dev.vars.example'), devVars)
  const token = `dev_${randomBytes(24).toString('base64url')}`
  writeFileSync(devVars, readFileSync(devVars, 'utf8').replace('__GENERATED__', token))
  console.log('已生成 .dev.vars（本地引导令牌 WENFU_BOOTSTRAP_TOKEN 在其中）')
}
const token = readDevVars(devVars).WENFU_BOOTSTRAP_TOKEN

const flag = (name) => {
  const i = args.findIndex((a) => a === name || a.startsWith(name + '='))
  if (i < 0) return undefined
  return args[i].includes('=') ? args[i].split('=').slice(1).join('=') : args[i + 1]
}
const port = flag('--port') ?? '8787'
const persist = flag('--persist-to')

const migrate = spawnSync(
  wrangler,
  ['d1', 'migrations', 'apply', 'DB', '--local', ...(persist ? ['--persist-to', persist] : [])],
  { env, stdio: 'inherit' },
)
if (migrate.status !== 0) process.exit(migrate.status ?? 1)

const configs = ['-c', 'wrangler.toml', '-c', 'workers/checker/wrangler.toml']
const child = spawn(wrangler, ['dev', ...configs, ...(args.includes('--port') || args.some((a) => a.startsWith('--port=')) ? [] : ['--port', port]), ...args], {
  env,
  stdio: 'inherit',
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))

/**
 * Loads the 错别字 model once at startup. In local workerd, an isolate whose first check (the
 * model's large allocations) comes after a Workflow has run in it dies with a V8 fatal error
 * ("Check failed: !sweeper_.IsSweepingInProgress()") and answers 503 from then on; loaded first,
 * it does not happen. See docs/cli.md.
 */
async function warmChecker(base, token) {
  try {
    await api(base, token, 'POST', '/api/v1/check', { json: { text: '文辅本地服务启动自检。' } })
  } catch (e) {
    console.error('审校预热失败：', e.message)
  }
}

const ip = flag('--ip')
const base = `http://${ip && ip !== '0.0.0.0' ? ip : '127.0.0.1'}:${port}`
if (await waitForHealth(base)) {
  // The CLI finds this server, whatever its port, through the dev info file.
  const infoFile = devInfoFile(root)
  const info = { url: base, pid: process.pid, startedAt: new Date().toISOString(), tokens: {} }
  try {
    const demo = await loadDemo(base, token, console.log, { tokensFile: path.join(persist ?? '.wrangler/state', 'wenfu-demo-tokens.json') })
    info.tokens = demo.tokens
  } catch (e) {
    console.error('示例数据加载失败：', e.message)
  }
  await warmChecker(base, token)
  writeDevInfo(infoFile, info)
  console.log(`\n文辅已启动：${base}\n  API：${base}/api/v1（接口文档 ${base}/api/v1/openapi.json，需令牌）\n  命令行：npx wenfu help\n  本地令牌：.dev.vars 中的 WENFU_BOOTSTRAP_TOKEN（管理员）；示例起草人、审核人、签发人：npx wenfu --as drafter|reviewer|signer …\n`)
}
