// The render path fails loudly on what it does not understand (template and stylesheet), never renders it wrong.
import * as path from 'path';
import { convertTtss, convertValues } from '../../tools/preview/html';
import { compileTtml, readTtml } from '../../sim/render/template';

describe('compileTtml', () => {
  test('rewrites tt: directives to wx: and nothing else', () => {
    const t = compileTtml('<view tt:for="{{list}}" tt:key="id" class="{{a > b ? \'x\' : \'\'}}" data-tt="tt:if">{{item.id}}</view>');
    expect(t.wxml).toBe('<view wx:for="{{list}}" wx:key="id" class="{{a > b ? \'x\' : \'\'}}" data-tt="tt:if">{{item.id}}</view>');
  });

  test.each([
    ['<foo></foo>', /<foo> is not supported/],
    ['<view tt:show="{{a}}"></view>', /unknown directive tt:show/],
    ['<view wx:if="{{a}}"></view>', /another platform's directive/],
    ['<view>{{ a </view>', /'\{\{' is never closed/],
    ['<view class="{{a">x</view>', /'\{\{' is never closed/],
    ['<view tt:else>x</view>', /does not follow a tt:if/],
    ['<view tt:if="{{a}}"></view><text>x</text><view tt:else></view>', /does not follow a tt:if/],
    ['<view><text></view></text>', /does not close <text>/],
    ['<view>', /never closed/],
    ['<view bindtap="{{fn}}"></view>', /must name a page method/],
    ['<view onclick="x"></view>', /attribute onclick on <view> is not supported/],
    ['<view class=x></view>', /unquoted value/],
  ])('%s fails with file:line:col', (source, message) => {
    expect(() => compileTtml(source, 'x.ttml')).toThrow(message);
    expect(() => compileTtml(source, 'x.ttml')).toThrow(/^x\.ttml:1:\d+: /);
  });

  test('every page template in the repo is understood', () => {
    for (const page of ['pages/room/room', 'pages/index/index', 'pages/prejoin/prejoin']) {
      expect(readTtml(path.resolve(__dirname, '../..', `${page}.ttml`)).wxml).not.toMatch(/\btt:/);
    }
  });
});

describe('convertTtss', () => {
  test('rpx at 375 px, safe areas, element selectors', () => {
    expect(convertTtss('page { padding: 32rpx calc(16rpx + env(safe-area-inset-bottom)); }\nview > text, .a button::after { margin: -1.5rpx; }', 't.ttss')).toBe(
      'body { padding: 16px calc(8px + 34px); }\ndiv > span, .a button::after { margin: -0.75px; }\n',
    );
    expect(convertValues('width: 750rpx', 'style')).toBe('width: 375px');
  });

  test.each([
    ['@import "a.ttss";', /@import/],
    ['foo { color: red; }', /uses <foo>/],
    ['.a { width: env(keyboard-inset-height); }', /not supported/],
    ['.a { color: red; ', /unclosed/],
  ])('%s fails', (css, message) => {
    expect(() => convertTtss(css, 't.ttss')).toThrow(message);
  });
});
