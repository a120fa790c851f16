export { createDraft, getDraft, listDrafts, type DraftSummary } from './create'
export { editOutline, proposeOutline } from './outline'
export { beginJob, finishJob, getJob, startGeneration, type ComposeParams } from './jobs'
export { failJob } from './job-state'
export { composeSection, type SectionSummary } from './write'
export { streamSection, type SectionStreamEvent } from './stream'
export { draftText, draftView } from './view'
export { figureSources, proseOf, untracedFigures, validateMarkers } from './citations'
export { loadMaterials, type Loaded as LoadedMaterials } from './materials'
export { DRAFT_WRITERS, draftIdsByPrefix, loadDraft, templateOf, type DraftRow } from './store'
export { contentHash, versionText, type DraftContent } from './content'
export { draftWriteStatements, getVersion, listVersions, loadContent, loadVersion, type DraftWrite, type VersionRow } from './versions'
export * as draftSchemas from './schemas'
/** The vocabulary of drafts, for the entry points' schemas (they never import db/schema). */
export { COMPOSE_MODES, COMPOSE_STATES, DRAFT_STATUSES, JOB_STATUSES, MATERIAL_ORIGINS, SECTION_KINDS, SECTION_STATUSES, type DraftStatus } from '../db/schema'
export { OUTLINE_SOURCES } from './types'
export type { DraftFlag, DraftSectionView, DraftView, JobView, Outline, OutlineSection } from './types'
export { checkDraft, checkDraftContent, contentCheckInput, type ContentCheckResult, type ContentSpan, type DraftCheckResult } from './check'
// The one decision of compose mode and provider, also for other domains' model calls (src/ducha).
export { assertProviderMaySee, composePlan, type ComposePlan } from './compose-mode'
export { draftWebhookData } from './sensitivity'
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
export { RECORD_FLAG, recordOf, unsupportedNumbers, type RecordFlag, type UnsupportedNumber } from './record'
