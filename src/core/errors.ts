/**
 * The one error type of Wenfu. Domain code throws `AppError`; each transport (REST, bots) maps
 * `code` to its own form exactly once. Messages are Chinese: people read them.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UPSTREAM',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export function httpStatus(code: ErrorCode): 400 | 401 | 403 | 404 | 409 | 412 | 413 | 429 | 500 | 502 {
  switch (code) {
    case 'VALIDATION':
      return 400
    case 'UNAUTHORIZED':
      return 401
    case 'FORBIDDEN':
      return 403
    case 'NOT_FOUND':
      return 404
    case 'CONFLICT':
      return 409
    case 'PRECONDITION_FAILED':
      return 412
    case 'PAYLOAD_TOO_LARGE':
      return 413
    case 'RATE_LIMITED':
      return 429
    case 'UPSTREAM':
      return 502
    case 'INTERNAL':
      return 500
    default: {
      const unreachable: never = code
      return unreachable
    }
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在`)
