// Turns a page rendered by miniprogram-simulate into static HTML a browser can show:
// - the j-component tree (toJSON) is serialized with mini-program elements mapped to HTML (view → div,
//   text → span …; classes, ids, styles and data-* kept), <rtc-room> drawn as a labelled placeholder;
// - .ttss is converted to CSS (rpx at a 375 px wide screen, safe-area env() as an iPhone X-class phone);
// - the page goes into an iframe the size of the mini-program window, framed by a status bar, the Douyin
//   navigation bar with its capsule, and the home indicator.
// Anything it does not know (an element, an <rtc-room> mode, a CSS at-rule) throws.

import * as fs from 'fs';
import * as path from 'path';
import { ELEMENTS } from '../../sim/render/template';
import type { SimJsonElement, SimJsonNode } from '../../sim/render/simulate';

/** Phone geometry in CSS px (375 × 812, iPhone X class). */
export const SCREEN = { width: 375, height: 812, statusBar: 44, navBar: 44, safeBottom: 34 } as const;
export const WINDOW_HEIGHT = SCREEN.height - SCREEN.statusBar - SCREEN.navBar;
/** 750rpx = screen width. */
const PX_PER_RPX = SCREEN.width / 750;

// ------------------------------------------------------------------------------------ CSS

const SAFE_AREA: Record<string, string> = {
  'safe-area-inset-top': `${SCREEN.statusBar}px`,
  'safe-area-inset-bottom': `${SCREEN.safeBottom}px`,
  'safe-area-inset-left': '0px',
  'safe-area-inset-right': '0px',
};

/** Element selectors of the mini-program → what the serializer emits. */
const TYPE_SELECTORS: Record<string, string> = {
  page: 'body',
  view: 'div',
  text: 'span',
  image: 'img',
  'scroll-view': 'div',
  'rtc-room': '.rtc-room',
  button: 'button',
  input: 'input',
  label: 'label',
  switch: 'input',
};

function px(n: number): string {
  const v = Math.round(n * 100) / 100;
  return `${v}px`;
}

/** Units and functions inside declarations (and style attributes). */
export function convertValues(css: string, where: string): string {
  let out = css.replace(/(-?\d*\.?\d+)rpx\b/g, (_m, n: string) => px(Number(n) * PX_PER_RPX));
  out = out.replace(/\b(env|constant)\(\s*([a-z-]+)\s*(?:,\s*([^)]*))?\)/g, (m, _fn: string, name: string) => {
    const v = SAFE_AREA[name];
    if (v === undefined) throw new Error(`${where}: ${m} is not supported by the preview`);
    return v;
  });
  if (/\brpx\b/.test(out)) throw new Error(`${where}: an rpx value the preview could not convert`);
  return out;
}

