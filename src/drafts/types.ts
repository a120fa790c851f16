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

/** A finding the pack did not use (below the relevance floor), listed instead of pasted. */
export interface UnusedFinding {
  findingId: string
  marker: string
  title: string
  /** Its relevance to the draft's topic (0–1). */
  score: number
  /** The section it would have gone to. */
  sectionId: string | null
}

export interface Outline {
  sections: OutlineSection[]
  /** 未采用: retrieved findings below the relevance floor. */
  unused?: UnusedFinding[]
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
  /** 【内部】/【敏感】 where the material is shown; null for public (or a deleted material). */
  mark: string | null
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
  /** The highest sensitivity of what this section cites. */
  sensitivity: Sensitivity
  /** Paragraphs of `text` that cite internal or restricted material, with the mark to show. */
  marks: MarkedPassage[]
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
  /** The highest sensitivity of the draft's materials: what the draft carries. */
  sensitivity: Sensitivity
  /** What that means for a person (drafts/disclosure.ts); null for public. */
  sensitivityNotice: string | null
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

/** A passage of a section that comes from internal or restricted material (drafts/sensitivity.ts). */
export interface MarkedPassage {
  start: number
  end: number
  sensitivity: 'internal' | 'restricted'
  /** 【内部】 or 【敏感】, for a view that shows it next to the passage. */
  mark: string
  markers: string[]
}
