import { action, computed, makeObservable, observable, reaction, Reaction, runInAction } from 'mobx-miniprogram';
import { parseRoomLink, type LinkProblem, type RoomLink } from '../services/link';
import { checkLinkToken, roleOfToken, type TokenRole } from '../services/link-token';
import type { PermissionStates } from '../services/permissions';
import { compareVersion, MIN_RTC_SDK_VERSION } from '../services/device';
import { PlatformError, toPlatformError } from '../services/platform/errors';
import type { NetworkStatus } from '../services/platform/tt-types';
import type { RoomEvent, RoomEventMeaning } from '../services/rtc/room-events';
import type { RtcRoom } from '../services/rtc/rtc-room';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { LocalMedia } from './local-media';
import { Waiter } from './waiter';
import { failureFor, isNetworkish, linkFailure, reasonForError, type Failure } from './failures';
import { BANNER, CONFIG_PROBLEM_TEXT, NOTICE, UPGRADE_TEXT, type FailureReason } from './messages';
import type { RoomDeps } from './room-deps';
import { RoomGrid } from './room-grid';
import { DEFAULT_CAPS, planSubscriptions, type SubscriptionPlan } from './subscription-plan';
import { onlyKnown, sameIds } from './id-lists';
import { SubscriptionSync } from './subscriptions';
import { nextShareOrder, remoteIds, remoteTile, sameTile, sameTiles, selfTile, stageSharer, type ListSets, type Tile } from './tiles';
import { ignore } from '../services/ignore';

export type { Failure } from './failures';
export type RoomPhase = 'idle' | 'preparing' | 'joining' | 'joined' | 'reconnecting' | 'leaving' | 'left' | 'failed';
export type EndReason = 'left' | FailureReason;

/**
 * List events re-order the grid once per frame, not once per event: a burst of snapshots (a speaker
 * every ~100 ms in a busy room, or several lists at one instant) costs one pass, and the order is at
 * most this late (the page renders once per frame anyway, view/binding.ts FRAME_MS).
 */
const GRID_COALESCE_MS = 16;

/** In the room: joined, or getting back in (the member count, timer and tiles of the room show). */
export function isInRoom(phase: RoomPhase): boolean {
  return phase === 'joined' || phase === 'reconnecting';
}

export interface StateLogEntry {
  at: number;
  kind: 'state' | 'interrupted' | 'network' | 'join-error' | 'token' | 'platform';
  code?: number | string;
  message: string;
}

// Transient join errors are retried this many times before the failed state (first join only;
// reconnects use the backoff policy's bound).
const JOIN_ATTEMPTS = 3;
// A join with no answer this long after the devices settled (any permission prompt answered) is lost.
const JOIN_TIMEOUT_MS = 15000;
const STATE_LOG_SIZE = 30;
// Without a token service the link token cannot be renewed: warn this long before it runs out.
const TOKEN_WARNING_LEAD_MS = 120000;

type ConnectKind = 'join' | 'reconnect';

export class RoomStore {
  phase: RoomPhase = 'idle';
  failure: Failure | null = null;
  linkProblems: LinkProblem[] = [];
  roomId = '';
  userId = '';
  members: string[] = [];
  videoMembers: string[] = [];
  speakers: string[] = [];
  screenMembers: string[] = [];
  shareOrder: string[] = [];
  pinnedSharer: string | null = null;
  /** The stage share is shown full screen. */
  stageFull = false;
  /** From the token's privileges: a viewer watches, invisible, and never captures or publishes. */
  role: TokenRole = 'member';
  reconnectAttempt = 0;
  reconnects = 0;
  networkOnline = true;
  /** The link's token runs out soon and nothing can renew it (no token service; with one, renewal is silent). */
  tokenExpiring = false;
  tokenExpiresAt: number | null = null;
  joinedAt: number | null = null;
  notice: { id: number; text: string } | null = null;
  stateLog: StateLogEntry[] = [];
  endReason: EndReason | null = null;

  readonly media: LocalMedia;
  /** The paged grid: order (speakers to page 1) and the page shown. */
  readonly grid: RoomGrid;

  private readonly deps: RoomDeps;
  private rtc: RtcRoom | null = null;
  private token = '';
  /** Bumped by every lifecycle change; async continuations from an older epoch do nothing. */
  private epoch = 0;
  private joinInFlight: Promise<unknown> | null = null;
  private readonly waiter = new Waiter();
  private tokenTimer: number | undefined;
  private gridTimer: number | undefined;
  private gridDueAt = 0;
  private needsFreshToken = false;
  /** joinRtcRoom was called on the current context: the next attempt needs a new one (R1, R2). */
  private rtcJoined = false;
  /** Exits of replaced contexts still running; no new context before they end (R9). */
  private dropping: Promise<void> | null = null;
  /** Joined with autoPublish (default); else publishing follows capture (R3). */
  private autoPublishJoin = true;
  /** What the platform publishes for us on the current context. */
  private published = true;
  private publishBusy = false;
  /** Subscriptions follow what is on screen (the room joins with autoSubscribe: false). */
  private readonly subscriptions: SubscriptionSync;
  private unsubscribers: Array<() => void> = [];
  private noticeSeq = 0;

