// The named states the preview renders. Each one drives the REAL page, stores and services through the
// simulated Douyin runtime (sim/) into a state, the way a user and the platform would: open a link,
// remote people join, the network drops, a permission was refused… Adding a state = one entry below.

import { AccessToken, Privilege } from '../../server/src/token/access-token';
import type { RuntimeConfig } from '../../services/runtime';
import type { RtcCloudOptions, RemoteUser, AddRemoteOptions } from '../../sim/cloud';
import type { FakeTtOptions } from '../../sim/fake-tt';
import type { PageQuery } from '../../sim/mini-program';
import { SIM_APP_ID, renderPage, type Clock, type RenderedPage, type SimRuntime } from '../../sim/render/render-page';
import { createCallsSocket } from '../../services/calls-socket';
import { CallStore } from '../../stores/call-store';
import { Presence } from '../../stores/presence';
import { FakeCallServer } from '../../sim/helpers/call-server';
import { createFakeTt } from '../../sim/fake-tt';

export const ROOM_ID = 'team-weekly';
export const ME = 'zhang.wei';
/** Links carry real-format "001" tokens valid for this long, so pages can read their expiry. */
export const LINK_TOKEN_TTL_S = 2 * 3600;
/** A made-up key: preview tokens are well-formed but sign nothing real. */
const PREVIEW_APP_KEY = 'preview-only-not-a-real-app-key';

/** Remote people, in join order. Ids follow the roomId/userId rules ([a-zA-Z0-9@._-]). */
export const PEOPLE = ['li.na', 'wang.fang', 'chen.jing', 'liu.yang', 'zhao.lei', 'sun.mei', 'zhou.tao', 'wu.hao', 'xu.ting'];

export interface StateContext {
  readonly rt: SimRuntime;
  readonly clock: Clock;
  /** A valid room link for ME: a real-format token (the simulated cloud runs with tokenPolicy 'any'). */
  link(extra?: PageQuery): PageQuery;
  /** Render a page and let it settle. */
  open(route: string, query?: PageQuery): Promise<RenderedPage>;
  /** Open the room with a valid link and wait until joined (fails loudly otherwise). */
  joinRoom(): Promise<RenderedPage>;
  /** Add remote people (web clients, so they may share screens); settles afterwards. */
  addPeople(specs: Array<[string, AddRemoteOptions]>): Promise<RemoteUser[]>;
  /** Let simulated time pass: Date jumps, then one second of timers runs (the call timer ticks once). */
  elapse(ms: number): Promise<void>;
  settle(ms?: number): Promise<void>;
}

export interface PreviewState {
  /** File name (preview-out/<name>.html, docs/screenshots/<name>.png). */
  name: string;
  /** One line for the index page (Chinese UI, English notes are fine). */
  title: string;
  /** The page route rendered, e.g. 'pages/room/room'. */
  page: string;
  /** Options for the simulated cloud, this client (permissions, network …) and the app config. */
  runtime?: { cloud?: RtcCloudOptions; tt?: FakeTtOptions; config?: Partial<RuntimeConfig> };
  /** Selectors that must match in this state (checked by the smoke test and by the tool). */
  expect: string[];
  /** Selectors that must not match. */
  absent?: string[];
  /** Drive the page into the state; return the rendered page. */
  run(ctx: StateContext): Promise<RenderedPage>;
}

const ROOM = 'pages/room/room';
const HOME = 'pages/index/index';
const PREJOIN = 'pages/prejoin/prejoin';
/** A token service is configured (dev mode: the app names its own user id), as in a typical deployment. */
const WITH_TOKEN_SERVICE: Partial<RuntimeConfig> = { tokenServiceUrl: 'https://rtc-token.example.com', tokenServiceMode: 'dev' };
const HOUR = 3600000;
const cam = (speaking = false): AddRemoteOptions => ({ camera: true, mic: true, speaking, platform: 'web' });
const noCam = (mic = true): AddRemoteOptions => ({ camera: false, mic, platform: 'web' });
/** Twelve and a half minutes into the call: the timer shows 12:34. */
const IN_CALL_MS = 753000;

