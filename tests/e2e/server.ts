/**
 * Global setup of the e2e run: a copy of the project (wrangler dev reloads when watched files change,
 * and other work in the checkout must not do that mid-run), started with scripts/dev.mjs exactly as
 * `npm run dev` starts it — migrations, both Workers, the demo data, the checker warmed — on a free
 * port with its own state. The tests get the URL and the tokens through `inject('wenfu')`.
 *
 * The model is a local OpenAI-compatible stand-in (bench/compose/stand-in.mjs, the real chat
 * completions protocol, streams included) set through the variables the product reads
 * (OPENAI_BASE_URL, WENFU_MODEL, src/env.ts): drafts that ask for generate mode are written by it,
 * assemble-mode drafts stay assembled. Its streams send a few characters every STREAM_CHUNK_MS, so a
 * test sees text arrive before the end; a section whose heading holds CUT_MARK has its first stream
 * cut off midway (the product retries: a `restart` event); one whose heading holds FIGURE_MARK gets a
 * figure no material holds (the product flags it), and one with REJECT_MARK has its streams refused with a 400.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startStandIn } from '../../bench/compose/stand-in.mjs'

export interface WenfuServer {
  url: string
  bootstrap: string
  tokens: { drafter: string; reviewer: string; signer: string }
  /** Where failing tests put their screenshots. */
  artifacts: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    wenfu: WenfuServer
  }
}

const REPO = path.join(import.meta.dirname, '../..')
export const STREAM_CHUNK_MS = 250
export const CUT_MARK = '（断流）'
export const FIGURE_MARK = '（数字）'
export const UNTRACED_FIGURE = '1234'
export const REJECT_MARK = '（拒绝）'
export const ARTIFACTS = path.join(REPO, 'tests/e2e/.artifacts')

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })

let server: ChildProcess | undefined
let work: string | undefined
let model: Awaited<ReturnType<typeof startStandIn>> | undefined

export default async function setup(project: TestProject) {
  work = mkdtempSync(path.join(tmpdir(), 'wenfu-e2e-'))
  const root = path.join(work, 'project')
  mkdirSync(root)
  for (const entry of ['wrangler.toml', 'package.json', 'tsconfig.json', '.dev.vars.example', 'src', 'workers', 'migrations', 'prompts', 'scripts', 'bin', 'demo']) {
    cpSync(path.join(REPO, entry), path.join(root, entry), { recursive: true })
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'))
  rmSync(ARTIFACTS, { recursive: true, force: true })
  mkdirSync(ARTIFACTS, { recursive: true })
  const devFile = path.join(root, '.wrangler', 'wenfu-dev.json')
  const logFile = path.join(work, 'dev.log')
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '')
  const [port, inspector] = [await freePort(), await freePort()]
  const cut = new Set<string>()
  model = await startStandIn({
    delayMs: 50,
    chunkChars: 4,
    chunkDelayMs: STREAM_CHUNK_MS,
    cutStream: (call) => call.stream && call.section.includes(CUT_MARK) && !cut.has(call.section) && Boolean(cut.add(call.section)),
    reject: (call) => call.stream && call.section.includes(REJECT_MARK),
    answer: (call, text) => (call.section.includes(FIGURE_MARK) ? `${text}全区今年新增市场主体${UNTRACED_FIGURE}户。` : text),
  })
  const llmVars = { OPENAI_BASE_URL: `http://127.0.0.1:${model.port}/v1`, OPENAI_API_KEY: 'e2e', WENFU_MODEL: 'stand-in', WENFU_PROVIDER_TRUST: 'internal', WENFU_LLM_BACKOFF_MS: '100' }
  const env: NodeJS.ProcessEnv = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false' }
  for (const k of ['WENFU_URL', 'WENFU_TOKEN', 'WENFU_DEV_FILE']) delete env[k]
  const out = openSync(logFile, 'w')
  server = spawn(
    process.execPath,
    [path.join(root, 'scripts/dev.mjs'), '--port', String(port), '--ip', '127.0.0.1', '--persist-to', path.join(work, 'state'), '--inspector-port', String(inspector), '--show-interactive-dev-session=false', ...Object.entries(llmVars).flatMap(([k, v]) => ['--var', `${k}:${v}`])],
    // A file, not a pipe: nothing drains a pipe while the tests run, and a full pipe stalls the server.
    { cwd: root, env, stdio: ['ignore', out, out], detached: true },
  )
  closeSync(out)
  const until = Date.now() + 220_000
  while (!existsSync(devFile)) {
    if (server.exitCode !== null || Date.now() > until) throw new Error(`npm run dev did not come up:\n${log().slice(-3000)}`)
    await new Promise((r) => setTimeout(r, 500))
  }
  const info = JSON.parse(readFileSync(devFile, 'utf8')) as { url: string; tokens: WenfuServer['tokens'] }
  // dev.mjs generated .dev.vars from the example with a fresh bootstrap token.
  const bootstrap = /^WENFU_BOOTSTRAP_TOKEN=(\S+)/m.exec(readFileSync(path.join(root, '.dev.vars'), 'utf8'))?.[1]
  if (!bootstrap) throw new Error('no bootstrap token in the generated .dev.vars')
  project.provide('wenfu', { url: info.url, bootstrap, tokens: info.tokens, artifacts: ARTIFACTS })
  return () => {
    model?.server.close()
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    if (process.env.WENFU_E2E_KEEP) console.log(`e2e state kept in ${work}`)
    else if (work) rmSync(work, { recursive: true, force: true })
  }
}
