// The room layout's numbers as the page binds them (data.layout): tile sizes for each tile count,
// what a banner, the permission hint and the pager take from the tile area, the strip under a share,
// and the window read from tt.getSystemInfoSync. Numbers are for the preview phone (DEFAULT_SCREEN:
// 375 px wide, so 1 rpx = 0.5 px; 724 px page, 34 px home indicator).
import { DEFAULT_SCREEN, roomLayout, screenOf, textWidth, type LayoutInput, type RoomLayout } from '../../view/room-layout';
import { BANNER, TOKEN_BANNER } from '../../stores/messages';

const base: LayoutInput = { screen: DEFAULT_SCREEN, self: true, remotes: 0, stage: false, banner: null, hint: false, pager: false };
const layout = (over: Partial<LayoutInput>): RoomLayout => roomLayout({ ...base, ...over });

// Top bar 104 rpx + controls 144 rpx = 124 px, so the tiles get 724 − 34 − 124 = 566 px;
// the grid pads 4 px each side and each tile has a 4 px margin each side.
const AREA = 566;

describe('tiles for each count fill the area between the top bar and the controls', () => {
  test('alone: one full tile', () => {
    expect(layout({})).toEqual({
      kind: 'solo', cls: 'grid grid--c1', cols: 1, rows: 1, tileH: 550, tileW: 0, wideLast: false, stageH: 0, areaH: AREA, bannerLines: 0,
    });
  });

  test('a viewer watching one person: a solo tile, not a pair (no own video to inset)', () => {
    expect(layout({ self: false, remotes: 1 })).toMatchObject({ kind: 'solo', cls: 'grid grid--c1', cols: 1, rows: 1, tileH: 550, wideLast: false });
  });

  test('1:1: the other person fills the space, no wide last tile', () => {
    expect(layout({ remotes: 1 })).toEqual({
      kind: 'pair', cls: 'grid grid--pair', cols: 1, rows: 1, tileH: 550, tileW: 0, wideLast: false, stageH: 0, areaH: AREA, bannerLines: 0,
    });
  });

  test('two tiles without an inset (viewer): one column, two rows of 271 px', () => {
    // (566 − 8) / 2 − 8 = 271
    expect(layout({ self: false, remotes: 2 })).toEqual({
      kind: 'grid', cls: 'grid grid--c1', cols: 1, rows: 2, tileH: 271, tileW: 0, wideLast: false, stageH: 0, areaH: AREA, bannerLines: 0,
    });
  });

  test('three: two columns, the last tile spans both', () => {
    expect(layout({ remotes: 2 })).toEqual({
      kind: 'grid', cls: 'grid grid--c2', cols: 2, rows: 2, tileH: 271, tileW: 0, wideLast: true, stageH: 0, areaH: AREA, bannerLines: 0,
    });
  });

  test('four: a 2 × 2 grid with no wide tile', () => {
    expect(layout({ remotes: 3 })).toMatchObject({ kind: 'grid', cols: 2, rows: 2, tileH: 271, wideLast: false });
  });

  test('six: three rows of 178 px', () => {
    // (566 − 8) / 3 − 8 = 178
    const six = layout({ remotes: 5 });
    expect(six).toMatchObject({ kind: 'grid', cols: 2, rows: 3, wideLast: false });
    expect(six.tileH).toBe(178);
  });
});

