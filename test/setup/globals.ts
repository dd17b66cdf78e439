// mobx-miniprogram-bindings calls the global Behavior() at import time; Douyin provides it.
(globalThis as unknown as { Behavior: (d: unknown) => unknown }).Behavior = (d) => d;
