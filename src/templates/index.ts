export { deleteTemplate, getTemplate, listTemplates, loadBuiltinTemplates, saveTemplate, templateInput } from './store'
export { inferTakes, parseTemplate, TemplateErrors } from './parse'
export { effectiveVariables, fill, missingRequired, targetLength } from './render'
export { LOCKED_FIELDS, SECTION_PURPOSES, type SectionPurpose, type Template, type TemplateDefinition, type TemplateSection, type TemplateVariable } from './types'
