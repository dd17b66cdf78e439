// Carries frames to the sockets of a user wherever they are connected. In memory: straight to this
// instance's sockets. On Redis: one pub/sub channel every instance subscribes to; each instance
// delivers to its own sockets (a ring reaches a callee connected to another instance).
import type { Redis } from 'ioredis';
import type { RedisState } from '../state';

export interface Delivery {
  to: string;
  /** Only this device of `to` … */
  device?: string;
  /** … or every device of `to` except this one. */
  except?: string;
  frame: Record<string, unknown>;
  /** Set: the delivering instance adds `room` with a token minted for `to` in this room. */
  roomId?: string;
}

/** Close the older socket(s) of (user, device) on every instance, except the connection `keep`. */
interface Kick {
  user: string;
  device: string;
  keep: string;
}

export type BusMessage = { d: Delivery[] } | { k: Kick };

export interface Bus {
  publish(msg: BusMessage): Promise<void>;
  close(): Promise<void>;
}

// Stryker disable next-line StringLiteral: a channel name; publisher, subscriber and the ring script all use this constant.
export const BUS_CHANNEL = 'calls:bus';

export function memoryBus(handle: (msg: BusMessage) => void): Bus {
  return {
    publish: async (msg) => handle(msg),
    close: async () => undefined,
  };
}

export async function redisBus(state: RedisState, handle: (msg: BusMessage) => void, onBadMessage: () => void): Promise<Bus> {
  const sub: Redis = state.subscriber();
  sub.on('message', (_channel: string, raw: string) => {
    let msg: BusMessage;
    try {
      msg = JSON.parse(raw) as BusMessage;
    } catch {
      onBadMessage();
      return;
    }
    handle(msg);
  });
  if (sub.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Redis subscriber did not connect')), 5000);
      sub.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  // ioredis resubscribes by itself after a reconnect.
  await sub.subscribe(BUS_CHANNEL);
  return {
    publish: async (msg) => {
      await state.commands.publish(BUS_CHANNEL, JSON.stringify(msg));
    },
    close: async () => {
      await sub.unsubscribe().catch(() => undefined);
    },
  };
}
