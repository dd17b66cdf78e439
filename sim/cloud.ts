// In-memory Volcengine RTC "cloud" shared by every simulated user (fake `tt`) and by test-controlled remote
// users. It owns rooms, membership, media state and tokens, and pushes FULL-SNAPSHOT list events to each
// joined client, asynchronously (setTimeout), so jest fake timers control delivery.
//
// Platform facts modelled here come from docs/platform.md; choices the docs leave open
// (interrupt codes, token-expiry notification, speaker-list meaning) are options or documented in README.md.
//
// Tokens are real Volcengine "001" AccessTokens (docs/platform.md; Volcengine docs 6348/70121), minted
// and verified with the token service's own implementation, so a link token the sim accepts is one the
// app can read (services/token-info.ts) and the real RTC server would check the same way.

import { timingSafeEqual } from 'node:crypto';
import { AccessToken, packMessage, parseAccessToken, Privilege, signMessage, type ParsedAccessToken } from '../server/src/token/access-token';
import type { PlatformFailure, RtcInterruptPayload, RtcStatePayload, RtcUserListPayload } from '../services/platform/tt-types';

type SpeakerSemantics = 'talking' | 'mic-on';
type TokenPolicy = 'strict' | 'any';
export type ClientPlatform = 'douyin' | 'web' | 'native';
/** How a client learns that the cloud removed it for an expired token (both are possible on the platform: unverified). */
export type ExpiryNotice = 'interrupted' | 'state';

export type ListEventName =
  | 'onRtcChatMembersChanged'
  | 'onRtcVideoMembersChanged'
  | 'onRtcChatSpeakersChanged'
  | 'onRtcPublishScreenMembersChanged';

const LIST_EVENTS: readonly ListEventName[] = [
  'onRtcChatMembersChanged',
  'onRtcVideoMembersChanged',
  'onRtcChatSpeakersChanged',
  'onRtcPublishScreenMembersChanged',
];

/** Codes the sim puts in interrupt/state payloads. Borrowed from the native Volcengine SDK; unverified for Douyin. */
const SIM_CODES = {
  tokenExpired: -1009,
  duplicateLogin: -1004,
  invalidToken: 21101,
  alreadyInRoom: 21100,
} as const;

export interface RtcCloudOptions {
  /** What the speakers list means: users talking now (default) or users with the mic on and published. */
  speakerSemantics?: SpeakerSemantics;
  /** Whether a client sees itself in its own speakers list (default true). */
  selfInSpeakers?: boolean;
  /** Delay of every cloud → client event, via setTimeout (default 0: still asynchronous). */
  eventDelayMs?: number;
  /**
   * 'strict' (default): a "001" token signed with a known app key, for that room+user and the joining
   * context's AppId, not expired; 'any': any non-empty string (for tools that need it).
   */
  tokenPolicy?: TokenPolicy;
  /** AppId → AppKey of the RTC apps this cloud knows (default: one app, SIM_APP_ID). */
  apps?: Record<string, string>;
  /** How automatic token expiry is reported (default 'interrupted'). */
  tokenExpiryNotice?: ExpiryNotice;
  /** On join, send all four lists (default 'all') or only the non-empty ones. */
  initialLists?: 'all' | 'non-empty';
  /**
   * Visible users per room (default 50, Volcengine room limits volcengine.com/docs/6348/257549): a
   * visible join or a switch to visible beyond it fails; invisible users do not count.
   */
  maxVisibleUsers?: number;
  /** Streams one user may subscribe to (default 30, same page): a subscription beyond it fails. */
  maxSubscribedStreams?: number;
  /**
   * false (default): every change is pushed as its own snapshot. true: changes of the same instant
   * (one synchronous run) are merged, so each client gets at most one snapshot per list per tick
   * (unverified which one the platform does; the bench measures both).
   */
  mergeSameInstant?: boolean;
}

export type StreamKind = 'audio' | 'video' | 'screen';

export interface MintTokenOptions {
  /** Lifetime from now (Date.now(), which jest fake timers move). Omitted: never expires. */
  ttlMs?: number;
  /** Which known app signs it (default: the first app). */
  appId?: string;
  /** Privilege id → expiry in unix seconds (0 = never). Default: publish (0..3) and subscribe (4) until the token's expiry. */
  privileges?: Record<number, number>;
}

