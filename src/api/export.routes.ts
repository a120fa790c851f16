import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { EXPORT_FORMATS, exportDraft, exportRequest, exportRequestSchema, type ExportResult } from '../export'
import { errorResponses, idParam, jsonBody, security, validationHook } from './openapi'
import { SENSITIVITIES } from '../knowledge'
import type { AppEnv } from './types'

const tags = ['导出 Export']

const fileResponse = (description: string) => ({
  description,
  headers: z.object({
    'Content-Disposition': z.string().openapi({ description: '附件名（RFC 5987 filename*，中文文件名）' }),
    'X-Wenfu-Sensitivity': z.enum(SENSITIVITIES).openapi({ description: '导出内容所用材料的最高密级：public 公开、internal 内部、restricted 敏感' }),
    'X-Wenfu-Sensitivity-Notice': z.string().optional().openapi({ description: "内部或敏感材料的使用提示（RFC 5987 形式：UTF-8''…）" }),
  }),
  content: {
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: z.string().openapi({ format: 'binary' }) },
    'application/zip': { schema: z.string().openapi({ format: 'binary' }) },
    'text/markdown': { schema: z.string() },
    'text/html': { schema: z.string() },
  },
})

const routes = {
  draft: createRoute({
    method: 'get',
    path: '/drafts/{id}/export',
    tags,
    security,
    summary: '导出文稿：docx（GB/T 9704 版式）、md、html（打印样式）、pack（送审包：文稿、事实依据表、审校报告与 manifest.json）',
    description:
      'version 指定导出第几版（默认当前版）；compareTo=M 时 .docx 带有从第 M 版到导出版的修订标记；文稿中留有【待补】时 docx/pack 导出被拒绝并列出待补内容，确需导出请加 allowPlaceholders=true；md 默认去掉引用标注，citations=true 保留。',
    request: {
      params: idParam,
      query: z.object({
        format: z.enum(EXPORT_FORMATS),
        version: z.string().max(10).optional(),
        compareTo: z.string().max(10).optional(),
        allowPlaceholders: z.enum(['true', 'false']).optional(),
        citations: z.enum(['true', 'false']).optional(),
      }),
    },
    responses: { 200: fileResponse('导出的文件'), ...errorResponses, 412: errorResponses[409] },
  }),
  request: createRoute({
    method: 'post',
    path: '/export',
    tags,
    security,
    summary: '只排版：把请求中的标题、正文（Markdown）和要素排成 docx、md 或 html',
    description: '正文中 ## 与 ### 为一、二级标题；以“一、”“（一）”“1.”“（1）”开头的行无须 # 也按标题处理。fields 的字段名与模板的锁定变量一致。',
    request: { body: jsonBody(exportRequestSchema) },
    responses: { 200: fileResponse('排好版的文件'), ...errorResponses, 412: errorResponses[409] },
  }),
}

/** An ASCII stand-in for clients that ignore filename* (RFC 6266 §4.3), and the real name after it. */
export function contentDisposition(fileName: string, inline = false): string {
  const ext = fileName.slice(fileName.lastIndexOf('.'))
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '').replace(/["\\;]/g, '').trim()
  const fallback = ascii && ascii !== ext ? ascii : `wenfu-export${ext}`
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

function fileHeaders(r: ExportResult): Record<string, string> {
  const html = r.contentType.startsWith('text/html')
  return {
    'Content-Type': r.contentType,
    'Content-Disposition': contentDisposition(r.fileName, html),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    'X-Wenfu-Sensitivity': r.sensitivity,
    ...(r.notice ? { 'X-Wenfu-Sensitivity-Notice': `UTF-8''${encodeURIComponent(r.notice)}` } : {}),
    ...(r.version !== undefined ? { 'X-Wenfu-Version': String(r.version) } : {}),
    ...(r.contentHash ? { 'X-Wenfu-Content-Hash': r.contentHash } : {}),
    ...(html ? { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" } : {}),
  }
}

export const exportRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.draft, async (c) => {
    const r = await exportDraft(c.var.ctx, c.req.param('id'), c.req.query())
    return c.body(r.bytes as Uint8Array<ArrayBuffer>, 200, fileHeaders(r)) as never
  })
  .openapi(routes.request, async (c) => {
    const r = await exportRequest(c.var.ctx, await c.req.json())
    return c.body(r.bytes as Uint8Array<ArrayBuffer>, 200, fileHeaders(r)) as never
  })
