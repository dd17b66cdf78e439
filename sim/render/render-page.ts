// Renders a real page (.ts + .ttml) with miniprogram-simulate (j-component) on the simulated Douyin runtime.
//
// - The page module runs for real: its Page({...}) call is captured through the globals of
//   sim/mini-program.ts (installGlobals must have run, with a fake tt from sim/), so the real
//   stores and services drive it.
// - The Page options become a j-component component: `data`, every function as a method, and
//   onLoad(query) → onShow → onReady when attached (onUnload on unload).
// - The template is validated and `tt:` rewritten to `wx:` (template.ts); <rtc-room> is an empty stub
//   whose `user-id` and `mode` stay inspectable (rtcRooms(), and data-rtc-* attributes in the DOM).
//
// Needs a DOM: run tests under `/** @jest-environment jsdom */`; the preview tool installs jsdom itself.

import * as fs from 'fs';
import * as path from 'path';
import { configureRuntime, type RuntimeConfig } from '../../services/runtime';
import { RtcCloud, type RtcCloudOptions } from '../cloud';
import { createFakeTt, type FakeTt, type FakeTtOptions } from '../fake-tt';
import { runAsUserGesture } from '../gesture';
import { installGlobals, uninstallGlobals, type PageOptions, type PageQuery } from '../mini-program';
import { flush } from '../time';
import { simulate, type SimComponent } from './simulate';
import { readTtml } from './template';

export const ROOT = path.resolve(__dirname, '../..');
/** A well-formed (fake) Volcengine AppId so the room does not stop at "not configured". */
export const SIM_APP_ID = '65a1b2c3d4e5f60718293a4b';

/** How simulated time moves: jest fake timers in tests, an installed fake clock in the preview tool. */
export interface Clock {
  /** Run timers and promise continuations for `ms` of simulated time. */
  advance(ms: number): Promise<void>;
  /** Move Date forward by `ms` without firing the timers in between (e.g. "12 minutes into the call"). */
  jump(ms: number): void;
}

/** For tests under `jest.useFakeTimers()`: sim/time.ts flush; jump needs the fake timers. */
export const jestClock: Clock = {
  advance: (ms) => flush(ms),
  jump: (ms) => jest.setSystemTime(Date.now() + ms),
};

// ------------------------------------------------------------------------------------ runtime

export interface SimRuntime {
  cloud: RtcCloud;
  fake: FakeTt;
  /** Uninstalls the globals and the runtime config. */
  dispose(): void;
}

/** One simulated Douyin client ("me") on a fresh cloud, installed as the global tt/Page/App/getApp. */
export function startSimRuntime(
  options: { cloud?: RtcCloudOptions; tt?: FakeTtOptions; config?: Partial<RuntimeConfig> } = {},
): SimRuntime {
  simulate(); // load j-component first: it sets globals (Behavior, Component) that installGlobals then saves
  const cloud = new RtcCloud(options.cloud);
  const fake = createFakeTt(cloud, { label: 'me', ...options.tt });
  installGlobals({ tt: fake.tt });
  configureRuntime({ appId: SIM_APP_ID, tokenServiceUrl: '', ...options.config });
  return {
    cloud,
    fake,
    dispose() {
      uninstallGlobals();
      configureRuntime({});
    },
  };
}

// ------------------------------------------------------------------------------------ page options

const capturedOptions = new Map<string, PageOptions>();

function resolvePage(route: string): { file: string; ttml: string } {
  const base = path.resolve(ROOT, route);
  const file = (require as unknown as NodeJS.Require).resolve(base);
  const ttml = `${base}.ttml`;
  if (!fs.existsSync(ttml)) throw new Error(`render: ${route} has no .ttml (${ttml})`);
  return { file, ttml };
}

/** Require the page module with the sim's global Page wrapped, so its options are captured. */
function pageOptions(route: string, file: string): PageOptions {
  const cached = capturedOptions.get(file);
  if (cached) return cached;
  const G = globalThis as unknown as { Page?: (opts: PageOptions) => void };
  const simPage = G.Page;
  if (typeof simPage !== 'function') throw new Error('render: call startSimRuntime() (installGlobals) before rendering a page');
  let got: PageOptions | undefined;
  G.Page = (opts: PageOptions): void => {
    got = opts;
    simPage(opts);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
  } finally {
    G.Page = simPage;
  }
  if (!got) {
    throw new Error(`render: ${route} did not call Page({...}) (already required elsewhere in this module registry?)`);
  }
  capturedOptions.set(file, got);
  return got;
}

// ------------------------------------------------------------------------------------ <rtc-room> stub

let rtcRoomStubId: string | undefined;

/** An empty <rtc-room> that keeps user-id and mode (default 'camera', as documented) as data-rtc-* attributes. */
function rtcRoomStub(): string {
  if (!rtcRoomStubId) {
    rtcRoomStubId = simulate().load({
      tagName: 'rtc-room',
      template: '<view class="rtc-room-stub" data-rtc-user-id="{{userId}}" data-rtc-mode="{{mode}}" data-rtc-device-position="{{devicePosition}}"></view>',
      properties: { userId: String, mode: String, devicePosition: String },
      data: {},
    });
  }
  return rtcRoomStubId;
}