  constructor(deps: RoomDeps) {
    this.deps = deps;
    this.media = new LocalMedia(
      (t) => this.say(t),
      (code, message) => this.log('platform', code, message),
    );
    this.grid = new RoomGrid(deps.grid);
    this.subscriptions = new SubscriptionSync({ log: (m, code) => this.log('platform', code, m) });
    makeObservable<RoomStore, 'say' | 'setLists' | 'onConnected' | 'fail' | 'log' | 'beginReconnect' | 'videoSet' | 'speakerSet' | 'screenSet' | 'remoteSet' | 'memberRemotes' | 'memberSet'>(this, {
      phase: observable,
      failure: observable.ref,
      linkProblems: observable.ref,
      roomId: observable,
      userId: observable,
      members: observable.ref,
      videoMembers: observable.ref,
      speakers: observable.ref,
      screenMembers: observable.ref,
      shareOrder: observable.ref,
      pinnedSharer: observable,
      stageFull: observable,
      role: observable,
      setStageFull: action,
      reconnectAttempt: observable,
      reconnects: observable,
      networkOnline: observable,
      tokenExpiring: observable,
      tokenExpiresAt: observable,
      joinedAt: observable,
      notice: observable.ref,
      stateLog: observable.ref,
      endReason: observable,
      remoteUserIds: computed({ equals: sameIds }),
      memberRemotes: computed,
      memberSet: computed,
      videoSet: computed,
      speakerSet: computed,
      screenSet: computed,
      remoteSet: computed,
      selfTile: computed({ equals: sameTile }),
      tiles: computed({ equals: (a: Tile[], b: Tile[]) => sameTiles(a, b) }),
      pageTiles: computed({ equals: (a: Tile[], b: Tile[]) => sameTiles(a, b) }),
      pageTileCount: computed,
      setGridPage: action,
      stage: computed,
      memberCount: computed,
      banner: computed,
      inRoom: computed,
      open: action,
      retry: action,
      rejoin: action,
      leave: action,
      setMic: action,
      setCamera: action,
      toggleMic: action,
      toggleCamera: action,
      micShownOn: computed,
      cameraShownOn: computed,
      flipCamera: action,
      toggleSpeaker: action,
      setAudioOnly: action,
      pinSharer: action,
      refreshPermissions: action,
      onAppHide: action,
      onAppShow: action,
      say: action,
      setLists: action,
      onConnected: action,
      fail: action,
      log: action,
      // Called from platform events: one batch, so observers never see a half-made transition.
      beginReconnect: action,
    });
    // After a listen-only join nothing is sent until we publish (R3): follow what is captured.
    reaction(
      () => this.phase === 'joined' && (this.media.micOn || this.media.cameraOn),
      () => this.syncPublish(),
    );
    // Subscriptions follow what is on screen. The plan is read when the debounced sync runs; events
    // only say that an input changed (no plan per speaker event: docs/perf.md, CPU).
    this.subscriptions.follow(() => this.subscriptionPlan);
    const inputs = new Reaction('subscriptionPlanInputs', () => {
      track();
      this.subscriptions.changed();
    });
    const track = (): void => inputs.track(() => this.planInputs());
    track();
  }

  // ---- derived, render-ready state -------------------------------------------------------

  // Each list has its own derived pieces, so an event recomputes what depends on the list it changed
  // (a speaker event never re-derives who is in the room) and the page's tiles are built for the page
  // only: per-event work follows the change and the page, not the room (docs/perf.md, CPU).

  /**
   * Remote people in a stable order: members list order first, then anyone who appears only in the
   * video or share list (list events race). The same array while that does not change.
   */
  get remoteUserIds(): string[] {
    // Camera and share events (most of the events that are not about talking) almost never name
    // someone outside the members list: then the answer is the members list's, already derived.
    const members = this.memberRemotes;
    const known = this.memberSet;
    const self = this.userId;
    if (onlyKnown(this.videoMembers, known, self) && onlyKnown(this.screenMembers, known, self)) return members;
    return remoteIds(this, self);
  }

  /** Remote people from the members list alone, in its order. */
  private get memberRemotes(): string[] {
    // Lists arrive without duplicates (services/rtc/rtc-events.ts cleanList): dropping self is enough.
    const members = this.members;
    const self = members.indexOf(this.userId);
    return self < 0 ? members.slice() : members.slice(0, self).concat(members.slice(self + 1));
  }

  private get memberSet(): Set<string> {
    return new Set(this.members);
  }

  private get videoSet(): Set<string> {
    return new Set(this.videoMembers);
  }

  private get speakerSet(): Set<string> {
    return new Set(this.speakers);
  }

  private get screenSet(): Set<string> {
    return new Set(this.screenMembers);
  }

  private get remoteSet(): ReadonlySet<string> {
    const ids = this.remoteUserIds;
    // Usually the members-derived list: its set is already built (self in it is harmless here, as
    // only grid ids, never self, are looked up).
    return ids === this.memberRemotes ? this.memberSet : new Set(ids);
  }

  get selfTile(): Tile {
    return selfTile(
      { userId: this.userId, cameraOn: this.media.cameraOn && !this.media.audioOnly, micOn: this.media.micOn },
      this.speakerSet,
    );
  }

  /** Self first, then every remote person (selfTile, then remoteTile per remoteIds, in tiles.ts); the page renders pageTiles only. */
  get tiles(): Tile[] {
    const ids = this.remoteUserIds;
    const sets = this.listSets();
    const out: Tile[] = [this.selfTile];
    for (let i = 0; i < ids.length; i++) out.push(remoteTile(ids[i], sets));
    return out;
  }

