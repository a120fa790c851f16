/**
 * Out of the box: `npm run dev` (scripts/dev.mjs) on a random port with its own state, then the
 * CLI — finding the server by itself, through the file dev.mjs writes under .wrangler/ — walks the demo chain 起草 → 审核 →
 * 签发 → 印发 as the demo members, and `findings add` imports a file with bad lines.
 */
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemo } from '../../scripts/demo-data.mjs'
import { api, freePort, readDevVars } from '../../scripts/lib.mjs'

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..')
const work = mkdtempSync(path.join(tmpdir(), 'wenfu-demo-'))
/**
 * A fresh clone as far as `npm run dev` can tell: its own copy of the project (wrangler dev reloads
 * the Worker when files it watches change, which other work in the repository would cause), its
 * own .dev.vars generated from the example, so a developer's model settings play no part.
 */
const ROOT = path.join(work, 'project')
mkdirSync(ROOT)
for (const entry of ['wrangler.toml', 'package.json', 'tsconfig.json', '.dev.vars.example', 'src', 'workers', 'migrations', 'prompts', 'scripts', 'bin', 'demo']) {
  cpSync(path.join(REPO, entry), path.join(ROOT, entry), { recursive: true })
}
symlinkSync(path.join(REPO, 'node_modules'), path.join(ROOT, 'node_modules'))
/** Where dev.mjs announces itself by default, and where the CLI looks without being told. */
const devFile = path.join(ROOT, '.wrangler', 'wenfu-dev.json')

/** The environment of a person's shell: nothing set that points the CLI anywhere. */
function plainEnv() {
  const env = { ...process.env }
  for (const k of ['WENFU_URL', 'WENFU_TOKEN', 'WENFU_DEV_FILE']) delete env[k]
  return env
}
const state = path.join(work, 'state')
let server
const logFile = path.join(work, 'dev.log')
const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '')


/** The CLI as a person runs it in the project directory. */
function wenfu(...args) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/wenfu.mjs'), ...args], { cwd: ROOT, env: plainEnv(), encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, out: r.stdout, err: r.stderr }
}

function ok(...args) {
  const r = wenfu(...args)
  expect(r.status, `wenfu ${args.join(' ')}\n${r.out}\n${r.err}\n--- server ---\n${log().slice(-3000)}`).toBe(0)
  return r.out
}

beforeAll(async () => {
  const [port, inspector] = [await freePort(), await freePort()]
  const out = openSync(logFile, 'w')
  server = spawn(
    process.execPath,
    [path.join(ROOT, 'scripts/dev.mjs'), '--port', String(port), '--ip', '127.0.0.1', '--persist-to', state, '--inspector-port', String(inspector), '--show-interactive-dev-session=false'],
    // Output to a file, not a pipe: while spawnSync runs the CLI nothing would drain a pipe, and a
    // full pipe stalls the server mid-request.
    { cwd: ROOT, env: plainEnv(), stdio: ['ignore', out, out], detached: true },
  )
  closeSync(out)
  // dev.mjs writes the dev info file once the Worker answers and the demo data is loaded.
  const until = Date.now() + 280_000
  while (!existsSync(devFile)) {
    if (server.exitCode !== null || Date.now() > until) throw new Error(`npm run dev did not come up:\n${log().slice(-3000)}`)
    await new Promise((r) => setTimeout(r, 500))
  }
})

afterAll(() => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM')
    } catch {
      // already gone
    }
  }
  rmSync(work, { recursive: true, force: true })
})

