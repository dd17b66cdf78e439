// The dev-mode device userId: generated once, valid for RTC, persisted, replaced only when storage lost it.
import { createIdentity, DEVICE_USER_KEY } from '../../services/identity';
import { ID_PATTERN } from '../../services/link';
import { createStorage } from '../../services/storage';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt } from '../../sim/fake-tt';

test('generated once, persisted, the same for a new instance; corrupt storage gets a fresh valid id', () => {
  const fake = createFakeTt(new RtcCloud());
  const storage = createStorage(fake.tt);
  const id = createIdentity(storage).deviceUserId();
  expect(id).toMatch(ID_PATTERN);
  expect(createIdentity(storage).deviceUserId()).toBe(id);
  expect(fake.control.storage.get(DEVICE_USER_KEY)).toBe(id);
  fake.control.storage.set(DEVICE_USER_KEY, 'not valid!');
  const fresh = createIdentity(storage).deviceUserId();
  expect(fresh).not.toBe(id);
  expect(fresh).toMatch(/^d[a-z0-9]{16}$/);
});