/** The default RTC app: the AppId sim/helpers/room-harness.ts and sim/render/render-page.ts configure. */
export const SIM_APP_ID = '65a1b2c3d4e5f60718293a4b';
/** Its AppKey (32 characters, used as an ASCII string like the console's). Only the sim and tests know it. */
export const SIM_APP_KEY = 'sim0app0key0not0a0secret00000000';

export interface MediaState {
  /** Camera captured. */
  camera: boolean;
  /** Microphone captured. */
  mic: boolean;
  /** Voice activity (only counts when the mic is on and published). */
  speaking: boolean;
  publishVideo: boolean;
  publishAudio: boolean;
  screen: boolean;
  /** Invisible users are not reported to others and cannot publish. */
  visible: boolean;
}

export type RemovalReason = 'exit' | 'kicked-duplicate' | 'token-expired' | 'interrupted' | 'engine-destroyed';

/** What the cloud needs from a connected client. Implemented by the fake RTC context (fake-tt.ts). */
export interface CloudEndpoint {
  readonly label: string;
  deliverList(event: ListEventName, payload: RtcUserListPayload): void;
  deliverInterrupted(payload: RtcInterruptPayload): void;
  deliverState(payload: RtcStatePayload): void;
  deliverTokenWillExpire(): void;
  /** Called synchronously when the cloud removes the session for any reason but 'exit'. */
  onRemoved(session: CloudSession, reason: RemovalReason): void;
}

interface TokenRecord {
  appId?: string;
  roomId: string;
  userId: string;
  /** undefined: never expires. */
  expiresAt: number | undefined;
  ttlMs: number | undefined;
}

type Timer = ReturnType<typeof setTimeout>;

let sessionSeq = 0;

/** One user's presence in one room: a fake-tt client (endpoint set) or a test-controlled remote. */
export class CloudSession {
  readonly id = ++sessionSeq;
  active = true;
  readonly lastSent: Partial<Record<ListEventName, string[]>> = {};
  token: TokenRecord | undefined;
  tokenTimers: Timer[] = [];
  autoSubscribe = true;
  /** The AppId of the context that joined (updateToken checks new tokens against it). */
  appId = '';
  /** Explicit subscribe states per remote user; a missing entry follows autoSubscribe. */
  readonly subscriptions = new Map<string, Partial<Record<StreamKind, boolean>>>();
  /** The token grants publishing (a subscribe-only viewer token does not). */
  canPublish = true;

  constructor(
    readonly roomId: string,
    readonly userId: string,
    readonly platform: ClientPlatform,
    readonly media: MediaState,
    readonly endpoint: CloudEndpoint | undefined,
  ) {}

  /** 'stream' = the camera/mic stream in any part (audio or video). */
  isSubscribedTo(userId: string, kind: StreamKind | 'stream'): boolean {
    if (kind === 'stream') return this.isSubscribedTo(userId, 'audio') || this.isSubscribedTo(userId, 'video');
    return this.subscriptions.get(userId)?.[kind] ?? this.autoSubscribe;
  }

  /** Explicit subscriptions that are on (what counts against maxSubscribedStreams). */
  subscribedCount(): number {
    let n = 0;
    for (const s of this.subscriptions.values()) n += (s.audio ? 1 : 0) + (s.video ? 1 : 0) + (s.screen ? 1 : 0);
    return n;
  }
}

interface MemberView {
  readonly userId: string;
  readonly platform: ClientPlatform;
  /** true for a fake-tt client, false for a remote added with addRemote. */
  readonly simulatedClient: boolean;
  readonly media: Readonly<MediaState>;
  /** Token expiry (ms since epoch) for fake-tt clients with an expiring token. */
  readonly tokenExpiresAt: number | undefined;
  isSubscribedTo(userId: string, kind: StreamKind | 'stream'): boolean;
  /** Streams this member really receives now: others' published streams it is subscribed to. */
  receiving(): Record<StreamKind, string[]>;
}

/** Live read-only view of a room as an outside observer sees it (invisible users excluded from the lists). */
export interface RoomView {
  readonly roomId: string;
  readonly members: string[];
  readonly video: string[];
  /** Per the cloud's speaker semantics. */
  readonly speakers: string[];
  readonly screen: string[];
  /** Everyone present, invisible users included. */
  readonly allMembers: string[];
  has(userId: string): boolean;
  member(userId: string): MemberView | undefined;
}

