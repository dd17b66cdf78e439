// services/ringer.ts on the simulated tt: one ringtone and one vibration loop however often start() is
// called, everything stopped by stop() (and nothing done by a stop() while silent), and each part
// optional: a missing setKeepScreenOn or a ringtone that fails to play stops neither the rest nor the cleanup.
import { createRinger } from '../../services/ringer';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';

let fake: FakeTt;
beforeEach(() => {
  jest.useFakeTimers();
  fake = createFakeTt(new RtcCloud());
});
afterEach(() => jest.useRealTimers());

test('a second start while ringing adds no ringtone and no second vibration loop', async () => {
  const r = createRinger(fake.tt);
  r.start();
  r.start();
  expect(fake.control.audios).toHaveLength(1);
  await jest.advanceTimersByTimeAsync(4100);
  expect(fake.control.vibrations).toHaveLength(3); // at start, 2 s, 4 s
  r.stop();
});

test('stop silences everything: not ringing, no more vibrations, ringtone destroyed, screen may sleep', async () => {
  const r = createRinger(fake.tt);
  r.start();
  await jest.advanceTimersByTimeAsync(10);
  expect(fake.control.keepScreenOn).toBe(true);
  r.stop();
  await jest.advanceTimersByTimeAsync(10);
  expect(r.ringing).toBe(false);
  expect(fake.control.audios.map((a) => a.destroyed)).toEqual([true]);
  expect(fake.control.keepScreenOn).toBe(false);
  const n = fake.control.vibrations.length;
  await jest.advanceTimersByTimeAsync(10000);
  expect(fake.control.vibrations).toHaveLength(n);
  r.start();
  expect(r.ringing).toBe(true);
  expect(fake.control.audios).toHaveLength(2);
  r.stop();
});

test('stop while not ringing makes no tt call', () => {
  createRinger(fake.tt).stop();
  expect(fake.control.calls).toEqual([]);
});

test('without tt.setKeepScreenOn (older Douyin) it still rings and stops', async () => {
  fake.control.removeMethod('tt.setKeepScreenOn');
  const r = createRinger(fake.tt);
  expect(() => r.start()).not.toThrow();
  await jest.advanceTimersByTimeAsync(10);
  expect(fake.control.audios.map((a) => a.playing)).toEqual([true]);
  expect(fake.control.vibrations).toHaveLength(1);
  expect(() => r.stop()).not.toThrow();
  expect(fake.control.audios.map((a) => a.destroyed)).toEqual([true]);
});

test('a ringtone whose play() throws: vibration and screen still on, and stop still destroys the audio context', async () => {
  const create = fake.tt.createInnerAudioContext!.bind(fake.tt);
  fake.tt.createInnerAudioContext = () => {
    const ctx = create();
    ctx.play = () => {
      throw new Error('audio focus lost');
    };
    return ctx;
  };
  const r = createRinger(fake.tt);
  r.start();
  await jest.advanceTimersByTimeAsync(10);
  expect(fake.control.vibrations).toHaveLength(1);
  expect(fake.control.keepScreenOn).toBe(true);
  r.stop();
  expect(fake.control.audios.map((a) => a.destroyed)).toEqual([true]);
  expect(fake.control.violations).toEqual([]);
});
