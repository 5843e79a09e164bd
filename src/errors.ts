import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error type of Pregón. Every failure a user can cause is an AppError with a
 * stable code and a Spanish message; the HTTP layer turns it into
 * `{ "error": { "code", "message", "details" } }` with `status`.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'rate_limited'
  | 'validation_failed'
  | 'plan_format'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'not_found'
  | 'conflict'
  | 'illegal_transition'
  | 'unprocessable'
  | 'network_failed'
  | 'internal';

const defaultStatus: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  rate_limited: 429,
  validation_failed: 400,
  plan_format: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  unprocessable: 422,
  network_failed: 502,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; status?: ContentfulStatusCode } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? defaultStatus[code];
    this.details = options.details ?? null;
  }
}

export function notFound(what: string, id: string | number): AppError {
  return new AppError('not_found', `No existe ${what} con id ${id}.`, { details: { id } });
}
