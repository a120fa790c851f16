import { formatCases } from './cases/format'
import { genreCases } from './cases/genre'
import { numberCases } from './cases/numbers'
import { factCases, lexiconCases, placeholderCases, repetitionCases, typoCases } from './cases/others'
import { punctuationCases } from './cases/punctuation'
import { runCases } from './run-cases'

runCases({ ...formatCases, ...genreCases, ...numberCases, ...punctuationCases, ...typoCases, ...repetitionCases, ...placeholderCases, ...lexiconCases, ...factCases })
