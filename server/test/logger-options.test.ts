// The logger configuration on its own: the default level, a chosen level, the redaction marker and
// the request serializer that drops query strings (a client may put a token there).
import { PassThrough } from 'node:stream';
import Fastify from 'fastify';
import { loggerOptions } from '../src/plugins/logger-options';

function logger(level?: string) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const app = Fastify({ logger: loggerOptions({ level, stream }) });
  return { log: app.log, lines: () => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

it('logs at info by default, not debug', () => {
  const l = logger();
  l.log.debug('hidden');
  l.log.info('shown');
  expect(l.lines().map((x) => x.msg)).toEqual(['shown']);
});

it('a chosen level applies (warn hides info; silent hides everything)', () => {
  const warn = logger('warn');
  warn.log.info('hidden');
  warn.log.warn('shown');
  expect(warn.lines().map((x) => x.msg)).toEqual(['shown']);
  const silent = logger('silent');
  silent.log.error('hidden');
  expect(silent.lines()).toEqual([]);
});

it('secrets are replaced by "[redacted]", top level and one level down', () => {
  const l = logger();
  l.log.info({ token: 'T-1', cfg: { appKey: 'K-1', inviteSecret: 'S-1' }, roomId: 'room-1' }, 'x');
  expect(l.lines()[0]).toMatchObject({ token: '[redacted]', cfg: { appKey: '[redacted]', inviteSecret: '[redacted]' }, roomId: 'room-1' });
});

it('a logged request shows method, path without the query, and the client address', () => {
  const l = logger();
  l.log.info({ req: { method: 'POST', url: '/v1/rtc/token?token=T-2', ip: '10.0.0.7', headers: { authorization: 'A' } } }, 'x');
  expect(l.lines()[0]?.req).toEqual({ method: 'POST', url: '/v1/rtc/token', remoteAddress: '10.0.0.7' });
});
