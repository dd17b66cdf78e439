// The setup of the LocalMedia tests: a LocalMedia on a fresh cloud and fake tt where both scopes are
// answered already (no system prompt unless a test asks for one), its notices and diagnostics-log
// entries collected, and a way to start joining a room as "me" so that a test decides when the
// context is put in use.
import { createRtcRoom, type RtcRoom } from '../../services/rtc/rtc-room';
import { LocalMedia } from '../../stores/local-media';
import { RtcCloud, SIM_APP_ID } from '../cloud';
import { createFakeTt, type FakeTt } from '../fake-tt';

export interface LocalMediaRig {
  cloud: RtcCloud;
  fake: FakeTt;
  media: LocalMedia;
  /** Every notice the user was shown, in order. */
  notices: string[];
  /** Every entry written to the diagnostics log (the room's log in the app), in order. */
  records: Array<{ code: number | string | undefined; message: string }>;
  /** A new context, joining room "r" as "me" (the sim answers once the test flushes). */
  startJoin(): { rtc: RtcRoom; joined: Promise<void> };
}

export function localMediaRig(): LocalMediaRig {
  const cloud = new RtcCloud();
  const fake = createFakeTt(cloud, { permissions: { 'scope.camera': true, 'scope.record': true } });
  const notices: string[] = [];
  const records: LocalMediaRig['records'] = [];
  const media = new LocalMedia(
    (t) => notices.push(t),
    (code, message) => records.push({ code, message }),
  );
  const startJoin = () => {
    const rtc = createRtcRoom(fake.tt, SIM_APP_ID);
    return { rtc, joined: rtc.join({ roomId: 'r', userId: 'me', token: cloud.mintToken('r', 'me') }) };
  };
  return { cloud, fake, media, notices, records, startJoin };
}
