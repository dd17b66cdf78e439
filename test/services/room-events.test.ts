// services/rtc/room-events.ts directly. The payload's code fields are read in order (errNo, then code,
// then errCode for state; errNo, then errCode for interrupts); a field that is no whole number must
// not hide a room-state code in the next field, and one that is a number must win over it.
import { classifyInterruption, classifyStateEvent } from '../../services/rtc/room-events';

describe('classifyStateEvent: which code field decides', () => {
  test('an errNo that is not a whole number leaves the decision to code', () => {
    expect(classifyStateEvent({ errNo: 'e-1' as never, code: -1006 })).toStrictEqual({ meaning: 'kicked', code: 'e-1', message: 'kicked' });
    expect(classifyStateEvent({ errNo: '12abc' as never, code: -1006 })).toStrictEqual({ meaning: 'kicked', code: '12abc', message: 'kicked' });
  });

  test('a positive errNo given as text still wins over a room-state code in code', () => {
    expect(classifyStateEvent({ errNo: '12' as never, code: -1006 })).toStrictEqual({ meaning: 'info', code: '12', message: 'info' });
  });
});

describe('classifyInterruption: which code field decides', () => {
  test('an errNo that is not a whole number leaves the decision to errCode', () => {
    expect(classifyInterruption({ errNo: 'e-1' as never, errCode: -1004 })).toStrictEqual({
      meaning: 'duplicate-login',
      code: 'e-1',
      message: 'interrupted',
    });
  });

  test('a positive errNo given as text wins over errCode: no room-state code, so the text decides', () => {
    expect(classifyInterruption({ errNo: '3' as never, errCode: -1004, errMsg: 'network' })).toStrictEqual({
      meaning: 'lost',
      code: '3',
      message: 'network',
    });
  });
});