describe('what the fixed parts above the tiles take', () => {
  test('a one-line banner takes 96 rpx (48 px)', () => {
    // '网络已断开，等待网络恢复…' is 12.5 characters wide: one line.
    expect(layout({ banner: BANNER.waitingNetwork })).toMatchObject({ bannerLines: 1, areaH: AREA - 48, tileH: 550 - 48 });
  });

  test('a two-line banner takes 136 rpx (68 px)', () => {
    // The "expiring" copy is 26 CJK characters, more than one line's 23.
    expect(layout({ banner: TOKEN_BANNER.expiring })).toMatchObject({ bannerLines: 2, areaH: AREA - 68, tileH: 550 - 68 });
  });

  test('a banner never counts as more than two lines', () => {
    expect(layout({ banner: '很'.repeat(80) })).toMatchObject({ bannerLines: 2, areaH: AREA - 68 });
  });

  test('an empty banner text takes nothing', () => {
    expect(layout({ banner: '' })).toMatchObject({ bannerLines: 0, areaH: AREA });
  });

  test('a line holds 23 CJK characters or 46 ASCII ones', () => {
    expect(layout({ banner: '很'.repeat(23) }).bannerLines).toBe(1);
    expect(layout({ banner: '很'.repeat(24) }).bannerLines).toBe(2);
    expect(layout({ banner: 'a'.repeat(46) }).bannerLines).toBe(1);
    expect(layout({ banner: 'a'.repeat(47) }).bannerLines).toBe(2);
  });

  test('the permission hint takes 128 rpx (64 px)', () => {
    expect(layout({ hint: true }).areaH).toBe(AREA - 64);
  });

  test('the pager takes 96 rpx (48 px)', () => {
    expect(layout({ pager: true }).areaH).toBe(AREA - 48);
  });

  test('banner, hint and pager together', () => {
    expect(layout({ banner: TOKEN_BANNER.expiring, hint: true, pager: true, remotes: 3 })).toMatchObject({
      areaH: AREA - 68 - 64 - 48,
      // (386 − 8) / 2 − 8
      tileH: 181,
    });
  });
});

describe('a share on stage: the strip below it', () => {
  test('four strip tiles of 81.75 × 120 px under a 430 px stage', () => {
    // Strip: 272 rpx (136 px) with 240 rpx tiles; 160 rpx + margins fit 4 times: (375 − 16) / 4 − 8.
    expect(layout({ stage: true, remotes: 4 })).toEqual({
      kind: 'stage', cls: 'strip', cols: 4, rows: 1, tileH: 120, tileW: 81.75, wideLast: false, stageH: AREA - 136, areaH: AREA, bannerLines: 0,
    });
  });

  test('the strip keeps four tiles on a wider phone, scaled with rpx', () => {
    // 414 px: 1 rpx = 0.552 px; tiles 240 rpx = 132.48 px; (414 − 17.664) / 4 − 8.832 = 90.25
    const wide = roomLayout({ ...base, screen: { width: 414, height: 808, safeBottom: 34 }, stage: true });
    expect(wide).toMatchObject({ cols: 4, tileH: 132.48, tileW: 90.25 });
  });
});

describe('textWidth: how wide banner copy is, in CJK characters', () => {
  test('ASCII and punctuation below the CJK blocks count half, CJK counts one', () => {
    expect(textWidth('')).toBe(0);
    expect(textWidth('ab')).toBe(1);
    expect(textWidth('网络')).toBe(2);
    expect(textWidth('Wi-Fi 已断开')).toBe(6);
    // U+2E7F is the last code point before the CJK radicals (U+2E80), which are full width.
    expect(textWidth('\u2e7f')).toBe(0.5);
    expect(textWidth('\u2e80')).toBe(1);
  });
});

describe('screenOf: the window from tt.getSystemInfoSync', () => {
  test('window size and the home indicator band as reported', () => {
    expect(screenOf({ windowWidth: 390, windowHeight: 763, screenHeight: 844, safeArea: { bottom: 810 } })).toEqual({
      width: 390, height: 763, safeBottom: 34,
    });
  });

  test('missing or zero sizes fall back to the preview phone; no safe area means no band', () => {
    expect(screenOf({})).toEqual({ width: 375, height: 724, safeBottom: 0 });
    expect(screenOf({ windowWidth: 0, windowHeight: 0 })).toEqual({ width: 375, height: 724, safeBottom: 0 });
    expect(screenOf({ windowWidth: -1, windowHeight: -1 })).toEqual({ width: 375, height: 724, safeBottom: 0 });
  });
});
