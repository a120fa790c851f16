#!/usr/bin/env node
// wenfu — 文辅命令行客户端. Talks to the Wenfu REST API; finds the local dev server by itself
// (bin/lib/args.mjs resolveConnection). The commands live in bin/lib/.
import { ApiError } from '../scripts/lib.mjs'
import { parseArgs, resolveConnection } from './lib/args.mjs'
import { auditCommand } from './lib/audit.mjs'
import { checkCommand, draftCommand, generateCommand, outlineCommand, showCommand, templatesCommand, transitionCommand } from './lib/drafts.mjs'
import { COMMAND_HELP, helpFor, OVERVIEW } from './lib/help.mjs'
import { findingsCommand, importCommand, searchCommand } from './lib/knowledge.mjs'

const TRANSITIONS = new Set(['submit', 'approve', 'return', 'revise', 'sign', 'issue'])

async function main(argv = process.argv.slice(2)) {
  const { positional, flags } = parseArgs(argv)
  const [command, ...rest] = positional
  if (!command || command === 'help') return console.log(rest[0] ? helpFor(rest[0]) : OVERVIEW)
  if (flags.help) return console.log(helpFor(command))
  if (!COMMAND_HELP[command]) throw new Error(`未知命令“${command}”。运行 wenfu help 查看用法`)
  const conn = resolveConnection(flags)
  if (!conn.token) throw new Error('未找到访问令牌：请设置 WENFU_TOKEN，或在项目目录运行（读取 .dev.vars）')
  if (TRANSITIONS.has(command)) return transitionCommand(conn, command, rest, flags)
  switch (command) {
    case 'import':
      return importCommand(conn, rest, flags)
    case 'search':
      return searchCommand(conn, rest, flags)
    case 'findings':
      return findingsCommand(conn, rest, flags)
    case 'templates':
      return templatesCommand(conn, rest, flags)
    case 'draft':
      return draftCommand(conn, rest, flags)
    case 'outline':
      return outlineCommand(conn, rest, flags)
    case 'generate':
      return generateCommand(conn, rest, flags)
    case 'show':
      return showCommand(conn, rest, flags)
    case 'check':
      return checkCommand(conn, rest, flags)
    case 'audit':
      return auditCommand(conn, rest, flags)
  }
}

main().catch((e) => {
  if (e instanceof ApiError) {
    console.error(`错误（HTTP ${e.status}）：${e.message}`)
    // Field issues, and whatever else the server lists with a message (e.g. what blocks a transition).
    for (const list of Object.values(e.body?.error?.details ?? {})) {
      if (Array.isArray(list)) for (const i of list) if (typeof i?.message === 'string') console.error(`  ${i.message}`)
    }
  } else if (e instanceof TypeError && e.message === 'fetch failed') {
    console.error(`无法连接文辅服务${e.cause?.code ? `（${e.cause.code}）` : ''}：请先运行 npm run dev，或用 WENFU_URL、--url 指定地址`)
  }
  else console.error(`错误：${e.message}`)
  process.exitCode = 1
})
