/**
 * 督查: the items list (ducha-list.tsx) and an item's page with its forms (ducha-item.tsx).
 * Server-rendered forms only; each action shows the item's page again with its result.
 */
import { Hono } from 'hono'
import { addFeedback, decideClosing, decideExtension, requestExtension, submitClosing } from '../../ducha'
import type { WebEnv } from '../types'
import { itemAction, itemPage } from './ducha-item'
import { listPage } from './ducha-list'

export const duchaPages = new Hono<WebEnv>()
  .get('/ducha', (c) => listPage(c))
  .get('/ducha/items/:id', (c) => itemPage(c))
  .post('/ducha/items/:id/feedback', (c) =>
    itemAction(c, 'feedback', ['unitId', 'text', 'milestone', 'reportedOn'], (f) => addFeedback(c.var.ctx, c.req.param('id'), f), '进展反馈已提交。'),
  )
  .post('/ducha/items/:id/closing', (c) => itemAction(c, 'closing', ['text'], (f) => submitClosing(c.var.ctx, c.req.param('id'), f), '办结报告已提交，等待销号。'))
  .post('/ducha/items/:id/closing/decision', (c) =>
    itemAction(c, 'closing-decision', ['decision', 'note'], (f) => decideClosing(c.var.ctx, c.req.param('id'), f), '已处理办结报告。'),
  )
  .post('/ducha/items/:id/extensions', (c) =>
    itemAction(c, 'extension', ['requestedDeadline', 'reason'], (f) => requestExtension(c.var.ctx, c.req.param('id'), f), '延期申请已提交。'),
  )
  .post('/ducha/items/:id/extensions/:extensionId/decision', (c) =>
    itemAction(c, `extension-decision:${c.req.param('extensionId')}`, ['decision', 'note'], (f) => decideExtension(c.var.ctx, c.req.param('id'), c.req.param('extensionId'), f), '已处理延期申请。'),
  )
