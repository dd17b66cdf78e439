// A minimal mini-program host for logic-level page/app tests: installs the globals a page module needs
// (tt, Page, App, getApp, getCurrentPages, Behavior), captures Page({...}) / App({...}) options, and drives
// lifecycles, taps and setData the way Douyin does (setData path keys, async callback).

import * as path from 'path';
import * as vm from 'vm';
import type { TtPlatform } from '../services/platform/tt-types';
import { controlOf } from './fake-tt';
import { resetGesture, runAsUserGesture } from './gesture';

export type PageQuery = Record<string, string | undefined>;
export type DataRecord = Record<string, unknown>;
type AnyFn = (...args: never[]) => unknown;

/** Options object passed to Page({...}). Functions become methods; `data` is the initial data. */
export interface PageOptions {
  data?: DataRecord;
  [key: string]: unknown;
}
interface AppOptions {
  globalData?: DataRecord;
  [key: string]: unknown;
}

interface TapEvent {
  type: string;
  timeStamp: number;
  currentTarget: { id: string; dataset: DataRecord };
  target: { id: string; dataset: DataRecord };
  detail: DataRecord;
}

interface SetDataRecord {
  patch: DataRecord;
  /** JSON byte length of the patch (what crosses the logic/render bridge). */
  bytes: number;
  /** setData after onUnload: usually a leaked subscription. */
  afterUnload: boolean;
}

interface PageInstance<TData extends object = DataRecord> {
  data: TData;
  route: string;
  options: PageQuery;
  setData(patch: DataRecord, callback?: () => void): void;
  [key: string]: unknown;
}

export interface PageHarness<TData extends object = DataRecord> {
  readonly instance: PageInstance<TData>;
  readonly data: TData;
  readonly route: string;
  readonly setDataCalls: SetDataRecord[];
  readonly unloaded: boolean;
  /** Call a handler as a user tap (opens a user-gesture window: openSetting allowed). Returns what it returns. */
  tap(methodName: string, dataset?: DataRecord, detail?: DataRecord): unknown;
  /** An input/change event: detail = { value }. Not a gesture. */
  input(methodName: string, value: unknown, dataset?: DataRecord): unknown;
  /** Call any method with `this` = the page instance (event passed as-is). */
  call(methodName: string, event?: unknown): unknown;
  hide(): void;
  show(): void;
  unload(): void;
  /** Calls onShareAppMessage({ from, target }); `dataset` is the tapped share button's data-*. */
  share(from?: 'button' | 'menu', dataset?: DataRecord): unknown;
}

/** App onLaunch/onShow options. Douyin's scene is a string (typings: LaunchParams.scene: string). */
export interface LaunchOptions {
  path?: string;
  query?: PageQuery;
  scene?: string;
  referrerInfo?: { appId?: string; extraData?: object };
  showFrom?: number;
  [key: string]: unknown;
}

interface AppInstance {
  globalData: DataRecord;
  [key: string]: unknown;
}

export interface AppHarness {
  readonly instance: AppInstance;
  readonly globalData: DataRecord;
  /** App goes to background: top page onHide, then App onHide. */
  appHide(): void;
  /** Back to foreground: App onShow(options), then top page onShow. */
  appShow(options?: LaunchOptions): void;
  call(methodName: string, ...args: unknown[]): unknown;
}

// ------------------------------------------------------------------------------------ setData paths

export type PathToken = string | number;

/** 'tiles[3].speaking' → ['tiles', 3, 'speaking']; 'a.b.c' → ['a','b','c']; 'list[0][1]' → ['list', 0, 1]. */
export function parseDataPath(p: string): PathToken[] {
  const out: PathToken[] = [];
  let buf = '';
  let i = 0;
  const flush = (): void => {
    if (buf !== '') out.push(buf);
    buf = '';
  };
  while (i < p.length) {
    const ch = p[i];
    if (ch === '\\' && i + 1 < p.length) {
      buf += p[i + 1];
      i += 2;
      continue;
    }
    if (ch === '.') {
      flush();
      i++;
      continue;
    }
    if (ch === '[') {
      flush();
      const close = p.indexOf(']', i);
      const inner = close < 0 ? '' : p.slice(i + 1, close);
      if (close < 0 || !/^\d+$/.test(inner)) throw new Error(`setData: invalid path "${p}" (bad index at ${i})`);
      out.push(Number(inner));
      i = close + 1;
      continue;
    }
    buf += ch;
    i++;
  }
  flush();
  if (out.length === 0) throw new Error(`setData: empty path "${p}"`);
  return out;
}

