// One error type for everything the API answers with a 4xx/5xx; the error handler turns it into
// { error: { code, message } }. Messages are for developers and must never contain secrets or tokens.
export type ErrorCode =
  | 'invalid_request'
  | 'malformed_json'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'method_not_allowed'
  | 'request_timeout'
  | 'headers_too_large'
  | 'shutting_down'
  | 'state_unavailable'
  | 'invalid_login_code'
  | 'invite_required'
  | 'invalid_invite'
  | 'invite_expired'
  | 'role_not_allowed'
  | 'rate_limited'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'internal_error';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
