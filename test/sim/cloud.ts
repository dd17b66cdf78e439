// In-memory Volcengine RTC "cloud" shared by every simulated user (fake `tt`) and by test-controlled remote
// users. It owns rooms, membership, media state and tokens, and pushes FULL-SNAPSHOT list events to each
// joined client, asynchronously (setTimeout), so jest fake timers control delivery.
//
// Platform facts modelled here come from /work/shared/docs/douyin-platform.md; choices the docs leave open
// (interrupt codes, token-expiry notification, speaker-list meaning) are options or documented in README.md.

import type { PlatformFailure, RtcInterruptPayload, RtcStatePayload, RtcUserListPayload } from '../../services/platform/tt-types';

export type SpeakerSemantics = 'talking' | 'mic-on';
export type TokenPolicy = 'strict' | 'any';
export type ClientPlatform = 'douyin' | 'web' | 'native';
/** How a client learns that the cloud removed it for an expired token (both are possible on the platform: unverified). */
export type ExpiryNotice = 'interrupted' | 'state';

export type ListEventName =
  | 'onRtcChatMembersChanged'
  | 'onRtcVideoMembersChanged'
  | 'onRtcChatSpeakersChanged'
  | 'onRtcPublishScreenMembersChanged';

export const LIST_EVENTS: readonly ListEventName[] = [
  'onRtcChatMembersChanged',
  'onRtcVideoMembersChanged',
  'onRtcChatSpeakersChanged',
  'onRtcPublishScreenMembersChanged',
];

/** Codes the sim puts in interrupt/state payloads. Borrowed from the native Volcengine SDK; unverified for Douyin. */
export const SIM_CODES = {
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
  /** 'strict' (default): tokens must come from mintToken for that room+user and not be expired; 'any': any non-empty string. */
  tokenPolicy?: TokenPolicy;
  /** How automatic token expiry is reported (default 'interrupted'). */
  tokenExpiryNotice?: ExpiryNotice;
  /** On join, send all four lists (default 'all') or only the non-empty ones. */
  initialLists?: 'all' | 'non-empty';
  /**
   * false (default): every change is pushed as its own snapshot. true: changes of the same instant
   * (one synchronous run) are merged, so each client gets at most one snapshot per list per tick
   * (unverified which one the platform does; the bench measures both).
   */
  mergeSameInstant?: boolean;
}

export interface MintTokenOptions {
  /** Lifetime from now (Date.now(), which jest fake timers move). Omitted: never expires. */
  ttlMs?: number;
}

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
  readonly streamSubscriptions = new Map<string, boolean>();
  readonly screenSubscriptions = new Map<string, boolean>();

  constructor(
    readonly roomId: string,
    readonly userId: string,
    readonly platform: ClientPlatform,
    readonly media: MediaState,
    readonly endpoint: CloudEndpoint | undefined,
  ) {}

  isSubscribedTo(userId: string, kind: 'stream' | 'screen'): boolean {
    const map = kind === 'stream' ? this.streamSubscriptions : this.screenSubscriptions;
    return map.get(userId) ?? this.autoSubscribe;
  }
}

export interface MemberView {
  readonly userId: string;
  readonly platform: ClientPlatform;
  /** true for a fake-tt client, false for a remote added with addRemote. */
  readonly simulatedClient: boolean;
  readonly media: Readonly<MediaState>;
  /** Token expiry (ms since epoch) for fake-tt clients with an expiring token. */
  readonly tokenExpiresAt: number | undefined;
  isSubscribedTo(userId: string, kind: 'stream' | 'screen'): boolean;
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
}

const WILL_EXPIRE_LEAD_MS = 30_000;

export class RtcCloud {
  readonly options: Required<RtcCloudOptions>;
  private readonly rooms = new Map<string, CloudSession[]>();
  private readonly tokens = new Map<string, TokenRecord>();
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
      mergeSameInstant: options.mergeSameInstant ?? false,
    };
  }

  // ---------------------------------------------------------------- tokens

  /** An opaque token for roomId+userId, e.g. `sim1.room.user.1700000000000.3`. */
  mintToken(roomId: string, userId: string, options: MintTokenOptions = {}): string {
    const ttlMs = options.ttlMs;
    const expiresAt = ttlMs === undefined ? undefined : Date.now() + ttlMs;
    const token = `sim1.${roomId}.${userId}.${expiresAt ?? 'never'}.${++this.tokenSeq}`;
    this.tokens.set(token, { roomId, userId, expiresAt, ttlMs });
    return token;
  }

  /** null if valid; otherwise why not. */
  checkToken(token: string, roomId: string, userId: string): string | null {
    if (typeof token !== 'string' || token === '') return 'empty token';
    if (this.options.tokenPolicy === 'any') return null;
    const rec = this.tokens.get(token);
    if (!rec) return 'unknown token';
    if (rec.roomId !== roomId || rec.userId !== userId) return 'token is for another room or user';
    if (rec.expiresAt !== undefined && rec.expiresAt <= Date.now()) return 'token expired';
    return null;
  }

  private tokenRecord(token: string, roomId: string, userId: string): TokenRecord {
    return this.tokens.get(token) ?? { roomId, userId, expiresAt: undefined, ttlMs: undefined };
  }

  // ---------------------------------------------------------------- client API (used by fake-tt)

  join(endpoint: CloudEndpoint, req: JoinRequest): JoinResult {
    const bad = this.checkToken(req.token, req.roomId, req.userId);
    if (bad !== null) {
      return { ok: false, failure: { errNo: SIM_CODES.invalidToken, errMsg: 'joinRtcRoom:fail invalid token' } };
    }
    const session = new CloudSession(req.roomId, req.userId, req.platform, req.media, endpoint);
    session.autoSubscribe = req.autoSubscribe;
    this.admit(session);
    this.setSessionToken(session, this.tokenRecord(req.token, req.roomId, req.userId));
    return { ok: true, session };
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
    const bad = this.checkToken(token, session.roomId, session.userId);
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
        };
      },
    };
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

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