/**
 * One past session on the real room page (which records it, as on a phone), so the home page's
 * history comes from real session records. `end` decides how it ends.
 */
async function pastSession(
  ctx: StateContext,
  roomId: string,
  people: string[],
  minutes: number,
  end: 'leave' | 'join-failed',
): Promise<void> {
  const control = ctx.rt.fake.control;
  if (end === 'join-failed') control.failAlways('ctx.joinRtcRoom', { errNo: 99999, errMsg: 'joinRtcRoom:fail sim: server unreachable' });
  const page = await ctx.open(ROOM, { roomId, userId: ME, token: encodeURIComponent(linkToken(roomId, ME)) });
  if (end === 'join-failed') {
    await ctx.settle(15000);
  } else {
    const remotes = people.map((id) => ctx.rt.cloud.addRemote(roomId, id, cam()));
    await ctx.elapse(minutes * 60000);
    for (const r of remotes) r.leave();
    await page.tap('#ctl-leave', 500);
  }
  page.unload();
  await ctx.settle(500);
  control.failAlways('ctx.joinRtcRoom', null);
}

async function roomWith(ctx: StateContext, people: Array<[string, AddRemoteOptions]>): Promise<RenderedPage> {
  const page = await ctx.joinRoom();
  await ctx.addPeople(people);
  await ctx.elapse(IN_CALL_MS);
  return page;
}

// ---- calls: one fake signalling server per state (docs/calls.md), the other people are simulated
// phones running the real calls socket and call store.

const OUTGOING = 'pages/call/outgoing';
const INCOMING = 'pages/call/incoming';
const CALLS_URL = 'wss://rtc-token.example.com/v1/calls/socket';

function callServer(): FakeCallServer {
  return new FakeCallServer({ grant: (roomId, userId) => ({ roomId, token: linkToken(roomId, userId), expireAt: 0, appId: SIM_APP_ID }) });
}

/** WITH_TOKEN_SERVICE plus a socket server; this phone answers to ME in dev mode. */
function callsRuntime(server: FakeCallServer): PreviewState['runtime'] {
  return { tt: { socketServer: server }, config: { ...WITH_TOKEN_SERVICE, callTemplateId: 'tmpl-incoming-call' } };
}

/** Another person's phone, connected to the same server. */
async function peer(ctx: StateContext, server: FakeCallServer, userId: string): Promise<{ store: CallStore; presence: Presence }> {
  const fake = createFakeTt(ctx.rt.cloud, { label: userId, socketServer: server });
  const socket = createCallsSocket({ platform: fake.tt, url: CALLS_URL, deviceId: `d-${userId.replace(/[^a-z0-9]/g, '')}`, auth: () => Promise.resolve({ userId }) });
  const presence = new Presence();
  const store = new CallStore({ socket, presence, devUserId: userId });
  socket.start();
  await ctx.settle(50);
  return { store, presence };
}

/** This phone as ME, its app launched (the calls socket opens), answering GET /v1/calls from the server. */
async function meOnline(ctx: StateContext, server: FakeCallServer): Promise<void> {
  const control = ctx.rt.fake.control;
  control.storage.set('deviceUserId', ME);
  control.setRequestHandler((req) => server.handleRequest(req) || { statusCode: 404, data: {} });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { callStoreFor } = require('../../pages/shared/calls-app') as typeof import('../../pages/shared/calls-app');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { appServices } = require('../../services/runtime') as typeof import('../../services/runtime');
  callStoreFor(appServices());
  await ctx.settle(50);
}

const outgoingServer = callServer();
const incomingServer = callServer();
const busyServer = callServer();
const missedServer = callServer();
const historyServer = callServer();

