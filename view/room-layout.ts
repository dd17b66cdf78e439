// The room's layout, computed from the window the platform reports (tt.getSystemInfoSync): tiles are
// sized to the space between the top bar and the controls, so no call leaves a dead band below them.
// The heights of everything around the tiles are fixed here and in room.ttss (a render test checks
// that the two agree, and that the rows fill the space for 1, 2, 4 and 6 people; docs/ui.md).

/** Fixed heights in rpx (750rpx = window width). Keep in step with room.ttss. */
export const CHROME_RPX = {
  /** .topbar: 88rpx buttons + 2 × 8rpx padding. */
  topbar: 104,
  /** .banner--l1 / .banner--l2 (one or two 40rpx lines + 2 × 20rpx padding) + 16rpx margin below. */
  banner1: 96,
  banner2: 136,
  /** .hint: 88rpx button + 2 × 12rpx padding + 16rpx margin below. */
  hint: 128,
  /** .pager: 88rpx arrows + 2 × 4rpx padding. */
  pager: 96,
  /** .controls: 112rpx controls + 2 × 16rpx padding (plus the safe area, in px). */
  controls: 144,
  /** .strip under a share: 240rpx tiles + 2 × 16rpx padding. */
  strip: 272,
} as const;

/** Grid padding and tile margin (rpx): a row takes tile + 2 × margin, the grid adds 2 × padding. */
export const GRID_PAD_RPX = 8;
export const TILE_MARGIN_RPX = 8;
/** Narrowest strip tile under a share (rpx); the strip shows a whole number of tiles. */
const STRIP_TILE_MIN_RPX = 160;
/** Banner text per line: 28rpx characters in the window width minus 2 × 24rpx margin and padding. */
const BANNER_FONT_RPX = 28;
const BANNER_SIDES_RPX = 96;

export interface Screen {
  width: number;
  /** The page's height (window: below the navigation bar). */
  height: number;
  /** The home indicator's band (screen height − safeArea.bottom), px. */
  safeBottom: number;
}

/** The phone the previews and tests use: 375 × 812 with a 44 px status bar and navigation bar. */
export const DEFAULT_SCREEN: Screen = { width: 375, height: 724, safeBottom: 34 };

export interface SystemInfoLike {
  windowWidth?: number;
  windowHeight?: number;
  screenHeight?: number;
  safeArea?: { bottom: number };
}

export function screenOf(info: SystemInfoLike): Screen {
  const width = info.windowWidth && info.windowWidth > 0 ? info.windowWidth : DEFAULT_SCREEN.width;
  const height = info.windowHeight && info.windowHeight > 0 ? info.windowHeight : DEFAULT_SCREEN.height;
  const safeBottom = info.safeArea && info.screenHeight ? Math.max(0, info.screenHeight - info.safeArea.bottom) : 0;
  return { width, height, safeBottom };
}

type LayoutKind = 'solo' | 'pair' | 'grid' | 'stage';

export interface RoomLayout {
  kind: LayoutKind;
  /** 'grid grid--c2' etc.: the class of #tiles. */
  cls: string;
  cols: number;
  rows: number;
  /** px: each tile's height (grid), or the strip tile's size under a share. */
  tileH: number;
  /** px, strip tiles only (0 otherwise: the width comes from the columns). */
  tileW: number;
  /** An odd count in two columns: the last tile spans both, no empty cell. */
  wideLast: boolean;
  /** px: the share stage's height (0 without a share). */
  stageH: number;
  /** px: the height the tiles (and stage) have between the fixed parts. */
  areaH: number;
  bannerLines: number;
}

export interface LayoutInput {
  screen: Screen;
  /** Tiles on the page shown: my own (if any) + the remote tiles of this page. */
  self: boolean;
  remotes: number;
  stage: boolean;
  banner: string | null;
  hint: boolean;
  pager: boolean;
}

const round2 = (n: number): number => Math.floor(n * 100) / 100;

/** Display width in CJK characters: ASCII letters, digits and spaces count half. */
export function textWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) w += text.charCodeAt(i) < 0x2e80 ? 0.5 : 1;
  return w;
}

/** Characters of banner text that fit on one line (docs/ui.md: banners are at most two lines). rpx scale
 *  with the window, so this does not depend on its width. */
export const BANNER_CHARS_PER_LINE = Math.floor((750 - BANNER_SIDES_RPX) / BANNER_FONT_RPX);

/** How many lines a banner text takes (the copy rule caps it at two). */
function bannerLines(text: string): number {
  return Math.max(1, Math.ceil(textWidth(text) / BANNER_CHARS_PER_LINE));
}

export function roomLayout(input: LayoutInput): RoomLayout {
  const px = input.screen.width / 750;
  const lines = input.banner ? Math.min(2, bannerLines(input.banner)) : 0;
  let chrome = CHROME_RPX.topbar + CHROME_RPX.controls;
  if (lines) chrome += lines > 1 ? CHROME_RPX.banner2 : CHROME_RPX.banner1;
  if (input.hint) chrome += CHROME_RPX.hint;
  if (input.pager) chrome += CHROME_RPX.pager;
  const areaH = round2(input.screen.height - input.screen.safeBottom - chrome * px);
  const pad = GRID_PAD_RPX * px;
  const margin = TILE_MARGIN_RPX * px;

  if (input.stage) {
    const stripPad = 16 * px;
    const k = Math.max(1, Math.floor((input.screen.width - 2 * stripPad) / ((STRIP_TILE_MIN_RPX + 2 * TILE_MARGIN_RPX) * px)));
    return {
      kind: 'stage',
      cls: 'strip',
      cols: k,
      rows: 1,
      tileH: round2((CHROME_RPX.strip - 32) * px),
      tileW: round2((input.screen.width - 2 * stripPad) / k - 2 * margin),
      wideLast: false,
      stageH: round2(areaH - CHROME_RPX.strip * px),
      areaH,
      bannerLines: lines,
    };
  }

  const n = (input.self ? 1 : 0) + input.remotes;
  // 1:1: the other person fills the space, my own video is a small inset over it.
  if (input.self && input.remotes === 1) {
    return { kind: 'pair', cls: 'grid grid--pair', cols: 1, rows: 1, tileH: round2(areaH - 2 * pad - 2 * margin), tileW: 0, wideLast: false, stageH: 0, areaH, bannerLines: lines };
  }
  const cols = n <= 2 ? 1 : 2;
  const rows = Math.max(1, Math.ceil(n / cols));
  return {
    kind: n <= 1 ? 'solo' : 'grid',
    cls: cols === 1 ? 'grid grid--c1' : 'grid grid--c2',
    cols,
    rows,
    tileH: round2((areaH - 2 * pad) / rows - 2 * margin),
    tileW: 0,
    wideLast: cols === 2 && n % 2 === 1,
    stageH: 0,
    areaH,
    bannerLines: lines,
  };
}
