export const CHECKER_BUNDLE: string
export function buildChecker(outfile?: string): Promise<string>
