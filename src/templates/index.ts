export { deleteTemplate, getTemplate, listTemplates, loadBuiltinTemplates, saveTemplate, templateInput } from './store'
export { parseTemplate, TemplateErrors } from './parse'
export { effectiveVariables, fill, missingRequired, targetLength } from './render'
export { LOCKED_FIELDS, type Template, type TemplateDefinition, type TemplateSection, type TemplateVariable } from './types'
