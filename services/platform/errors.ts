import type { PlatformFailure } from './tt-types';

/** What the UI can act on; one table maps every known platform code to one of these. */
export type ErrorCategory =
  | 'permission-denied'
  | 'privacy-agreement'
  | 'bad-parameter'
  | 'already-in-room'
  | 'invalid-token'
  | 'join-failed'
  | 'engine-destroyed'
  | 'capability-denied'
  | 'component-unavailable'
  | 'timeout'
  | 'unsupported'
  | 'disposed'
  | 'busy'
  | 'unknown';

// Codes from douyin-platform.md §2. errNo (short) and errorCode (6-digit) share this table.
const CODE_CATEGORIES: Readonly<Record<number, ErrorCategory>> = {
  10200: 'permission-denied',
  115990: 'permission-denied',
  10201: 'privacy-agreement',
  10202: 'privacy-agreement',
  20000: 'bad-parameter',
  172299: 'bad-parameter',
  21100: 'already-in-room',
  21101: 'invalid-token',
  21102: 'join-failed',
  115910: 'engine-destroyed',
  116183: 'capability-denied',
  10101: 'capability-denied',
  21200: 'component-unavailable',
  21301: 'component-unavailable',
};

function categoryOfCode(code: number | undefined): ErrorCategory {
  return code === undefined ? 'unknown' : CODE_CATEGORIES[code] || 'unknown';
}

/** One typed error for every platform failure, carrying the raw code and message. */
export class PlatformError extends Error {
  readonly api: string;
  readonly code: number | undefined;
  readonly category: ErrorCategory;
  readonly rawMessage: string;

  constructor(api: string, category: ErrorCategory, code: number | undefined, rawMessage: string) {
    super(`${api} failed: ${category}${code === undefined ? '' : ` (${code})`}${rawMessage ? `: ${rawMessage}` : ''}`);
    this.name = 'PlatformError';
    this.api = api;
    this.code = code;
    this.category = category;
    this.rawMessage = rawMessage;
    // ES2015 target: keep instanceof working for subclasses of Error.
    Object.setPrototypeOf(this, PlatformError.prototype);
  }
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

/**
 * The code of a failure payload. A payload may carry a short errNo and a 6-digit errorCode at once;
 * the errorCode is more specific (115990 = mic denied, 115910 = engine destroyed), so it wins
 * whenever it is one we know.
 */
function codeOf(failure: PlatformFailure | undefined | null): number | undefined {
  if (!failure) return undefined;
  const errNo = asNumber(failure.errNo);
  const errorCode = asNumber(failure.errorCode);
  const errCode = asNumber(failure.errCode);
  if (errorCode !== undefined && CODE_CATEGORIES[errorCode]) return errorCode;
  if (errNo !== undefined) return errNo;
  if (errorCode !== undefined) return errorCode;
  return errCode;
}

export function toPlatformError(api: string, failure: unknown): PlatformError {
  if (failure instanceof PlatformError) return failure;
  if (failure instanceof Error) {
    const f = failure as Error & PlatformFailure;
    const code = codeOf(f);
    return new PlatformError(api, categoryOfCode(code), code, f.errMsg || f.message);
  }
  const f = (failure && typeof failure === 'object' ? failure : {}) as PlatformFailure;
  const code = codeOf(f);
  return new PlatformError(api, categoryOfCode(code), code, typeof f.errMsg === 'string' ? f.errMsg : '');
}

export function isPlatformError(e: unknown, category?: ErrorCategory): e is PlatformError {
  return e instanceof PlatformError && (category === undefined || e.category === category);
}
