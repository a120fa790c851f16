export { extractProposals, proposalFor, type ExtractOptions, type Proposal } from './proposals'
export { parseDeadline, RECURRENCES, type ParsedDeadline, type Recurrence } from './dates'
export { aliasesOf, assignRoles, findUnits, type RegistryUnit, type UnitMention, type UnitRoles } from './units'
export { splitClauses, stripLead } from './sentences'
