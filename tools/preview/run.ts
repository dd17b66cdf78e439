// Renders preview states to HTML. Shared by the CLI (render.ts, shots.ts) and the smoke test
// (test/render/preview.test.ts); the caller provides the DOM and the clock.

import { ROOT, startSimRuntime, type Clock, type RenderedPage } from '../../sim/render/render-page';
import { escapeHtml, frameDocument, pageAssets, pageDocument, serializeTree } from './html';
import { STATES, stateContext, type PreviewState } from './states';

/** Every state starts at the same simulated instant, so renders are reproducible. */
export const PREVIEW_EPOCH = Date.UTC(2026, 0, 15, 1, 30, 0); // 2026-01-15 09:30 in Beijing

export interface RenderedState {
  state: PreviewState;
  /** The phone-framed document (what preview-out/<name>.html holds). */
  html: string;
  /** The page body alone, as serialized from the template. */
  body: string;
  /** The page data at the moment of the snapshot. */
  data: Record<string, unknown>;
}

function checkSelectors(state: PreviewState, page: RenderedPage): void {
  const problems = [
    ...state.expect.filter((sel) => !page.$(sel)).map((sel) => `expected ${sel}`),
    ...(state.absent || []).filter((sel) => page.$(sel)).map((sel) => `did not expect ${sel}`),
  ];
  if (problems.length) {
    throw new Error(`preview state "${state.name}" (phase ${String(page.data.phase)}): ${problems.join(', ')}`);
  }
}

/** Drive one state on a fresh simulated runtime, snapshot it as HTML, then unload and clean up. */
export async function renderState(state: PreviewState, clock: Clock): Promise<RenderedState> {
  const runtime = state.runtime || {};
  // Links carry real-format tokens (states.ts linkToken), which the sim accepts under tokenPolicy 'any'.
  const rt = startSimRuntime({ ...runtime, cloud: { tokenPolicy: 'any', ...runtime.cloud } });
  let page: RenderedPage | undefined;
  try {
    page = await state.run(stateContext(rt, clock));
    checkSelectors(state, page);
    const assets = pageAssets(ROOT, state.page);
    const body = serializeTree(page.root.toJSON(), `${state.page}.ttml (state ${state.name})`);
    const control = rt.fake.control;
    const last = control.toasts[control.toasts.length - 1];
    const toast = last && Date.now() < last.at + (last.duration === undefined ? 1500 : last.duration) ? last.title : undefined;
    const loading = control.loadingVisible ? control.loadingTitle || '加载中' : undefined;
    // The bar shows what the page set with tt.setNavigationBarTitle last, else the page's .json title.
    const titles = control.navigationTitles;
    const nav = titles.length ? { ...assets.nav, title: titles[titles.length - 1] } : assets.nav;
    const html = frameDocument({
      title: `${state.name} · ${state.title}`,
      page: state.page,
      nav,
      pageHtml: pageDocument({ body, css: assets.css, disableScroll: assets.disableScroll }),
      ...(toast !== undefined ? { toast } : {}),
      ...(loading !== undefined ? { loading } : {}),
    });
    return { state, html, body, data: JSON.parse(JSON.stringify(page.data)) as Record<string, unknown> };
  } finally {
    if (page) {
      page.unload();
      await clock.advance(1000);
    }
    rt.dispose();
  }
}

/** States whose name contains one of the filters (all when none are given). */
export function selectStates(filters: string[]): PreviewState[] {
  const picked = filters.length ? STATES.filter((s) => filters.some((f) => s.name.indexOf(f) >= 0)) : STATES;
  if (!picked.length) throw new Error(`preview: no state matches ${filters.join(', ')} (states: ${STATES.map((s) => s.name).join(', ')})`);
  return picked;
}

/** The index page: every state as a live thumbnail linking to its page. */
export function indexDocument(states: PreviewState[], screenshotDir?: string): string {
  const cards = states
    .map(
      (s) => `<figure>
  <a href="${s.name}.html"><iframe src="${s.name}.html" title="${escapeHtml(s.name)}" loading="lazy" scrolling="no"></iframe></a>
  <figcaption><a href="${s.name}.html"><code>${escapeHtml(s.name)}</code></a><br>${escapeHtml(s.title)}${
    screenshotDir ? `<br><a href="${escapeHtml(`${screenshotDir}/${s.name}.png`)}">PNG</a>` : ''
  }</figcaption>
</figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>页面预览 · douyin-rtc-room</title>
<style>
body { margin: 24px; background: #f3f4f6; font-family: -apple-system, 'PingFang SC', 'Noto Sans CJK SC', sans-serif; color: #1f2328; }
main { display: flex; flex-wrap: wrap; gap: 24px; }
figure { margin: 0; width: 225px; }
figure > a { display: block; width: 225px; height: 487px; overflow: hidden; border-radius: 18px; box-shadow: 0 2px 10px rgba(0,0,0,0.2); }
iframe { width: 375px; height: 812px; border: 0; transform: scale(0.6); transform-origin: 0 0; pointer-events: none; }
figcaption { margin-top: 8px; font-size: 13px; line-height: 1.5; }
</style></head>
<body>
<h1>页面预览</h1>
<p>真实页面代码、模板与样式，在模拟的抖音运行时中驱动到各个状态（<code>npm run preview</code> 生成）。&lt;rtc-room&gt; 为占位框。</p>
<main>
${cards}
</main>
</body></html>
`;
}
