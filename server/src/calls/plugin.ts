// Calls on the token service: the signalling socket (GET /v1/calls/socket), call records
// (GET /v1/calls), the sweeper and presence refresh. docs/calls.md is the protocol.
import { randomBytes } from 'node:crypto';
import websocket from '@fastify/websocket';
import { Type } from '@sinclair/typebox';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { HttpError } from '../errors';
import { mintRoomToken } from '../mint';
import { noteLog } from '../plugins/request-log';
import type { RouteContext } from '../routes/context';
import { errorResponses, ID_PATTERN } from '../schemas';
import type { SharedState } from '../state';
import { stateUnavailable } from '../state/rate-limit-store';
import { type Bus, type BusMessage, type Delivery, memoryBus, redisBus } from './bus';
import { type ClientFrame, MAX_PAYLOAD_BYTES, parseFrame } from './frames';
import type { CallRecord } from './model';
import { Notifier } from './notice';
import { RedisCallStore } from './redis-store';
import { CallService, type OwnFrame } from './service';
import { type CallStore, MemoryCallStore } from './store';

const CLOSE_REPLACED = 4000;
const CLOSE_UNAUTHENTICATED = 4001;
const CLOSE_SILENT = 4002;
const CLOSE_TRY_AGAIN = 1013;

interface Conn {
  /** Unique per connection; also its presence member. */
  uid: string;
  ws: WebSocket;
  userId: string | null;
  deviceId: string;
  lastSeen: number;
  openedAt: number;
  authing: boolean;
  frames: number;
  errors: number;
  /** Frames of one socket are handled in order. */
  queue: Promise<void>;
}

// Identity in headers (a GET has no body, and URLs end up in logs): docs/calls.md "Records".
const RecordsHeadersDev = Type.Object({ 'x-user-id': Type.String({ pattern: ID_PATTERN, maxLength: 128 }) });
const RecordsHeadersDouyin = Type.Object({ 'x-login-code': Type.String({ minLength: 1, maxLength: 512 }) });
const RecordsReply = Type.Object({
  calls: Type.Array(
    Type.Object({
      callId: Type.String(),
      peer: Type.String(),
      direction: Type.String(),
      media: Type.String(),
      outcome: Type.String(),
      startedAt: Type.Integer(),
      durationSeconds: Type.Integer(),
    }),
  ),
});

