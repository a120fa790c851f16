/**
 * The Worker bench/bots/wecom.mjs runs: the product's app (createApp, so GET /healthz is the real
 * one) with the WeCom routes mounted as the lead mounts them, and stand-in handlers that answer at
 * once — the bench measures the adapter (verify, decrypt, parse, encrypt, sign), not the commands.
 * Copied into the bench's source tree as src/bench-wecom-worker.ts (imports rewritten to ./).
 */
import { createApp } from '../../src/app'
import type { BotHandlers } from '../../src/bots/types'
import { WECOM_MOUNT, wecomRoutes } from '../../src/bots/wecom'

const standIn: BotHandlers = {
  async command(_env, cmd) {
    return { title: `收到：${cmd.text}`, lines: ['检索到 3 条结果：', '1. 示例区安全生产隐患排查整治情况', '2. 2025年安全生产工作总结', '3. 关于加强安全生产工作的通知'], links: [{ label: '打开检索', url: 'https://wenfu.example.gov.cn/search?q=安全生产' }] }
  },
  async action(_env, act) {
    return { title: `李审 已${act.action === 'approve' ? '审核通过' : '退回'}`, lines: ['2026年12月2日 17:05'] }
  },
}

const app = createApp()
app.route(WECOM_MOUNT, wecomRoutes(standIn))
export default app
