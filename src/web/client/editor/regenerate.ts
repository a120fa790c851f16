/**
 * 重新生成本节: one section written again through POST /drafts/{id}/sections/{sectionId}/generate,
 * its text shown as it arrives. The SSE events (src/drafts/stream.ts): start, delta {text}, restart
 * {reason} (the model's stream broke and the call restarted: what was shown is void), done
 * {section, flags} (the validated text, saved on the server as a new version), error {error}. Used
 * by the outline page (one per section) and the editor (the section under the cursor).
 *
 * The preview is built from text nodes only; start and end are announced, the deltas are not.
 */
import { announce, ApiError, apiResponse, h } from '../lib'
import { readSse } from '../lib/sse'

export interface RegeneratedSection {
  id: string
  heading: string
  text: string
}
export interface RegenFlag {
  kind: string
  message: string
}
export interface RegenDone {
  section: RegeneratedSection
  flags: RegenFlag[]
}

type StreamEvent =
  | { type: 'start'; sectionId: string; heading: string; mode: 'generate' | 'assemble' }
  | { type: 'delta'; text: string }
  | { type: 'restart'; reason: string }
  | { type: 'done'; section: RegeneratedSection; flags: RegenFlag[] }
  | { type: 'error'; error: { code: string; message: string } }

const MODE_LABEL = { generate: '模型撰写', assemble: '拼装' } as const

/** The outcome of one run: the final text, or why there is none. */
export type RegenOutcome = { kind: 'done'; done: RegenDone } | { kind: 'stopped' } | { kind: 'failed' }

export interface Regenerator {
  /** The preview, status line, flags and 停止 button, for the page to place. */
  readonly element: HTMLElement
  /** Streams the section; resolves when it ended, however it ended. */
  run(section: { id: string; heading: string }): Promise<RegenOutcome>
  readonly running: boolean
}

/**
 * A regenerator for one place on a page. `label` names the preview for screen readers; errors go to
 * `onError` (the page's error box), with a message of the server's.
 */
export function sectionRegenerator(opts: { draftId: string; label: string; onError: (err: unknown) => void; onRunning?: (running: boolean) => void }): Regenerator {
  const status = h('p', { class: 'regen-status meta' })
  const preview = h('div', { class: 'regen-preview', role: 'region', 'aria-label': opts.label, tabindex: 0, hidden: true })
  const flags = h('ul', { class: 'regen-flags', hidden: true })
  const stopButton = h('button', { type: 'button', class: 'regen-stop', hidden: true, onclick: () => controller?.abort() }, '停止')
  const element = h('div', { class: 'regen' }, h('div', { class: 'regen-head' }, status, stopButton), preview, flags)
  let controller: AbortController | null = null

  function setState(state: 'streaming' | 'done' | 'stopped' | 'failed', text: string) {
    preview.dataset.state = state
    element.dataset.state = state
    status.textContent = text
  }

  async function run(section: { id: string; heading: string }): Promise<RegenOutcome> {
    if (controller) return { kind: 'failed' }
    controller = new AbortController()
    const signal = controller.signal
    preview.textContent = ''
    preview.hidden = false
    preview.setAttribute('aria-busy', 'true')
    flags.textContent = ''
    flags.hidden = true
    stopButton.hidden = false
    stopButton.setAttribute('aria-label', `停止生成“${section.heading}”`)
    opts.onRunning?.(true)
    setState('streaming', `正在重新生成“${section.heading}”……`)
    announce(`开始重新生成“${section.heading}”`)
    try {
      const res = await apiResponse(`/drafts/${encodeURIComponent(opts.draftId)}/sections/${encodeURIComponent(section.id)}/generate`, {
        method: 'POST',
        headers: { accept: 'text/event-stream' },
        signal,
      })
      if (!res.body) throw new ApiError(0, 'NETWORK', '浏览器无法读取生成结果，请换用新版浏览器')
      for await (const message of readSse(res.body)) {
        let ev: StreamEvent
        try {
          ev = JSON.parse(message.data) as StreamEvent
        } catch {
          continue
        }
        if (ev.type === 'start') setState('streaming', `正在重新生成“${ev.heading}”（${MODE_LABEL[ev.mode] ?? ev.mode}）……`)
        else if (ev.type === 'delta') preview.append(ev.text)
        else if (ev.type === 'restart') {
          preview.textContent = ''
          setState('streaming', `模型连接中断（${ev.reason}），已清空并重新生成……`)
          announce(`“${section.heading}”的生成中断（${ev.reason}），正在重试`)
        } else if (ev.type === 'done') {
          preview.textContent = ev.section.text
          showFlags(ev.flags)
          setState('done', ev.flags.length ? `“${ev.section.heading}”已重新生成，并保存为新版本；有 ${ev.flags.length} 处需要核实：` : `“${ev.section.heading}”已重新生成，并保存为新版本。`)
          announce(`“${ev.section.heading}”已重新生成${ev.flags.length ? `，有 ${ev.flags.length} 处需要核实` : ''}`)
          return { kind: 'done', done: { section: ev.section, flags: ev.flags } }
        } else if (ev.type === 'error') {
          throw new ApiError(res.status, ev.error.code, ev.error.message)
        }
      }
      throw new ApiError(0, 'NETWORK', '生成中断：连接已断开，本节可能没有更新，请重试')
    } catch (err) {
      if (signal.aborted) {
        setState('stopped', `已停止生成“${section.heading}”：本节保持原样。`)
        announce(`已停止生成“${section.heading}”`)
        return { kind: 'stopped' }
      }
      setState('failed', `“${section.heading}”没有重新生成。`)
      opts.onError(err)
      return { kind: 'failed' }
    } finally {
      controller = null
      preview.removeAttribute('aria-busy')
      stopButton.hidden = true
      opts.onRunning?.(false)
    }
  }

  function showFlags(list: RegenFlag[]) {
    flags.textContent = ''
    for (const f of list) flags.append(h('li', {}, f.message))
    flags.hidden = list.length === 0
  }

  return {
    element,
    run,
    get running() {
      return controller !== null
    },
  }
}