export interface AddRemoteOptions {
  camera?: boolean;
  mic?: boolean;
  platform?: ClientPlatform;
  speaking?: boolean;
  visible?: boolean;
}

/** A remote participant driven by the test (a phone on another app build, a web client, …). */
export interface RemoteUser {
  readonly roomId: string;
  readonly userId: string;
  readonly platform: ClientPlatform;
  readonly present: boolean;
  /** Camera captured and published. */
  setCamera(on: boolean): void;
  /** Microphone captured and published. */
  setMic(on: boolean): void;
  /** Voice activity; shows in the speakers list only with the mic on (or always, under 'mic-on' semantics, once the mic is on). */
  speak(on: boolean): void;
  setVisible(visible: boolean): void;
  /** Throws for platform 'douyin': Douyin users can only watch screen shares. */
  startScreenShare(): void;
  stopScreenShare(): void;
  leave(): void;
}

export type JoinResult = { ok: true; session: CloudSession } | { ok: false; failure: PlatformFailure };

export interface JoinRequest {
  roomId: string;
  userId: string;
  token: string;
  platform: ClientPlatform;
  media: MediaState;
  autoSubscribe: boolean;
  /** From createRtcRoomContext({ appId }): the token's AppId must be this one. */
  appId: string;
}

const WILL_EXPIRE_LEAD_MS = 30_000;

export class RtcCloud {
  readonly options: Required<RtcCloudOptions>;
  private readonly rooms = new Map<string, CloudSession[]>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly apps: Record<string, string>;
  private tokenSeq = 0;
  /** mergeSameInstant: rooms with a broadcast due at the end of this tick, and who joined meanwhile. */
  private readonly mergedDue = new Map<string, CloudSession[]>();

  constructor(options: RtcCloudOptions = {}) {
    this.options = {
      speakerSemantics: options.speakerSemantics ?? 'talking',
      selfInSpeakers: options.selfInSpeakers ?? true,
      eventDelayMs: options.eventDelayMs ?? 0,
      tokenPolicy: options.tokenPolicy ?? 'strict',
      tokenExpiryNotice: options.tokenExpiryNotice ?? 'interrupted',
      initialLists: options.initialLists ?? 'all',
      maxVisibleUsers: options.maxVisibleUsers ?? 50,
      maxSubscribedStreams: options.maxSubscribedStreams ?? 30,
      apps: options.apps ?? { [SIM_APP_ID]: SIM_APP_KEY },
      mergeSameInstant: options.mergeSameInstant ?? false,
    };
    this.apps = this.options.apps;
    if (Object.keys(this.apps).length === 0) throw new Error('sim: RtcCloud needs at least one app (apps: { appId: appKey })');
  }

  // ---------------------------------------------------------------- tokens

  /**
   * A real "001" token for roomId+userId signed with the app's key. The cloud keeps the exact-ms expiry
   * of the tokens it mints (the token itself carries whole seconds, rounded up).
   */
  mintToken(roomId: string, userId: string, options: MintTokenOptions = {}): string {
    const appId = options.appId ?? Object.keys(this.apps)[0];
    const appKey = this.apps[appId];
    if (appKey === undefined) throw new Error(`sim: mintToken for unknown app ${appId}`);
    const ttlMs = options.ttlMs;
    const expiresAt = ttlMs === undefined ? undefined : Date.now() + ttlMs;
    const expireAt = expiresAt === undefined ? 0 : Math.ceil(expiresAt / 1000);
    const at = new AccessToken({ appId, appKey, roomId, userId, nonce: ++this.tokenSeq, issuedAt: Math.floor(Date.now() / 1000) });
    at.expireTime(expireAt);
    if (options.privileges) for (const [id, ts] of Object.entries(options.privileges)) at.privileges.set(Number(id), ts);
    else at.addPrivilege(Privilege.PublishStream, expireAt).addPrivilege(Privilege.SubscribeStream, expireAt);
    const token = at.serialize();
    // Hand-set privileges may run out before the token does.
    const privExpiry = options.privileges ? encodedExpiry({ ...parseAccessToken(token)!, expireAt: 0 }) : undefined;
    const until = privExpiry !== undefined && (expiresAt === undefined || privExpiry < expiresAt) ? privExpiry : expiresAt;
    this.tokens.set(token, { appId, roomId, userId, expiresAt: until, ttlMs: until === undefined ? undefined : until - Date.now() });
    return token;
  }

