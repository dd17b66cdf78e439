// App entry. Rooms handle their own lifecycle in the room page (onShow/onHide), so the app keeps
// no global RTC state: a second room page cannot inherit a stale context.
App({
  onLaunch() {
    // Nothing to prepare: services are created lazily per page from the global `tt`.
  },
});