export async function registerCalls(app: FastifyInstance, ctx: RouteContext, state: SharedState): Promise<void> {
  const { config } = ctx;
  const cc = config.calls;
  const log: FastifyBaseLogger = app.log;
  const instanceId = randomBytes(6).toString('base64url');
  const presenceTtlMs = Math.round(cc.heartbeatMs * 1.5);
  const store: CallStore = state.kind === 'redis' ? new RedisCallStore(state.commands, presenceTtlMs) : new MemoryCallStore(presenceTtlMs);
  ctx.onLogin = (userId, openid) => store.rememberUser(userId, openid);

  const byUser = new Map<string, Conn[]>();
  const all = new Set<Conn>();
  let connSeq = 0;

  const send = (conn: Conn, frame: Record<string, unknown>) => {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(frame));
  };
  const withRoom = (frame: Record<string, unknown>, roomId: string | undefined, userId: string) => {
    if (roomId === undefined) return frame;
    const t = mintRoomToken(config, { roomId, userId, role: 'member' }, ctx.now());
    return { ...frame, room: { roomId: t.roomId, token: t.token, expireAt: t.expireAt, appId: t.appId } };
  };

  const deliver = (d: Delivery) => {
    const conns = byUser.get(d.to);
    if (!conns) return;
    let frame: Record<string, unknown> | null = null;
    for (const c of conns) {
      if (d.device !== undefined && c.deviceId !== d.device) continue;
      if (d.except !== undefined && c.deviceId === d.except) continue;
      frame ??= withRoom(d.frame, d.roomId, d.to);
      send(c, frame);
    }
  };
  const onBus = (msg: BusMessage) => {
    if ('d' in msg && Array.isArray(msg.d)) for (const d of msg.d) deliver(d);
    else if ('k' in msg) {
      for (const c of byUser.get(msg.k.user) ?? []) {
        if (c.deviceId === msg.k.device && c.uid !== msg.k.keep) c.ws.close(CLOSE_REPLACED, 'replaced');
      }
    }
  };
  let bus: Bus;
  if (state.kind === 'redis') {
    try {
      bus = await redisBus(state, onBus, () => log.warn('calls: unreadable bus message'));
    } catch (err) {
      throw new Error(`Redis pub/sub for calls did not start: ${err instanceof Error ? err.message : 'error'}`);
    }
  } else bus = memoryBus(onBus);

  const notice = cc.notice;
  const notifier =
    notice !== null && config.douyin !== null
      ? new Notifier({ appId: config.douyin.appId, appSecret: config.douyin.appSecret, ...notice }, store)
      : null;
  const service = new CallService({ config, store, publish: (m) => bus.publish(m), notifier, log });

  // --- sweeper and heartbeat -------------------------------------------------------------------
  let sweeping = false;
  let sweepFailures = 0;
  const sweepTimer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    service
      .sweep()
      .then(() => {
        if (store instanceof MemoryCallStore) store.purge(Date.now());
        sweepFailures = 0;
      })
      .catch(() => {
        // Redis down: the API already says so; one line per outage, not one per tick.
        if (sweepFailures++ === 0) log.warn('calls sweep failed (state unavailable)');
      })
      .finally(() => (sweeping = false));
  }, cc.sweepMs);
  sweepTimer.unref();

  const refreshEvery = Math.max(50, Math.floor(cc.heartbeatMs / 2));
  let lastRefresh = 0;
  const tickMs = Math.max(25, Math.floor(Math.min(cc.heartbeatMs, cc.helloTimeoutMs) / 4));
  const tick = setInterval(() => {
    const now = Date.now();
    const touch: { userId: string; member: string }[] = [];
    for (const c of all) {
      if (c.userId === null) {
        if (!c.authing && now - c.openedAt > cc.helloTimeoutMs) c.ws.close(CLOSE_UNAUTHENTICATED, 'no hello');
      } else if (now - c.lastSeen > cc.heartbeatMs * 2.5) c.ws.close(CLOSE_SILENT, 'silent');
      else touch.push({ userId: c.userId, member: c.uid });
    }
    if (now - lastRefresh >= refreshEvery) {
      lastRefresh = now;
      store.touch(touch, now).catch(() => undefined);
    }
  }, tickMs);
  tick.unref();

  // --- the socket -------------------------------------------------------------------------------
  await app.register(websocket, { options: { maxPayload: MAX_PAYLOAD_BYTES, perMessageDeflate: false } });

  const errorFrame = (conn: Conn, code: string, id?: string) => {
    conn.errors++;
    send(conn, { type: 'error', code, ...(id !== undefined ? { id } : {}) });
  };
  const sendOwn = (conn: Conn, frames: OwnFrame[]) => {
    for (const f of frames) send(conn, withRoom(f.frame, f.roomId, conn.userId ?? ''));
  };

  const hello = async (conn: Conn, frame: Extract<ClientFrame, { type: 'hello' }>) => {
    let userId: string;
    conn.authing = true;
    try {
      if (config.mode === 'douyin') {
        if (frame.auth.code === undefined) throw new HttpError(401, 'invalid_login_code', 'code required');
        userId = (await ctx.login(frame.auth.code, (f) => log.info({ code2session: f }, 'socket login failed'))).userId;
      } else {
        if (frame.auth.userId === undefined) throw new HttpError(401, 'invalid_request', 'userId required');
        userId = frame.auth.userId;
      }
    } catch (err) {
      const retry = err instanceof HttpError && err.statusCode >= 500;
      errorFrame(conn, retry ? 'unavailable' : 'bad_request', frame.id);
      conn.ws.close(retry ? CLOSE_TRY_AGAIN : CLOSE_UNAUTHENTICATED, retry ? 'try again' : 'unauthenticated');
      return;
    } finally {
      conn.authing = false;
    }
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    const now = Date.now();
    try {
      await store.touch([{ userId, member: conn.uid }], now);
      const replay = await service.replay(userId, frame.deviceId);
      if (conn.ws.readyState !== conn.ws.OPEN) return;
      conn.userId = userId;
      conn.deviceId = frame.deviceId;
      const list = byUser.get(userId) ?? [];
      list.push(conn);
      byUser.set(userId, list);
      // One socket per device: older ones go, here and on every other instance.
      for (const c of list) if (c !== conn && c.deviceId === conn.deviceId) c.ws.close(CLOSE_REPLACED, 'replaced');
      if (state.kind === 'redis') await bus.publish({ k: { user: userId, device: conn.deviceId, keep: conn.uid } });
      send(conn, { type: 'welcome', ...(frame.id !== undefined ? { id: frame.id } : {}), userId, heartbeatMs: cc.heartbeatMs, live: replay.live });
      sendOwn(conn, replay.frames);
    } catch {
      errorFrame(conn, 'unavailable', frame.id);
      conn.ws.close(CLOSE_TRY_AGAIN, 'try again');
    }
  };

  const handle = async (conn: Conn, frame: ClientFrame) => {
    if (frame.type === 'ping') {
      send(conn, { type: 'pong', ...(frame.id !== undefined ? { id: frame.id } : {}) });
      return;
    }
    if (frame.type === 'hello') {
      if (conn.userId !== null) errorFrame(conn, 'bad_request', frame.id);
      else await hello(conn, frame);
      return;
    }
    const userId = conn.userId;
    if (userId === null) {
      errorFrame(conn, 'bad_request', frame.id);
      conn.ws.close(CLOSE_UNAUTHENTICATED, 'hello first');
      return;
    }
    let result;
    try {
      result =
        frame.type === 'invite'
          ? await service.invite(userId, conn.deviceId, frame.callId, frame.callee, frame.media)
          : frame.type === 'media'
            ? await service.act(userId, conn.deviceId, 'media', frame.callId, frame.media)
            : frame.type === 'query'
              ? await service.query(userId, conn.deviceId, frame.callId)
              : await service.act(userId, conn.deviceId, frame.type, frame.callId);
    } catch {
      result = { ok: false as const, code: 'unavailable' as const };
    }
    if (!result.ok) {
      errorFrame(conn, result.code, frame.id);
      return;
    }
    if (frame.id !== undefined) send(conn, { type: 'ack', id: frame.id });
    sendOwn(conn, result.frames);
  };

  app.get('/v1/calls/socket', { websocket: true }, (ws, request) => {
    const now = Date.now();
    const conn: Conn = {
      uid: `${instanceId}.${(connSeq++).toString(36)}`,
      ws,
      userId: null,
      deviceId: '',
      lastSeen: now,
      openedAt: now,
      authing: false,
      frames: 0,
      errors: 0,
      queue: Promise.resolve(),
    };
    all.add(conn);
    const ip = request.ip;
    ws.on('message', (data, isBinary) => {
      conn.frames++;
      conn.lastSeen = Date.now();
      const parsed = parseFrame(data as Buffer, isBinary);
      if (!parsed.ok) {
        errorFrame(conn, parsed.code, parsed.id);
        return;
      }
      conn.queue = conn.queue.then(() => handle(conn, parsed.frame)).catch(() => undefined);
    });
    ws.on('close', (code) => {
      all.delete(conn);
      const userId = conn.userId;
      if (userId !== null) {
        const list = byUser.get(userId)?.filter((c) => c !== conn) ?? [];
        if (list.length > 0) byUser.set(userId, list);
        else byUser.delete(userId);
        store.leave(userId, conn.uid, Date.now()).catch(() => undefined);
      }
      // One line per socket (not per frame); never a login code, token or openid.
      log.info(
        { url: '/v1/calls/socket', ip, userId: userId ?? undefined, device: conn.deviceId || undefined, closeCode: code, frames: conn.frames, errors: conn.errors, ms: Date.now() - conn.openedAt },
        'socket closed',
      );
    });
  });

  // --- records ----------------------------------------------------------------------------------
  app.get<{ Headers: { 'x-user-id'?: string; 'x-login-code'?: string }; Reply: { calls: CallRecord[] } }>(
    '/v1/calls',
    { schema: { headers: config.mode === 'douyin' ? RecordsHeadersDouyin : RecordsHeadersDev, response: { 200: RecordsReply, ...errorResponses } } },
    async (request) => {
      const h = request.headers;
      const code = h['x-login-code'];
      const userId = config.mode === 'douyin' && code !== undefined ? await ctx.loginUserId(code, request) : (h['x-user-id'] ?? '');
      await app.limitCaller(request, userId);
      let calls: CallRecord[];
      try {
        calls = await store.records(userId);
      } catch {
        throw stateUnavailable();
      }
      noteLog(request, { userId, records: calls.length });
      return { calls };
    },
  );

  app.addHook('preClose', async () => {
    clearInterval(sweepTimer);
    clearInterval(tick);
    // Sockets go with the server (@fastify/websocket closes them, 1001); their presence goes now,
    // so another instance does not think these users are still here.
    const now = Date.now();
    await Promise.all(
      [...all].filter((c) => c.userId !== null).map((c) => store.leave(c.userId as string, c.uid, now).catch(() => undefined)),
    );
    await bus.close();
  });
}
