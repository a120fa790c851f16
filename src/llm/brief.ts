/**
 * What a section writer gets: the section's plan and only the materials assigned to it. Both the
 * model (through the prompt built in drafts/) and the deterministic assemble writer read the same
 * brief, so the two modes produce the same structure.
 */
import type { Sensitivity } from '../db/schema'

export interface BriefFinding {
  marker: string
  id: string
  title: string
  body: string
  source: string
  observedOn: string | null
  caliber: string | null
  sensitivity: Sensitivity
}

export interface BriefPassage {
  marker: string
  id: string
  title: string
  /** Where in the precedent the passage sits (its headings). */
  heading: string
  text: string
  sensitivity: Sensitivity
}

export interface SectionBrief {
  draftTitle: string
  genre: string
  templateName: string
  /** The genre's writing rules from the template (写作要求). */
  instructions: string
  heading: string
  purpose: string
  guidance: string
  points: string[]
  /** A skeleton with variables filled in; assemble mode starts from it. */
  skeleton: string | null
  /** Whether the section states facts (and so needs findings). */
  facts: boolean
  targetChars: number
  /** Non-locked variables the people filled in: context the writer may use as given. */
  variables: { label: string; value: string }[]
  findings: BriefFinding[]
  /** Findings that would have gone here but fell below the relevance floor: listed by assemble mode, never sent. */
  unused?: { marker: string; title: string; score: number }[]
  passages: BriefPassage[]
  /** Text of the sections already written, for continuity only (not a source of facts). */
  context: string | null
  /** The genre's closing formula, added by the system after the last section. */
  closing: string | null
}
