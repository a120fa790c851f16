/** 上传范文: drag and drop (or choose) several files; each goes to the import API with its own progress and result. */
import { Hono } from 'hono'
import { GENRES } from '../../templates'
import { IMPORT_EXTENSIONS, IMPORT_LIMITS, SENSITIVITIES } from '../../knowledge'
import { label } from '../labels'
import { page } from '../render'
import type { WebEnv } from '../types'

export const uploadPages = new Hono<WebEnv>().get('/knowledge/upload', (c) =>
  page(
    c,
    { title: '上传范文', nav: 'knowledge', scripts: ['upload'] },
    <>
      <p class="meta">
        <a href="/knowledge">知识库</a> › 上传范文
      </p>
      <h1>上传范文</h1>
      <p>
        支持 {IMPORT_EXTENSIONS.join('、')} 格式，可一次选择多个文件（每个不超过 {IMPORT_LIMITS.fileBytes / 1024 / 1024} MB）。旧版 .doc、.wps 请先另存为 .docx。
      </p>
      <form id="upload-form" class="upload-form">
        <div class="field-row">
          <div class="field">
            <label for="u-genre">文种 <span class="hint-text">（无法从标题判断时使用）</span></label>
            <select id="u-genre" name="genre">
              <option value="">自动判断</option>
              {GENRES.map((g) => (
                <option value={g}>{g}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="u-sensitivity">密级</label>
            <select id="u-sensitivity" name="sensitivity">
              {SENSITIVITIES.map((s) => (
                <option value={s} selected={s === 'internal'}>{label(s)}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="u-tags">标签 <span class="hint-text">（逗号分隔）</span></label>
            <input id="u-tags" name="tags" type="text" maxlength={900} />
          </div>
        </div>
        <div id="drop-zone" class="drop-zone">
          <p>把文件拖到这里，或</p>
          <label for="u-files" class="button">选择文件</label>
          <input id="u-files" name="files" type="file" multiple accept={IMPORT_EXTENSIONS.join(',')} class="file-input" />
        </div>
        <noscript>
          <p class="notice">上传需要浏览器启用脚本。</p>
        </noscript>
      </form>
      <section aria-labelledby="upload-results-title">
        <h2 id="upload-results-title">上传结果</h2>
        <p id="upload-summary" class="meta" aria-live="polite">尚未上传文件。</p>
        <ul id="upload-list" class="upload-list"></ul>
      </section>
    </>,
  ),
)
