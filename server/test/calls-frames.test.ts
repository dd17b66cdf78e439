// parseFrame (docs/calls.md client frames) directly: a table of good frames that parse, and of bad
// frames that give the documented error code and echo the message id only when it is well formed.
import { parseFrame } from '../src/calls/frames';

const CALL_ID = 'abcd_-12';
const parse = (v: unknown, binary = false) => parseFrame(Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)), binary);

describe('good frames parse', () => {
  it.each([
    ['ping without id', { type: 'ping' }],
    ['ping with a 64-char id', { type: 'ping', id: '~'.repeat(64) }],
    ['hello dev', { type: 'hello', deviceId: 'a', auth: { userId: 'u'.repeat(128) } }],
    ['hello douyin, 512-char code', { type: 'hello', deviceId: 'A-z_0.9:'.padEnd(64, 'x'), auth: { code: 'c'.repeat(512) } }],
    ['accept, 8-char callId', { type: 'accept', callId: CALL_ID }],
    ['hangup, 64-char callId', { type: 'hangup', callId: 'x'.repeat(64) }],
    ['invite', { type: 'invite', callId: CALL_ID, callee: 'bob', media: 'audio' }],
    ['media', { type: 'media', callId: CALL_ID, media: 'video' }],
  ])('%s', (_name, frame) => {
    expect(parse(frame)).toEqual({ ok: true, frame });
  });

  it('a frame of exactly 4096 bytes is accepted; one byte more is too_large', () => {
    const base = JSON.stringify({ type: 'ping', pad: '' });
    const exact = JSON.stringify({ type: 'ping', pad: 'p'.repeat(4096 - base.length) });
    expect(Buffer.byteLength(exact)).toBe(4096);
    expect(parse(exact)).toMatchObject({ ok: true });
    expect(parse(exact.replace('"pad":"', '"pad":"p'))).toEqual({ ok: false, code: 'too_large' });
  });
});

describe('bad frames give their code', () => {
  it.each([
    ['binary JSON', () => parseFrame(Buffer.from('{"type":"ping"}'), true), 'bad_frame'],
    ['not JSON', () => parse('{"type":'), 'bad_frame'],
    ['a number', () => parse('42'), 'bad_frame'],
    ['a string', () => parse('"ping"'), 'bad_frame'],
    ['null', () => parse('null'), 'bad_frame'],
    ['an empty array', () => parse('[]'), 'bad_frame'],
    ['an array', () => parse('[{"type":"ping"}]'), 'bad_frame'],
    ['no type', () => parse({ callId: CALL_ID }), 'bad_request'],
    ['unknown type', () => parse({ type: 'teleport' }), 'unknown_type'],
    ['callId of 7 chars', () => parse({ type: 'accept', callId: 'abcdefg' }), 'bad_request'],
    ['callId of 65 chars', () => parse({ type: 'accept', callId: 'x'.repeat(65) }), 'bad_request'],
    ['callId with a dot', () => parse({ type: 'accept', callId: 'abcd.efgh' }), 'bad_request'],
    ['callId a number', () => parse({ type: 'cancel', callId: 12345678 }), 'bad_request'],
    ['empty deviceId', () => parse({ type: 'hello', deviceId: '', auth: { userId: 'bob' } }), 'bad_request'],
    ['deviceId of 65 chars', () => parse({ type: 'hello', deviceId: 'd'.repeat(65), auth: { userId: 'bob' } }), 'bad_request'],
    ['deviceId with a space', () => parse({ type: 'hello', deviceId: 'my phone', auth: { userId: 'bob' } }), 'bad_request'],
    ['empty code', () => parse({ type: 'hello', deviceId: 'd1', auth: { code: '' } }), 'bad_request'],
    ['code of 513 chars', () => parse({ type: 'hello', deviceId: 'd1', auth: { code: 'c'.repeat(513) } }), 'bad_request'],
    ['userId of 129 chars', () => parse({ type: 'hello', deviceId: 'd1', auth: { userId: 'u'.repeat(129) } }), 'bad_request'],
    ['userId with a space', () => parse({ type: 'hello', deviceId: 'd1', auth: { userId: 'no spaces' } }), 'bad_request'],
    ['no auth', () => parse({ type: 'hello', deviceId: 'd1' }), 'bad_request'],
    ['media hologram', () => parse({ type: 'media', callId: CALL_ID, media: 'hologram' }), 'bad_request'],
    ['invite without callee', () => parse({ type: 'invite', callId: CALL_ID, media: 'audio' }), 'bad_request'],
  ])('%s → its code, no id', (_name, run, code) => {
    const result = run();
    expect(result).toEqual({ ok: false, code });
    expect(result).not.toHaveProperty('id');
  });

  it('a well-formed id is echoed with the error', () => {
    expect(parse({ type: 'accept', id: 'm1' })).toEqual({ ok: false, code: 'bad_request', id: 'm1' });
    expect(parse({ type: 'warp', id: 'm2' })).toEqual({ ok: false, code: 'unknown_type', id: 'm2' });
    expect(parse({ id: 'm3' })).toEqual({ ok: false, code: 'bad_request', id: 'm3' });
  });

  it.each([
    ['empty', ''],
    ['65 chars', 'i'.repeat(65)],
    ['a leading space', ' abc'],
    ['a trailing space', 'abc '],
    ['a space inside', 'a b'],
    ['non-ASCII', 'идент'],
  ])('an otherwise valid frame whose id is %s is bad_request and the id is not echoed', (_name, id) => {
    const result = parse({ type: 'ping', id });
    expect(result).toEqual({ ok: false, code: 'bad_request' });
    expect(result).not.toHaveProperty('id');
  });

  it('a non-string id is bad_request too', () => {
    expect(parse({ type: 'ping', id: 7 })).toEqual({ ok: false, code: 'bad_request' });
  });
});