// ------------------------------------------------------------------------------------ rendering

interface RtcRoomInfo {
  userId: string;
  /** 'camera' when the attribute is absent (the component's documented default). */
  mode: string;
  /** The class attribute of the <rtc-room> element itself. */
  className: string;
  element: HTMLElement;
}

export interface RenderedPage {
  readonly route: string;
  readonly root: SimComponent;
  /** The page's current data (what setData produced). */
  readonly data: Record<string, unknown>;
  readonly clock: Clock;
  $(selector: string): SimComponent | undefined;
  $$(selector: string): SimComponent[];
  /** Text content of the first match ('' when there is none). */
  text(selector: string): string;
  /** Every <rtc-room> currently rendered, in document order (optionally inside one element). */
  rtcRooms(within?: SimComponent): RtcRoomInfo[];
  /** Tap an element as the user would (a user gesture), then let the page settle. */
  tap(selector: string, ms?: number): Promise<void>;
  /** A horizontal swipe across an element: touchstart at fromX, touchend at toX. */
  swipe(selector: string, fromX: number, toX: number): Promise<void>;
  settle(ms?: number): Promise<void>;
  /** onUnload, then detach. */
  unload(): void;
}

export interface RenderOptions {
  query?: PageQuery;
  clock?: Clock;
}

type PageMethod = (this: Record<string, unknown>, ...args: unknown[]) => unknown;

/** Render a page by route (e.g. 'pages/room/room'): onLoad(query) → onShow → onReady run on attach. */
export function renderPage(route: string, options: RenderOptions = {}): RenderedPage {
  const sim = simulate();
  const { file, ttml } = resolvePage(route);
  const template = readTtml(ttml);
  const opts = pageOptions(route, file);
  const query: PageQuery = { ...(options.query || {}) };
  const clock = options.clock || jestClock;

  const methods: Record<string, PageMethod> = {};
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    if (k === 'data') continue;
    if (typeof v === 'function') methods[k] = v as PageMethod;
    else fields[k] = v;
  }
  const hook = (self: Record<string, unknown>, name: string, ...args: unknown[]): void => {
    const fn = methods[name];
    if (fn) fn.apply(self, args);
  };
  let instance: Record<string, unknown> | undefined;
  const id = sim.load({
    template: template.wxml,
    usingComponents: { 'rtc-room': rtcRoomStub() },
    data: JSON.parse(JSON.stringify(opts.data || {})) as Record<string, unknown>,
    methods,
    lifetimes: {
      attached() {
        instance = this;
        Object.assign(this, fields, { route, options: query });
        hook(this, 'onLoad', { ...query });
        hook(this, 'onShow');
        hook(this, 'onReady');
      },
    },
  });
  let root: SimComponent;
  try {
    root = sim.render(id);
    root.attach(document.createElement('div'));
  } catch (e) {
    throw new Error(`render: ${path.relative(ROOT, ttml)} failed to render: ${e instanceof Error ? e.message : String(e)}`);
  }
  let unloaded = false;

  const rtcRooms = (within?: SimComponent): RtcRoomInfo[] => {
    const scope = (within || root).dom;
    return Array.from(scope.querySelectorAll<HTMLElement>('.rtc-room-stub')).map((stub) => {
      const host = stub.parentElement as HTMLElement;
      return {
        userId: stub.getAttribute('data-rtc-user-id') || '',
        mode: stub.getAttribute('data-rtc-mode') || 'camera',
        className: host.getAttribute('class') || '',
        element: host,
      };
    });
  };

  return {
    route,
    root,
    get data() {
      return root.data;
    },
    clock,
    $: (sel) => root.querySelector(sel),
    $$: (sel) => root.querySelectorAll(sel),
    text: (sel) => {
      const c = root.querySelector(sel);
      return c ? (c.dom.textContent || '').trim() : '';
    },
    rtcRooms,
    async tap(sel, ms = 50) {
      const c = root.querySelector(sel);
      if (!c) throw new Error(`render: nothing matches ${sel} in ${route}`);
      runAsUserGesture(() => c.dispatchEvent('tap'));
      await clock.advance(ms);
    },
    async swipe(sel, fromX, toX) {
      const c = root.querySelector(sel);
      if (!c) throw new Error(`render: nothing matches ${sel} in ${route}`);
      c.dispatchEvent('touchstart', { touches: [{ x: fromX, y: 300 }], changedTouches: [{ x: fromX, y: 300 }] });
      c.dispatchEvent('touchend', { changedTouches: [{ x: toX, y: 300 }] });
      await clock.advance(50);
    },
    settle: (ms = 50) => clock.advance(ms),
    unload() {
      if (unloaded) return;
      unloaded = true;
      if (instance) hook(instance, 'onUnload');
      root.detach();
    },
  };
}
