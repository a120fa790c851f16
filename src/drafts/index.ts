export { createDraft, getDraft, listDrafts, type DraftSummary } from './create'
export { editOutline, proposeOutline } from './outline'
export { beginJob, failJob, finishJob, getJob, startGeneration, type ComposeParams } from './jobs'
export { composeSection, type SectionSummary } from './write'
export { streamSection, type SectionStreamEvent } from './stream'
export { draftText, draftView } from './view'
export { proseOf, untracedFigures, validateMarkers } from './citations'
export { DRAFT_WRITERS, loadDraft, type DraftRow } from './store'
export * as draftSchemas from './schemas'
export type { DraftFlag, DraftSectionView, DraftView, JobView, Outline, OutlineSection } from './types'
export { checkDraft, type DraftCheckResult } from './check'
export {
  CARRIAGES,
  highestSensitivity,
  mayCarry,
  OUTBOUND_CHANNELS,
  SENSITIVITY_LABELS,
  sensitivityMark,
  sensitivityNotice,
  type Carriage,
  type OutboundChannel,
} from './disclosure'
// Drafts whose text another domain composed from its own record (督查通报 from src/ducha).
export { createSuppliedDraft, type SuppliedDraftInput } from './supplied'