function cloneValue(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

/** Apply a setData patch to `target` in place, as mini-programs do (creates missing branches). */
export function applySetData(target: DataRecord, patch: DataRecord): void {
  for (const [key, value] of Object.entries(patch)) {
    const tokens = parseDataPath(key);
    let node: Record<string | number, unknown> = target;
    for (let i = 0; i < tokens.length - 1; i++) {
      const tok = tokens[i];
      const nextIsIndex = typeof tokens[i + 1] === 'number';
      let child = node[tok];
      if (child === null || typeof child !== 'object') {
        child = nextIsIndex ? [] : {};
        node[tok] = child;
      }
      node = child as Record<string | number, unknown>;
    }
    node[tokens[tokens.length - 1]] = cloneValue(value);
  }
}

// ------------------------------------------------------------------------------------ globals

const ROOT = path.resolve(__dirname, '..');
// tt is not among them: it is reachable only by its bare name (see setBareTt).
const GLOBAL_NAMES = ['Page', 'App', 'getApp', 'getCurrentPages', 'Behavior'] as const;
type GlobalName = (typeof GLOBAL_NAMES)[number];

let saved: Partial<Record<GlobalName, { had: boolean; value: unknown }>> | undefined;
let pendingPage: PageOptions | undefined;
let pendingApp: AppOptions | undefined;
const capturedPages = new Map<string, PageOptions>();
const capturedApps = new Map<string, AppOptions>();
const pageStack: PageInstance<object>[] = [];
let currentApp: AppInstance = { globalData: {} };
let currentTt: TtPlatform | undefined;

function g(): Record<string, unknown> {
  return globalThis as unknown as Record<string, unknown>;
}

// Douyin's logic layer gives `tt` as a bare identifier, not as a property of the global object
// (docs/platform.md, rule R6). A global lexical binding (`let tt`) models that: module code sees it by
// name, `globalThis.tt` stays undefined. Under jest the test environment (sim/env/) declares it;
// elsewhere (tsx: tools/preview, bench) it is declared here once, in this realm.
const BARE_TT_SCRIPT = 'let tt; var __simSetTt = function (v) { tt = v; };';

function setBareTt(value: TtPlatform | undefined): void {
  let setter = g().__simSetTt;
  if (typeof setter !== 'function') {
    if (value === undefined) return;
    vm.runInThisContext(BARE_TT_SCRIPT);
    setter = g().__simSetTt;
  }
  (setter as (v: TtPlatform | undefined) => void)(value);
}

/** Install the bare-name tt, and Page, App, getApp, getCurrentPages, Behavior (identity) on globalThis. */
export function installGlobals(options: { tt: TtPlatform }): void {
  if (!saved) {
    saved = {};
    for (const name of GLOBAL_NAMES) saved[name] = { had: name in g(), value: g()[name] };
  }
  const G = g();
  setBareTt(options.tt);
  currentTt = options.tt;
  G.Page = (opts: PageOptions): void => {
    pendingPage = opts;
  };
  G.App = (opts: AppOptions): void => {
    pendingApp = opts;
  };
  G.getApp = (): AppInstance => currentApp;
  G.getCurrentPages = (): PageInstance<object>[] => [...pageStack];
  G.Behavior = <T>(definition: T): T => definition;
  currentApp = { globalData: {} };
  pageStack.length = 0;
  resetGesture();
}

/** Restore the globals as they were before installGlobals (tt: unset); forget loaded pages/app. */
export function uninstallGlobals(): void {
  setBareTt(undefined);
  currentTt = undefined;
  if (saved) {
    const G = g();
    for (const name of GLOBAL_NAMES) {
      const s = saved[name];
      if (s?.had) G[name] = s.value;
      else delete G[name];
    }
  }
  saved = undefined;
  pageStack.length = 0;
  currentApp = { globalData: {} };
  resetGesture();
}

function resolveModule(modulePath: string): { file: string; route: string } {
  const abs = path.isAbsolute(modulePath) ? modulePath : path.resolve(ROOT, modulePath);
  const file = (require as unknown as NodeJS.Require).resolve(abs);
  const route = path
    .relative(ROOT, file)
    .replace(/\\/g, '/')
    .replace(/\.(ts|js)$/, '');
  return { file, route };
}

function requireCapturing<T>(file: string, kind: 'Page' | 'App', cache: Map<string, T>, take: () => T | undefined): T {
  if (!saved) throw new Error(`sim: call installGlobals({ tt }) before loading a ${kind} module`);
  take(); // clear anything stale
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(file);
  const fresh = take();
  if (fresh) cache.set(file, fresh);
  const opts = cache.get(file);
  if (!opts) {
    throw new Error(
      `sim: ${file} never called ${kind}({...}). Was it imported before installGlobals (then ${kind} ran too early), or is it not a ${kind} module?`,
    );
  }
  return opts;
}

function callHook(target: object, name: string, ...args: unknown[]): unknown {
  const fn = (target as Record<string, unknown>)[name];
  return typeof fn === 'function' ? (fn as (...a: unknown[]) => unknown).apply(target, args) : undefined;
}

function makeEvent(type: string, dataset: DataRecord, detail: DataRecord): TapEvent {
  return {
    type,
    timeStamp: Date.now(),
    currentTarget: { id: '', dataset: { ...dataset } },
    target: { id: '', dataset: { ...dataset } },
    detail: { ...detail },
  };
}

/**
 * Require a page module (relative to the repo root, e.g. 'pages/room/index', or absolute), capture its
 * Page({...}) options, build the instance and run onLoad(query) → onShow → onReady.
 */
export function loadPage<TData extends object = DataRecord>(
  modulePath: string,
  options: { query?: PageQuery } = {},
): PageHarness<TData> {
  const { file, route } = resolveModule(modulePath);
  const opts = requireCapturing(file, 'Page', capturedPages, () => {
    const p = pendingPage;
    pendingPage = undefined;
    return p;
  });

  const proto: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    if (k === 'data') continue;
    if (typeof v === 'function') proto[k] = v;
    else own[k] = v;
  }
  const setDataCalls: SetDataRecord[] = [];
  let unloaded = false;
  const query: PageQuery = { ...(options.query ?? {}) };
  const instance = Object.create(proto) as PageInstance<TData>;
  Object.assign(instance, own);
  instance.data = cloneValue(opts.data ?? {}) as TData;
  instance.route = route;
  instance.options = query;
  instance.setData = function (patch: DataRecord, callback?: () => void): void {
    if (patch === null || typeof patch !== 'object') throw new TypeError('setData: patch must be an object');
    const json = JSON.stringify(patch) ?? '';
    setDataCalls.push({ patch: cloneValue(patch) as DataRecord, bytes: Buffer.byteLength(json, 'utf8'), afterUnload: unloaded });
    applySetData(instance.data as DataRecord, patch);
    if (callback) setTimeout(() => callback.call(instance), 0);
  };

  const method = (name: string): AnyFn => {
    const fn = (instance as Record<string, unknown>)[name];
    if (typeof fn !== 'function') throw new Error(`sim: page ${route} has no method ${name}`);
    return fn as AnyFn;
  };
  const invoke = (name: string, arg: unknown): unknown => (method(name) as (a: unknown) => unknown).call(instance, arg);

  pageStack.push(instance);
  callHook(instance, 'onLoad', { ...query });
  callHook(instance, 'onShow');
  callHook(instance, 'onReady');

  return {
    instance,
    get data() {
      return instance.data;
    },
    route,
    setDataCalls,
    get unloaded() {
      return unloaded;
    },
    tap: (name, dataset = {}, detail = {}) => runAsUserGesture(() => invoke(name, makeEvent('tap', dataset, detail))),
    input: (name, value, dataset = {}) => invoke(name, makeEvent('input', dataset, { value })),
    call: (name, event) => invoke(name, event),
    hide: () => void callHook(instance, 'onHide'),
    show: () => void callHook(instance, 'onShow'),
    unload: () => {
      if (unloaded) return;
      unloaded = true;
      callHook(instance, 'onUnload');
      const i = pageStack.indexOf(instance);
      if (i >= 0) pageStack.splice(i, 1);
    },
    share: (from = 'menu', dataset?: DataRecord) =>
      callHook(instance, 'onShareAppMessage', { from, target: from === 'button' ? { dataset: dataset || {} } : undefined }),
  };
}

