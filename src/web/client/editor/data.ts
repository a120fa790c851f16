/** What the editor page (src/web/pages/draft-edit.tsx) hands its bundle in the #editor-data block: types only, shared by both. */

/** What a citation chip says about its material: title, source, date, 口径 and figures (findings). */
export interface MaterialInfo {
  marker: string
  kind: 'finding' | 'precedent'
  title: string | null
  sensitivity: string | null
  mark: string | null
  source: string | null
  date: string | null
  caliber: string | null
  figures: string[]
}

export interface EditorData {
  id: string
  title: string
  genre: string
  status: string
  statusLabel: string
  version: number
  role: string
  canEdit: boolean
  composeState: string
  sections: { id: string; heading: string; text: string; printHeading: boolean }[]
  /** Ids of the sections 重新生成本节 may stream (written sections of the outline). */
  regenerable: string[]
  materials: MaterialInfo[]
  actions: { action: string; label: string; needsNote: boolean }[]
  /** The template's variables (要素) as fields, and their stored values: saved with the text. */
  elements: ElementField[]
  variables: Record<string, string>
  /** The response's CSP nonce for CodeMirror's <style> element (EditorView.cspNonce). */
  styleNonce: string
}

/** One 要素 of the draft's template: locked ones are filled by people only (人工填写). */
export interface ElementField {
  name: string
  label: string
  required: boolean
  locked: boolean
}
