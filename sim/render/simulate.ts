// Minimal typed view of miniprogram-simulate 1.6.2 / j-component (the library boundary).
// Its bundled index.d.ts depends on WeChat's `WechatMiniprogram` namespace, which this project does not
// have, so we declare only what the render harness uses and load the module untyped in one place.
//
// The module is required lazily: on import it registers globals (Component, Behavior, wx) and needs a DOM
// (jsdom's window/document), which the preview tool installs itself before the first render.

/** A node of j-component's toJSON() tree: a tag with attributes and event bindings, or a text string. */
export interface SimJsonElement {
  tagName: string;
  attrs: Array<{ name: string; value: unknown }>;
  event: Record<string, { name: string; handler: string; isCatch: boolean; isCapture: boolean }>;
  children: SimJsonNode[];
}
export type SimJsonNode = SimJsonElement | string;

/** A rendered component (the root, or one found with querySelector). */
export interface SimComponent {
  /** The jsdom element exparser renders into. */
  readonly dom: HTMLElement;
  /** Component data (for the page root: the page's data; for an <rtc-room> stub: its properties). */
  readonly data: Record<string, unknown>;
  /** The method caller (`this` inside methods). */
  readonly instance: Record<string, unknown>;
  querySelector(selector: string): SimComponent | undefined;
  querySelectorAll(selector: string): SimComponent[];
  /** Events like 'tap' are delivered asynchronously (setTimeout 0). */
  dispatchEvent(
    eventName: string,
    options?: { detail?: Record<string, unknown>; touches?: Array<{ x: number; y: number }>; changedTouches?: Array<{ x: number; y: number }> },
  ): void;
  setData(patch: Record<string, unknown>): void;
  attach(parent: Element): void;
  detach(): void;
  toJSON(): SimJsonElement;
}

/** What j-component's register() accepts (a subset of the WeChat Component options). */
interface SimComponentDefinition {
  id?: string;
  tagName?: string;
  template: string;
  usingComponents?: Record<string, string>;
  data?: Record<string, unknown>;
  properties?: Record<string, StringConstructor | NumberConstructor | BooleanConstructor>;
  methods?: Record<string, (...args: never[]) => unknown>;
  lifetimes?: {
    created?(this: Record<string, unknown>): void;
    attached?(this: Record<string, unknown>): void;
    detached?(this: Record<string, unknown>): void;
  };
}

export interface MiniprogramSimulate {
  /** Registers a component definition; returns its id (usable as a tag in usingComponents). */
  load(definition: SimComponentDefinition): string;
  render(id: string, properties?: Record<string, unknown>): SimComponent;
}

let loaded: MiniprogramSimulate | undefined;

export function simulate(): MiniprogramSimulate {
  if (!loaded) {
    if (typeof document === 'undefined') {
      throw new Error('render: miniprogram-simulate needs a DOM; run under /** @jest-environment jsdom */ or call installDom() first');
    }
    // Library boundary: the package is untyped for us (see above); the shape is asserted by MiniprogramSimulate.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('miniprogram-simulate') as MiniprogramSimulate;
  }
  return loaded;
}