  /** null if valid for this room, user and joining context's AppId; otherwise why not. */
  checkToken(token: string, roomId: string, userId: string, appId?: string): string | null {
    if (typeof token !== 'string' || token === '') return 'empty token';
    if (this.options.tokenPolicy === 'any') return null;
    const parsed = parseAccessToken(token);
    if (!parsed) return 'malformed token';
    const key = this.apps[parsed.appId];
    if (key === undefined) return `unknown AppId ${parsed.appId}`;
    // The token's AppId is not covered by the signature (docs/platform.md): it must match the context's.
    if (appId !== undefined && parsed.appId !== appId) return 'token is for another AppId';
    if (!signatureValid(parsed, key)) return 'bad signature';
    // "加入房间时设置的 uid 和 roomid 需与用于生成 Token 的 uid 和 roomid 保持一致" (Volcengine 6348/70121);
    // roomId "*" is the documented wildcard token (通配 Token, 6313/70121).
    if ((parsed.roomId !== roomId && parsed.roomId !== '*') || parsed.userId !== userId) return 'token is for another room or user';
    const rec = this.tokens.get(token);
    const expiresAt = rec ? rec.expiresAt : encodedExpiry(parsed);
    if (expiresAt !== undefined && expiresAt <= Date.now()) return 'token expired';
    return null;
  }

  private tokenRecord(token: string, roomId: string, userId: string): TokenRecord {
    const rec = this.tokens.get(token);
    if (rec) return rec;
    // Not minted here (e.g. by the real token service with the same key): its encoded expiry counts.
    const parsed = parseAccessToken(token);
    const expiresAt = parsed ? encodedExpiry(parsed) : undefined;
    return { roomId, userId, expiresAt, ttlMs: expiresAt === undefined ? undefined : expiresAt - Date.now() };
  }

  // ---------------------------------------------------------------- client API (used by fake-tt)

  join(endpoint: CloudEndpoint, req: JoinRequest): JoinResult {
    const bad = this.checkToken(req.token, req.roomId, req.userId, req.appId);
    if (bad !== null) {
      return { ok: false, failure: { errNo: SIM_CODES.invalidToken, errMsg: 'joinRtcRoom:fail invalid token' } };
    }
    if (req.media.visible && !this.hasVisibleRoom(req.roomId, req.userId)) {
      return { ok: false, failure: { errMsg: `joinRtcRoom:fail room ${req.roomId} has ${this.options.maxVisibleUsers} visible users` } };
    }
    const session = new CloudSession(req.roomId, req.userId, req.platform, req.media, endpoint);
    session.autoSubscribe = req.autoSubscribe;
    session.appId = req.appId;
    session.canPublish = this.tokenCanPublish(req.token);
    if (!session.canPublish) {
      req.media.publishAudio = false;
      req.media.publishVideo = false;
    }
    this.admit(session);
    this.setSessionToken(session, this.tokenRecord(req.token, req.roomId, req.userId));
    return { ok: true, session };
  }

  /** Whether one more visible user (not counting `userId`'s own session, which a join replaces) fits. */
  hasVisibleRoom(roomId: string, userId: string): boolean {
    const list = this.rooms.get(roomId) ?? [];
    return list.filter((s) => s.media.visible && s.userId !== userId).length < this.options.maxVisibleUsers;
  }

  /** Viewer tokens carry only the subscribe privilege (4); publishing needs 0..3. */
  private tokenCanPublish(token: string): boolean {
    if (this.options.tokenPolicy === 'any') return true;
    const parsed = parseAccessToken(token);
    if (!parsed) return true;
    for (const id of [0, 1, 2, 3]) if (parsed.privileges.has(id)) return true;
    return false;
  }

  /** Voluntary leave (exitRtcRoom): no event to the leaver. */
  leave(session: CloudSession): void {
    this.remove(session, 'exit');
  }

