import { describe, expect, it } from 'vitest'
import { CATEGORIES, listRules } from '../../src/checks'
import { formatCases } from './cases/format'
import { genreCases } from './cases/genre'
import { numberCases } from './cases/numbers'
import { factCases, lexiconCases, placeholderCases, repetitionCases, typoCases } from './cases/others'
import { punctuationCases } from './cases/punctuation'

const tables = { ...formatCases, ...genreCases, ...numberCases, ...punctuationCases, ...typoCases, ...repetitionCases, ...placeholderCases, ...lexiconCases, ...factCases }

describe('rule catalogue', () => {
  const catalogue = listRules()

  it('has at least 100 rules with complete metadata, in every category', () => {
    expect(catalogue.count).toBeGreaterThanOrEqual(100)
    for (const r of catalogue.rules) {
      expect(r.id).toMatch(/^[a-z]+\.[a-z0-9.-]+$/)
      expect(r.id.startsWith(`${r.category}.`)).toBe(true)
      expect(['must-fix', 'suspect', 'hint']).toContain(r.level)
      expect(r.source.length).toBeGreaterThan(3)
      expect(r.title).toMatch(/[\u4e00-\u9fff]/)
      expect(r.description).toMatch(/[\u4e00-\u9fff]/)
    }
    for (const c of CATEGORIES) expect(catalogue.categories.find((x) => x.id === c)!.count).toBeGreaterThan(0)
  })

  it('gives every rule at least one positive and one negative test case', () => {
    const missing = catalogue.rules.filter((r) => !tables[r.id]?.hit.length || !tables[r.id]?.clean.length).map((r) => r.id)
    expect(missing).toEqual([])
    const unknown = Object.keys(tables).filter((id) => !catalogue.rules.some((r) => r.id === id))
    expect(unknown).toEqual([])
  })
})
