// Pre-join check for links and the home page: each check a line, a camera preview, mic/camera
// choices that carry into the room, and a clear stop when joining cannot work.
import type { TokenExpiry } from '../services/link-token';
import { action, computed, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import type { Device } from '../services/device';
import { isValidId, parseRoomLink, buildRoomPath, type LinkProblem } from '../services/link';
import { checkLinkToken } from '../services/link-token';
import type { Permissions, PermissionStates } from '../services/permissions';
import { toPlatformError } from '../services/platform/errors';
import type { NetworkStatus } from '../services/platform/tt-types';
import type { RtcRoom } from '../services/rtc/rtc-room';
import type { TokenClient } from '../services/token-client';
import { roleOfToken } from '../services/link-token';
import { inviteFromQuery } from './invite';
import { inviteRole } from './share';
import { CONFIG_PROBLEM_TEXT, PREJOIN_TEXT } from './messages';
import type { ConfigProblem } from '../services/config-check';
import * as line from './prejoin-checks';
import type { CheckId, CheckLine } from './prejoin-checks';
import { ROOM_PAGE_PATH } from './routes';
import { ignore } from '../services/ignore';

export interface PrejoinDeps {
  appId: string;
  createRtcRoom(appId: string): RtcRoom;
  permissions: Permissions;
  device: Pick<Device, 'networkType' | 'onNetworkChange' | 'systemInfo'>;
  tokenClient: Pick<TokenClient, 'fetchToken'> | null;
  tokenServiceMode: 'dev' | 'douyin';
  /** The stable device id (dev mode names its own userId). */
  deviceUserId(): string;
  /** Token expiry without the key (services/link-token readTokenExpiry): seconds, null = never, or unreadable. */
  readTokenExpiry(token: string): TokenExpiry;
  now?: () => number;
  /** What is wrong in config.ts: any → a 「尚未配置」 stop before any platform call. */
  configProblems?: ConfigProblem[];
}

export type Verdict =
  | { kind: 'checking' }
  | { kind: 'stop'; retryable: boolean }
  | { kind: 'offline' }
  | { kind: 'ready'; listenOnly: boolean };

const BLOCKING: readonly CheckId[] = ['link', 'token', 'version', 'capability'];

export class PrejoinStore {
  checks: Record<CheckId, CheckLine> = { link: line.PENDING, token: line.PENDING, version: line.PENDING, capability: line.PENDING, camera: line.PENDING, mic: line.PENDING, network: line.PENDING };
  roomId = '';
  userId = '';
  micOn = true;
  cameraOn = true;
  previewOn = false;
  permissions: PermissionStates | null = null;
  tokenRetryable = false;
  /** A viewer link or invite: watching only, so no camera, no microphone, no permission questions. */
  viewer = false;
  configProblems: ConfigProblem[] = [];

  private readonly deps: PrejoinDeps;
  private readonly now: () => number;
  private token = '';
  private invite: string | undefined;
  private rtc: RtcRoom | null = null;
  private stopNetwork: (() => void) | null = null;
  private disposed = false;
  /** A failed preview capture is not retried on its own (no loop); a toggle or a re-check tries again. */
  private previewBroken = false;
  /** The preview asked for the camera at some point: release turns it off again. */
  private captured = false;

  constructor(deps: PrejoinDeps) {
    this.deps = deps;
    this.now = deps.now || Date.now;
    makeObservable<PrejoinStore, 'set' | 'fetchToken' | 'syncPreview'>(this, {
      checks: observable.ref,
      roomId: observable,
      userId: observable,
      micOn: observable,
      cameraOn: observable,
      previewOn: observable,
      permissions: observable.ref,
      tokenRetryable: observable,
      viewer: observable,
      configProblems: observable.ref,
      verdict: computed,
      listenOnly: computed,
      start: action,
      setMic: action,
      setCamera: action,
      recheckPermissions: action,
      retryToken: action,
      onPreviewError: action,
      set: action,
      fetchToken: action,
      syncPreview: action,
    });
  }

  get listenOnly(): boolean {
    return !!this.permissions && this.permissions.camera === 'refused' && this.permissions.mic === 'refused';
  }

  get verdict(): Verdict {
    const c = this.checks;
    if (BLOCKING.some((id) => c[id].state === 'fail')) return { kind: 'stop', retryable: c.token.state === 'fail' && this.tokenRetryable };
    if ((Object.keys(c) as CheckId[]).some((id) => c[id].state === 'pending')) return { kind: 'checking' };
    if (c.network.state === 'fail') return { kind: 'offline' };
    return { kind: 'ready', listenOnly: this.listenOnly };
  }

  /** Runs every check; the link is validated before anything touches the platform. */
  start(query: Record<string, string | undefined> | null | undefined): void {
    const q = query || {};
    const config = this.deps.configProblems || [];
    if (config.length) {
      // The app itself is not set up: nothing about the link or the phone matters yet.
      this.configProblems = config;
      this.set('capability', { state: 'fail', text: config.map((p) => CONFIG_PROBLEM_TEXT[p]).join('\n') });
      return;
    }
    this.invite = inviteFromQuery(q.invite);
    if (q.mic === '0') this.micOn = false;
    if (q.camera === '0') this.cameraOn = false;
    const full = q.userId !== undefined || q.token !== undefined;
    let problems: LinkProblem[] = [];
    let expiredLink = false;
    if (full) {
      const parsed = parseRoomLink(q);
      // A token for another app, room or user, or a cut one, is a broken link; an expired one is a stop
      // on the token line. Either way nothing touches the platform.
      const check = parsed.ok
        ? checkLinkToken(parsed.link.token, { roomId: parsed.link.roomId, userId: parsed.link.userId, appId: this.deps.appId }, this.now())
        : null;
      if (!parsed.ok) problems = parsed.problems;
      else if (check && !check.ok && check.problem !== 'token-expired') problems = [check.problem];
      else {
        this.roomId = parsed.link.roomId;
        this.userId = parsed.link.userId;
        this.token = parsed.link.token;
        expiredLink = !!check && !check.ok;
      }
    } else if (!q.roomId) problems = ['missing-room'];
    else if (!isValidId(q.roomId)) problems = ['invalid-room'];
    else this.roomId = q.roomId;
    this.set('link', line.linkLine(this.roomId || null, problems));
    if (problems.length) {
      // Nothing else matters for a broken link: say so, touch nothing (the other lines stay unchecked).
      return;
    }
    if (expiredLink) {
      this.set('token', { state: 'fail', text: PREJOIN_TEXT.tokenExpired });
      return;
    }
    const info = this.deps.device.systemInfo();
    this.set('version', line.versionLine(info.SDKVersion));
    if (this.checks.version.state === 'fail') this.set('capability', { state: 'fail', text: PREJOIN_TEXT.capabilityUnsupported });
    else this.createRtc();
    // The role shows in the link already: the token's privileges, or the invite's form.
    this.viewer = this.token ? roleOfToken(this.token) === 'viewer' : !!this.invite && inviteRole(this.invite) === 'viewer';
    if (this.token) this.set('token', line.tokenLine(this.deps.readTokenExpiry(this.token), this.now()));
    else this.fetchToken();
    if (this.viewer) this.watchOnly();
    else this.readPermissions();
    this.deps.device.networkType().then((t) => this.set('network', line.networkLine(t !== 'none', t)));
    this.stopNetwork = this.deps.device.onNetworkChange((s) => this.onNetwork(s));
  }

  setMic(on: boolean): void {
    this.micOn = on;
  }

  setCamera(on: boolean): void {
    this.cameraOn = on;
    this.previewBroken = false;
    this.syncPreview();
  }

  /** After the settings page (opened by the page from a tap): read again, restart the preview. */
  recheckPermissions(): Promise<void> {
    this.previewBroken = false;
    return this.readPermissions();
  }

  retryToken(): void {
    if (this.checks.token.state === 'fail' && this.tokenRetryable && !this.token) this.fetchToken();
  }

  /** The preview <rtc-room> reported binderror: the component cannot work here, a clear stop. */
  onPreviewError(code: number | undefined): void {
    this.set('capability', line.componentErrorLine(code));
    this.syncPreview();
  }

  /** The room path with the user's choices, after releasing the preview (one camera user at a time). */
  leaveForRoom(): Promise<string | null> {
    const v = this.verdict;
    if (v.kind !== 'ready') return Promise.resolve(null);
    const params: Record<string, string> = { roomId: this.roomId, userId: this.userId, token: this.token };
    if (this.invite) params.invite = this.invite;
    params.mic = this.micOn && !v.listenOnly ? '1' : '0';
    params.camera = this.cameraOn && !v.listenOnly ? '1' : '0';
    return this.release(true).then(() => buildRoomPath(params, ROOM_PAGE_PATH));
  }

  /**
   * Stops the preview and lets go of the context; safe to call twice. Going to the room hands the
   * never-joined context over (one live context per app, R9); otherwise it is exited, which destroys it.
   */
  release(handOver = false): Promise<void> {
    this.disposed = true;
    if (this.stopNetwork) this.stopNetwork();
    this.stopNetwork = null;
    const rtc = this.rtc;
    this.rtc = null;
    runInAction(() => (this.previewOn = false));
    if (!rtc) return Promise.resolve();
    const roomId = this.roomId;
    // Never captured (a viewer, a refused camera): nothing to turn off.
    const off = this.captured ? rtc.setVideoCapture(false) : Promise.resolve();
    return off
      // Failing to stop the preview changes nothing here: the room restarts capture, exit stops it.
      .catch(ignore)
      .then(() => {
        if (handOver) rtc.park();
        // exit destroys the context whatever its callback says (R1), and nothing was joined.
        else return rtc.exit(roomId).catch(ignore);
        return undefined;
      });
  }

  // ---- internals ---------------------------------------------------------------------------

  private set(id: CheckId, value: CheckLine): void {
    const next = Object.assign({}, this.checks);
    next[id] = value;
    this.checks = next;
  }

  private createRtc(): void {
    try {
      this.rtc = this.deps.createRtcRoom(this.deps.appId);
      this.set('capability', line.capabilityLine(null));
    } catch (e) {
      this.set('capability', line.capabilityLine(toPlatformError('createRtcRoomContext', e)));
    }
  }

  private fetchToken(): void {
    const client = this.deps.tokenClient;
    this.tokenRetryable = false;
    if (!client) {
      this.set('token', { state: 'fail', text: PREJOIN_TEXT.tokenNoService });
      return;
    }
    this.set('token', { state: 'pending', text: PREJOIN_TEXT.tokenFetching });
    const dev = this.deps.tokenServiceMode === 'dev';
    client
      .fetchToken({ roomId: this.roomId, ...(dev ? { userId: this.deps.deviceUserId() } : {}), ...(this.invite ? { invite: this.invite } : {}) })
      .then(
        (r) =>
          runInAction(() => {
            if (this.disposed) return;
            this.token = r.token;
            this.userId = r.userId;
            this.set('token', line.tokenLine(r.expireAt, this.now()));
            if (!this.viewer && roleOfToken(r.token) === 'viewer') {
              this.viewer = true;
              this.watchOnly();
            }
          }),
        (e: unknown) =>
          runInAction(() => {
            const l = line.tokenErrorLine(e);
            this.tokenRetryable = l.retryable;
            this.set('token', { state: l.state, text: l.text });
          }),
      );
  }

  /** Viewer: the device lines say why they do not matter, and any preview stops. */
  private watchOnly(): void {
    this.set('camera', { state: 'ok', text: PREJOIN_TEXT.viewerNoDevices });
    this.set('mic', { state: 'ok', text: PREJOIN_TEXT.viewerNoDevices });
    this.micOn = false;
    this.cameraOn = false;
    this.syncPreview();
  }

  private readPermissions(): Promise<void> {
    return this.deps.permissions.read().then((p) =>
      runInAction(() => {
        if (this.disposed || this.viewer) return;
        this.permissions = p;
        this.set('camera', line.permissionLine('camera', p.camera));
        this.set('mic', line.permissionLine('mic', p.mic));
        this.syncPreview();
      }),
    );
  }

  /** Preview runs when the camera is wanted, allowed (or not yet asked) and the platform can. */
  private syncPreview(): void {
    const rtc = this.rtc;
    if (!rtc || this.disposed || this.previewBroken) return;
    // Before the permissions are read, want is false and the preview cannot be on yet: nothing to do.
    const want = !this.viewer && this.cameraOn && !!this.permissions && this.permissions.camera !== 'refused' && this.checks.capability.state === 'ok';
    if (want === this.previewOn) return;
    this.previewOn = want;
    if (want) this.captured = true;
    rtc.setVideoCapture(want).then(
      () => {
        // The first capture may have shown the system prompt: show what the user answered.
        if (want && this.rtc === rtc && this.permissions && this.permissions.camera === 'unknown') this.readPermissions();
      },
      () => {
        if (this.rtc !== rtc) return;
        runInAction(() => (this.previewOn = false));
        this.previewBroken = true;
        // A refused prompt shows up as a failed capture: the settings now say 'refused'.
        if (want) this.readPermissions();
      },
    );
  }

  private onNetwork(s: NetworkStatus): void {
    const wasOffline = this.checks.network.state === 'fail';
    runInAction(() => this.set('network', line.networkLine(s.isConnected, s.networkType)));
    if (wasOffline && s.isConnected) this.retryToken();
  }
}