function convertSelector(selector: string, where: string): string {
  // Rewrite element names only (not classes, ids, attributes or pseudo-classes).
  return selector.replace(/(^|[\s>+~,(])([a-z][a-z-]*)(?=$|[\s.#:[>+~,)])/g, (m, pre: string, name: string) => {
    if (TYPE_SELECTORS[name] !== undefined) return pre + TYPE_SELECTORS[name];
    if (name === 'not' || name === 'is' || name === 'where') return m;
    throw new Error(`${where}: selector "${selector.trim()}" uses <${name}>, which the preview does not map`);
  });
}

/** Convert a .ttss stylesheet to CSS for the preview. */
export function convertTtss(source: string, file: string): string {
  const css = source.replace(/\/\*[\s\S]*?\*\//g, '');
  let out = '';
  let i = 0;
  const depthStack: string[] = [];
  while (i < css.length) {
    const open = css.indexOf('{', i);
    const close = css.indexOf('}', i);
    if (close >= 0 && (open < 0 || close < open)) {
      const tail = css.slice(i, close).trim();
      if (tail) throw new Error(`${file}: stray text "${tail}" before '}'`);
      if (!depthStack.length) throw new Error(`${file}: unbalanced '}'`);
      depthStack.pop();
      out += '}\n';
      i = close + 1;
      continue;
    }
    if (open < 0) {
      const rest = css.slice(i).trim();
      if (rest) throw new Error(`${file}: unexpected "${rest.slice(0, 40)}" (an @import? not supported)`);
      break;
    }
    const prelude = css.slice(i, open).trim();
    if (prelude.startsWith('@')) {
      const at = /^@([a-z-]+)/.exec(prelude);
      const name = at ? at[1] : '';
      if (name !== 'media' && name !== 'supports' && name !== 'keyframes' && name !== 'font-face') {
        throw new Error(`${file}: @${name} is not supported by the preview`);
      }
      if (name === 'keyframes' || name === 'font-face') {
        // Copy the whole block through (its inner "selectors" are percentages), converting units.
        let depth = 1;
        let j = open + 1;
        while (j < css.length && depth > 0) {
          if (css[j] === '{') depth++;
          if (css[j] === '}') depth--;
          j++;
        }
        out += `${prelude} {${convertValues(css.slice(open + 1, j - 1), file)}}\n`;
        i = j;
        continue;
      }
      out += `${convertValues(prelude, file)} {\n`;
      depthStack.push('@');
      i = open + 1;
      continue;
    }
    const end = css.indexOf('}', open);
    if (end < 0) throw new Error(`${file}: unclosed block after "${prelude}"`);
    const body = css.slice(open + 1, end);
    if (body.indexOf('{') >= 0) throw new Error(`${file}: nested rules after "${prelude}" are not supported`);
    out += `${convertSelector(prelude, file)} {${convertValues(body, file)}}\n`;
    i = end + 1;
  }
  if (depthStack.length) throw new Error(`${file}: unclosed @-block`);
  return out;
}

// ------------------------------------------------------------------------------------ HTML

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const RTC_MODES: Record<string, string> = {
  camera: '本地摄像头',
  video: '远端视频',
  screen: '屏幕共享',
};

const VOID_HTML = new Set(['img', 'input']);

function attrText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function serializeRtcRoom(node: SimJsonElement, where: string): string {
  const stub = node.children.find((c): c is SimJsonElement => typeof c !== 'string');
  const get = (name: string): string => {
    const a = stub ? stub.attrs.find((x) => x.name === name) : undefined;
    return a ? attrText(a.value) : '';
  };
  const userId = get('data-rtc-user-id');
  const mode = get('data-rtc-mode') || 'camera';
  if (!RTC_MODES[mode]) throw new Error(`${where}: <rtc-room mode="${mode}"> is not a documented mode (camera/video/screen)`);
  if (!userId) throw new Error(`${where}: <rtc-room> without user-id`);
  const own = node.attrs.filter((a) => a.name === 'class' || a.name === 'id' || a.name === 'style');
  const cls = own.find((a) => a.name === 'class');
  const rest = own
    .filter((a) => a.name !== 'class')
    .map((a) => ` ${a.name}="${escapeHtml(a.name === 'style' ? convertValues(attrText(a.value), where) : attrText(a.value))}"`)
    .join('');
  const classes = `${cls ? attrText(cls.value) + ' ' : ''}rtc-room rtc-room--${mode}`.trim();
  return (
    `<div class="${escapeHtml(classes)}" data-user-id="${escapeHtml(userId)}" data-mode="${mode}"${rest}>` +
    `<div class="rtc-room__label"><span class="rtc-room__tag">&lt;rtc-room&gt; ${mode}</span>` +
    `<span class="rtc-room__user">${escapeHtml(userId)}</span><span class="rtc-room__hint">${RTC_MODES[mode]}</span></div></div>`
  );
}

/** Serialize the children of j-component's root toJSON() node as HTML. */
export function serializeTree(root: SimJsonElement, where: string): string {
  const walk = (node: SimJsonNode): string => {
    if (typeof node === 'string') return escapeHtml(node);
    if (node.tagName === 'rtc-room') return serializeRtcRoom(node, where);
    const tag = node.tagName.startsWith('wx-') ? node.tagName.slice(3) : node.tagName;
    const element = ELEMENTS[tag];
    if (!element || !element.html) throw new Error(`${where}: rendered element <${node.tagName}> has no HTML mapping`);
    let html = element.html;
    const attrs: string[] = [];
    let hidden = false;
    for (const a of node.attrs) {
      const v = attrText(a.value);
      if (a.name === 'class' || a.name === 'id' || a.name.startsWith('data-')) attrs.push(`${a.name}="${escapeHtml(v)}"`);
      else if (a.name === 'style') attrs.push(`style="${escapeHtml(convertValues(v, where))}"`);
      else if (a.name === 'hidden') hidden = hidden || (a.value !== false && v !== 'false');
      else if (a.name === 'disabled' && a.value !== false && v !== 'false') attrs.push('disabled');
      else if (tag === 'image' && a.name === 'src') attrs.push(`src="${escapeHtml(v)}"`);
      else if (tag === 'input' && (a.name === 'value' || a.name === 'placeholder')) attrs.push(`${a.name}="${escapeHtml(v)}"`);
      else if (tag === 'switch' && a.name === 'checked' && a.value !== false && v !== 'false') attrs.push('checked');
    }
    if (tag === 'switch') attrs.push('type="checkbox" role="switch"');
    if (hidden) attrs.push('hidden');
    for (const [name, ev] of Object.entries(node.event)) {
      attrs.push(`data-tt-${ev.isCatch ? 'catch' : 'bind'}-${name}="${escapeHtml(ev.handler)}"`);
    }
    if (tag === 'button') attrs.push('type="button"');
    const open = `<${html}${attrs.length ? ' ' + attrs.join(' ') : ''}>`;
    if (VOID_HTML.has(html)) return open;
    html = `${open}${node.children.map(walk).join('')}</${html}>`;
    return html;
  };
  return root.children.map(walk).join('');
}

// ------------------------------------------------------------------------------------ documents

/** Mini-program element defaults (WeChat/Douyin base styles, approximately). */
const BASE_CSS = `
html, body { margin: 0; padding: 0; }
body { font-size: 16px; line-height: normal; -webkit-text-size-adjust: 100%; font-family: -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Helvetica Neue', sans-serif; }
div, span, img, button, input { box-sizing: content-box; }
span { white-space: pre-wrap; }
button { position: relative; display: block; margin-left: auto; margin-right: auto; padding-left: 14px; padding-right: 14px;
  box-sizing: border-box; font-size: 18px; font-family: inherit; text-align: center; text-decoration: none; line-height: 2.55555556;
  border-radius: 5px; border: 0; overflow: hidden; color: #000; background-color: #f8f8f8; -webkit-tap-highlight-color: transparent; }
img { display: inline-block; width: 320px; height: 240px; object-fit: fill; }
input { display: block; margin: 0; padding: 0; border: 0; outline: none; font: inherit; color: inherit; background: transparent;
  height: 1.4rem; min-height: 1.4rem; overflow: hidden; white-space: nowrap; }
input[type="checkbox"] { display: inline-block; width: 52px; height: 32px; }
`;

/** The <rtc-room> placeholder: one colour per mode, the mode and the user id written on it. */
const RTC_PLACEHOLDER_CSS = `
.rtc-room { display: block; position: relative; overflow: hidden;
  background-image: repeating-linear-gradient(135deg, rgba(255,255,255,0.06) 0 8px, transparent 8px 16px); }
.rtc-room--camera { background-color: #1d5c54; }
.rtc-room--video { background-color: #34407a; }
.rtc-room--screen { background-color: #6b4a12; }
.rtc-room__label { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center; justify-content: center;
  gap: 2px; color: rgba(255,255,255,0.9); font-size: 11px; text-align: center; padding: 4px; }
.rtc-room__tag { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 10px; padding: 1px 6px; border-radius: 4px; background: rgba(0,0,0,0.35); }
.rtc-room__user { font-weight: 600; font-size: 13px; }
.rtc-room__hint { opacity: 0.75; }
`;

export interface PageDocumentInput {
  /** Serialized page body. */
  body: string;
  /** CSS of app.ttss + the page's .ttss, converted. */
  css: string;
  disableScroll: boolean;
}

export function pageDocument(input: PageDocumentInput): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<style>${BASE_CSS}${RTC_PLACEHOLDER_CSS}
/* app.ttss + page .ttss, converted */
${input.css}
body { ${input.disableScroll ? 'overflow: hidden;' : ''} min-height: 100vh; }
</style></head>
<body>${input.body}</body></html>`;
}

export interface NavBarStyle {
  title: string;
  background: string;
  textStyle: 'white' | 'black';
  /** A back arrow (every page but the first in app.json). */
  back: boolean;
}

export interface FrameInput {
  title: string;
  page: string;
  nav: NavBarStyle;
  pageHtml: string;
  /** Native overlays visible at the moment of the snapshot. */
  toast?: string;
  loading?: string;
}

/** The phone: status bar, Douyin navigation bar (with the capsule), the page window, the home indicator. */
export function frameDocument(input: FrameInput): string {
  const fg = input.nav.textStyle === 'white' ? '#ffffff' : '#000000';
  const overlay = input.loading
    ? `<div class="native-toast"><div class="spinner"></div>${escapeHtml(input.loading)}</div>`
    : input.toast
      ? `<div class="native-toast">${escapeHtml(input.toast)}</div>`
      : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=${SCREEN.width}">
<title>${escapeHtml(input.title)}</title>
<style>
html, body { margin: 0; background: #000; }
.phone { position: relative; width: ${SCREEN.width}px; height: ${SCREEN.height}px; overflow: hidden; background: ${input.nav.background};
  font-family: -apple-system, 'PingFang SC', 'Noto Sans CJK SC', sans-serif; color: ${fg}; }
.status { height: ${SCREEN.statusBar}px; display: flex; align-items: center; justify-content: space-between; padding: 0 26px 0 32px; box-sizing: border-box; font-size: 15px; font-weight: 600; }
.status-right { font-size: 12px; letter-spacing: 1px; }
.nav { position: relative; height: ${SCREEN.navBar}px; display: flex; align-items: center; justify-content: center; font-size: 17px; font-weight: 600; }
.nav-back { position: absolute; left: 12px; font-size: 22px; font-weight: 400; }
.capsule { position: absolute; right: 7px; top: 6px; width: 87px; height: 32px; box-sizing: border-box; border-radius: 16px;
  border: 1px solid ${input.nav.textStyle === 'white' ? 'rgba(255,255,255,0.25)' : 'rgba(0,0,0,0.12)'};
  background: ${input.nav.textStyle === 'white' ? 'rgba(0,0,0,0.15)' : 'rgba(255,255,255,0.6)'}; display: flex; align-items: center; font-size: 14px; }
.capsule span { flex: 1; text-align: center; }
.capsule i { width: 1px; height: 18px; background: currentColor; opacity: 0.25; }
iframe { display: block; width: ${SCREEN.width}px; height: ${WINDOW_HEIGHT}px; border: 0; }
.home-indicator { position: absolute; left: 50%; bottom: 8px; width: 134px; height: 5px; margin-left: -67px; border-radius: 3px;
  background: ${fg}; opacity: 0.6; pointer-events: none; }
.native-toast { position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%); max-width: 260px; padding: 12px 16px; border-radius: 8px;
  background: rgba(17, 17, 17, 0.82); color: #fff; font-size: 14px; line-height: 1.5; text-align: center; pointer-events: none; }
.spinner { width: 28px; height: 28px; margin: 4px auto 8px; border-radius: 50%; border: 3px solid rgba(255,255,255,0.3); border-top-color: #fff; }
</style></head>
<body>
<div class="phone" data-page="${escapeHtml(input.page)}">
  <div class="status"><span>9:41</span><span class="status-right">●●●● 5G ▮▮▮</span></div>
  <div class="nav">${input.nav.back ? '<span class="nav-back">‹</span>' : ''}<span class="nav-title">${escapeHtml(input.nav.title)}</span><div class="capsule"><span>···</span><i></i><span>◎</span></div></div>
  <iframe title="${escapeHtml(input.page)}" srcdoc="${escapeHtml(input.pageHtml)}"></iframe>
  ${overlay}
  <div class="home-indicator"></div>
</div>
</body></html>
`;
}

// ------------------------------------------------------------------------------------ project files

interface AppJson {
  pages?: string[];
  window?: { navigationBarTitleText?: string; navigationBarBackgroundColor?: string; navigationBarTextStyle?: string; navigationStyle?: string };
}
interface PageJson {
  navigationStyle?: string;
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: string;
  disableScroll?: boolean;
}

function readJson<T>(file: string): T {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : ({} as T);
}

/** Converted CSS, navigation bar and scroll settings of a page (app.json/app.ttss merged in). */
export function pageAssets(root: string, route: string): { css: string; nav: NavBarStyle; disableScroll: boolean } {
  const app = readJson<AppJson>(path.join(root, 'app.json'));
  const page = readJson<PageJson>(path.join(root, `${route}.json`));
  const css: string[] = [];
  for (const file of [path.join(root, 'app.ttss'), path.join(root, `${route}.ttss`)]) {
    if (fs.existsSync(file)) css.push(`/* ${path.relative(root, file)} */\n${convertTtss(fs.readFileSync(file, 'utf8'), path.relative(root, file))}`);
  }
  const w = app.window || {};
  if ((page.navigationStyle || w.navigationStyle || 'default') !== 'default') {
    throw new Error(`${route}.json: navigationStyle "${page.navigationStyle || w.navigationStyle}" is not supported by the preview frame`);
  }
  const textStyle = page.navigationBarTextStyle || w.navigationBarTextStyle || 'white';
  return {
    css: css.join('\n'),
    nav: {
      title: page.navigationBarTitleText || w.navigationBarTitleText || '',
      background: page.navigationBarBackgroundColor || w.navigationBarBackgroundColor || '#000000',
      textStyle: textStyle === 'black' ? 'black' : 'white',
      back: !!app.pages && app.pages[0] !== route,
    },
    disableScroll: !!page.disableScroll,
  };
}
