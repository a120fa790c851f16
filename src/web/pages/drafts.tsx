/** 新建文稿 (choose a template, fill it, pick materials, mode), its outline and generation, and 文稿编辑. */
import { Hono } from 'hono'
import { editorPage } from './draft-edit'
import { newDraftPage, outlinePage } from './draft-new'
import type { WebEnv } from '../types'

export const draftPages = new Hono<WebEnv>()
  .get('/drafts/new', (c) => newDraftPage(c))
  .get('/drafts/:id/outline', (c) => outlinePage(c))
  .get('/drafts/:id', (c) => editorPage(c))
