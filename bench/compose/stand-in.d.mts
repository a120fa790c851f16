import type { Server } from 'node:http'

export interface StandInCall {
  section: string
  materials: { marker: string; title: string; figure: string | null }[]
  passages: string[]
  promptTokens: number
  stream: boolean
  model: string
  receivedAt: number
  answeredAt?: number
}

export function estimateTokens(text: string): number
export function startStandIn(opts?: {
  port?: number
  delayMs?: number
  chunkChars?: number
  chunkDelayMs?: number
  cutStream?: (call: StandInCall) => boolean
  answer?: (call: StandInCall, text: string) => string
  reject?: (call: StandInCall) => boolean
}): Promise<{ server: Server; calls: StandInCall[]; port: number }>
