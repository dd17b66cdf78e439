// The app's side of a call: a mirror of the server's state machine (docs/calls.md) plus the rules
// only the app can apply (busy while in a room or another call, one call at a time). The server is
// the authority: local changes are only "asked" (accepting, cancelling) until its frame says so,
// except where nothing more can come from it (a refused invite, a send that timed out).
import { action, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import type { CallsSocket, CallsSocketStatus, ServerFrame } from '../services/calls-socket';
import { CallsSocketError } from '../services/calls-socket';
import { ID_PATTERN } from '../services/link';
import { CALL_TEXT } from './messages';
import { ignore } from '../services/ignore';

export type Media = 'audio' | 'video';
export type ServerCallState = 'ringing' | 'accepted' | 'declined' | 'cancelled' | 'busy' | 'missed' | 'ended';

/**
 * checking: opened from a notice, asking the server; inviting: invite sent, no answer yet;
 * ringing: it rings (on either side); accepted: in the call; ended: final, with `state`/`reason`.
 */
type CallPhase = 'checking' | 'inviting' | 'ringing' | 'accepted' | 'ended';
export type EndReason = 'elsewhere' | 'not-found' | 'refused' | 'offline' | 'expired';

interface RoomGrant {
  roomId: string;
  token: string;
  expireAt: number;
  appId: string;
}

export interface ActiveCall {
  callId: string;
  /** The other person; '' while a notice-opened call is being checked. */
  peer: string;
  direction: 'out' | 'in';
  media: Media;
  phase: CallPhase;
  /** The server's last word on the call (null before any). */
  state: ServerCallState | null;
  reason: EndReason | null;
  /** Who hung up (ended). */
  endedBy: string | null;
  /** This user's own member token for the call's room (accepted). */
  room: RoomGrant | null;
  /** ms epoch when an incoming call becomes missed. */
  expiresAt: number | null;
  acceptedAt: number | null;
  /** A local ask waiting for the server: accept / decline / cancel / hangup. */
  asking: 'accept' | 'decline' | 'cancel' | 'hangup' | null;
}

export interface CallStoreDeps {
  socket: Pick<CallsSocket, 'status' | 'userId' | 'send' | 'onFrame' | 'onStatus'>;
  /** In a room right now (stores/presence.ts): incoming calls are answered busy. */
  presence: { readonly inRoom: boolean };
  /** Dev mode: the userId this device says it is (for "calling yourself" before any welcome). */
  devUserId: string | null;
  newCallId?: () => string;
  now?: () => number;
}

const CALL_ID = /^[A-Za-z0-9_-]{8,64}$/;
const STATES: readonly string[] = ['ringing', 'accepted', 'declined', 'cancelled', 'busy', 'missed', 'ended'];
const FINAL: readonly string[] = ['declined', 'cancelled', 'busy', 'missed', 'ended'];
/** After expiresAt with no word from the server (socket down): stop ringing locally. */
const EXPIRY_GRACE_MS = 3000;

function randomCallId(): string {
  const a = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'c';
  for (let i = 0; i < 20; i++) id += a.charAt(Math.floor(Math.random() * a.length) % a.length);
  return id;
}

function isLive(call: ActiveCall | null): boolean {
  return !!call && call.phase !== 'ended';
}

export class CallStore {
  call: ActiveCall | null = null;
  connection: CallsSocketStatus;
  myUserId: string | null;
  /** Bumped for each incoming call the app should show (the app wiring navigates on it). */
  incomingSeq = 0;
  /** Calls answered busy automatically (for tests and diagnostics). */
  autoBusy: string[] = [];

  private readonly deps: CallStoreDeps;
  private readonly now: () => number;
  private readonly newCallId: () => string;
  private expiryTimer: number | undefined;
  private readonly stops: Array<() => void> = [];

  constructor(deps: CallStoreDeps) {
    this.deps = deps;
    this.now = deps.now || Date.now;
    this.newCallId = deps.newCallId || randomCallId;
    this.connection = deps.socket.status;
    this.myUserId = deps.socket.userId || deps.devUserId;
    makeObservable<CallStore, 'update' | 'onFrame' | 'onStatus' | 'end'>(this, {
      call: observable.ref,
      connection: observable,
      myUserId: observable,
      incomingSeq: observable,
      autoBusy: observable.ref,
      dial: action,
      accept: action,
      decline: action,
      cancel: action,
      hangup: action,
      switchMedia: action,
      openFromNotice: action,
      dismiss: action,
      update: action,
      onFrame: action,
      onStatus: action,
      end: action,
    });
    this.stops.push(
      deps.socket.onFrame((f) => this.onFrame(f)),
      deps.socket.onStatus((s) => this.onStatus(s)),
    );
  }

  dispose(): void {
    for (const s of this.stops.splice(0)) s();
    if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
  }

  /** Rings `callee`. Returns why not (Chinese, for the page) or null when the call started. */
  dial(calleeInput: string, media: Media): string | null {
    const callee = (calleeInput || '').trim();
    if (!callee) return CALL_TEXT.emptyUserId;
    if (!ID_PATTERN.test(callee)) return CALL_TEXT.badUserId;
    if (media !== 'audio' && media !== 'video') return CALL_TEXT.badUserId;
    if (this.myUserId !== null && callee === this.myUserId) return CALL_TEXT.self;
    if (isLive(this.call)) return CALL_TEXT.alreadyInCall;
    if (this.deps.presence.inRoom) return CALL_TEXT.inRoom;
    const callId = this.newCallId();
    this.call = blank(callId, callee, 'out', media, 'inviting');
    this.deps.socket.send({ type: 'invite', callId, callee, media }).catch((e: unknown) => {
      const code = e instanceof CallsSocketError ? e.code : 'error';
      // Nothing more will come from the server for a refused or never-delivered invite.
      this.end(callId, null, code === 'timeout' || code === 'stopped' ? 'offline' : 'refused');
    });
    return null;
  }

  accept(): void {
    const c = this.call;
    if (!c || c.direction !== 'in' || c.phase !== 'ringing' || c.asking) return;
    this.update(c.callId, { asking: 'accept' });
    this.ask(c.callId, 'accept');
  }

  decline(): void {
    const c = this.call;
    if (!c || c.direction !== 'in' || c.phase !== 'ringing' || c.asking) return;
    this.update(c.callId, { asking: 'decline' });
    this.ask(c.callId, 'decline');
  }

  cancel(): void {
    const c = this.call;
    if (!c || c.direction !== 'out' || (c.phase !== 'inviting' && c.phase !== 'ringing') || c.asking === 'cancel') return;
    this.update(c.callId, { asking: 'cancel' });
    this.ask(c.callId, 'cancel');
  }

  hangup(): void {
    const c = this.call;
    if (!c || c.phase !== 'accepted' || c.asking === 'hangup') return;
    // Ended for us now: the person tapped hang up; the server tells the other side.
    this.end(c.callId, 'ended', null, this.myUserId);
    // A send fails only when the socket is down; the other side's room ends when ours does, and the
    // query after the next welcome re-syncs the call (docs/decisions.md "Re-sync by query").
    this.deps.socket.send({ type: 'hangup', callId: c.callId }).catch(ignore);
  }

  switchMedia(media: Media): void {
    const c = this.call;
    if (!c || c.phase !== 'accepted' || (media !== 'audio' && media !== 'video') || c.media === media) return;
    this.update(c.callId, { media });
    // Socket down: the local switch already happened; the peer keeps its own media choice.
    this.deps.socket.send({ type: 'media', callId: c.callId, media }).catch(ignore);
  }

  /** The incoming page opened from a subscription notice: ask the server where this call is. */
  openFromNotice(callId: string): void {
    if (!CALL_ID.test(callId || '')) {
      this.call = blank(callId || '', '', 'in', 'audio', 'ended');
      this.call.reason = 'not-found';
      return;
    }
    if (this.call && this.call.callId === callId) return;
    if (isLive(this.call)) return; // another call is on: the page shows that one
    this.call = blank(callId, '', 'in', 'audio', 'checking');
    this.query(callId);
  }

  /** Forget an ended call (the page closes). */
  dismiss(): void {
    if (this.call && this.call.phase === 'ended') this.call = null;
  }

  private ask(callId: string, type: 'accept' | 'decline' | 'cancel'): void {
    this.deps.socket.send({ type, callId }).catch((e: unknown) => {
      const code = e instanceof CallsSocketError ? e.code : 'error';
      if (code === 'bad_request' || code === 'not_found') return this.end(callId, null, 'not-found');
      if (type === 'accept') return this.update(callId, { asking: null }); // let them try again
      // A decline or cancel that never reached the server: the call is over for this person anyway.
      this.end(callId, type === 'decline' ? 'declined' : 'cancelled', 'offline');
    });
  }

  private query(callId: string): void {
    this.deps.socket.send({ type: 'query', callId }).catch((e: unknown) => {
      const code = e instanceof CallsSocketError ? e.code : 'error';
      const c = this.call;
      if (!c || c.callId !== callId) return;
      if (code === 'not_found' || code === 'bad_request' || c.phase === 'checking') this.end(callId, null, code === 'timeout' ? 'offline' : 'not-found');
    });
  }

  private onStatus(s: CallsSocketStatus): void {
    this.connection = s;
    if (s !== 'open') return;
    if (this.deps.socket.userId) this.myUserId = this.deps.socket.userId;
    // Back after a drop: whatever happened meanwhile, the server knows (query is idempotent).
    const c = this.call;
    if (c && isLive(c) && c.phase !== 'checking' && c.phase !== 'inviting') this.query(c.callId);
  }

  private onFrame(f: ServerFrame): void {
    if (f.type === 'ring') return this.onRing(f);
    if (f.type === 'call') return this.onCall(f);
  }

  private onRing(f: ServerFrame): void {
    const { callId, caller, media, expiresAt } = f;
    if (typeof callId !== 'string' || !CALL_ID.test(callId) || typeof caller !== 'string' || (media !== 'audio' && media !== 'video')) return;
    const exp = typeof expiresAt === 'number' && isFinite(expiresAt) ? expiresAt : this.now() + 30000;
    const c = this.call;
    if (c && c.callId === callId) {
      // Checking (the incoming page asked) or a re-ring after a reconnect: that page already shows it.
      if (c.phase === 'checking' || c.phase === 'ringing') {
        this.update(callId, { peer: caller, media, phase: 'ringing', state: 'ringing', expiresAt: exp });
        this.armExpiry(callId, exp);
      }
      return;
    }
    // Busy while in a room or another call: answered by the app itself, nothing rings.
    if (this.deps.presence.inRoom || isLive(c)) {
      this.autoBusy = this.autoBusy.concat([callId]);
      // Socket down: the caller's ring times out to 未接 instead of 对方忙; nothing we can do here.
      this.deps.socket.send({ type: 'busy', callId }).catch(ignore);
      return;
    }
    this.call = Object.assign(blank(callId, caller, 'in', media, 'ringing'), { state: 'ringing' as ServerCallState, expiresAt: exp });
    this.armExpiry(callId, exp);
    this.incomingSeq++;
  }

  private onCall(f: ServerFrame): void {
    const { callId, state, peer, media, room, reason } = f;
    const c = this.call;
    if (!c || typeof callId !== 'string' || c.callId !== callId || typeof state !== 'string' || STATES.indexOf(state) < 0) return;
    if (c.phase === 'ended') return; // final is final: a late frame does not reopen it
    const patch: Partial<ActiveCall> = {};
    if (typeof peer === 'string' && ID_PATTERN.test(peer)) patch.peer = peer;
    if (media === 'audio' || media === 'video') patch.media = media;
    if (state === 'ringing') {
      if (c.phase === 'inviting') patch.phase = 'ringing';
      patch.state = 'ringing';
      return this.update(callId, patch);
    }
    if (state === 'accepted') {
      if (reason === 'elsewhere') return this.end(callId, 'accepted', 'elsewhere');
      const grant = readGrant(room);
      if (grant) {
        patch.room = grant;
        patch.phase = 'accepted';
        patch.state = 'accepted';
        patch.asking = null;
        if (c.acceptedAt === null) patch.acceptedAt = this.now();
        this.update(callId, patch);
        this.clearExpiry();
        // Lost the race: we asked to cancel but the callee's accept came first. Hang up at once.
        if (c.asking === 'cancel') this.hangup();
        return;
      }
      // accepted without a room: the other side switched audio ↔ video.
      if (c.phase === 'accepted') this.update(callId, patch);
      return;
    }
    if (FINAL.indexOf(state) >= 0) {
      this.update(callId, patch);
      this.end(callId, state as ServerCallState, null, typeof f.by === 'string' ? f.by : null);
    }
  }

  private update(callId: string, patch: Partial<ActiveCall>): void {
    const c = this.call;
    if (!c || c.callId !== callId) return;
    this.call = Object.assign({}, c, patch);
  }

  private end(callId: string, state: ServerCallState | null, reason: EndReason | null, by: string | null = null): void {
    const c = this.call;
    if (!c || c.callId !== callId || c.phase === 'ended') return;
    this.clearExpiry();
    this.call = Object.assign({}, c, { phase: 'ended' as CallPhase, state: state || c.state, reason, endedBy: by, asking: null });
  }

  private armExpiry(callId: string, expiresAt: number): void {
    this.clearExpiry();
    const wait = Math.max(0, expiresAt - this.now()) + EXPIRY_GRACE_MS;
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      runInAction(() => {
        const c = this.call;
        if (c && c.callId === callId && c.phase === 'ringing') this.end(callId, 'missed', 'expired');
      });
    }, wait) as unknown as number;
  }

  private clearExpiry(): void {
    if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }
}