describe('npm run dev, then the CLI', () => {
  it('announces the port it was started on and a token per demo role', () => {
    const info = JSON.parse(readFileSync(devFile, 'utf8'))
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(info.url).not.toBe('http://127.0.0.1:8787')
    expect(Object.keys(info.tokens).sort()).toEqual(['drafter', 'reviewer', 'signer'])
    expect(log()).toContain('示例数据已加载')
    expect(log()).toContain('督查示例数据已加载')
  })

  it('walks 起草 → 审核 → 签发 → 印发 on the demo data and gets a 发文字号 with the demo 机关代字', () => {
    expect(ok('templates')).toMatch(/tongzhi\s+通知/)
    const id = ok(
      '--as', 'drafter', 'draft', 'create', 'tongzhi', '--quiet', '--mode', 'assemble',
      '--var', 'subject=开展安全生产隐患排查整治',
      '--var', 'recipients=各镇党委和政府，各街道党工委和办事处，区直各单位',
      '--var', 'issuer=中共示例区委办公室',
      '--var', 'date=2026年12月2日',
      '--retrieve', '安全生产 隐患 排查',
    ).trim()
    expect(id).toMatch(/^drf_/)
    expect(ok('--as', 'drafter', 'outline', 'propose', id)).toContain('一、工作任务')
    const progress = ok('--as', 'drafter', 'generate', id)
    expect(progress).toMatch(/进度 \d+\/\d+ 节/)
    expect(progress).toContain('生成完成')
    const pack = ok('show', id)
    expect(pack).toContain('关于开展安全生产隐患排查整治的通知')
    expect(pack).toMatch(/\[F\d+\] 调研发现/)

    // The material pack is what a drafter writes from; the finished text is in demo/drafts/.
    const finished = path.join(ROOT, 'demo/drafts/anquan-tongzhi.md')
    expect(ok('check', finished)).toContain('必改 0')
    expect(ok('--as', 'drafter', 'draft', 'save', id, finished)).toMatch(/已保存为第 \d+ 版/)
    expect(ok('check', id)).toContain('审校完成：必改 0')

    // A step by the wrong role is refused and changes nothing.
    const wrong = wenfu('--as', 'drafter', 'approve', id)
    expect(wrong.status).toBe(1)
    expect(wrong.err).toContain('须由审核人操作')

    expect(ok('--as', 'drafter', 'submit', id)).toContain('现为“审核中”')
    expect(ok('--as', 'reviewer', 'approve', id, '--note', '同意')).toContain('现为“已审核”')
    expect(ok('--as', 'signer', 'sign', id)).toContain('现为“已签发”')
    const issued = ok('issue', id)
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
    expect(issued).toContain('现为“已印发”')
    expect(issued).toMatch(new RegExp(`发文字号 示区委办发〔${year}〕\\d+号`))
    const shown = ok('show', id)
    expect(shown).toContain('已印发')
    expect(shown).toMatch(new RegExp(`示区委办发〔${year}〕\\d+号`))
  })

  it('a draft returned with a note goes back to its drafter; return without a note is refused', () => {
    const id = ok('--as', 'drafter', 'draft', 'create', 'tongzhi', '--quiet', '--mode', 'assemble', '--var', 'subject=开展报表清理', '--retrieve', '报表 清理').trim()
    ok('--as', 'drafter', 'draft', 'save', id, path.join(ROOT, 'demo/drafts/anquan-tongzhi.md'))
    ok('--as', 'drafter', 'submit', id)
    const bare = wenfu('--as', 'reviewer', 'return', id)
    expect(bare.status).toBe(1)
    expect(bare.err).toContain('退回须说明理由')
    expect(ok('--as', 'reviewer', 'return', id, '--note', '请补充完成时限')).toContain('现为“已退回”')
    expect(ok('--as', 'drafter', 'revise', id)).toContain('现为“起草中”')
  })

  it('checks a .txt file and reports issues by line', () => {
    const file = path.join(work, '通知.txt')
    writeFileSync(file, '关于开展检查的通知\n各单位：\n请于2026年13月40日前报送。\n特此通知。\n')
    const out = ok('check', file, '--genre', '通知')
    expect(out).toMatch(/审校完成：必改 \d+/)
    expect(out).toMatch(/第 3 行第 \d+ 字/)
  })

  it('findings add reports bad lines by number and imports the rest', () => {
    const file = path.join(work, '调研发现.jsonl')
    const good = (t) => JSON.stringify({ title: t, body: `${t}的调研情况。`, source: { kind: '走访' }, sensitivity: 'public' })
    writeFileSync(file, [good(`演示发现甲${Date.now()}`), '{不是JSON', good(`演示发现乙${Date.now()}`), JSON.stringify({ title: '缺来源', body: '正文' }), good(`演示发现丙${Date.now()}`)].join('\n'))
    const r = wenfu('--as', 'drafter', 'findings', 'add', file)
    expect(r.status, r.out + r.err).toBe(2)
    expect(r.out).toContain('导入 3')
    expect(r.out).toContain('拒绝 2')
    expect(r.out).toMatch(/第 2 行\s+不是有效的 JSON/)
    expect(r.out).toMatch(/第 4 行\s+.*来源（source）/)
  })

  it('help is Chinese for every command', () => {
    for (const c of ['templates', 'draft', 'outline', 'generate', 'show', 'check', 'submit', 'approve', 'return', 'sign', 'issue', 'findings']) {
      const out = ok('help', c)
      expect(out, c).toMatch(/[\u4e00-\u9fff]/)
      expect(out.startsWith(`wenfu ${c}`), c).toBe(true)
    }
  })

  it('loading the demo again keeps the members, their tokens and the data as they are', async () => {
    const info = JSON.parse(readFileSync(devFile, 'utf8'))
    const token = readDevVars(path.join(ROOT, '.dev.vars')).WENFU_BOOTSTRAP_TOKEN
    const again = await loadDemo(info.url, token, () => {}, { tokensFile: path.join(state, 'wenfu-demo-tokens.json') })
    expect(again.loaded).toBe(false)
    expect(again.duchaLoaded).toBe(false)
    expect(again.agencyCode).toBe('示区委办发')
    expect(again.tokens).toEqual(info.tokens)
  })
  // Last: the Node process's fetches are then all within this test (a socket left idle since an
  // earlier test may be closed by the server under the next request).
  it('shows 督查 working on the demo: units, items in every status, stats and a 督查通报', async () => {
    const info = JSON.parse(readFileSync(devFile, 'utf8'))
    const get = (p) => api(info.url, info.tokens.drafter, 'GET', p)
    expect((await get('/api/v1/ducha/units')).items.length).toBeGreaterThanOrEqual(10)
    const items = (await api(info.url, info.tokens.drafter, 'GET', '/api/v1/ducha/items', { query: { limit: 100 } })).items
    expect(items).toHaveLength(12)
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(['signed_off', 'completed', 'in_progress', 'not_started', 'overdue', 'extension_requested']))
    const from = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10)
    const to = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10)
    const stats = await api(info.url, info.tokens.drafter, 'GET', '/api/v1/ducha/stats', { query: { from, to } })
    expect(stats.office.total).toBe(12)
    const tongbao = await api(info.url, info.tokens.drafter, 'POST', '/api/v1/ducha/tongbao', { json: { from, to, mode: 'assemble' } })
    expect(tongbao.figures.flagged).toEqual([])
    expect(tongbao.draft.sensitivity).toBe('internal')
  })
})
