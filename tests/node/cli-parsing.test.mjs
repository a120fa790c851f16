// The CLI's pure parts: arguments, where it connects, reading findings files, the draft text forms.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseArgs, parseVars, resolveConnection } from '../../bin/lib/args.mjs'
import { readFindings } from '../../bin/lib/knowledge.mjs'
import { checkReport, draftMarkdown, lineColumn, parseDraftMarkdown } from '../../bin/lib/render.mjs'

const tmp = () => mkdtempSync(path.join(tmpdir(), 'wenfu-cli-'))

describe('parseArgs', () => {
  it('collects repeated --var and --finding, keeps booleans from eating the next word', () => {
    const { positional, flags } = parseArgs(['draft', 'create', 'tongzhi', '--var', 'subject=检查', '--var=deadline=6月底', '--json', 'x', '--finding', 'fnd_1', '--finding', 'fnd_2'])
    expect(positional).toEqual(['draft', 'create', 'tongzhi', 'x'])
    expect(flags).toEqual({ var: ['subject=检查', 'deadline=6月底'], json: true, finding: ['fnd_1', 'fnd_2'] })
  })

  it('reads -h and --help as help', () => {
    expect(parseArgs(['check', '-h']).flags.help).toBe(true)
    expect(parseArgs(['check', '--help']).flags.help).toBe(true)
  })
})

describe('parseVars', () => {
  it('splits at the first = only', () => {
    expect(parseVars(['basis=根据《条例》=第八条', 'subject=检查'])).toEqual({ basis: '根据《条例》=第八条', subject: '检查' })
  })

  it('refuses a variable without = in Chinese', () => {
    expect(() => parseVars(['subject'])).toThrow(/名=值/)
  })
})

describe('resolveConnection', () => {
  const devFile = (dir, info) => {
    const file = path.join(dir, 'dev.json')
    writeFileSync(file, JSON.stringify(info))
    return file
  }

  it('uses the URL and demo tokens the running dev server wrote, whatever its port', () => {
    const dir = tmp()
    const file = devFile(dir, { url: 'http://127.0.0.1:8799', pid: process.pid, tokens: { reviewer: 'wf_rev' } })
    writeFileSync(path.join(dir, '.dev.vars'), 'WENFU_BOOTSTRAP_TOKEN=dev_boot\n')
    const env = { WENFU_DEV_FILE: file }
    expect(resolveConnection({}, env, dir)).toMatchObject({ url: 'http://127.0.0.1:8799', token: 'dev_boot', from: 'dev' })
    expect(resolveConnection({ as: 'reviewer' }, env, dir).token).toBe('wf_rev')
    expect(resolveConnection({ as: 'admin' }, env, dir).token).toBe('dev_boot')
  })

  it('prefers --url and WENFU_URL over the dev file, --token and --as over WENFU_TOKEN', () => {
    const dir = tmp()
    const file = devFile(dir, { url: 'http://127.0.0.1:8799', pid: process.pid, tokens: { signer: 'wf_sig' } })
    const env = { WENFU_DEV_FILE: file, WENFU_URL: 'https://wenfu.example.gov.cn', WENFU_TOKEN: 'wf_env' }
    expect(resolveConnection({}, env, dir)).toMatchObject({ url: 'https://wenfu.example.gov.cn', token: 'wf_env' })
    expect(resolveConnection({ url: 'http://h:1', token: 'wf_flag' }, env, dir)).toMatchObject({ url: 'http://h:1', token: 'wf_flag' })
    expect(resolveConnection({ as: 'signer' }, env, dir).token).toBe('wf_sig')
  })

  it('ignores a dev file whose server process is gone', () => {
    const dir = tmp()
    const file = devFile(dir, { url: 'http://127.0.0.1:8799', pid: 2 ** 22 + 12345, tokens: {} })
    expect(resolveConnection({}, { WENFU_DEV_FILE: file }, dir).url).toBe('http://127.0.0.1:8787')
  })

  it('refuses an unknown role and a role without a demo token, in Chinese', () => {
    const dir = tmp()
    const file = devFile(dir, { url: 'http://127.0.0.1:8799', pid: process.pid, tokens: {} })
    expect(() => resolveConnection({ as: 'boss' }, { WENFU_DEV_FILE: file }, dir)).toThrow(/--as 应为/)
    expect(() => resolveConnection({ as: 'drafter' }, { WENFU_DEV_FILE: file }, dir)).toThrow(/npm run dev/)
  })
})

describe('readFindings', () => {
  it('numbers JSONL items by their line and reports lines that are not JSON objects', () => {
    const text = '{"title":"甲"}\n\n{title: 乙}\n[1]\n{"title":"丙"}\n'
    const { items, bad, unit } = readFindings('f.jsonl', text)
    expect(unit).toBe('行')
    expect(items.map((i) => [i.line, i.item.title])).toEqual([
      [1, '甲'],
      [5, '丙'],
    ])
    expect(bad).toEqual([
      { line: 3, reason: '不是有效的 JSON' },
      { line: 4, reason: '应为一个 JSON 对象' },
    ])
  })

  it('numbers a JSON array by position and accepts {findings: [...]}', () => {
    expect(readFindings('f.json', '{"findings":[{"title":"甲"},{"title":"乙"}]}').items.map((i) => i.line)).toEqual([1, 2])
    expect(() => readFindings('f.json', '{"items":1}')).toThrow(/findings/)
  })
})

describe('draft text forms', () => {
  const draft = {
    title: '关于开展检查的通知',
    sections: [
      { id: 's1', heading: '开头', text: '为……，现就有关事项通知如下：' },
      { id: 's2', heading: '一、工作任务', text: '（一）全面排查。\n\n（二）集中整治。' },
    ],
  }

  it('reads back what --md writes', () => {
    expect(parseDraftMarkdown(draftMarkdown(draft))).toEqual({
      title: draft.title,
      sections: draft.sections.map(({ heading, text }) => ({ heading, text })),
    })
  })

  it('keeps text before the first heading as a section without heading', () => {
    expect(parseDraftMarkdown('开头一段。\n\n## 一、任务\n内容').sections).toEqual([
      { heading: '', text: '开头一段。' },
      { heading: '一、任务', text: '内容' },
    ])
  })

  it('places a check issue by line and column', () => {
    const text = '第一行\n第二行有错字'
    expect(lineColumn(text, text.indexOf('错'))).toEqual({ line: 2, column: 5 })
    const report = checkReport(
      { issues: [{ level: 'must-fix', start: 8, end: 9, excerpt: '错', message: '错别字', suggestion: '对', source: '本办规则' }], stats: { byLevel: { 'must-fix': 1, suspect: 0, hint: 0 }, characters: 10 } },
      text,
    )
    expect(report).toContain('必改  第 2 行第 5 字  “错”  错别字  → 建议改为“对”')
    expect(report).toContain('必改 1，存疑 0，提示 0')
  })
})

describe('the CLI without a server', () => {
  const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bin/wenfu.mjs')
  const run = (...args) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, WENFU_DEV_FILE: path.join(tmp(), 'none.json') } })

  it('says in Chinese that it cannot reach the server, and exits 1', async () => {
    const port = await new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address()
        s.close(() => resolve(port))
      })
    })
    const r = run('--url', `http://127.0.0.1:${port}`, '--token', 'wf_x', 'templates')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('无法连接文辅服务')
  })

  it('names an unknown command and points to help', () => {
    const r = run('--token', 'wf_x', 'publish')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('未知命令“publish”')
  })
})