  /** The remote tiles on the page shown, in grid order (only these are rendered and subscribed). */
  get pageTiles(): Tile[] {
    const present = this.remoteSet;
    const sets = this.listSets();
    const out: Tile[] = [];
    for (const id of this.grid.pageIds) if (present.has(id)) out.push(remoteTile(id, sets));
    return out;
  }

  /** How many tiles the page shows: the layout needs this, not who is talking on them. */
  get pageTileCount(): number {
    // Counted, not read from pageTiles: then a speaker or camera event does not make the layout check
    // rebuild the page's tiles.
    const present = this.remoteSet;
    let n = 0;
    for (const id of this.grid.pageIds) if (present.has(id)) n++;
    return n;
  }

  private listSets(): ListSets {
    return { video: this.videoSet, speakers: this.speakerSet, screen: this.screenSet };
  }

  /** Whose streams to receive: the page's cameras, the stage's share, audio by priority. */
  get subscriptionPlan(): SubscriptionPlan {
    const stage = this.stage;
    return planSubscriptions(
      {
        onScreen: this.grid.pageIds,
        stage: stage ? stage.userId : null,
        videoPublishers: this.videoSet,
        members: this.remoteUserIds,
        speakers: this.speakers,
      },
      this.deps.subscriptionCaps || DEFAULT_CAPS,
    );
  }

  /** What subscriptionPlan reads (observed, so a change schedules a sync). */
  private planInputs(): unknown[] {
    return [this.grid.pageIds, this.stage, this.videoMembers, this.remoteUserIds, this.speakers];
  }

  /** Re-order the grid now, and again when a current speaker's dwell runs out. */
  private updateGrid(): void {
    const now = Date.now();
    const due = this.grid.update(this.remoteUserIds, this.speakers, now, this.speakerSet);
    if (due !== null) this.gridBy(now + due);
  }

  /**
   * Re-order the grid at `at` at the latest. One timer for the earliest time wanted: list events
   * within a frame share one re-order (GRID_COALESCE_MS), and speaker events every few hundred ms do
   * not churn timers. Cleared on teardown.
   */
  private gridBy(at: number): void {
    if (this.gridTimer !== undefined && this.gridDueAt <= at) return;
    if (this.gridTimer !== undefined) clearTimeout(this.gridTimer);
    this.gridDueAt = at;
    this.gridTimer = setTimeout(() => {
      this.gridTimer = undefined;
      runInAction(() => this.updateGrid());
    }, Math.max(0, at - Date.now())) as unknown as number;
  }

  setGridPage(index: number): void {
    this.grid.setPage(index);
  }

  /** Full screen only while there is a share on stage; leaving it (or the share ending) returns. */
  setStageFull(on: boolean): void {
    this.stageFull = on && !!this.stage;
  }

  /** The remote screen share shown large, or null for the grid. */
  get stage(): { userId: string; others: string[] } | null {
    const sharer = stageSharer(this.shareOrder, this.pinnedSharer);
    if (!sharer) return null;
    return { userId: sharer, others: this.shareOrder.filter((id) => id !== sharer) };
  }

  get memberCount(): number {
    return this.remoteUserIds.length + 1;
  }

  /** How many reconnect attempts before giving up (the banner says 「第 n/N 次」). */
  get maxReconnectAttempts(): number {
    return (this.deps.backoff || DEFAULT_BACKOFF).maxAttempts;
  }

  get inRoom(): boolean {
    return isInRoom(this.phase);
  }

