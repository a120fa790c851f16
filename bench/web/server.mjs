// The product as `npm run dev` starts it (scripts/dev.mjs: migrations, both Workers, the demo data),
// on a free port with its own state, for the 工作台 benches. Returns the URL, the demo tokens, the
// bootstrap token and a stop().
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort, OFFLINE_ENV, readDevVars } from '../../scripts/lib.mjs'


export async function startDev(root) {
  const work = mkdtempSync(path.join(tmpdir(), 'wenfu-bench-web-'))
  const port = await freePort()
  const server = spawn(process.execPath, [path.join(root, 'scripts/dev.mjs'), '--port', String(port), '--ip', '127.0.0.1', '--persist-to', path.join(work, 'state'), '--show-interactive-dev-session=false'], {
    cwd: root,
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: 'ignore',
    detached: true,
  })
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM')
    } catch {
      // gone
    }
    rmSync(work, { recursive: true, force: true })
  }
  process.on('exit', stop)
  const tokensFile = path.join(work, 'state', 'wenfu-demo-tokens.json')
  const base = `http://127.0.0.1:${port}`
  for (const until = Date.now() + 240_000; ; ) {
    if (existsSync(tokensFile)) {
      const ok = await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)
      if (ok) break
    }
    if (Date.now() > until) throw new Error('npm run dev did not come up')
    await new Promise((r) => setTimeout(r, 1000))
  }
  await new Promise((r) => setTimeout(r, 3000)) // the demo data finishes loading
  const tokens = JSON.parse(readFileSync(tokensFile, 'utf8'))
  const bootstrap = readDevVars(path.join(root, '.dev.vars')).WENFU_BOOTSTRAP_TOKEN
  return { base, tokens, bootstrap, stop }
}
