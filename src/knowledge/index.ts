export { createFinding, deleteFinding, getFinding, listFindings, updateFinding, type Finding } from './findings'
export { createSurvey, deleteSurvey, getSurvey, listSurveys, updateSurvey, type Survey } from './surveys'
export {
  createPrecedent,
  deletePrecedent,
  getPrecedent,
  listPrecedents,
  openPrecedentOriginal,
  precedentOriginal,
  updatePrecedent,
  type Precedent,
} from './precedents'
export { search, searchDocuments, type DocumentHit, type SearchResult } from './search'
export { importFindings, importPrecedents, IMPORT_LIMITS, type ImportReport, type UploadedFile } from './importer'
export { IMPORT_EXTENSIONS } from './parsers'
export * as knowledgeSchemas from './schemas'
/** The vocabulary entry points need for their schemas (they never import db/schema). */
export { DOC_KINDS, SENSITIVITIES, SOURCE_KINDS, type DocKind, type Sensitivity } from '../db/schema'
export { toIndexText } from './bigrams'
export { parseQuery } from './query'
export { findingsByIds, precedentsByIds, precedentPassages, type Passage } from './batch'
export { readDocumentText, READ_TEXT_EXTENSIONS } from './read-text'
