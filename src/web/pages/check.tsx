/** 审校: paste any text or open a document, check it, and work through the checks panel. */
import { Hono } from 'hono'
import { AppError } from '../../core/errors'
import { GENRES } from '../../templates'
import { readDocumentText, READ_TEXT_EXTENSIONS } from '../../knowledge'
import { page } from '../render'
import type { WebEnv } from '../types'

/** A document opened for 审校 is read, never stored. */
const READ_LIMIT_BYTES = 20 * 1024 * 1024

export const checkPages = new Hono<WebEnv>()
  .get('/check', (c) =>
    page(
      c,
      { title: '审校', nav: 'check', scripts: ['check'] },
      <>
        <h1>审校</h1>
        <p>粘贴文字或打开文档，检查格式、数字、标点、错别字、规范提法等问题。快捷键：<kbd>Ctrl</kbd>+<kbd>Enter</kbd> 检查。</p>
        <div class="check-layout">
          <section class="check-input" aria-labelledby="check-input-title">
            <h2 id="check-input-title" class="visually-hidden">待检查的文字</h2>
            <div class="field-row">
              <div class="field">
                <label for="check-genre">文种</label>
                <select id="check-genre" name="genre">
                  <option value="">不指定</option>
                  {GENRES.map((g) => (
                    <option value={g}>{g}</option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="check-file">打开文档 <span class="hint-text">（{READ_TEXT_EXTENSIONS.join('、')}）</span></label>
                <input id="check-file" type="file" accept={READ_TEXT_EXTENSIONS.join(',')} />
              </div>
            </div>
            <div class="field">
              <label for="check-text">文字</label>
              <textarea id="check-text" rows={20} maxlength={200000} spellcheck={false}></textarea>
            </div>
            <div id="check-error" hidden></div>
            <div class="actions">
              <button type="button" id="check-run" class="primary" aria-keyshortcuts="Control+Enter">检查</button>
              <button type="button" id="check-fix-all" hidden>应用全部确定修改</button>
            </div>
            <noscript>
              <p class="notice">审校需要浏览器启用脚本。</p>
            </noscript>
          </section>
          <aside id="checks-panel" aria-labelledby="checks-title" class="card">
            <h2 id="checks-title">检查结果</h2>
          </aside>
        </div>
      </>,
    ),
  )
  .post('/check/read', async (c) => {
    const length = Number(c.req.header('content-length') ?? 0)
    if (length > READ_LIMIT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `文件超过上限 ${READ_LIMIT_BYTES / 1024 / 1024} MB`)
    const form = await c.req.parseBody()
    const file = form.file
    if (!(file instanceof File)) throw new AppError('VALIDATION', '请选择要打开的文档', { field: 'file' })
    if (file.size > READ_LIMIT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `文件超过上限 ${READ_LIMIT_BYTES / 1024 / 1024} MB`)
    return c.json(await readDocumentText(file.name, await file.arrayBuffer()), 200)
  })
