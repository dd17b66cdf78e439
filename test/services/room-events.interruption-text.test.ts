// classifyInterruption: with no code at all, the interruption's text says why (kicked, duplicate
// login, token expired), and only text that says nothing leaves it 'lost'.
import { classifyInterruption } from '../../services/rtc/room-events';

test.each<[string, string]>([
  ['kicked by the server', 'kicked'],
  ['same user joined on other device', 'duplicate-login'],
  ['token expired', 'token-expired'],
  ['network unreachable', 'lost'],
])('no code, errMsg %j → %s', (errMsg, meaning) => {
  expect(classifyInterruption({ errMsg })).toStrictEqual({ meaning, message: errMsg });
});

test('no code and no text → lost, reported as "interrupted"', () => {
  expect(classifyInterruption({})).toStrictEqual({ meaning: 'lost', message: 'interrupted' });
});