/** Require the app module (default 'app'), capture App({...}), make it getApp(), run onLaunch → onShow. */
export function loadApp(modulePath = 'app', launchOptions: LaunchOptions = {}): AppHarness {
  const { file } = resolveModule(modulePath);
  const opts = requireCapturing(file, 'App', capturedApps, () => {
    const a = pendingApp;
    pendingApp = undefined;
    return a;
  });
  const proto: Record<string, unknown> = {};
  const instance = Object.create(proto) as AppInstance;
  for (const [k, v] of Object.entries(opts)) {
    if (k === 'globalData') continue;
    if (typeof v === 'function') proto[k] = v;
    else instance[k] = v;
  }
  instance.globalData = (cloneValue(opts.globalData ?? {}) as DataRecord) ?? {};
  currentApp = instance;
  const launch: LaunchOptions = { path: 'pages/index/index', query: {}, scene: '990001', referrerInfo: {}, showFrom: 0, ...launchOptions };
  callHook(instance, 'onLaunch', { ...launch });
  callHook(instance, 'onShow', { ...launch });
  const top = (): PageInstance<object> | undefined => pageStack[pageStack.length - 1];
  return {
    instance,
    get globalData() {
      return instance.globalData;
    },
    // tt.onAppHide/onAppShow fire at the same moments as App.onHide/onShow (tt-on-app-hide), so a
    // fake tt also hears them (and starts its 5 s background socket drop).
    appHide: () => {
      const p = top();
      if (p) callHook(p, 'onHide');
      callHook(instance, 'onHide');
      const control = currentTt ? controlOf(currentTt) : undefined;
      if (control) control.appHide();
    },
    appShow: (options) => {
      const control = currentTt ? controlOf(currentTt) : undefined;
      if (control) control.appShow();
      callHook(instance, 'onShow', { ...launch, ...(options ?? {}) });
      const p = top();
      if (p) callHook(p, 'onShow');
    },
    call: (name, ...args) => {
      const fn = instance[name];
      if (typeof fn !== 'function') throw new Error(`sim: app has no method ${name}`);
      return (fn as (...a: unknown[]) => unknown).apply(instance, args);
    },
  };
}