  /** Media/visibility of a session changed: recompute and notify. */
  update(session: CloudSession): void {
    if (session.active) this.broadcast(session.roomId);
  }

  /** updateToken: null on success, else a failure. */
  renewToken(session: CloudSession, token: string): PlatformFailure | null {
    const bad = this.checkToken(token, session.roomId, session.userId, session.appId || undefined);
    if (bad !== null) return { errNo: SIM_CODES.invalidToken, errMsg: `updateToken:fail invalid token (${bad})` };
    this.setSessionToken(session, this.tokenRecord(token, session.roomId, session.userId));
    return null;
  }

  /** Drop a client as if its connection was lost: peers see it leave, it gets onRtcChatInterrupted. */
  interruptSession(session: CloudSession, payload: RtcInterruptPayload, reason: RemovalReason = 'interrupted'): void {
    if (!session.active) return;
    this.remove(session, reason);
    const ep = session.endpoint;
    if (ep) this.later(() => ep.deliverInterrupted({ ...payload }));
  }

  /** Remove without telling the client anything (e.g. engine destroyed). */
  dropSilently(session: CloudSession, reason: RemovalReason): void {
    if (session.active) this.remove(session, reason);
  }

  // ---------------------------------------------------------------- test API

  addRemote(roomId: string, userId: string, options: AddRemoteOptions = {}): RemoteUser {
    const platform = options.platform ?? 'native';
    const media: MediaState = {
      camera: options.camera ?? false,
      mic: options.mic ?? false,
      speaking: options.speaking ?? false,
      publishVideo: true,
      publishAudio: true,
      screen: false,
      visible: options.visible ?? true,
    };
    if (media.visible && !this.hasVisibleRoom(roomId, userId)) {
      throw new Error(`sim: room ${roomId} already has ${this.options.maxVisibleUsers} visible users; add viewers with visible: false`);
    }
    const session = new CloudSession(roomId, userId, platform, media, undefined);
    this.admit(session);
    const cloud = this;
    const mutate = (fn: () => void): void => {
      if (!session.active) throw new Error(`sim: remote ${userId} is no longer in room ${roomId}`);
      fn();
      cloud.update(session);
    };
    return {
      roomId,
      userId,
      platform,
      get present() {
        return session.active;
      },
      setCamera: (on) => mutate(() => (media.camera = on)),
      setMic: (on) => mutate(() => (media.mic = on)),
      speak: (on) => mutate(() => (media.speaking = on)),
      setVisible: (v) => mutate(() => (media.visible = v)),
      startScreenShare: () => {
        if (platform === 'douyin') {
          throw new Error(`sim: ${userId} is a Douyin user; Douyin mini-programs can only watch screen shares`);
        }
        mutate(() => (media.screen = true));
      },
      stopScreenShare: () => mutate(() => (media.screen = false)),
      leave: () => {
        if (session.active) cloud.remove(session, 'exit');
      },
    };
  }

  room(roomId: string): RoomView {
    const cloud = this;
    const list = (): CloudSession[] => cloud.rooms.get(roomId) ?? [];
    return {
      roomId,
      get members() {
        return cloud.computeList(list(), undefined, 'onRtcChatMembersChanged');
      },
      get video() {
        return cloud.computeList(list(), undefined, 'onRtcVideoMembersChanged');
      },
      get speakers() {
        return cloud.computeList(list(), undefined, 'onRtcChatSpeakersChanged');
      },
      get screen() {
        return cloud.computeList(list(), undefined, 'onRtcPublishScreenMembersChanged');
      },
      get allMembers() {
        return list().map((s) => s.userId);
      },
      has: (userId) => list().some((s) => s.userId === userId),
      member: (userId) => {
        const s = list().find((x) => x.userId === userId);
        if (!s) return undefined;
        return {
          userId: s.userId,
          platform: s.platform,
          simulatedClient: s.endpoint !== undefined,
          media: { ...s.media },
          tokenExpiresAt: s.token?.expiresAt,
          isSubscribedTo: (other, kind) => s.isSubscribedTo(other, kind),
          receiving: () => cloud.receiving(s),
        };
      },
    };
  }