export const STATES: PreviewState[] = [
  {
    name: 'room-joining',
    title: '进入房间中：加入请求尚未返回（正在进入房间…）',
    page: ROOM,
    expect: ['#banner', '#tile-self', '#controls'],
    async run(ctx) {
      ctx.rt.fake.control.hang('ctx.joinRtcRoom');
      return ctx.open(ROOM, ctx.link());
    },
  },
  {
    name: 'room-1-remote',
    title: '1 对 1：对方铺满屏幕（正在说话），我的画面是可移动的小窗',
    page: ROOM,
    expect: ['#tile-self', '.tile--inset', '.grid--pair', '.remote-tile', '.tile--speaking', '#controls'],
    absent: ['#banner', '#stage'],
    run: (ctx) => roomWith(ctx, [[PEOPLE[0], cam(true)]]),
  },
  {
    name: 'room-4-remotes',
    title: '通话中：4 位远端成员，1 位未开摄像头，1 位正在说话',
    page: ROOM,
    expect: ['.grid--c2', '.remote-tile', '.tile-avatar', '.tile--speaking', '.tile--wide'],
    run: (ctx) =>
      roomWith(ctx, [
        [PEOPLE[0], cam()],
        [PEOPLE[1], cam(true)],
        [PEOPLE[2], noCam()],
        [PEOPLE[3], cam()],
      ]),
  },
  {
    name: 'room-9-remotes',
    title: '通话中：9 位远端成员，第 1 页 6 人 + 我（两列，铺满），翻页看其余 3 人',
    page: ROOM,
    expect: ['.grid--c2', '#pager', '.remote-tile', '.tile-avatar', '.tile--speaking'],
    run: (ctx) =>
      roomWith(ctx, [
        [PEOPLE[0], cam()],
        [PEOPLE[1], cam()],
        [PEOPLE[2], noCam()],
        [PEOPLE[3], cam(true)],
        [PEOPLE[4], cam()],
        [PEOPLE[5], noCam(false)],
        [PEOPLE[6], cam()],
        [PEOPLE[7], noCam()],
        [PEOPLE[8], cam()],
      ]),
  },
  {
    name: 'room-screen-share',
    title: '屏幕共享：远端共享显示在舞台上，成员变为横条',
    page: ROOM,
    expect: ['#stage', '.stage-label', '.strip', '.tile-badge--share'],
    async run(ctx) {
      const page = await ctx.joinRoom();
      const [presenter] = await ctx.addPeople([
        [PEOPLE[0], cam(true)],
        [PEOPLE[1], cam()],
        [PEOPLE[2], noCam()],
      ]);
      presenter.startScreenShare();
      await ctx.elapse(IN_CALL_MS);
      return page;
    },
  },
  {
    name: 'room-share-fullscreen',
    title: '全屏观看屏幕共享：横屏显示（页面不能旋转时旋转画面），点击退出',
    page: ROOM,
    expect: ['#stage-full', '.stage-full-label'],
    absent: ['#stage'],
    async run(ctx) {
      const page = await ctx.joinRoom();
      const [presenter] = await ctx.addPeople([
        [PEOPLE[0], cam(true)],
        [PEOPLE[1], cam()],
      ]);
      presenter.startScreenShare();
      await ctx.elapse(IN_CALL_MS);
      await page.tap('#stage');
      await ctx.settle(100);
      return page;
    },
  },
  {
    name: 'room-grid-page-2',
    title: '60 人的课堂：每页 6 人，第 2 页；只渲染和订阅当前页',
    page: ROOM,
    runtime: { cloud: { maxVisibleUsers: 100 } },
    expect: ['#pager', '#page-indicator', '#page-prev', '#page-next'],
    async run(ctx) {
      const page = await ctx.joinRoom();
      const people: Array<[string, AddRemoteOptions]> = [];
      for (let i = 1; i <= 59; i++) people.push([`student.${String(i).padStart(2, '0')}`, i % 4 === 0 ? noCam() : cam()]);
      await ctx.addPeople(people);
      await ctx.elapse(IN_CALL_MS);
      await page.tap('#page-next');
      await ctx.settle(100);
      return page;
    },
  },
  {
    name: 'room-viewer',
    title: '观看者（邀请观看）：不采集、不发布、不可见，只看共享和老师',
    page: ROOM,
    expect: ['#viewer-badge', '#stage', '#ctl-speaker'],
    absent: ['#ctl-mic', '#ctl-camera', '#tile-self'],
    async run(ctx) {
      const page = await ctx.open(ROOM, { roomId: ROOM_ID, userId: ME, token: encodeURIComponent(linkToken(ROOM_ID, ME, 'viewer')) });
      const [teacher] = await ctx.addPeople([
        ['teacher.wang', cam(true)],
        [PEOPLE[1], noCam()],
        [PEOPLE[2], noCam()],
      ]);
      teacher.startScreenShare();
      await ctx.elapse(IN_CALL_MS);
      return page;
    },
  },
  {
    name: 'room-reconnecting',
    title: '断线重连中：横幅说明第几次重连、可以做什么；我的画面说明重连后恢复什么',
    page: ROOM,
    expect: ['#banner', '.banner--warn', '#restore-note'],
    async run(ctx) {
      const page = await roomWith(ctx, [
        [PEOPLE[0], cam()],
        [PEOPLE[1], noCam()],
      ]);
      ctx.rt.fake.control.interrupt();
      await ctx.settle(100); // the first retry waits ~1 s; the banner is up before it
      return page;
    },
  },
  {
    name: 'room-listen-only',
    title: '权限被拒：只能听和看；设备按钮显示锁定和原因，点一下去设置',
    page: ROOM,
    runtime: { tt: { permissions: { 'scope.camera': false, 'scope.record': false } } },
    expect: ['#permission-hint', '#open-settings-btn', '#ctl-mic.ctl--locked', '#ctl-camera.ctl--locked'],
    run: (ctx) => roomWith(ctx, [[PEOPLE[0], cam(true)], [PEOPLE[1], cam()]]),
  },
  {
    name: 'room-invalid-link',
    title: '链接无效：列出问题，只能返回首页',
    page: ROOM,
    expect: ['#failure-view', '.problem', '#home-btn'],
    absent: ['#retry-btn', '.room'],
    run: (ctx) => ctx.open(ROOM, { roomId: 'weekly meeting!', userId: ME }),
  },
  {
    name: 'room-token-expiring',
    title: '凭证即将过期（未配置 Token 服务）：常驻横幅，剩余分钟数和下一步',
    page: ROOM,
    expect: ['#banner', '.banner--warn'],
    async run(ctx) {
      const page = await roomWith(ctx, [[PEOPLE[0], cam()], [PEOPLE[1], cam()]]);
      ctx.rt.cloud.warnTokenExpiry(ME);
      await ctx.settle();
      return page;
    },
  },
  {
    name: 'room-failed-retry',
    title: '进入失败：多次重试未成功，显示“重试”',
    page: ROOM,
    expect: ['#failure-view', '#retry-btn', '#home-btn'],
    async run(ctx) {
      ctx.rt.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 99999, errMsg: 'joinRtcRoom:fail sim: server unreachable' });
      const page = await ctx.open(ROOM, ctx.link());
      await ctx.settle(15000);
      return page;
    },
  },
  {
    name: 'room-leave-recap',
    title: '离开后的小结：时长、最多同时在线、重连次数，重新加入或返回首页',
    page: ROOM,
    expect: ['#left-view', '#recap', '#rejoin-btn'],
    async run(ctx) {
      const page = await roomWith(ctx, [
        [PEOPLE[0], cam()],
        [PEOPLE[1], cam()],
        [PEOPLE[2], noCam()],
      ]);
      ctx.rt.fake.control.interrupt(); // one dropped connection, recovered
      await ctx.settle(3000);
      await ctx.elapse(9 * 60000);
      await page.tap('#ctl-leave', 500);
      return page;
    },
  },
  {
    name: 'room-diagnostics',
    title: '诊断信息面板：版本、房间与用户、连接记录（可复制，不含凭证）',
    page: ROOM,
    expect: ['#diagnostics', '#copy-diagnostics-btn'],
    async run(ctx) {
      const page = await roomWith(ctx, [[PEOPLE[0], cam()]]);
      ctx.rt.fake.control.interrupt();
      await ctx.settle(6000); // reconnected, and its toast gone
      await page.tap('#more-btn');
      await page.tap('#diag-btn');
      return page;
    },
  },
  {
    name: 'home-history',
    title: '首页：创建房间、凭房间号加入、最近的房间（来自真实的会话记录）',
    page: HOME,
    runtime: { config: WITH_TOKEN_SERVICE },
    expect: ['#create-btn', '#room-id-input', '#recents', '.recent'],
    async run(ctx) {
      await pastSession(ctx, 'design-review', PEOPLE.slice(0, 5), 47, 'leave');
      await ctx.elapse(26 * HOUR);
      await pastSession(ctx, 'family-call', [], 0, 'join-failed');
      await ctx.elapse(3 * HOUR);
      await pastSession(ctx, ROOM_ID, PEOPLE.slice(0, 3), 23, 'leave');
      await ctx.elapse(HOUR);
      return ctx.open(HOME);
    },
  },
  {
    name: 'call-outgoing',
    title: '呼出：正在呼叫，等待对方接听（可取消）',
    page: OUTGOING,
    runtime: callsRuntime(outgoingServer),
    expect: ['#peer', '#status', '#cancel-btn'],
    absent: ['#close-btn'],
    async run(ctx) {
      await peer(ctx, outgoingServer, PEOPLE[0]);
      await meOnline(ctx, outgoingServer);
      return ctx.open(OUTGOING, { callee: PEOPLE[0], media: 'video' });
    },
  },
  {
    name: 'call-incoming',
    title: '来电：主叫、视频通话，接听 / 拒绝（响铃、振动、屏幕常亮）',
    page: INCOMING,
    runtime: callsRuntime(incomingServer),
    expect: ['#peer', '#accept-btn', '#decline-btn'],
    async run(ctx) {
      const caller = await peer(ctx, incomingServer, PEOPLE[1]);
      await meOnline(ctx, incomingServer);
      caller.store.dial(ME, 'video');
      await ctx.settle(50);
      const nav = ctx.rt.fake.control.navigations.filter((n) => n.url && n.url.indexOf('/pages/call/incoming') === 0).pop();
      if (!nav || !nav.url) throw new Error('preview: the incoming call did not open its page');
      return ctx.open(INCOMING, { callId: decodeURIComponent(nav.url.split('callId=')[1]) });
    },
  },
  {
    name: 'call-busy',
    title: '对方忙：对方正在房间里，自动回复忙线',
    page: OUTGOING,
    runtime: callsRuntime(busyServer),
    expect: ['#status', '#close-btn'],
    absent: ['#cancel-btn'],
    async run(ctx) {
      const callee = await peer(ctx, busyServer, PEOPLE[2]);
      callee.presence.enterRoom();
      await meOnline(ctx, busyServer);
      return ctx.open(OUTGOING, { callee: PEOPLE[2], media: 'audio' });
    },
  },
  {
    name: 'call-missed',
    title: '无人接听：响铃 30 秒后结束',
    page: OUTGOING,
    runtime: callsRuntime(missedServer),
    expect: ['#status', '#close-btn'],
    absent: ['#cancel-btn'],
    async run(ctx) {
      await peer(ctx, missedServer, PEOPLE[3]);
      await meOnline(ctx, missedServer);
      const page = await ctx.open(OUTGOING, { callee: PEOPLE[3], media: 'video' });
      await ctx.settle(31000);
      return page;
    },
  },
  {
    name: 'home-calls',
    title: '首页：来电提醒、联系人、通话与房间记录（已接通 / 未接 / 已拒绝 / 对方忙）',
    page: HOME,
    runtime: callsRuntime(historyServer),
    expect: ['#subscribe-btn', '#history', '#calls-card'],
    async run(ctx) {
      await pastSession(ctx, ROOM_ID, PEOPLE.slice(0, 3), 23, 'leave');
      const a = await peer(ctx, historyServer, PEOPLE[0]);
      const b = await peer(ctx, historyServer, PEOPLE[1]);
      const c = await peer(ctx, historyServer, PEOPLE[2]);
      await meOnline(ctx, historyServer);
      // ME's own call store dials; the peers answer.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { callStoreFor } = require('../../pages/shared/calls-app') as typeof import('../../pages/shared/calls-app');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { appServices } = require('../../services/runtime') as typeof import('../../services/runtime');
      const me = callStoreFor(appServices())!;
      await ctx.elapse(HOUR);
      me.dial(PEOPLE[0], 'video');
      await ctx.settle(50);
      a.store.accept();
      await ctx.settle(50);
      await ctx.settle(12 * 60000 + 34000);
      a.store.hangup();
      await ctx.settle(50);
      me.dismiss();
      await ctx.elapse(HOUR);
      b.store.dial(ME, 'audio');
      await ctx.settle(31000);
      me.dismiss();
      await ctx.elapse(HOUR);
      me.dial(PEOPLE[2], 'audio');
      await ctx.settle(50);
      c.store.decline();
      await ctx.settle(50);
      me.dismiss();
      c.presence.enterRoom();
      me.dial(PEOPLE[2], 'video');
      await ctx.settle(50);
      me.dismiss();
      return ctx.open(HOME);
    },
  },
  {
    name: 'prejoin-refused',
    title: '进入前检查：摄像头权限被拒（开关锁定，一行说明问题，点开看详情；可只用麦克风进入，或去设置）',
    page: PREJOIN,
    runtime: { tt: { permissions: { 'scope.camera': false } }, config: WITH_TOKEN_SERVICE },
    expect: ['#check-summary', '#checks', '.check', '#home-btn', '.toggle--locked'],
    async run(ctx) {
      const page = await ctx.open(PREJOIN, ctx.link());
      await page.tap('#check-summary');
      await ctx.settle(50);
      return page;
    },
  },
];

