/**
 * 新建文稿 and 文稿编辑: placeholders of the foundation, replaced by the editor's pages
 * (src/web/pages/draft*.tsx, client code under src/web/client/editor/).
 */
import { Hono } from 'hono'
import { getDraft } from '../../drafts'
import { page } from '../render'
import type { WebEnv } from '../types'

export const draftPages = new Hono<WebEnv>()
  .get('/drafts/new', (c) => page(c, { title: '新建文稿', nav: 'new-draft' }, <><h1>新建文稿</h1><p>新建文稿页面正在建设中。</p></>))
  .get('/drafts/:id', async (c) => {
    const draft = await getDraft(c.var.ctx, c.req.param('id'))
    return page(c, { title: draft.title || '文稿', nav: 'drafts' }, <><h1>{draft.title || '（未命名文稿）'}</h1><p>文稿编辑页面正在建设中。</p></>)
  })
