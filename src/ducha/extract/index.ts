export { extractProposals, type ExtractOptions, type Proposal } from './proposals'
export { parseDeadline, RECURRENCES, type ParsedDeadline, type Recurrence } from './dates'
export { aliasesOf, assignRoles, findUnits, type RegistryUnit, type UnitMention } from './units'
export { splitClauses } from './sentences'