/** A Volcengine "001" AccessToken as the token service would mint it (the sim accepts any token). */
export function linkToken(roomId: string, userId: string, role: 'member' | 'viewer' = 'member'): string {
  const expireAt = Math.floor(Date.now() / 1000) + LINK_TOKEN_TTL_S;
  const t = new AccessToken({ appId: SIM_APP_ID, appKey: PREVIEW_APP_KEY, roomId, userId, nonce: 1 });
  // A viewer's token carries only the subscribe privilege (what the token service mints for 邀请观看).
  if (role === 'member') t.addPrivilege(Privilege.PublishStream, expireAt);
  return t.addPrivilege(Privilege.SubscribeStream, expireAt).expireTime(expireAt).serialize();
}

/** Used by the tool and the smoke test to build a StateContext around a runtime. */
export function stateContext(rt: SimRuntime, clock: Clock): StateContext {
  const ctx: StateContext = {
    rt,
    clock,
    link: (extra = {}) => ({ roomId: ROOM_ID, userId: ME, token: encodeURIComponent(linkToken(ROOM_ID, ME)), ...extra }),
    async open(route, query = {}) {
      const page = renderPage(route, { query, clock });
      await clock.advance(50);
      return page;
    },
    async joinRoom() {
      const page = await ctx.open(ROOM, ctx.link());
      if (page.data.phase !== 'joined') throw new Error(`preview: the room did not join (phase ${String(page.data.phase)})`);
      return page;
    },
    async addPeople(specs) {
      const users = specs.map(([id, opts]) => rt.cloud.addRemote(ROOM_ID, id, opts));
      await clock.advance(50);
      return users;
    },
    async elapse(ms) {
      clock.jump(ms);
      await clock.advance(1000);
    },
    settle: (ms = 50) => clock.advance(ms),
  };
  return ctx;
}
