import type { Citation, ComposeMode, ComposeState, DocKind, DraftStatus, Genre, JobStatus, SectionStatus, Sensitivity, TokenUsage } from '../db/schema'

export interface OutlineSection {
  /** The id of the draft section this item becomes; stable across outline edits. */
  id: string
  key: string
  heading: string
  kind: 'written' | 'fixed'
  points: string[]
  findingIds: string[]
  precedentIds: string[]
  targetChars: number
}

export const OUTLINE_SOURCES = ['proposed', 'edited'] as const

export interface Outline {
  sections: OutlineSection[]
  /** proposed by Wenfu, or edited by a person. */
  source: (typeof OUTLINE_SOURCES)[number]
  updatedAt: string
}

export interface DraftFlag {
  kind: string
  message: string
  sectionId?: string
  [k: string]: unknown
}

export interface DraftMaterialView {
  marker: string
  kind: DocKind
  id: string
  title: string | null
  sensitivity: Sensitivity | null
}

export interface DraftSectionView {
  id: string
  key: string
  heading: string
  kind: 'written' | 'fixed'
  printHeading: boolean
  text: string
  status: SectionStatus
  citations: Citation[]
  flags: DraftFlag[]
  usage: TokenUsage
  chars: number
  targetChars: number | null
  attempts: number
  error: string | null
  updatedAt: string
}

export interface DraftView {
  id: string
  templateId: string
  templateVersion: number
  genre: Genre
  title: string
  status: DraftStatus
  mode: ComposeMode
  composeState: ComposeState
  jobId: string | null
  variables: Record<string, string>
  materials: DraftMaterialView[]
  retrieval: { query: string; limit: number } | null
  outline: Outline | null
  sections: DraftSectionView[]
  flags: DraftFlag[]
  usage: TokenUsage
  length: { chars: number; target: number; minutes: number | null; ratio: number }
  version: number
  createdAt: string
  updatedAt: string
}

export interface JobView {
  id: string
  draftId: string
  status: JobStatus
  mode: ComposeMode
  sections: { id: string; heading: string; status: SectionStatus; error: string | null }[]
  error: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}
