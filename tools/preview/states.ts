// The named states the preview renders. Each one drives the REAL page, stores and services through the
// simulated Douyin runtime (test/sim) into a state, the way a user and the platform would: open a link,
// remote people join, the network drops, a permission was refused… Adding a state = one entry below.

import type { RtcCloudOptions, RemoteUser, AddRemoteOptions } from '../../test/sim/cloud';
import type { FakeTtOptions } from '../../test/sim/fake-tt';
import type { PageQuery } from '../../test/sim/mini-program';
import { renderPage, type Clock, type RenderedPage, type SimRuntime } from '../../test/render/render-page';

export const ROOM_ID = 'team-weekly';
export const ME = 'zhang.wei';

/** Remote people, in join order. Ids follow the roomId/userId rules ([a-zA-Z0-9@._-]). */
export const PEOPLE = ['li.na', 'wang.fang', 'chen.jing', 'liu.yang', 'zhao.lei', 'sun.mei', 'zhou.tao', 'wu.hao', 'xu.ting'];

export interface StateContext {
  readonly rt: SimRuntime;
  readonly clock: Clock;
  /** A valid room link for ME (token minted by the simulated cloud). */
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
  /** Options for the simulated cloud and this client (permissions, network …), before the page opens. */
  runtime?: { cloud?: RtcCloudOptions; tt?: FakeTtOptions };
  /** Selectors that must match in this state (checked by the smoke test and by the tool). */
  expect: string[];
  /** Selectors that must not match. */
  absent?: string[];
  /** Drive the page into the state; return the rendered page. */
  run(ctx: StateContext): Promise<RenderedPage>;
}

const ROOM = 'pages/room/room';
const cam = (speaking = false): AddRemoteOptions => ({ camera: true, mic: true, speaking, platform: 'web' });
const noCam = (mic = true): AddRemoteOptions => ({ camera: false, mic, platform: 'web' });
/** Twelve and a half minutes into the call: the timer shows 12:34. */
const IN_CALL_MS = 753000;

async function roomWith(ctx: StateContext, people: Array<[string, AddRemoteOptions]>): Promise<RenderedPage> {
  const page = await ctx.joinRoom();
  await ctx.addPeople(people);
  await ctx.elapse(IN_CALL_MS);
  return page;
}

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
    title: '通话中：1 位远端成员（正在说话）',
    page: ROOM,
    expect: ['#tile-self', '.remote-tile', '.tile--speaking', '#controls'],
    absent: ['#banner', '#stage'],
    run: (ctx) => roomWith(ctx, [[PEOPLE[0], cam(true)]]),
  },
  {
    name: 'room-4-remotes',
    title: '通话中：4 位远端成员，1 位未开摄像头，1 位正在说话',
    page: ROOM,
    expect: ['.grid--3', '.remote-tile', '.tile-avatar', '.tile--speaking'],
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
    title: '通话中：9 位远端成员（满屏），3 位未开摄像头，1 位正在说话',
    page: ROOM,
    expect: ['.grid--3', '.remote-tile', '.tile-avatar', '.tile--speaking'],
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
    name: 'room-reconnecting',
    title: '断线重连中：横幅“重新连接中 (1)…”',
    page: ROOM,
    expect: ['#banner', '.banner--warn'],
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
    title: '权限被拒：摄像头和麦克风都未授权，仅收听（去设置）',
    page: ROOM,
    runtime: { tt: { permissions: { 'scope.camera': false, 'scope.record': false } } },
    expect: ['#permission-hint', '#open-settings-btn'],
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
    title: '凭证即将过期（未配置 Token 服务）：警告横幅',
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
    name: 'room-left',
    title: '已离开房间：通话时长，重新加入或返回首页',
    page: ROOM,
    expect: ['#left-view', '#rejoin-btn'],
    async run(ctx) {
      const page = await roomWith(ctx, [[PEOPLE[0], cam()]]);
      await page.tap('#ctl-leave', 300);
      return page;
    },
  },
];

/** Used by the tool and the smoke test to build a StateContext around a runtime. */
export function stateContext(rt: SimRuntime, clock: Clock): StateContext {
  const ctx: StateContext = {
    rt,
    clock,
    link: (extra = {}) => ({ roomId: ROOM_ID, userId: ME, token: encodeURIComponent(rt.cloud.mintToken(ROOM_ID, ME)), ...extra }),
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
