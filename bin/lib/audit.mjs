// wenfu audit verify: walks the office's audit chain page by page, resumable by cursor.
import { api } from '../../scripts/lib.mjs'

export async function auditCommand(ctx, positional, flags) {
  if (positional[0] !== 'verify') throw new Error('用法：wenfu audit verify [--limit 每次条数] [--cursor 游标]')
  let cursor = flags.cursor
  let checked = 0
  for (;;) {
    const v = await api(ctx.url, ctx.token, 'GET', '/api/v1/audit/verify', { query: { limit: flags.limit, cursor } })
    checked += v.events
    if (!v.intact) {
      console.log(`审计链在第 ${v.brokenAt.seq} 条事件处断开：${v.brokenAt.reason}${v.brokenAt.id ? `（${v.brokenAt.id}）` : ''}`)
      console.log(`此前已校验通过至第 ${v.head?.seq ?? 0} 条。`)
      process.exitCode = 2
      return
    }
    if (v.complete) return console.log(`审计链完整：本次校验 ${checked} 条，已校验到最新事件（第 ${v.chainHead} 条）。`)
    cursor = v.nextCursor
    process.stderr.write(`已校验至第 ${v.head.seq} / ${v.chainHead} 条（续校游标 ${cursor}）\n`)
  }
}

