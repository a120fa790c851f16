/**
 * Nothing is lost: the unsaved edit of a draft is kept in localStorage (per draft, with the version it
 * was made on) on every change, so it survives a reload, a closed tab or a lost connection; it is
 * dropped only once a save of it succeeded.
 */
import type { SectionInput } from './sections'

export interface KeptEdit {
  /** The saved version the edit was made on: a save names it in If-Match. */
  base: number
  title: string
  sections: SectionInput[]
  /** The 要素 as edited (absent in edits kept before the panel existed). */
  variables?: Record<string, string>
  keptAt: string
}

const key = (draftId: string) => `wenfu:draft-edit:${draftId}`

export function readKept(draftId: string): KeptEdit | null {
  try {
    const raw = localStorage.getItem(key(draftId))
    if (!raw) return null
    const v = JSON.parse(raw) as KeptEdit
    return typeof v.base === 'number' && Array.isArray(v.sections) && typeof v.title === 'string' ? v : null
  } catch {
    return null
  }
}

/** Keeps the edit; false when the browser refused (storage full or disabled). */
export function keep(draftId: string, edit: Omit<KeptEdit, 'keptAt'>): boolean {
  try {
    localStorage.setItem(key(draftId), JSON.stringify({ ...edit, keptAt: new Date().toISOString() }))
    return true
  } catch {
    return false
  }
}

export function dropKept(draftId: string): void {
  try {
    localStorage.removeItem(key(draftId))
  } catch {
    // nothing kept
  }
}