function blank(callId: string, peer: string, direction: 'out' | 'in', media: Media, phase: CallPhase): ActiveCall {
  return { callId, peer, direction, media, phase, state: null, reason: null, endedBy: null, room: null, expiresAt: null, acceptedAt: null, asking: null };
}

function readGrant(v: unknown): RoomGrant | null {
  if (typeof v !== 'object' || v === null) return null;
  const { roomId, token, expireAt, appId } = v as Record<string, unknown>;
  if (typeof roomId !== 'string' || !ID_PATTERN.test(roomId) || typeof token !== 'string' || token === '') return null;
  return { roomId, token, expireAt: typeof expireAt === 'number' ? expireAt : 0, appId: typeof appId === 'string' ? appId : '' };
}

/** What the call pages say about a call, from this person's side. */
export function callStatusText(c: ActiveCall | null): string {
  if (!c) return CALL_TEXT.ended;
  const mediaText = c.media === 'video' ? CALL_TEXT.video : CALL_TEXT.audio;
  switch (c.phase) {
    case 'checking':
      return CALL_TEXT.checking;
    case 'inviting':
      return c.asking === 'cancel' ? CALL_TEXT.cancelling : CALL_TEXT.connecting;
    case 'ringing':
      if (c.direction === 'out') return c.asking === 'cancel' ? CALL_TEXT.cancelling : CALL_TEXT.calling;
      return c.asking === 'accept' ? CALL_TEXT.accepting : CALL_TEXT.incoming(mediaText);
    case 'accepted':
      return CALL_TEXT.accepted;
    default:
      return endedText(c);
  }
}

function endedText(c: ActiveCall): string {
  if (c.reason === 'elsewhere') return CALL_TEXT.elsewhere;
  if (c.reason === 'not-found') return CALL_TEXT.ended;
  if (c.reason === 'refused') return CALL_TEXT.refused;
  if (c.reason === 'offline' && c.state !== 'declined' && c.state !== 'cancelled') return CALL_TEXT.offline;
  const out = c.direction === 'out';
  switch (c.state) {
    case 'declined':
      return out ? CALL_TEXT.declinedByPeer : CALL_TEXT.declinedByMe;
    case 'cancelled':
      return out ? CALL_TEXT.cancelledByMe : CALL_TEXT.cancelledByPeer;
    case 'busy':
      return out ? CALL_TEXT.busy : CALL_TEXT.busyByMe;
    case 'missed':
      return out ? CALL_TEXT.noAnswer : CALL_TEXT.missed;
    case 'ended':
      return c.endedBy && c.endedBy === c.peer ? CALL_TEXT.hungUpByPeer : CALL_TEXT.ended;
    default:
      return CALL_TEXT.ended;
  }
}