  /** What a session really receives: published streams of visible others that it is subscribed to. */
  receiving(viewer: CloudSession): Record<StreamKind, string[]> {
    const out: Record<StreamKind, string[]> = { audio: [], video: [], screen: [] };
    for (const p of this.rooms.get(viewer.roomId) ?? []) {
      if (p === viewer || !p.media.visible) continue;
      const m = p.media;
      if (m.camera && m.publishVideo && viewer.isSubscribedTo(p.userId, 'video')) out.video.push(p.userId);
      if (m.mic && m.publishAudio && viewer.isSubscribedTo(p.userId, 'audio')) out.audio.push(p.userId);
      if (m.screen && viewer.isSubscribedTo(p.userId, 'screen')) out.screen.push(p.userId);
    }
    return out;
  }

  /** Room ids with at least one participant. */
  roomIds(): string[] {
    return [...this.rooms.keys()];
  }

  /** Fire onRoomTokenWillExpire on every fake-tt client joined as userId. Throws if there is none. */
  warnTokenExpiry(userId: string): void {
    const sessions = this.clientSessions(userId);
    if (sessions.length === 0) throw new Error(`sim: no joined client with userId ${userId}`);
    for (const s of sessions) this.notifyWillExpire(s);
  }

  /** Expire userId's token now: removed from its room (peers see it leave), notified per `via`. */
  expireToken(userId: string, options: { via?: ExpiryNotice } = {}): void {
    const sessions = this.clientSessions(userId);
    if (sessions.length === 0) throw new Error(`sim: no joined client with userId ${userId}`);
    for (const s of sessions) this.expire(s, options.via ?? this.options.tokenExpiryNotice);
  }

  // ---------------------------------------------------------------- internals

  private clientSessions(userId: string): CloudSession[] {
    const out: CloudSession[] = [];
    for (const list of this.rooms.values()) {
      for (const s of list) if (s.userId === userId && s.endpoint) out.push(s);
    }
    return out;
  }

  private admit(session: CloudSession): void {
    const list = this.rooms.get(session.roomId) ?? [];
    this.rooms.set(session.roomId, list);
    const older = list.filter((s) => s.userId === session.userId);
    list.push(session);
    for (const old of older) {
      // Volcengine: a second login with the same userId kicks the first one out.
      this.remove(old, 'kicked-duplicate', false);
      const ep = old.endpoint;
      if (ep) {
        this.later(() =>
          ep.deliverInterrupted({
            errNo: SIM_CODES.duplicateLogin,
            errCode: SIM_CODES.duplicateLogin,
            errMsg: `rtc chat interrupted: duplicate login, user ${old.userId} joined room ${old.roomId} from another client`,
          }),
        );
      }
    }
    this.broadcast(session.roomId, session);
  }

  private remove(session: CloudSession, reason: RemovalReason, rebroadcast = true): void {
    if (!session.active) return;
    session.active = false;
    this.clearTokenTimers(session);
    const list = this.rooms.get(session.roomId);
    if (list) {
      const i = list.indexOf(session);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.rooms.delete(session.roomId);
    }
    if (reason !== 'exit') session.endpoint?.onRemoved(session, reason);
    if (rebroadcast) this.broadcast(session.roomId);
  }

  private computeList(list: CloudSession[], viewer: CloudSession | undefined, event: ListEventName): string[] {
    const sem = this.options.speakerSemantics;
    const out: string[] = [];
    for (const p of list) {
      const m = p.media;
      const isSelf = p === viewer;
      if (!m.visible && !isSelf) continue;
      let include: boolean;
      switch (event) {
        case 'onRtcChatMembersChanged':
          include = true;
          break;
        case 'onRtcVideoMembersChanged':
          include = m.visible && m.camera && m.publishVideo;
          break;
        case 'onRtcChatSpeakersChanged':
          include =
            m.visible && m.mic && m.publishAudio && (sem === 'mic-on' || m.speaking) && (!isSelf || this.options.selfInSpeakers);
          break;
        case 'onRtcPublishScreenMembersChanged':
          include = m.visible && m.screen;
          break;
      }
      if (include) out.push(p.userId);
    }
    return out;
  }

