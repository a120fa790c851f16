import { assertMaySend, type MaterialRef, type ProviderTrust } from '../llm'

/** Refuses, before anything is sent, when any finding or precedent may not go to the provider. */
export function assertMaySendAll(trust: ProviderTrust, findings: MaterialRef[], precedents: MaterialRef[]): void {
  assertMaySend(trust, [...findings, ...precedents])
}
