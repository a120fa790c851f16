/** Filling a template's {variables} and working out a draft's length target. */
import type { TemplateDefinition, TemplateVariable } from './types'

/** The values a draft uses: what people gave, else the template's defaults. */
export function effectiveVariables(def: TemplateDefinition, given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const v of def.variables) {
    const value = given[v.name]?.trim() || v.default
    if (value) out[v.name] = value
  }
  return out
}

/** Replaces {name} with the value, or with a 【待补】 placeholder naming what is missing. */
export function fill(text: string, def: TemplateDefinition, values: Record<string, string>): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const value = values[name]
    if (value) return value
    const v = def.variables.find((x) => x.name === name)
    return v ? `【待补：${v.label}】` : whole
  })
}

export function missingRequired(def: TemplateDefinition, given: Record<string, string>): TemplateVariable[] {
  return def.variables.filter((v) => v.required && !given[v.name]?.trim() && !v.default)
}

/** Characters the draft should have: minutes × chars per minute for speeches, else the template's target. */
export function targetLength(def: TemplateDefinition, values: Record<string, string>): { chars: number; minutes: number | null } {
  const { charsPerMinute, minutesVariable, targetChars } = def.length
  if (charsPerMinute && minutesVariable) {
    const minutes = Number(values[minutesVariable])
    if (Number.isFinite(minutes) && minutes > 0 && minutes <= 240) return { chars: Math.round(minutes * charsPerMinute), minutes }
  }
  return { chars: targetChars, minutes: null }
}
