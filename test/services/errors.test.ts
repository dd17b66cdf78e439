// services/platform/errors.ts directly: what a caller reads off a PlatformError (message, name, code,
// rawMessage) for each shape of platform failure, and how isPlatformError filters by category.
import { PlatformError, isPlatformError, toPlatformError } from '../../services/platform/errors';

describe('PlatformError', () => {
  test('the message names the API, the category, the code and the raw text; parts that are absent are left out', () => {
    expect(new PlatformError('tt.x', 'invalid-token', 21101, 'x:fail bad token').message).toBe(
      'tt.x failed: invalid-token (21101): x:fail bad token',
    );
    expect(new PlatformError('tt.x', 'timeout', undefined, 'no callback').message).toBe('tt.x failed: timeout: no callback');
    expect(new PlatformError('tt.x', 'unknown', 0, '').message).toBe('tt.x failed: unknown (0)');
    expect(new PlatformError('tt.x', 'disposed', undefined, '').message).toBe('tt.x failed: disposed');
  });

  test('is an Error named PlatformError (what logs and crash reports show)', () => {
    const e = new PlatformError('tt.x', 'busy', undefined, 'm');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('PlatformError');
    expect(String(e)).toBe('PlatformError: tt.x failed: busy: m');
  });
});

describe('toPlatformError', () => {
  test('a thrown Error keeps its message as rawMessage and its code fields', () => {
    expect(toPlatformError('tt.x', new TypeError('boom'))).toMatchObject({ category: 'unknown', code: undefined, rawMessage: 'boom' });
    const withCode = Object.assign(new Error('boom'), { errNo: 10200 });
    expect(toPlatformError('tt.x', withCode)).toMatchObject({ category: 'permission-denied', code: 10200, rawMessage: 'boom' });
  });

  test('a payload whose errMsg is not text, or no payload at all, has an empty rawMessage', () => {
    expect(toPlatformError('tt.x', { errNo: 21101, errMsg: 42 })).toMatchObject({ category: 'invalid-token', code: 21101, rawMessage: '' });
    expect(toPlatformError('tt.x', undefined)).toMatchObject({ category: 'unknown', code: undefined, rawMessage: '' });
  });

  test('an unknown 6-digit errorCode is kept as the code, ahead of errCode', () => {
    expect(toPlatformError('tt.x', { errorCode: 123456 })).toMatchObject({ category: 'unknown', code: 123456 });
    expect(toPlatformError('tt.x', { errorCode: 123456, errCode: 21101 })).toMatchObject({ category: 'unknown', code: 123456 });
  });

  test('only whole-number strings are codes: a code with text before or after it is no code', () => {
    expect(toPlatformError('tt.x', { errNo: '21101' }).code).toBe(21101);
    expect(toPlatformError('tt.x', { errNo: '-5' }).code).toBe(-5);
    expect(toPlatformError('tt.x', { errNo: 'x21101' })).toMatchObject({ category: 'unknown', code: undefined });
    expect(toPlatformError('tt.x', { errNo: '21101x' })).toMatchObject({ category: 'unknown', code: undefined });
  });
});

describe('isPlatformError', () => {
  const e = new PlatformError('tt.x', 'permission-denied', 10200, 'auth deny');
  test('without a category: any PlatformError, nothing else', () => {
    expect(isPlatformError(e)).toBe(true);
    expect(isPlatformError(new Error('x'))).toBe(false);
    expect(isPlatformError({ category: 'permission-denied' })).toBe(false);
  });
  test('with a category: only a PlatformError of that category', () => {
    expect(isPlatformError(e, 'permission-denied')).toBe(true);
    expect(isPlatformError(e, 'privacy-agreement')).toBe(false);
    expect(isPlatformError(new Error('x'), 'permission-denied')).toBe(false);
  });
});