  /** The one status line the page shows on top, or null. */
  get banner(): { kind: 'info' | 'warn' | 'error'; text: string } | null {
    if (this.phase === 'preparing' || this.phase === 'joining') {
      return this.networkOnline ? { kind: 'info', text: BANNER.joining } : { kind: 'warn', text: BANNER.waitingNetwork };
    }
    if (this.phase === 'reconnecting') {
      return this.networkOnline
        ? { kind: 'warn', text: BANNER.reconnecting(Math.max(1, this.reconnectAttempt)) }
        : { kind: 'warn', text: BANNER.waitingNetwork };
    }
    if (this.phase === 'joined' && !this.networkOnline) return { kind: 'warn', text: BANNER.waitingNetwork };
    if (this.phase === 'joined' && this.tokenExpiring) return { kind: 'warn', text: BANNER.tokenExpiring };
    return null;
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Validates the page query, then joins. A bad link never reaches the platform. */
  open(query: Record<string, string | undefined> | null | undefined, prefs?: { mic?: boolean; camera?: boolean }): void {
    if (this.phase !== 'idle' && this.phase !== 'left' && this.phase !== 'failed') return;
    // A wrong config.ts or a too-old Douyin stops everything, whatever the link says.
    const config = this.deps.configProblems || [];
    if (config.length) {
      this.failure = failureFor('not-configured');
      this.failure.detail = config.map((p) => CONFIG_PROBLEM_TEXT[p]).join('\n');
      this.phase = 'failed';
      return;
    }
    if (this.deps.sdkVersion && compareVersion(this.deps.sdkVersion, MIN_RTC_SDK_VERSION) < 0) {
      this.failure = failureFor('unsupported');
      this.failure.detail = UPGRADE_TEXT;
      this.phase = 'failed';
      return;
    }
    const parsed = parseRoomLink(query);
    if (!parsed.ok) {
      this.linkProblems = parsed.problems;
      this.failure = linkFailure(parsed.problems);
      this.phase = 'failed';
      return;
    }
    // Without our own AppId there is nothing to check the token against, and nothing to join with.
    if (!this.deps.appId) {
      this.failure = failureFor('not-configured');
      this.phase = 'failed';
      return;
    }
    // What the token says, before any platform call: a token for another app, room or user, or a cut
    // one, can never join. An expired one can when a token service gives a fresh one (connectOnce).
    const check = checkLinkToken(parsed.link.token, { roomId: parsed.link.roomId, userId: parsed.link.userId, appId: this.deps.appId }, Date.now());
    if (!check.ok && !(check.problem === 'token-expired' && this.deps.tokenSource)) {
      this.linkProblems = check.problem === 'token-expired' ? [] : [check.problem];
      this.failure = check.problem === 'token-expired' ? failureFor('token-expired') : linkFailure(this.linkProblems);
      this.phase = 'failed';
      return;
    }
    if (prefs && prefs.mic !== undefined) this.media.micWanted = prefs.mic;
    if (prefs && prefs.camera !== undefined) this.media.cameraWanted = prefs.camera;
    this.start(parsed.link);
  }

  /** Retry from the failed state (a Retry tap, or the network coming back). */
  retry(): void {
    if (this.phase !== 'failed' || !this.failure || !this.failure.retryable || !this.roomId) return;
    this.start({ roomId: this.roomId, userId: this.userId, token: this.token });
  }

  /** Join the same room again after leaving (the recap's "rejoin"). */
  rejoin(): void {
    if (this.phase !== 'left' || !this.roomId) return;
    this.start({ roomId: this.roomId, userId: this.userId, token: this.token });
  }

  leave(): Promise<void> {
    if (this.phase === 'idle' || this.phase === 'leaving' || this.phase === 'left') return Promise.resolve();
    const fromFailed = this.phase === 'failed';
    this.epoch++;
    this.phase = 'leaving';
    this.endReason = fromFailed && this.failure ? this.failure.reason : 'left';
    return this.teardown().then(() =>
      runInAction(() => {
        this.phase = 'left';
        this.clearLists();
      }),
    );
  }

  private start(link: RoomLink): void {
    const epoch = ++this.epoch;
    this.roomId = link.roomId;
    this.userId = link.userId;
    this.role = roleOfToken(link.token);
    if (this.role === 'viewer') {
      this.media.micWanted = false;
      this.media.cameraWanted = false;
    }
    this.token = link.token;
    this.failure = null;
    this.linkProblems = [];
    this.endReason = null;
    this.reconnectAttempt = 0;
    // A rejoin or retry is a new call: its timer starts again.
    this.joinedAt = null;
    this.needsFreshToken = false;
    this.grid.reset();
    this.phase = 'preparing';
    // Created now so a refused capability stops us before any prompt; while an old context is still
    // exiting, the first attempt creates it instead.
    if (!this.rtc && !this.dropping) {
      try {
        this.attachRtc();
      } catch (e) {
        this.failFromError(toPlatformError('createRtcRoomContext', e));
        return;
      }
    }
    this.watchNetwork();
    this.deps.device.keepScreenOn(true).catch((e: unknown) => this.logFailure('setKeepScreenOn', e));
    // Both reads are local and never prompt. A known refusal lets us skip a capture that would
    // fail and join listen-only at once; a known offline start waits for the network instead of
    // burning join attempts.
    // A viewer never captures, so its permissions are not even read.
    const perms: Promise<PermissionStates | null> = this.role === 'viewer' ? Promise.resolve(null) : this.deps.permissions.read();
    Promise.all([perms, this.deps.device.networkType()]).then(([p, type]) => {
      if (epoch !== this.epoch) return;
      runInAction(() => {
        if (p) this.media.setPermissions(p);
        if (type === 'none') this.networkOnline = false;
        this.phase = 'joining';
      });
      this.connect('join', epoch);
    });
  }

  private attachRtc(): void {
    const rtc = this.deps.createRtcRoom(this.deps.appId);
    this.rtc = rtc;
    this.rtcJoined = false;
    this.media.use(rtc);
    const guard = <T>(fn: (p: T) => void) => (p: T) => {
      // Events of a replaced or disposed context, or after leaving, change nothing.
      // (phase read once: each read of an observable costs a lookup, and this runs on every event)
      if (this.rtc !== rtc) return;
      const phase = this.phase;
      if (phase !== 'leaving' && phase !== 'left' && phase !== 'idle') fn(p);
    };
    rtc.on('members', guard((l: string[]) => this.setLists('members', l)));
    rtc.on('videoMembers', guard((l: string[]) => this.setLists('videoMembers', l)));
    rtc.on('speakers', guard((l: string[]) => this.setLists('speakers', l)));
    rtc.on('screenMembers', guard((l: string[]) => this.setLists('screenMembers', l)));
    rtc.on('state', guard((e: RoomEvent) => this.onRtcState(e)));
    rtc.on('interrupted', guard((e: RoomEvent) => this.onRtcInterrupted(e)));
    rtc.on('tokenWillExpire', guard(() => this.onTokenWillExpire()));
  }

  private watchNetwork(): void {
    if (this.unsubscribers.length) return;
    this.unsubscribers.push(this.deps.device.onNetworkChange((s) => this.onNetwork(s)));
  }

  // ---- joining and reconnecting ------------------------------------------------------------

  private connect(kind: ConnectKind, epoch: number): Promise<void> {
    const run = this.connectLoop(kind, epoch);
    this.joinInFlight = run;
    return run.then(
      () => {
        if (this.joinInFlight === run) this.joinInFlight = null;
      },
      (e) => {
        if (this.joinInFlight === run) this.joinInFlight = null;
        if (epoch === this.epoch) this.failFromError(toPlatformError('joinRtcRoom', e));
      },
    );
  }

  private async connectLoop(kind: ConnectKind, epoch: number): Promise<void> {
    const maxTransient = kind === 'join' ? JOIN_ATTEMPTS : (this.deps.backoff || DEFAULT_BACKOFF).maxAttempts;
    let transient = 0;
    let freshTokenTried = false;
    let exitTried = false;
    let recreated = false;
    let listenOnly = false;
    for (;;) {
      // A reconnect waits before its first attempt too; a first join retries only after a failure.
      const step = kind === 'reconnect' ? transient + 1 : transient;
      if (step > 0) {
        runInAction(() => (this.reconnectAttempt = transient + 1));
        await this.waiter.sleep(backoffDelay(this.deps.backoff || DEFAULT_BACKOFF, step, this.deps.random || Math.random));
      }
      while (!this.networkOnline && epoch === this.epoch) await this.waiter.sleep(Infinity);
      if (epoch !== this.epoch) return;
      try {
        await this.connectOnce(kind, epoch, listenOnly);
        if (epoch === this.epoch) this.onConnected(kind);
        return;
      } catch (raw) {
        if (epoch !== this.epoch) return;
        const e = toPlatformError('joinRtcRoom', raw);
        this.log('join-error', e.code, e.rawMessage || e.category);
        if (e.category === 'invalid-token') {
          if (this.deps.tokenSource && !freshTokenTried) {
            freshTokenTried = true;
            this.needsFreshToken = true;
            continue;
          }
          return this.fail('token-expired', e.code);
        }
        if (e.category === 'already-in-room' && !exitTried) {
          // Our context is still in the room (a lost callback): the next attempt exits it and uses a new one.
          exitTried = true;
          continue;
        }
        if (e.category === 'already-in-room') return this.fail('duplicate-login', e.code);
        if (e.category === 'engine-destroyed' && !recreated) {
          // The next attempt replaces the destroyed context anyway.
          recreated = true;
          continue;
        }
        if (e.category === 'permission-denied' && !listenOnly) {
          listenOnly = true;
          this.say(NOTICE.bothRefused);
          continue;
        }
        if (e.category === 'capability-denied' || e.category === 'unsupported' || e.category === 'bad-parameter') {
          return this.failFromError(e);
        }
        transient++;
        if (transient >= maxTransient) return this.fail(kind === 'join' ? 'join-failed' : 'reconnect-exhausted', e.code);
      }
    }
  }

  private async connectOnce(kind: ConnectKind, epoch: number, listenOnly: boolean): Promise<void> {
    // Every attempt after a join runs on a new context: exit (destroys, R1) → create → join (R2).
    const replacing = !this.rtc || this.rtcJoined;
    const dropped = replacing ? this.dropRtc() : Promise.resolve();
    if (this.needsFreshToken || this.linkTokenExpired()) {
      if (!this.deps.tokenSource) throw new PlatformError('joinRtcRoom', 'invalid-token', 21101, 'link token expired');
      const token = await this.deps.tokenSource.fetchToken(this.roomId, this.userId);
      if (epoch !== this.epoch) return;
      runInAction(() => {
        this.token = token;
        this.role = roleOfToken(token);
      });
      this.needsFreshToken = false;
    }
    await dropped;
    if (epoch !== this.epoch) return;
    if (replacing) this.attachRtc();
    const rtc = this.rtc;
    if (!rtc) throw new PlatformError('joinRtcRoom', 'disposed', undefined, 'no RTC context');
    this.rtcJoined = true;
    this.trackTokenExpiry();
    // Snapshots after the (re)join replace whatever we had; stale tiles must not survive a rejoin.
    if (kind === 'reconnect') this.clearLists();
    const media = this.media;
    const bothRefused = media.camera === 'refused' && media.mic === 'refused';
    const viewer = this.role === 'viewer';
    this.autoPublishJoin = !(listenOnly || bothRefused || viewer);
    // A viewer joins invisible when the platform takes visibility before the join; else just after.
    const hiddenBeforeJoin = viewer ? await this.hide(rtc, 'before join') : false;
    if (epoch !== this.epoch) return;
    this.published = this.autoPublishJoin;
    const join = rtc.join(
      {
        roomId: this.roomId,
        userId: this.userId,
        token: this.token,
        // Subscriptions follow the screen (SubscriptionSync): never every stream in a big room.
        autoSubscribe: false,
        ...(this.autoPublishJoin ? {} : { autoPublish: false }),
      },
      // No platform timeout: a permission prompt can hold the join back (R4); see awaitJoin.
      { timeoutMs: 0 },
    );
    // Capture, facing and route run beside the join, not after it: the join is the long pole.
    const devices = listenOnly || viewer ? Promise.resolve() : media.applyAll(rtc, true);
    await awaitJoin(join, devices);
    if (epoch !== this.epoch) return;
    if (viewer && !hiddenBeforeJoin) await this.hide(rtc, 'after join');
    if (epoch !== this.epoch) return;
    if (kind === 'join') {
      // Tell the user once what the others will not get from them.
      const cam = media.camera === 'refused' && media.cameraWanted;
      const mic = media.mic === 'refused' && media.micWanted;
      if ((cam && mic) || listenOnly) this.say(NOTICE.bothRefused);
      else if (cam) this.say(NOTICE.cameraRefused);
      else if (mic) this.say(NOTICE.micRefused);
    }
  }

  /** changeUserVisibility(false), feature-detected; what happened goes to the diagnostics log. */
  private hide(rtc: RtcRoom, when: string): Promise<boolean> {
    if (!rtc.supports('changeUserVisibility')) {
      this.log('platform', undefined, `invisible ${when}: changeUserVisibility unavailable, watching visibly`);
      return Promise.resolve(false);
    }
    return rtc.setVisibility(false).then(
      () => {
        this.log('platform', undefined, `invisible ${when}`);
        return true;
      },
      (e: unknown) => {
        const pe = toPlatformError('changeUserVisibility', e);
        this.log('platform', pe.code, `invisible ${when} refused: ${pe.rawMessage || pe.category}`);
        return false;
      },
    );
  }

  /**
   * Exits the current context (if any) and forgets it; resolves when every pending exit ended. The exit
   * waits for `after`, then runs `first` (teardown turns capture off there). Failures go to diagnostics:
   * after an interruption or a destroyed engine they are expected.
   */
  private dropRtc(first?: (rtc: RtcRoom) => Promise<unknown>, after?: Promise<unknown>): Promise<void> {
    const rtc = this.rtc;
    if (rtc) {
      this.rtc = null;
      this.rtcJoined = false;
      this.media.use(null);
      this.subscriptions.detach();
      const roomId = this.roomId;
      const doExit = (): Promise<void> => rtc.exit(roomId).catch((e: unknown) => this.logFailure('exitRtcRoom', e, 'exit'));
      // Without anything to wait for, the exit goes out now (during a reconnect's backoff wait).
      const exit = first || after ? (after || Promise.resolve()).then(() => (first ? first(rtc) : undefined)).then(doExit) : doExit();
      const all: Promise<void> = Promise.all([this.dropping, exit]).then(() => {
        if (this.dropping === all) this.dropping = null;
      });
      this.dropping = all;
    }
    return this.dropping || Promise.resolve();
  }

  private onConnected(kind: ConnectKind): void {
    const wasReconnect = kind === 'reconnect';
    this.phase = 'joined';
    this.reconnectAttempt = 0;
    if (this.joinedAt === null) this.joinedAt = Date.now();
    if (wasReconnect) {
      this.reconnects++;
      this.say(NOTICE.reconnected);
    }
    // Wishes changed while the join ran (a tap during joining) are applied now.
    this.media.resync(this.rtc);
    this.syncPublish();
    if (this.rtc) {
      // The sync reads the plan now.
      this.subscriptions.attach(this.rtc);
    }
  }

  /** Listen-only joins publish once something is captured and stop when nothing is (R3). */
  private syncPublish(): void {
    const rtc = this.joinedRtc();
    if (!rtc || this.publishBusy) return;
    const want = this.autoPublishJoin || this.media.micOn || this.media.cameraOn;
    if (want === this.published) return;
    this.publishBusy = true;
    rtc.setPublishState(want).then(
      () => {
        this.publishBusy = false;
        if (this.rtc !== rtc) return;
        this.published = want;
        this.syncPublish();
      },
      (e: unknown) => {
        this.publishBusy = false;
        const pe = toPlatformError('changeStreamPublishState', e);
        this.log('platform', pe.code, `publish ${want ? 'on' : 'off'}: ${pe.rawMessage || pe.category}`);
      },
    );
  }

  private beginReconnect(meaning: RoomEventMeaning): void {
    if (this.phase !== 'joined' && this.phase !== 'reconnecting') return;
    if (meaning === 'duplicate-login') return this.fail('duplicate-login');
    if (meaning === 'kicked') return this.fail('kicked');
    if (meaning === 'token-expired') {
      if (!this.deps.tokenSource) return this.fail('token-expired');
      this.needsFreshToken = true;
    }
    if (this.phase === 'reconnecting') return; // the running loop picks up the fresh-token flag
    const epoch = ++this.epoch;
    this.phase = 'reconnecting';
    // The old context is exited during the backoff wait, so the rejoin itself costs one join.
    void this.dropRtc();
    this.connect('reconnect', epoch);
  }

  // ---- platform events ---------------------------------------------------------------------

  private setLists(which: 'members' | 'videoMembers' | 'speakers' | 'screenMembers', list: string[]): void {
    if (which === 'screenMembers') {
      this.shareOrder = nextShareOrder(this.shareOrder, list, this.userId);
      if (this.pinnedSharer && this.shareOrder.indexOf(this.pinnedSharer) < 0) this.pinnedSharer = null;
      if (!this.shareOrder.length) this.stageFull = false;
    }
    this[which] = list;
    // Order depends on who is present and who talks; camera and share changes rarely move anyone
    // (only someone seen in those lists before the members list: then the grid holds fewer people
    // than the remote ids), so they skip the work otherwise.
    if (which === 'members' || which === 'speakers' || this.grid.order.length !== this.remoteUserIds.length) this.gridBy(Date.now() + GRID_COALESCE_MS);
  }

  private onRtcState(e: RoomEvent): void {
    this.log('state', e.code, e.message);
    if (e.meaning !== 'info') this.beginReconnect(e.meaning);
  }

  private onRtcInterrupted(e: RoomEvent): void {
    this.log('interrupted', e.code, e.message);
    this.beginReconnect(e.meaning);
  }

  private onTokenWillExpire(): void {
    this.log('token', undefined, 'token will expire');
    const source = this.deps.tokenSource;
    if (!source) {
      runInAction(() => (this.tokenExpiring = true));
      this.say(NOTICE.tokenExpiringNoSource);
      return;
    }
    // Never updateToken while a (re)join runs: the loop fetches its own fresh token.
    if (this.phase !== 'joined') {
      this.needsFreshToken = true;
      return;
    }
    const epoch = this.epoch;
    const rtc = this.rtc;
    let fetched = false;
    // Until this renewal lands, the current token is about to expire: a rejoin that starts meanwhile
    // (a drop, a kick of the context) fetches its own, or it would be dropped again at expiry (the
    // platform warns once per token).
    this.needsFreshToken = true;
    source
      .fetchToken(this.roomId, this.userId)
      .then((token) => {
        if (epoch !== this.epoch || !rtc) return;
        this.token = token;
        this.needsFreshToken = false;
        fetched = true;
        this.trackTokenExpiry();
        return rtc.updateToken(token);
      })
      .catch(() => {
        if (epoch !== this.epoch || this.phase !== 'joined') return;
        // updateToken missing or refused: rejoin with the token just fetched; no token: the loop fetches one.
        this.say(NOTICE.tokenRenewFailed);
        this.beginReconnect(fetched ? 'lost' : 'token-expired');
      });
  }

  private onNetwork(s: NetworkStatus): void {
    const was = this.networkOnline;
    runInAction(() => (this.networkOnline = s.isConnected));
    this.log('network', undefined, `${s.isConnected ? 'online' : 'offline'} ${s.networkType}`);
    if (!was && s.isConnected) {
      // A join or reconnect waiting for the network (or in backoff) tries again now.
      if (this.phase === 'reconnecting' || this.phase === 'joining') this.waiter.wake();
      else if (this.phase === 'joined') this.say(NOTICE.networkBack);
      else if (this.phase === 'failed' && this.failure && this.failure.retryable && isNetworkish(this.failure.reason)) this.retry();
    } else if (was && !s.isConnected && this.phase === 'joined') {
      this.say(NOTICE.networkLost);
    }
  }

  // ---- user actions in the room ------------------------------------------------------------

  /**
   * What the mic/camera buttons show: the running state, except while reconnecting, when devices
   * are down for a moment and the buttons show what will be restored.
   */
  get micShownOn(): boolean {
    return this.phase === 'reconnecting' ? this.media.micTarget : this.media.micOn;
  }

  get cameraShownOn(): boolean {
    return this.phase === 'reconnecting' ? this.media.cameraTarget : this.media.cameraOn && !this.media.audioOnly;
  }

  /** A tap on the mic button flips what the button shows. */
  toggleMic(): void {
    this.setMic(!this.micShownOn);
  }

  toggleCamera(): void {
    this.setCamera(!this.cameraShownOn);
  }

  setMic(on: boolean): void {
    if (on && this.role === 'viewer') return this.say(NOTICE.viewerCannotSpeak);
    this.media.want('mic', on, this.joinedRtc());
  }

  setCamera(on: boolean): void {
    if (on && this.role === 'viewer') return this.say(NOTICE.viewerCannotSpeak);
    this.media.want('camera', on, this.joinedRtc());
  }

  flipCamera(): void {
    this.media.flip(this.joinedRtc());
  }

  toggleSpeaker(): void {
    this.media.toggleRoute(this.joinedRtc());
  }

  /** Audio-only: camera off and unpublished, earpiece by default; switching back restores video. */
  setAudioOnly(on: boolean): void {
    this.media.setAudioOnly(on, this.joinedRtc());
  }

  pinSharer(userId: string | null): void {
    this.pinnedSharer = userId && this.shareOrder.indexOf(userId) >= 0 ? userId : null;
  }

  /** Re-reads permission states (after the user returns from the settings page). */
  refreshPermissions(): Promise<void> {
    return this.deps.permissions.read().then((p) => {
      runInAction(() => this.media.setPermissions(p));
      this.media.resync(this.joinedRtc());
    });
  }

  onAppHide(): void {
    this.log('network', undefined, 'app hidden');
  }

  /** Back from background: resume a waiting reconnect at once, and restart capture the host may have paused. */
  onAppShow(): void {
    if (this.phase === 'reconnecting') {
      this.waiter.wake();
      return;
    }
    if (this.phase === 'joined' && this.rtc && this.role !== 'viewer') {
      const rtc = this.rtc;
      this.media.markOff();
      this.media.applyAll(rtc, false).then(() => {
        if (this.rtc === rtc && this.phase === 'joined') this.say(NOTICE.backInRoom);
      });
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The context, only while joined: device calls wait for the (re)join otherwise. */
  private joinedRtc(): RtcRoom | null {
    return this.phase === 'joined' ? this.rtc : null;
  }

  private say(text: string): void {
    this.notice = { id: ++this.noticeSeq, text };
  }

  /** A platform call whose failure changes nothing but must stay visible: diagnostics. */
  private logFailure(api: string, e: unknown, label: string = api): void {
    const pe = toPlatformError(api, e);
    this.log('platform', pe.code, `${label}: ${pe.rawMessage || pe.category}`);
  }

  private log(kind: StateLogEntry['kind'], code: number | string | undefined, message: string): void {
    const entry: StateLogEntry = { at: Date.now(), kind, message };
    if (code !== undefined) entry.code = code;
    const next = this.stateLog.concat([entry]);
    this.stateLog = next.length > STATE_LOG_SIZE ? next.slice(next.length - STATE_LOG_SIZE) : next;
  }

  private clearLists(): void {
    runInAction(() => {
      this.members = [];
      this.videoMembers = [];
      this.speakers = [];
      this.screenMembers = [];
      this.shareOrder = [];
      this.pinnedSharer = null;
    });
  }

  private failFromError(e: PlatformError): void {
    this.fail(reasonForError(e), e.code);
  }

  private fail(reason: FailureReason, code?: number): void {
    if (this.phase === 'leaving' || this.phase === 'left') return;
    this.epoch++;
    this.failure = failureFor(reason, code);
    this.phase = 'failed';
    this.endReason = reason;
    void this.teardown();
    // Teardown stops listening to the network; a failure the network may fix keeps listening, so
    // the network coming back retries by itself (onNetwork). leave() and retry() take it from here.
    if (this.failure.retryable && isNetworkish(reason)) this.watchNetwork();
    this.clearLists();
  }

  /**
   * Stop capture, exit (which also destroys the context, so it runs even after a kick or an
   * interruption: one live context per app, R9), remove every listener, release timers.
   */
  private teardown(): Promise<void> {
    this.waiter.wake();
    if (this.tokenTimer !== undefined) clearTimeout(this.tokenTimer);
    this.tokenTimer = undefined;
    if (this.gridTimer !== undefined) clearTimeout(this.gridTimer);
    this.gridTimer = undefined;
    this.tokenExpiring = false;
    for (const u of this.unsubscribers) u();
    this.unsubscribers = [];
    this.deps.device.keepScreenOn(false).catch((e: unknown) => this.logFailure('setKeepScreenOn', e));
    const rtc = this.rtc;
    if (!rtc) {
      this.media.markOff();
      return this.dropping || Promise.resolve();
    }
    // A join still in flight must settle before exit, or it could land after we left.
    // The join's own failure is handled (and logged) by the join path; here we only wait for it to end.
    const pending = Promise.all([this.joinInFlight ? this.joinInFlight.catch(ignore) : undefined, this.dropping]);
    const captured = this.role !== 'viewer';
    // Held until the exit ends, so a retry cannot create a context before it (R9).
    return this.dropRtc(
      // Capture off before the exit: whether a destroyed engine also releases the camera is unverified.
      (r) =>
        captured
          ? Promise.all([
              r.setVideoCapture(false).catch((e: unknown) => this.logFailure('changeVideoCapture', e)),
              r.setAudioCapture(false).catch((e: unknown) => this.logFailure('changeAudioCapture', e)),
            ])
          : Promise.resolve(),
      pending,
    );
  }

  private linkTokenExpired(): boolean {
    const exp = this.tokenExpirySeconds();
    return exp !== null && exp * 1000 <= Date.now();
  }

  /** Seconds, or null when it never expires, is unreadable, or nobody reads it. */
  private tokenExpirySeconds(): number | null {
    const exp = this.deps.readTokenExpiry ? this.deps.readTokenExpiry(this.token) : null;
    return typeof exp === 'number' ? exp : null;
  }

  private trackTokenExpiry(): void {
    const exp = this.tokenExpirySeconds();
    runInAction(() => (this.tokenExpiresAt = exp === null ? null : exp * 1000));
    if (this.tokenTimer !== undefined) clearTimeout(this.tokenTimer);
    this.tokenTimer = undefined;
    if (exp === null || this.deps.tokenSource) return;
    const lead = exp * 1000 - Date.now() - TOKEN_WARNING_LEAD_MS;
    this.tokenTimer = setTimeout(() => {
      this.tokenTimer = undefined;
      if (this.inRoom) {
        runInAction(() => (this.tokenExpiring = true));
        this.say(NOTICE.tokenExpiringNoSource);
      }
    }, Math.max(0, lead)) as unknown as number;
  }

}

/** Resolves with the join; a join still unanswered JOIN_TIMEOUT_MS after the devices settled is lost. */
function awaitJoin(join: Promise<void>, devices: Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let timer: number | undefined;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      fn();
    };
    join.then(
      () => settle(resolve),
      (e: unknown) => settle(() => reject(e)),
    );
    devices.then(() => {
      if (settled) return;
      timer = setTimeout(
        () => settle(() => reject(new PlatformError('joinRtcRoom', 'timeout', undefined, `no callback within ${JOIN_TIMEOUT_MS} ms`))),
        JOIN_TIMEOUT_MS,
      ) as unknown as number;
    });
  });
}
