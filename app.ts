// App entry. Rooms handle their own lifecycle in the room page (onShow/onHide), so the app keeps
// no global RTC state: a second room page cannot inherit a stale context. Calls are app-wide: the
// signalling socket starts here so a call can ring on any page (pages/shared/calls-app.ts).
import { appServices } from './services/runtime';
import { callStoreFor } from './pages/shared/calls-app';

App({
  onLaunch() {
    try {
      callStoreFor(appServices());
    } catch (e) {
      // Not inside Douyin (no tt): nothing to start.
    }
  },
});
