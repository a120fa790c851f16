export const WEB_DIST: string
export const WEB_ASSETS: string
export const WEB_META: string
export function webEntries(): Record<string, string>
export function buildWeb(): Promise<string>