  /** Send every joined client each list that changed from its point of view. `fresh` gets its initial lists. */
  private broadcast(roomId: string, fresh?: CloudSession, now = false): void {
    if (this.options.mergeSameInstant && !now) {
      this.queueMerged(roomId, fresh);
      return;
    }
    const list = this.rooms.get(roomId) ?? [];
    for (const viewer of list) {
      const ep = viewer.endpoint;
      if (!ep) continue;
      for (const event of LIST_EVENTS) {
        const ids = this.computeList(list, viewer, event);
        const prev = viewer.lastSent[event];
        const isInitial = viewer === fresh && prev === undefined;
        const changed = prev === undefined ? ids.length > 0 || (isInitial && this.options.initialLists === 'all') : !sameList(prev, ids);
        if (!changed) continue;
        viewer.lastSent[event] = ids;
        this.later(() => {
          if (viewer.active) ep.deliverList(event, { userIdList: [...ids] });
        });
      }
    }
  }

  /** One broadcast per room per tick: snapshots are computed once the tick's changes are all in. */
  private queueMerged(roomId: string, fresh?: CloudSession): void {
    const due = this.mergedDue.get(roomId);
    if (due) {
      if (fresh) due.push(fresh);
      return;
    }
    this.mergedDue.set(roomId, fresh ? [fresh] : []);
    setTimeout(() => {
      const joined = this.mergedDue.get(roomId) ?? [];
      this.mergedDue.delete(roomId);
      if (joined.length === 0) this.broadcast(roomId, undefined, true);
      // Each newcomer gets its initial lists; after the first pass the others see no change.
      for (const s of joined) this.broadcast(roomId, s, true);
    }, 0);
  }

  private later(fn: () => void): void {
    setTimeout(fn, this.options.eventDelayMs);
  }

  private setSessionToken(session: CloudSession, rec: TokenRecord): void {
    this.clearTokenTimers(session);
    session.token = rec;
    if (rec.expiresAt === undefined) return;
    const now = Date.now();
    const untilExpiry = rec.expiresAt - now;
    if (rec.ttlMs !== undefined && rec.ttlMs > WILL_EXPIRE_LEAD_MS && untilExpiry > WILL_EXPIRE_LEAD_MS) {
      session.tokenTimers.push(setTimeout(() => this.notifyWillExpire(session), untilExpiry - WILL_EXPIRE_LEAD_MS));
    }
    session.tokenTimers.push(setTimeout(() => this.expire(session, this.options.tokenExpiryNotice), Math.max(0, untilExpiry)));
  }

  private clearTokenTimers(session: CloudSession): void {
    for (const t of session.tokenTimers) clearTimeout(t);
    session.tokenTimers = [];
  }

  private notifyWillExpire(session: CloudSession): void {
    const ep = session.endpoint;
    if (!ep || !session.active) return;
    this.later(() => {
      if (session.active) ep.deliverTokenWillExpire();
    });
  }

  private expire(session: CloudSession, via: ExpiryNotice): void {
    if (!session.active) return;
    const ep = session.endpoint;
    this.remove(session, 'token-expired');
    if (!ep) return;
    const code = SIM_CODES.tokenExpired;
    const errMsg = `rtc token expired for user ${session.userId} in room ${session.roomId}`;
    if (via === 'interrupted') {
      this.later(() => ep.deliverInterrupted({ errNo: code, errCode: code, errMsg }));
    } else {
      this.later(() => ep.deliverState({ errNo: code, errCode: code, code, errMsg, data: { reason: 'token-expired' } }));
    }
  }
}

/** HMAC over the re-packed message, compared as raw bytes (as the token service verifies). */
function signatureValid(parsed: ParsedAccessToken, appKey: string): boolean {
  if (parsed.signature.length !== 32) return false;
  return timingSafeEqual(signMessage(appKey, packMessage(parsed)), parsed.signature);
}

/**
 * Expiry in ms of a token the cloud did not mint: the earliest of the token-level expireAt and the
 * privileges' expiries (0 = never). The RTC server enforces privilege expiry per action (Volcengine FAQ
 * 6348/1157360); a token whose publish or subscribe right has run out cannot hold a call.
 */
function encodedExpiry(parsed: ParsedAccessToken): number | undefined {
  let min = parsed.expireAt > 0 ? parsed.expireAt : Infinity;
  for (const ts of parsed.privileges.values()) if (ts > 0 && ts < min) min = ts;
  return isFinite(min) ? min * 1000 : undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
