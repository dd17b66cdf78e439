// Numeric environment variables: the default when unset or blank, both bounds accepted, one past
// each bound refused with a startup error that names the variable, its range and what was given,
// and only plain decimal digits accepted (no "+600", "6e2", "0x258", "600.0").
import { type Config, ConfigError, loadConfig } from '../src/config';
import { configProblems } from './helpers';

// [variable, min, max, default, where it lands in Config]
const numeric: [string, number, number, number, (c: Config) => number][] = [
  ['PORT', 0, 65535, 8787, (c) => c.port],
  ['TOKEN_TTL_SECONDS', 60, 86400, 3600, (c) => c.tokenTtlSeconds],
  ['INVITE_TTL_SECONDS', 60, 30 * 86400, 7 * 86400, (c) => c.inviteTtlSeconds],
  ['RATE_LIMIT_PER_IP', 1, 1e9, 120, (c) => c.rateLimit.perIpPerMinute],
  ['RATE_LIMIT_PER_CALLER', 1, 1e9, 30, (c) => c.rateLimit.perCallerPerMinute],
  ['HEADERS_TIMEOUT_MS', 100, 600_000, 10_000, (c) => c.timeouts.headersMs],
  ['REQUEST_TIMEOUT_MS', 100, 600_000, 15_000, (c) => c.timeouts.requestMs],
  ['KEEP_ALIVE_TIMEOUT_MS', 100, 600_000, 72_000, (c) => c.timeouts.keepAliveMs],
  ['CALL_RING_TIMEOUT_SECONDS', 5, 300, 30, (c) => c.calls.ringTimeoutMs / 1000],
  ['CALL_DROP_GRACE_SECONDS', 5, 600, 20, (c) => c.calls.dropGraceMs / 1000],
  ['CALL_INVITES_PER_MINUTE', 1, 1e6, 20, (c) => c.calls.invitesPerMinute],
];

// Headers may not outlast the request: spread them so each timeout can reach its own bounds.
const spread = { HEADERS_TIMEOUT_MS: '100', REQUEST_TIMEOUT_MS: '600000' };
const load = (env: Record<string, string>) => loadConfig({ ...spread, ...env });

describe.each(numeric)('%s (%d..%d, default %d)', (name, min, max, fallback, read) => {
  it.each(['', '   '])('unset or blank (%j) gives the default', (blank) => {
    expect(read(loadConfig({}))).toBe(fallback);
    expect(read(loadConfig({ [name]: blank }))).toBe(fallback);
  });

  it('both bounds are accepted, surrounding whitespace ignored', () => {
    expect(read(load({ [name]: String(min) }))).toBe(min);
    expect(read(load({ [name]: String(max) }))).toBe(max);
    expect(read(load({ [name]: ` ${max}\n` }))).toBe(max);
  });

  it.each([min - 1, max + 1])('%d is refused, naming the variable, its range and the value', (value) => {
    expect(configProblems({ ...spread, [name]: String(value) })).toEqual([
      `${name} must be an integer between ${min} and ${max} (got "${value}")`,
    ]);
  });

  it.each(['+{n}', '{n}.0', '0x{h}', '{n}e0', '{n}s', '{n} {n}'])('%s is not a plain integer: refused', (shape) => {
    const raw = shape.replace(/\{n\}/g, String(min)).replace('{h}', min.toString(16));
    expect(configProblems({ ...spread, [name]: raw })).toEqual([`${name} must be an integer between ${min} and ${max} (got "${raw}")`]);
  });
});

describe('startup error', () => {
  it('lists every bad variable at once, one per line, under one heading', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: '70000', TOKEN_TTL_SECONDS: '1h' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(
      'Invalid token service configuration:\n' +
        '  - PORT must be an integer between 0 and 65535 (got "70000")\n' +
        '  - TOKEN_TTL_SECONDS must be an integer between 60 and 86400 (got "1h")',
    );
  });

  it('HEADERS_TIMEOUT_MS may equal REQUEST_TIMEOUT_MS but not exceed it', () => {
    expect(loadConfig({ HEADERS_TIMEOUT_MS: '15000', REQUEST_TIMEOUT_MS: '15000' }).timeouts).toMatchObject({ headersMs: 15_000, requestMs: 15_000 });
    expect(configProblems({ HEADERS_TIMEOUT_MS: '15001', REQUEST_TIMEOUT_MS: '15000' })).toEqual([
      'HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS',
    ]);
  });
});
