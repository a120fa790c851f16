/** Reading a submitted form (or a query) as a domain function's input. */

const trimmed = (form: Record<string, unknown>, k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '')

/** The form's non-empty fields among `keys`, trimmed: an empty optional field is absent, as in the API's JSON. */
export const filled = (form: Record<string, unknown>, keys: readonly string[]): Record<string, string> =>
  Object.fromEntries(keys.map((k) => [k, trimmed(form, k)]).filter(([, v]) => v !== ''))
